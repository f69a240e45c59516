"""greenpark: green-power and carbon accounting for Chinese industrial parks."""

__version__ = "0.1.0"
