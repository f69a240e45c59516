"""The tables of the park report (HTML and Excel): summary, indicator dashboard, emissions by
scope and by enterprise, the enterprise ranking. Every number comes from a
:class:`~greenpark.run_result.RunResult`; only the unit it is shown in changes (kWh -> MWh,
kg -> t, kgce -> tce), at full precision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from greenpark.i18n import text
from greenpark.pipeline.results import PARK_ROW
from greenpark.report.availability import unavailable_text
from greenpark.report.document import Cell, Column, ReportTable
from greenpark.report.park910 import CONVERSION_WORDS, VERDICT_WORDS
from greenpark.report.report_metrics import metric_cell, metric_column, metric_kind, scaled

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

#: the park's headline numbers, in the summary
SUMMARY_METRICS = (
    "electricity_kwh",
    "pv_generation_kwh",
    "grid_import_kwh",
    "green_total_kwh",
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "scope1_co2_kg",
    "scope2_location_co2_kg",
    "scope2_market_co2_kg",
    "energy_gbt2589_calorific_kgce",
    "kgce_per_wan_cny_value_added",
)
#: the green shares of the dashboard
SHARE_METRICS = (
    "green_share_fraction",
    "green_share_physical_fraction",
    "green_share_certificate_based_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_hourly_matched_settled_fraction",
)
#: emissions by scope, park totals
SCOPE_METRICS = (
    "scope1_fuel_co2_kg",
    "process_co2_kg",
    "scope1_co2_kg",
    "scope2_location_co2_kg",
    "scope2_market_co2_kg",
    "scope2_inventory_co2_kg",
    "heat_co2_kg",
    "heat_net_co2_kg",
)
#: emissions by enterprise (the ranking adds them up: Scope 1 + Scope 2 location + net heat)
ENTERPRISE_METRICS = ("scope1_co2_kg", "scope2_location_co2_kg", "heat_net_co2_kg")


def _metric_rows(result: RunResult, names: tuple[str, ...]) -> ReportTable:
    """Park metrics as (label, value) rows, each value in its own unit."""
    annual, reasons = result.annual(), result.annual_reasons()
    values = annual.loc[PARK_ROW].to_dict()
    why = reasons.loc[PARK_ROW].to_dict() if PARK_ROW in reasons.index else {}
    rows = tuple((metric_column(n).header, metric_cell(n, values, why, short=False)) for n in names)
    return ReportTable(
        key="",
        title="",
        columns=(Column(text("指标", "metric")), Column(text("数值", "value"), "row")),
        rows=rows,
        row_kinds=tuple(metric_kind(n) for n in names),
    )


def summary_table(result: RunResult) -> ReportTable:
    """Who the park is and its headline numbers for the year."""
    info = result.config.park
    about: list[tuple[Cell, ...]] = [
        (text("园区", "park"), text(info.name, info.name_en or info.name)),
        (text("园区编号", "park id"), info.id),
        (text("省份", "province"), info.province),
        (text("核算年度", "accounting year"), str(info.accounting_year)),
        (text("企业数", "enterprises"), float(len(result.config.enterprises))),
        (text("运行编号", "run id"), result.run_id),
    ]
    numbers = _metric_rows(result, SUMMARY_METRICS)
    kinds = ("text",) * 4 + ("int", "text") + numbers.row_kinds
    return ReportTable(
        key="summary",
        title=text("园区概况", "Park summary"),
        columns=numbers.columns,
        rows=(*about, *numbers.rows),
        row_kinds=kinds,
    )


def green_share_table(result: RunResult) -> ReportTable:
    """The park's green shares on each basis."""
    shares = _metric_rows(result, SHARE_METRICS)
    return ReportTable(
        key="green_shares",
        title=text("绿电占比", "Green shares"),
        columns=shares.columns,
        rows=shares.rows,
        row_kinds=shares.row_kinds,
    )


def park_910_table(result: RunResult) -> ReportTable:
    """The 910号 indicator at both conversions against its threshold, with the gap."""
    basis = result.park_910().to_dict(orient="index")
    rows = []
    for conversion, (zh, en) in CONVERSION_WORDS.items():
        value = basis[f"park_910_co2_t_per_tce_{conversion}"]
        limit = basis[f"park_910_limit_t_per_tce_{conversion}"]
        energy = f"park_910_energy_{conversion}_kgce"
        energy_t = scaled(energy, basis[energy]["value"])
        rows.append(_indicator_row(text(zh, en), value, limit, energy_t))
    t = "tCO2/tce"
    return ReportTable(
        key="park_910",
        title=text("零碳园区核心指标（910号）", "Zero-carbon park core indicator (910号)"),
        columns=(
            Column(text("折算口径", "conversion")),
            Column(text(f"单位能耗碳排放 {t}", f"CO2 per energy {t}"), "n3"),
            Column(text(f"限值 {t}", f"limit {t}"), "n2"),
            Column(text("结论", "verdict")),
            Column(text(f"差距 {t}", f"gap {t}"), "n3"),
            Column(text("达标需减排 tCO2", "to cut to meet it tCO2"), "n0"),
            Column(text("综合能源消费量 tce", "energy use tce"), "n0"),
        ),
        rows=tuple(rows),
    )


