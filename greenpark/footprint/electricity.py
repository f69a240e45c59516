"""Electricity emission factors of one enterprise, every row labelled with its basis.

A factor is kilograms per kWh the enterprise consumed (``electricity_kwh``; the grid's and the
battery's losses fall on the consumer's kWh). Bases, never mixed:

``location`` [kg CO2/kWh]
    Scope 2 location-based ÷ consumption: grid import × the province's MEE/NBS grid factor.
``market``
    Scope 2 market-based ÷ consumption: grid import less contracts and certificates, at the
    run's residual factor (china-factors §6, practical formula).
``inventory``
    The China inventory basis (grid import less instruments, at the run's average factor).
``hourly_matched``
    Consumption-weighted hour by hour: the part of each hour's load that green power of that
    hour (on-site and shared PV, contracts, in-park trade) does not cover, at the residual
    factor; certificates carry no hour and count nothing here.
``footprint`` [kg CO2e/kWh, life-cycle]
    For product carbon footprints (GB/T 24067-2024 / ISO 14067) with the MEE/NBS/NEA
    electricity carbon-footprint factors: on-site and park-shared PV at the PV factor; contract,
    certificate and in-park-trade kWh at their technology's factor plus transmission and
    distribution (with losses); the rest of the grid import at the national average plus
    transmission and distribution. No value (``no_data``) where a technology has no published
    factor (hydro, mixed).

Each month gets the ``location`` and ``hourly_matched`` bases, which have hours; the others
are annual (certificates are claimed for the year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from greenpark.errors import InputError
from greenpark.footprint.factor_refs import FactorRef, GridRefs, grid_refs
from greenpark.footprint.lifecycle import annual_numbers, footprint_row
from greenpark.i18n import text
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.park.schema import ParkConfig
from greenpark.run_result import RunResult

BASES = ("location", "market", "inventory", "hourly_matched", "footprint")
#: basis -> what its factor counts: CO2 (Scope 2 style) or life-cycle CO2e (product footprints)
GAS = {
    "location": "CO2",
    "market": "CO2",
    "inventory": "CO2",
    "hourly_matched": "CO2",
    "footprint": "CO2e",
}
COLUMNS = (
    "enterprise",
    "period",
    "basis",
    "gas",
    "value_kg_per_kwh",
    "status",
    "reason",
    "factor_ids",
    "factor_years",
    "confidence",
    "fallback",
    "electricity_kwh",
    "green_share_fraction",
    "green_share_physical_fraction",
    "green_share_certificate_based_fraction",
    "measured_hours_fraction",
)
#: a row: basis, value [kg/kWh] or None, reason code or None, the factors it rests on
Row = tuple[str, float | None, str | None, Sequence[FactorRef]]


def enterprise_factor_table(
    result: RunResult, enterprise: str, registry: FactorRegistry
) -> pd.DataFrame:
    """The electricity factors of ``enterprise`` in ``result``: the year, then each month.

    ``registry``: the factor tables as the run read them
    (:func:`greenpark.footprint.factor_refs.registry_for`). Columns :data:`COLUMNS`;
    ``value_kg_per_kwh`` is ``Float64`` with ``<NA>`` and a reason where there is no value;
    the shares [0-1] of the monthly rows: ``green_share_certificate_based_fraction`` is
    annual only (``<NA>`` by month).

    Raises
    ------
    InputError
        ``enterprise`` is not in the park.
    """
    if enterprise not in result.config.enterprise_ids():
        raise InputError([_unknown_enterprise(enterprise, result.config)])
    hourly = result.hourly()
    hourly = hourly[hourly["enterprise"] == enterprise]
    grid = grid_refs(result, registry)
    frames = [_annual_rows(result, enterprise, hourly, grid, registry)]
    frames += [_monthly_rows(result, enterprise, hourly, grid)]
    table = pd.concat(frames, ignore_index=True)
    for column in COLUMNS[4:5] + COLUMNS[11:]:
        table[column] = table[column].astype("Float64")
    return table[list(COLUMNS)]


def _unknown_enterprise(enterprise: str, config: ParkConfig) -> str:
    known = ", ".join(config.enterprise_ids())
    return text(
        f"企业 {enterprise!r} 不在园区 {config.park.id} 中（已有：{known}）",
        f"enterprise {enterprise!r} is not in park {config.park.id} (known: {known})",
    )


def _ratio(numerator: float, denominator: float) -> tuple[float | None, str | None]:
    return (numerator / denominator, None) if denominator > 0 else (None, "zero_electricity")


def unmatched_kwh(hourly: pd.DataFrame) -> pd.Series:
    """Each hour's load not covered by green power of that hour [kWh]: load − min(green, load),
    green = physical (on-site and shared PV) + contract + in-park trade."""
    green = hourly[["green_physical_kwh", "green_contract_kwh", "green_trade_kwh"]].sum(axis=1)
    load = hourly["load_kwh"]
    return load - green.clip(lower=0.0).combine(load, min)


def _annual_rows(
    result: RunResult,
    enterprise: str,
    hourly: pd.DataFrame,
    grid: GridRefs,
    registry: FactorRegistry,
) -> pd.DataFrame:
    annual = annual_numbers(result, enterprise)
    use = annual["electricity_kwh"]
    rows: list[Row] = [
        ("location", *_ratio(annual["scope2_location_co2_kg"], use), (grid.location,)),
        ("market", *_ratio(annual["scope2_market_co2_kg"], use), (grid.residual,)),
        ("inventory", *_ratio(annual["scope2_inventory_co2_kg"], use), (grid.inventory,)),
        _hourly_row(hourly, grid.residual),
        footprint_row(result, enterprise, registry),
    ]
    shares = {
        "green_share_fraction": annual["green_share_fraction"],
        "green_share_physical_fraction": annual["green_share_physical_fraction"],
        "green_share_certificate_based_fraction": annual["green_share_certificate_based_fraction"],
        "measured_hours_fraction": 1.0 - float(hourly["load_modelled"].mean()),
    }
    period = str(result.config.park.accounting_year)
    return _frame(enterprise, period, rows, use, shares)


def _hourly_row(hourly: pd.DataFrame, residual: FactorRef) -> Row:
    co2_kg = float(unmatched_kwh(hourly).sum()) * residual.value_kg_per_kwh
    return ("hourly_matched", *_ratio(co2_kg, float(hourly["load_kwh"].sum())), (residual,))


def _frame(
    enterprise: str,
    period: str,
    rows: Sequence[Row],
    electricity_kwh: float,
    shares: Mapping[str, object],
) -> pd.DataFrame:
    records = [
        {
            "enterprise": enterprise,
            "period": period,
            "basis": basis,
            "gas": GAS[basis],
            "value_kg_per_kwh": pd.NA if value is None else value,
            "status": "ok" if reason is None else _status(reason),
            "reason": reason,
            "factor_ids": ";".join(r.factor_id for r in refs),
            "factor_years": ";".join("" if r.year is None else str(r.year) for r in refs),
            "confidence": ";".join(r.confidence for r in refs),
            "fallback": ";".join(f"{r.factor_id}:{r.fallback}" for r in refs if r.fallback),
            "electricity_kwh": electricity_kwh,
            **shares,
        }
        for basis, value, reason, refs in rows
    ]
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))


def _status(reason: str) -> str:
    return "not_applicable" if reason == "zero_electricity" else "no_data"


def _monthly_rows(
    result: RunResult, enterprise: str, hourly: pd.DataFrame, grid: GridRefs
) -> pd.DataFrame:
    year = result.config.park.accounting_year
    monthly = result.monthly_shares()
    shares = monthly[monthly["scope"] == enterprise].set_index("month")["green_share_fraction"]
    frames = []
    for month, hours in hourly.groupby(hourly["interval_start"].dt.month):
        use = float(hours["load_kwh"].sum())
        location_kg = float(hours["grid_import_kwh"].sum()) * grid.location.value_kg_per_kwh
        rows: list[Row] = [
            ("location", *_ratio(location_kg, use), (grid.location,)),
            _hourly_row(hours, grid.residual),
        ]
        physical = float(hours["green_physical_kwh"].sum()) / use if use > 0 else pd.NA
        month_shares = {
            "green_share_fraction": shares.get(month, pd.NA),
            "green_share_physical_fraction": physical,
            "green_share_certificate_based_fraction": pd.NA,
            "measured_hours_fraction": 1.0 - float(hours["load_modelled"].mean()),
        }
        frames.append(_frame(enterprise, f"{year}-{month:02d}", rows, use, month_shares))
    return pd.concat(frames, ignore_index=True)
