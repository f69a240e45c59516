"""Which factor rows a fuel needs, and fuels in the meter data that lack them.

A fuel's combustion CO2 uses its heating value (measured, the enterprise's vintage, or the
GB/T 2589 table: several sources, see :mod:`greenpark.pipeline.factor_choice`) and the carbon
content and oxidation rate of the enterprise's vintage
(``fuel.<carrier>.<carbon_content|oxidation>.<vintage>``, see ``factors/README.md``), which
have no other source. A run asks, for every enterprise and every fuel it uses (any reading
above zero), for a heating value, and for the fuels it burns (not those used as feedstock,
原料) for the two parameters of its own vintage. A park whose meter data name a fuel an
enterprise cannot be given these for (raw coal, 原煤, has only a coal equivalent; petroleum coke
has no heating value in the old guides' vintage) is refused when loaded, naming the files,
rather than by the run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import Enterprise

FUEL_CO2_PARAMETERS = ("carbon_content", "oxidation")
#: GB/T 2589 table variants that give one coal-equivalent coefficient, in order of preference
GBT2589_VARIANTS = ("gbt2589", "calorific", "gas_field")
#: fuels the GB/T 2589 table and the statistics forms count as another row (原煤)
GBT2589_ROW_OF = {
    "coal_anthracite": "coal_raw",
    "coal_bituminous": "coal_raw",
    "coal_lignite": "coal_raw",
}


def fuel_co2_parameter_ids(carrier: str, vintage: str) -> tuple[str, str]:
    """The ids of ``carrier``'s carbon content and oxidation rate in ``vintage``."""
    carbon, oxidation = (f"fuel.{carrier}.{part}.{vintage}" for part in FUEL_CO2_PARAMETERS)
    return carbon, oxidation


def gbt2589_ids(carrier: str) -> tuple[str, ...]:
    """The GB/T 2589 coefficient ids that can give ``carrier``'s heating value, in order."""
    row = GBT2589_ROW_OF.get(carrier, carrier)
    return tuple(f"coal_equiv.{row}.{variant}" for variant in GBT2589_VARIANTS)


def heating_value_ids(carrier: str, vintage: str) -> tuple[str, ...]:
    """Every table id that can give ``carrier``'s heating value for an enterprise reporting
    under ``vintage`` (the vintage's NCV, then the GB/T 2589 rows)."""
    return (f"fuel.{carrier}.ncv.{vintage}", *gbt2589_ids(carrier))


def _users(frames: Iterable[pd.DataFrame | None]) -> set[str]:
    """Enterprises with a reading above zero in any of ``frames``."""
    found: set[str] = set()
    for frame in frames:
        if frame is not None:
            found |= {str(e) for e, total in frame.sum(axis=0, skipna=True).items() if total > 0}
    return found


def _missing_ids(
    fuel: str, use: str, enterprise: Enterprise, factor_ids: Collection[str]
) -> list[str]:
    """What the run would look up in vain for ``enterprise``'s ``fuel`` (burnt or feedstock)."""
    vintage = enterprise.fuel_factor_vintage
    missing = []
    if use == "fuel":
        missing += [i for i in fuel_co2_parameter_ids(fuel, vintage) if i not in factor_ids]
    heating = heating_value_ids(fuel, vintage)
    if fuel not in enterprise.fuel_ncv and not any(i in factor_ids for i in heating):
        missing.append(heating[0])
    return missing


def missing_fuel_parameter_problems(
    meters: MeterData, enterprises: Sequence[Enterprise], factor_ids: Collection[str]
) -> list[str]:
    """One line per fuel and use whose users lack parameters or a heating value, naming
    the files, the enterprises and the missing ids."""
    by_id = {e.id: e for e in enterprises}
    fuels = [c.id for c in load_carriers().values() if c.kind == "fuel"]
    found = []
    for use in ("fuel", "feedstock"):
        hourly, monthly = meters.frames(use)
        for fuel in fuels:
            users = _users((hourly.get(fuel), monthly.get(fuel))) & set(by_id)
            missing = {e: _missing_ids(fuel, use, by_id[e], factor_ids) for e in sorted(users)}
            missing = {e: ids for e, ids in missing.items() if ids}
            if missing:
                found.append(_missing(meters, (fuel, use), missing))
    return found


def _missing(meters: MeterData, fuel_use: tuple[str, str], missing: Mapping[str, list[str]]) -> str:
    fuel, use = fuel_use
    quality = meters.quality
    rows = quality.loc[(quality["carrier"] == fuel) & (quality["use"] == use)]
    files = "; ".join(sorted(set("; ".join(rows["file"]).split("; "))))
    users = ", ".join(missing)
    ids = ", ".join(dict.fromkeys(i for listed in missing.values() for i in listed))
    name = load_carriers()[fuel].name
    if use == "feedstock":
        return text(
            f"{files}: {users} 作原料的 {name} 在因子表中没有低位发热量 {ids}，无法折算能耗，"
            f"实际为 {fuel}，应为有缺省参数的能源品种，或在 enterprises[].fuel_ncv 给出实测值",
            f"{files}: {name} used as feedstock by {users} has no heating value in the factor "
            f"tables ({ids}), so its energy cannot be counted, got {fuel}, expected a carrier "
            "with a default heating value, or a measured value under enterprises[].fuel_ncv",
        )
    return text(
        f"{files}: {users} 的 {name} 在因子表中没有燃烧排放参数 {ids}，无法计算其"
        f"二氧化碳排放，实际为 {fuel}，应为有缺省参数的能源品种（按煤种/油品改报，如 coal_bituminous）",
        f"{files}: {name} of {users} has no combustion parameters in the factor tables "
        f"({ids}), so its CO2 cannot be computed, got {fuel}, expected a carrier "
        "with default parameters (report the coal or oil by its type, like coal_bituminous)",
    )
