"""How numbers look to people: one place, so every report rounds the same way."""

from __future__ import annotations

import math


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def mwh(kwh: float) -> str:
    """kWh shown as MWh with one decimal."""
    return f"{kwh / 1000:,.1f}"


def kw(value_kw: float) -> str:
    return f"{value_kw:,.1f}"


def tonnes(kg: float) -> str:
    """kg shown as tonnes, no decimals."""
    return f"{kg / 1000:,.0f}"


def percent(fraction: float | None) -> str:
    return "-" if _missing(fraction) else f"{100 * float(fraction):.1f}%"  # type: ignore[arg-type]


def number(value: float | None, decimals: int = 0) -> str:
    return "-" if _missing(value) else f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]
