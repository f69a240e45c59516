"""How numbers look to people: one place, so every report rounds the same way."""

from __future__ import annotations

import math
from collections.abc import Callable

from greenpark.i18n import text
from greenpark.metrics import metric


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


def tce(kgce: float) -> str:
    """kgce shown as tce, no decimals."""
    return number(kgce / 1000)


#: a metric's ``format`` in the catalogue (greenpark.metrics) -> (unit shown, how the value shows)
METRIC_FORMATS: dict[str, tuple[str, Callable[[float], str]]] = {
    "mwh": ("MWh", mwh),
    "tco2": ("tCO2", tonnes),
    "tco2e": ("tCO2e", tonnes),
    "tce": ("tce", tce),
    "percent": ("", percent),
    "kgce_1": ("kgce", lambda value: number(value, 1)),
    "ratio_2": ("tCO2/tce", lambda value: number(value, 2)),
    "ratio_3": ("tCO2/tce", lambda value: number(value, 3)),
    "factor": ("kg/kWh", lambda value: f"{value:g}"),
    "cny": ("CNY", number),
}


def metric_label(name: str) -> str:
    """A metric's label in the reader's language, with the unit it is shown in
    (``用电量 MWh``, ``范围二 基于位置（省级平均因子）tCO2``)."""
    found = metric(name)
    label = text(found.label_zh, found.label_en)
    unit = METRIC_FORMATS[found.format][0]
    if not unit:
        return label
    return f"{label}{'' if label.endswith('）') else ' '}{unit}"


def metric_value(name: str, value: float) -> str:
    """A metric's value as its catalogue format shows it (``1,234.5`` MWh from kWh)."""
    return METRIC_FORMATS[metric(name).format][1](value)
