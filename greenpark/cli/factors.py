"""``greenpark factors list|show`` (to be written by the factor-registry work)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="排放因子与折标系数 / emission factors and coal equivalents", no_args_is_help=True
)
