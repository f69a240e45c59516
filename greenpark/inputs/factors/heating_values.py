"""Measured heating values of fuels per enterprise (``enterprises[].fuel_ncv`` in park.yaml).

An enterprise's own net calorific value of a fuel (实测低位发热量), with its source, replaces
the default heating value for that enterprise in both Scope 1 and standard coal: GB/T 2589 and
GB/T 32151 both put a measured value first (:mod:`greenpark.pipeline.factor_choice`)::

    fuel_ncv:
      natural_gas: {value: 36.2, unit: MJ/Nm3, source: "2025 燃气公司热值检测报告"}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import ConfigDict, Field

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.carriers import carrier_lookup, load_carriers, unknown_carrier_hint
from greenpark.inputs.described import Described
from greenpark.units import convert


class MeasuredHeatingValue(Described):
    """One measured heating value: ``value`` in ``unit`` (energy per the fuel's unit: MJ/Nm3,
    GJ/t, kJ/kg), ``source`` (a lab report, the supplier's statement) and a note."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    value: Annotated[float, Field(gt=0)]
    """实测低位发热量 / measured net calorific value"""
    unit: str
    """发热量单位，如 MJ/Nm3、GJ/t / unit, e.g. MJ/Nm3"""
    source: Annotated[str, Field(min_length=3)]
    """来源，如化验报告 / source, e.g. a lab report"""
    note: str | None = None
    """备注 / note"""


def _problem(carrier_name: str, measured: MeasuredHeatingValue) -> str | None:
    """Why ``fuel_ncv[carrier_name]`` cannot be used (not a fuel, wrong unit); None if fine."""
    carrier_id = carrier_lookup().get(carrier_name.strip().casefold())
    if carrier_id is None:
        return unknown_carrier_hint(carrier_name)
    carrier = load_carriers()[carrier_id]
    if carrier.kind != "fuel":
        return text(
            f"{carrier_name!r} 不是燃料，不能给低位发热量",
            f"{carrier_name!r} is not a fuel and has no heating value",
        )
    try:
        convert(1.0, measured.unit, f"GJ/{carrier.canonical_unit}")
    except UnitError:
        shown = f"GJ/{carrier.canonical_unit}".replace("**3", "3")
        return text(
            f"{carrier_name} 的低位发热量单位 {measured.unit!r} 无法换算为 {shown}（如 MJ/Nm3、GJ/t）",
            f"the heating value unit {measured.unit!r} of {carrier_name} cannot be converted "
            f"to {shown} (e.g. MJ/Nm3, GJ/t)",
        )
    return None


def fuel_ncv_by_carrier_id(
    value: Mapping[str, MeasuredHeatingValue],
) -> dict[str, MeasuredHeatingValue]:
    """The entries keyed by carrier id; ValueError naming every bad entry at once."""
    problems = [p for name, m in value.items() if (p := _problem(name, m))]
    if problems:
        raise ValueError("; ".join(problems))
    lookup = carrier_lookup()
    return {lookup[name.strip().casefold()]: m for name, m in value.items()}


def gj_per_unit(fuel_ncv: Mapping[str, MeasuredHeatingValue]) -> dict[str, float]:
    """Measured heating values [GJ per the carrier's canonical unit] by carrier id."""
    carriers = load_carriers()
    return {
        carrier: convert(m.value, m.unit, f"GJ/{carriers[carrier].canonical_unit}")
        for carrier, m in fuel_ncv.items()
    }
