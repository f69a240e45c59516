"""``python -m greenpark`` is the ``greenpark`` command."""

from greenpark.cli.app import main

main()
