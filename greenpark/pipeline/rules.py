"""The run's choices where the Chinese rules are unsettled ([B]/[C] in shared/reference).

Each choice is an option of ``greenpark run``, stored with the run and said in its messages;
the defaults follow rules-review-2026:

- ``park910_electricity_factor`` — the 910号 basis prices non-green electricity at the Annex-4
  factor as printed, 0.8325 kgCO2/kWh (``annex4``, factor ``grid.park910.fossil.annex4``,
  [B]; the review's default "until NDRC updates it", R6), or at the national fossil-only
  factor of the accounting year or the newest earlier one (``latest_fossil``).
- ``market_residual`` — the factor of market-based Scope 2 for what green instruments do not
  cover: the national factor excluding market-traded non-fossil power
  (``excl_market_nonfossil``, china-factors §6), or the conservative national fossil-only
  factor (``fossil_only``, R4 item 5).
- ``inventory_grid`` — the MEE average factor of the China inventory basis (GB/T 32150/32151):
  ``national`` (default; verifiers working to GB/T and the ETS use national factors, R11) or
  ``provincial``.
- ``heating_value`` — the default heating value of a fuel without a measured one, for Scope 1
  and standard coal alike (:mod:`greenpark.pipeline.factor_choice`): the enterprise's
  emission-parameter vintage (``emission_vintage``) or the GB/T 2589 table (``gbt2589``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

#: default heating value of a fuel without a measured one (see factor_choice)
HEATING_VALUE_BASES = ("emission_vintage", "gbt2589")


@dataclass(frozen=True)
class AccountingRules:
    """The unsettled choices of one run (see the module docstring); validated on creation."""

    park910_electricity_factor: str = "annex4"
    market_residual: str = "excl_market_nonfossil"
    inventory_grid: str = "national"
    heating_value: str = "emission_vintage"

    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {
        "park910_electricity_factor": ("annex4", "latest_fossil"),
        "market_residual": ("excl_market_nonfossil", "fossil_only"),
        "inventory_grid": ("national", "provincial"),
        "heating_value": HEATING_VALUE_BASES,
    }

    def __post_init__(self) -> None:
        for name, allowed in self.CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")

    def options(self) -> dict[str, str]:
        """The choices as run options (stored with the run, part of its identity)."""
        return {name: str(value) for name, value in asdict(self).items()}