def _indicator_row(
    conversion: str, value: Mapping[Any, Any], limit: Mapping[Any, Any], energy_t: float
) -> tuple[Cell, ...]:
    """One conversion: the indicator, its limit, the verdict and the gap [tCO2/tce, tCO2];
    where there is no indicator or no limit, why (不适用 and the reason) instead."""
    if value["status"] != "ok":
        why = unavailable_text(value["status"], value["reason"])
        return (conversion, why, why, text(*VERDICT_WORDS["no_value"]), why, why, energy_t)
    v = float(value["value"])
    if limit["status"] != "ok":
        why = unavailable_text(limit["status"], limit["reason"])
        return (conversion, v, why, why, why, why, energy_t)
    cap = float(limit["value"])
    gap = max(v - cap, 0.0)
    verdict = text(*VERDICT_WORDS["met" if v <= cap else "not_met"])
    return (conversion, v, cap, verdict, gap, gap * energy_t, energy_t)


def emissions_by_scope_table(result: RunResult) -> ReportTable:
    """The park's emissions scope by scope and the 910号 total."""
    table = _metric_rows(result, SCOPE_METRICS)
    total = result.park_910().to_dict(orient="index")["park_910_total_co2_kg"]
    row = (
        metric_column("park_910_total_co2_kg").header,
        scaled("park_910_total_co2_kg", total["value"]),
    )
    return ReportTable(
        key="emissions_scope",
        title=text("碳排放（按范围）", "Emissions by scope"),
        columns=table.columns,
        rows=(*table.rows, row),
        row_kinds=(*table.row_kinds, metric_kind("park_910_total_co2_kg")),
    )


def enterprise_emissions(result: RunResult) -> pd.DataFrame:
    """Per enterprise [t CO2]: the :data:`ENTERPRISE_METRICS` and their total, largest first
    (ties by id); the park row left out."""
    annual = result.annual().drop(index=PARK_ROW)
    tonnes = pd.DataFrame({n: annual[n].astype(float) / 1000 for n in ENTERPRISE_METRICS})
    tonnes["total"] = tonnes[list(ENTERPRISE_METRICS)].sum(axis=1)
    return tonnes.rename_axis("scope").sort_values(
        ["total", "scope"], ascending=[False, True], kind="stable"
    )


def _total_header() -> str:
    return text(
        "合计（范围一 + 范围二位置 + 热力净）tCO2", "total (S1 + S2 location + net heat) tCO2"
    )


def emissions_by_enterprise_table(result: RunResult) -> ReportTable:
    """Each enterprise's emissions by scope, in park order."""
    tonnes = enterprise_emissions(result).reindex(result.annual().index.drop(PARK_ROW))
    names = {e.id: e.name for e in result.config.enterprises}
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (str(i), names[str(i)], *(float(r[n]) for n in ENTERPRISE_METRICS), float(r["total"]))
        for i, r in tonnes.to_dict(orient="index").items()
    )
    return ReportTable(
        key="emissions_enterprise",
        title=text("碳排放（按企业）", "Emissions by enterprise"),
        columns=(
            Column(text("企业", "enterprise")),
            Column(text("名称", "name")),
            *(metric_column(n) for n in ENTERPRISE_METRICS),
            Column(_total_header(), "n0"),
        ),
        rows=rows,
    )


def ranking_table(result: RunResult) -> ReportTable:
    """Enterprises by their emissions, largest first, with share and cumulative share."""
    totals = enterprise_emissions(result)["total"].to_dict()
    annual = result.annual().to_dict(orient="index")
    names = {e.id: e.name for e in result.config.enterprises}
    whole = sum(totals.values())
    rows: list[tuple[Cell, ...]] = []
    cumulative = 0.0
    for rank, (i, total) in enumerate(totals.items(), start=1):
        row = annual[i]
        share = total / whole if whole > 0 else 0.0
        cumulative += share
        rows.append(
            (
                float(rank),
                str(i),
                names[str(i)],
                float(total),
                share,
                cumulative,
                scaled("energy_gbt2589_calorific_kgce", row["energy_gbt2589_calorific_kgce"]),
                scaled("electricity_kwh", row["electricity_kwh"]),
            )
        )
    return ReportTable(
        key="ranking",
        title=text("企业排名（按碳排放）", "Enterprise ranking (by emissions)"),
        columns=(
            Column(text("名次", "rank"), "int"),
            Column(text("企业", "enterprise")),
            Column(text("名称", "name")),
            Column(_total_header(), "n0"),
            Column(text("占比", "share"), "percent"),
            Column(text("累计占比", "cumulative share"), "percent"),
            metric_column("energy_gbt2589_calorific_kgce"),
            metric_column("electricity_kwh"),
        ),
        rows=tuple(rows),
    )
