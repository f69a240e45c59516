"""Scenario comparisons for people: rich tables and CSV files for Excel.

The tables come from :mod:`greenpark.scenarios.compare` (numbers at full precision, units in
a column); here they get labels in the reader's language and numbers rounded for the screen.
CSV files keep every digit (UTF-8 with BOM, so Excel shows Chinese right); a value that does
not apply (the money of the base run, an IRR without a sign change) is written as 不适用/n/a.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.metrics import metric
from greenpark.report.formatting import metric_label, metric_value, number, percent, tonnes
from greenpark.report.out_folder import check_out_folder, staged_folder, target
from greenpark.report.run_files import CSV_ENCODING

#: the files ``greenpark scenario run --out`` writes
SCENARIO_FILES = ("bill.csv", "comparison.csv", "measures.csv")

_CNY = ("CNY", lambda v: number(v))
_PER_YEAR = ("CNY/年", lambda v: number(v))
#: rows of the comparison that are not in the metric catalogue -> (zh, en, unit shown, format)
_LABELS: dict[str, tuple[str, str, tuple[str, Callable[[float], str]]]] = {
    "park_910_gap_t_per_tce_calorific": ("910号 距限值（当量值）", "910 gap to the limit (calorific)", ("tCO2/tce", lambda v: number(v, 3))),
    "energy_charge_flat_cny": ("电费 平段", "energy charge, flat", _CNY),
    "energy_charge_peak_cny": ("电费 高峰", "energy charge, peak", _CNY),
    "energy_charge_valley_cny": ("电费 低谷", "energy charge, valley", _CNY),
    "energy_charge_critical_peak_cny": ("电费 尖峰", "energy charge, critical peak", _CNY),
    "energy_charge_deep_valley_cny": ("电费 深谷", "energy charge, deep valley", _CNY),
    "demand_charge_cny": ("基本电费 需量", "demand charge", _CNY),
    "capacity_charge_cny": ("基本电费 容量", "capacity charge", _CNY),
    "pv_added_kw": ("新增光伏", "PV added", ("kWp", lambda v: number(v))),
    "storage_added_kwh": ("新增储能", "storage added", ("kWh", lambda v: number(v))),
    "contract_change_kwh": ("绿电交易电量变化", "contracted green power change", ("MWh", lambda v: number(v / 1000, 1))),
    "certificate_change_mwh": ("绿证变化", "certificates change", ("MWh", lambda v: number(v))),
    "energy_saved_mwh_per_year": ("节能量", "energy saved", ("MWh/年", lambda v: number(v))),
    "heat_pump_added_kw": ("新增热泵电功率", "heat pumps added", ("kW", lambda v: number(v))),
    "electric_heating_added_kw": ("新增电加热功率", "electric heating added", ("kW", lambda v: number(v))),
    "fuel_saving_cny_per_year": ("燃料费节省", "fuel cost saving", _PER_YEAR),
    "capex_cny": ("投资", "capex", _CNY),
    "opex_cny_per_year": ("运维费用", "opex", _PER_YEAR),
    "purchases_cny_per_year": ("绿电溢价与绿证费用", "green premiums and certificates", _PER_YEAR),
    "bill_saving_cny_per_year": ("电费节省", "bill saving", _PER_YEAR),
    "basic_charge_saving_cny_per_year": ("其中基本电费节省", "of which basic charges", _PER_YEAR),
    "export_revenue_change_cny_per_year": ("上网收入变化", "export revenue change", _PER_YEAR),
    "net_cash_flow_cny_per_year": ("年净现金流", "net cash flow", _PER_YEAR),
    "npv_cny": ("净现值", "NPV", _CNY),
    "irr_fraction": ("内部收益率", "IRR", ("", percent)),
    "simple_payback_years": ("静态回收期", "simple payback", ("年", lambda v: number(v, 1))),
    "pv_lcoe_cny_per_kwh": ("光伏度电成本", "PV LCOE", ("CNY/kWh", lambda v: number(v, 3))),
    "abated_location_co2_kg": ("减排量 基于位置", "abated, location-based", ("tCO2", tonnes)),
    "abated_market_co2_kg": ("减排量 基于市场", "abated, market-based", ("tCO2", tonnes)),
    "abated_inventory_co2_kg": ("减排量 清单口径", "abated, inventory basis", ("tCO2", tonnes)),
    "abated_park_910_co2_kg": ("减排量 910号口径", "abated, 910 basis", ("tCO2", tonnes)),
    "abatement_cost_location_cny_per_t": ("减排成本 基于位置", "abatement cost, location-based", ("CNY/tCO2", lambda v: number(v))),
    "abatement_cost_market_cny_per_t": ("减排成本 基于市场", "abatement cost, market-based", ("CNY/tCO2", lambda v: number(v))),
    "abatement_cost_inventory_cny_per_t": ("减排成本 清单口径", "abatement cost, inventory basis", ("CNY/tCO2", lambda v: number(v))),
    "abatement_cost_park_910_cny_per_t": ("减排成本 910号口径", "abatement cost, 910 basis", ("CNY/tCO2", lambda v: number(v))),
}  # fmt: skip


def row_label(name: str) -> str:
    """A comparison row's label in the reader's language, with the unit shown."""
    if name not in _LABELS:
        return metric_label(name)
    zh, en, (unit, _) = _LABELS[name]
    return f"{text(zh, en)} {unit}".strip()


def row_value(name: str, value: object) -> str:
    """A comparison cell as shown (``-`` where there is no value)."""
    if value is None or value is pd.NA:
        return "-"
    shown = _LABELS[name][2][1] if name in _LABELS else None
    if shown is None:
        metric(name)  # a name outside both tables is a programming error (KeyError)
        return metric_value(name, float(value))  # type: ignore[arg-type]
    return shown(float(value))  # type: ignore[arg-type]


def comparison_table(comparison: pd.DataFrame) -> Table:
    """The base and each scenario side by side."""
    table = Table(title=text("情景对比", "scenarios compared"), box=box.SIMPLE_HEAD)
    names = [c for c in comparison.columns if c != "unit"]
    table.add_column(text("指标", "metric"))
    for name in names:
        table.add_column(text("基准", "base") if name == "base" else str(name), justify="right")
    for metric_name, row in comparison.iterrows():
        key = str(metric_name)
        table.add_row(row_label(key), *(row_value(key, row[n]) for n in names))
    return table


def measures_table(measures: pd.DataFrame) -> Table:
    """Each measure's money and abatement (market basis), for a marginal-abatement view."""
    table = Table(title=text("各项措施", "measures"), box=box.SIMPLE_HEAD)
    shown = ("capex_cny", "net_cash_flow_cny_per_year", "npv_cny", "abated_market_co2_kg",
             "abatement_cost_market_cny_per_t")  # fmt: skip
    for column in (text("情景", "scenario"), text("措施", "measure")):
        table.add_column(column)
    for name in shown:
        table.add_column(row_label(name), justify="right")
    for _, row in measures.iterrows():
        table.add_row(
            str(row["scenario"]), str(row["measure"]), *(row_value(n, row[n]) for n in shown)
        )
    return table


