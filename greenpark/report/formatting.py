"""How numbers look to people: one place, so every report rounds the same way."""

from __future__ import annotations

import math
from collections.abc import Callable

from greenpark.i18n import text
from greenpark.metrics import metric


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


#: how quantities are shown: ``si`` (MWh, tCO2, tce, kgce/万元) or ``cn`` (Chinese
#: conventions: 万kWh, 万tCO2, 万tce, tce/万元, tce/亩), chosen once per process like the language
UNIT_SYSTEMS = ("si", "cn")
_units = ["si"]
#: kind -> system -> (unit word, factor from the canonical unit, decimals)
SHOWN_UNITS: dict[str, dict[str, tuple[str, float, int]]] = {
    "energy": {"si": ("MWh", 1e-3, 1), "cn": ("万kWh", 1e-4, 2)},
    "co2": {"si": ("tCO2", 1e-3, 0), "cn": ("万tCO2", 1e-7, 2)},
    "co2e": {"si": ("tCO2e", 1e-3, 0), "cn": ("万tCO2e", 1e-7, 2)},
    "tce": {"si": ("tce", 1e-3, 0), "cn": ("万tce", 1e-7, 2)},
    "intensity": {"si": ("kgce", 1.0, 1), "cn": ("tce", 1e-3, 3)},
}


def set_units(system: str) -> None:
    """Choose how quantities are shown from now on (:data:`UNIT_SYSTEMS`)."""
    if system not in UNIT_SYSTEMS:
        raise ValueError(f"units must be one of {UNIT_SYSTEMS}, got {system!r}")
    _units[0] = system


def unit(kind: str) -> str:
    """The unit word a quantity of ``kind`` (:data:`SHOWN_UNITS`) is shown in."""
    return SHOWN_UNITS[kind][_units[0]][0]


def _shown(kind: str, value: float) -> str:
    _, factor, decimals = SHOWN_UNITS[kind][_units[0]]
    return f"{value * factor:,.{decimals}f}"


def mwh(kwh: float) -> str:
    """kWh shown as MWh with one decimal (万kWh with two in ``cn`` units)."""
    return _shown("energy", kwh)


def kw(value_kw: float) -> str:
    return f"{value_kw:,.1f}"


def tonnes(kg: float) -> str:
    """kg CO2 shown as tonnes, no decimals (万t with two in ``cn`` units)."""
    return _shown("co2", kg)


def percent(fraction: float | None) -> str:
    return "-" if _missing(fraction) else f"{100 * float(fraction):.1f}%"  # type: ignore[arg-type]


def number(value: float | None, decimals: int = 0) -> str:
    return "-" if _missing(value) else f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]


def tce(kgce: float) -> str:
    """kgce shown as tce, no decimals (万tce with two in ``cn`` units)."""
    return _shown("tce", kgce)


#: a metric's ``format`` in the catalogue (greenpark.metrics) -> (unit kind, how the value
#: shows) where the unit system chooses the unit; the others below
SYSTEM_FORMATS: dict[str, tuple[str, Callable[[float], str]]] = {
    "mwh": ("energy", mwh),
    "tco2": ("co2", tonnes),
    "tco2e": ("co2e", lambda kg: _shown("co2e", kg)),
    "tce": ("tce", tce),
    "kgce_1": ("intensity", lambda value: _shown("intensity", value)),
}
#: a metric's ``format`` -> (unit shown, how the value shows), the same in every unit system
METRIC_FORMATS: dict[str, tuple[str, Callable[[float], str]]] = {
    "percent": ("", percent),
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
    shown = _metric_unit(found.format)
    if found.format == "kgce_1" and _units[0] == "cn":
        shown = found.unit.replace("kgce", "tce")  # tce/万元, tce/亩
    if not shown:
        return label
    return f"{label}{'' if label.endswith('）') else ' '}{shown}"


def _metric_unit(fmt: str) -> str:
    if fmt in SYSTEM_FORMATS:
        return unit(SYSTEM_FORMATS[fmt][0])
    return METRIC_FORMATS[fmt][0]


def metric_value(name: str, value: float) -> str:
    """A metric's value as its catalogue format shows it (``1,234.5`` MWh from kWh)."""
    fmt = metric(name).format
    shown = SYSTEM_FORMATS[fmt][1] if fmt in SYSTEM_FORMATS else METRIC_FORMATS[fmt][1]
    return shown(value)
