"""Which factor rows a fuel's CO2 needs, and fuels in the meter data that lack them.

A fuel's combustion CO2 uses its heating value (measured, the enterprise's vintage, or the
GB/T 2589 table: several sources, see :mod:`greenpark.pipeline.factor_choice`) and the carbon
content and oxidation rate of the enterprise's vintage
(``fuel.<carrier>.<carbon_content|oxidation>.<vintage>``, see ``factors/README.md``), which
have no other source; a run asks for them for every fuel any enterprise burnt and every
enterprise's vintage. A park whose meter data name a
fuel the tables have no parameters for (raw coal, 原煤, has only a coal equivalent) is refused
when loaded, naming the files, rather than by the run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters import MeterData

FUEL_CO2_PARAMETERS = ("carbon_content", "oxidation")


def fuel_co2_parameter_ids(carrier: str, vintage: str) -> tuple[str, str]:
    """The ids of ``carrier``'s carbon content and oxidation rate in ``vintage``."""
    carbon, oxidation = (f"fuel.{carrier}.{part}.{vintage}" for part in FUEL_CO2_PARAMETERS)
    return carbon, oxidation


def missing_fuel_parameter_problems(
    meters: MeterData, vintages: Iterable[str], factor_ids: Collection[str]
) -> list[str]:
    """One line per fuel in ``meters`` whose parameters are missing for some vintage."""
    fuels = [c.id for c in load_carriers().values() if c.kind == "fuel"]
    used = [f for f in fuels if f in meters.hourly or f in meters.monthly]
    found = []
    for fuel in used:
        missing = [
            factor_id
            for vintage in sorted(set(vintages))
            for factor_id in fuel_co2_parameter_ids(fuel, vintage)
            if factor_id not in factor_ids
        ]
        if missing:
            found.append(_missing(meters, fuel, missing))
    return found


def _missing(meters: MeterData, fuel: str, missing: list[str]) -> str:
    rows = meters.quality.loc[meters.quality["carrier"] == fuel]
    files = "; ".join(sorted(set("; ".join(rows["file"]).split("; "))))
    users = ", ".join(sorted(rows["enterprise"].unique()))
    name = load_carriers()[fuel].name
    return text(
        f"{files}: {users} 的 {name} 在因子表中没有燃烧排放参数 {', '.join(missing)}，无法计算其"
        f"二氧化碳排放，实际为 {fuel}，应为有缺省参数的能源品种（按煤种/油品改报，如 coal_bituminous）",
        f"{files}: {name} of {users} has no combustion parameters in the factor tables "
        f"({', '.join(missing)}), so its CO2 cannot be computed, got {fuel}, expected a carrier "
        "with default parameters (report the coal or oil by its type, like coal_bituminous)",
    )