def _not_applicable() -> str:
    return text("不适用", "n/a")


def _labelled(comparison: pd.DataFrame) -> pd.DataFrame:
    labelled = comparison.copy()
    labelled.insert(0, "label", [row_words(str(m)) for m in comparison.index])
    return labelled


def write_comparison_csv(comparison: pd.DataFrame, path: Path) -> None:
    """The comparison with a label column (words only: the values keep the units of the
    ``unit`` column, not the units the terminal shows), every digit kept (UTF-8 with BOM)."""
    _labelled(comparison).to_csv(path, encoding=CSV_ENCODING, na_rep=_not_applicable())


def export_scenario(
    comparison: pd.DataFrame, measures: pd.DataFrame, bills: pd.DataFrame, out_dir: Path
) -> list[Path]:
    """Replace ``out_dir`` with a scenario's tables (:data:`SCENARIO_FILES`)."""
    with staged_folder(out_dir, SCENARIO_FILES) as stage:
        write_comparison_csv(comparison, stage / "comparison.csv")
        measures.to_csv(
            stage / "measures.csv", index=False, encoding=CSV_ENCODING, na_rep=_not_applicable()
        )
        bills.to_csv(stage / "bill.csv", encoding=CSV_ENCODING)
    return [target(out_dir) / name for name in SCENARIO_FILES]


def check_scenario_out(out_dir: Path) -> None:
    """Before computing: ``out_dir`` can take a scenario's files."""
    check_out_folder(out_dir, SCENARIO_FILES)


def row_words(name: str) -> str:
    """A comparison row's words in the reader's language, without a unit."""
    if name in _LABELS:
        zh, en, _ = _LABELS[name]
        return text(zh, en)
    found = metric(name)
    return text(found.label_zh, found.label_en)
