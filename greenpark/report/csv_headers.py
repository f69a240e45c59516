"""Column headers of the result CSVs for people: the label and unit of each column in the
reader's language (``用电量 kWh``), instead of the machine id (``electricity_kwh``).

``greenpark run --out`` writes these by default; ``--csv-headers id`` (and
:func:`greenpark.report.run_files.export_run` by default) keeps the ids, which are also the
column names of ``hourly.parquet``. Values are the same either way, in the unit the header
names, at full precision.
"""

from __future__ import annotations

import pandas as pd

from greenpark.i18n import text
from greenpark.metrics import catalogue

#: CSV for Excel: UTF-8 with BOM so Chinese opens right; numbers at full precision
CSV_ENCODING = "utf-8-sig"

#: column id -> (Chinese, English, unit) for the columns that are not catalogue metrics
COLUMN_WORDS: dict[str, tuple[str, str, str]] = {
    "scope": ("范围", "scope", ""),
    "name": ("名称", "name", ""),
    "metric": ("指标", "metric", ""),
    "value": ("数值", "value", ""),
    "unit": ("单位", "unit", ""),
    "status": ("状态", "status", ""),
    "month": ("月份", "month", ""),
    "claimant": ("认领企业", "claimant", ""),
    "claimant_name": ("认领企业名称", "claimant name", ""),
    "source_kind": ("来源类型", "source kind", ""),
    "source_id": ("来源", "source", ""),
    "kwh": ("电量", "energy", "kWh"),
    "enterprise": ("企业", "enterprise", ""),
    "product": ("产品", "product", ""),
    "annual_output": ("年产量", "annual output", ""),
    "kgce_per_unit": ("单位产品能耗", "energy per unit", "kgce"),
    "scope1_2_location_co2_kg_per_unit": (
        "单位产品碳排放（范围一+二位置）",
        "CO2 per unit (S1+S2 location)",
        "kg",
    ),
    "carrier": ("能源品种", "carrier", ""),
    "use": ("用途", "use", ""),
    "files": ("数据文件", "files", ""),
    "total": ("年合计", "annual total", ""),
    "billed_fraction": ("账单比例", "billed share", ""),
    "imputed_fraction": ("插补比例", "imputed share", ""),
    "extrapolated_fraction": ("外推比例", "extrapolated share", ""),
    "planned_fraction": ("计划值比例", "planned share", ""),
    "fraction_basis": ("比例口径", "share basis", ""),
    "measured_hours": ("实测小时", "measured hours", "h"),
    "billed_hours": ("账单小时", "billed hours", "h"),
    "imputed_hours": ("插补小时", "imputed hours", "h"),
    "extrapolated_hours": ("外推小时", "extrapolated hours", "h"),
    "planned_hours": ("计划值小时", "planned hours", "h"),
    "measured_months": ("实测月数", "measured months", ""),
    "billed_months": ("账单月数", "billed months", ""),
    "imputed_months": ("插补月数", "imputed months", ""),
    "extrapolated_months": ("外推月数", "extrapolated months", ""),
    "planned_months": ("计划值月数", "planned months", ""),
    "threshold": ("阈值", "threshold", ""),
    "jurisdiction": ("适用地区", "jurisdiction", ""),
    "park_level": ("园区级别", "park level", ""),
    "target_year": ("目标年", "target year", ""),
    "conversion": ("折算口径", "conversion", ""),
    "energy_kgce": ("综合能源消费量", "energy use", "kgce"),
    "co2_t_per_tce": ("单位能耗碳排放", "CO2 per energy", "t/tce"),
    "limit_t_per_tce": ("限值", "limit", "t/tce"),
    "limit_upper_t_per_tce": ("限值上限", "upper limit", "t/tce"),
    "verdict": ("结论", "verdict", ""),
    "source": ("来源", "source", ""),
    "confidence": ("可信度", "confidence", ""),
    "interval_start": ("时段起始", "interval start", ""),
    "load_kwh": ("用电量", "load", "kWh"),
    "pv_kwh": ("光伏发电", "PV generation", "kWh"),
    "pv_self_kwh": ("光伏自用", "PV self-used", "kWh"),
    "pv_to_storage_kwh": ("光伏充电", "PV to storage", "kWh"),
    "grid_to_storage_kwh": ("电网充电", "grid to storage", "kWh"),
    "storage_discharge_kwh": ("储能放电", "storage discharge", "kWh"),
    "storage_loss_kwh": ("储能损耗", "storage loss", "kWh"),
    "shared_out_kwh": ("共享给园区企业", "shared out", "kWh"),
    "shared_in_kwh": ("园区内共享", "shared in", "kWh"),
    "export_kwh": ("余电上网", "exported", "kWh"),
    "green_physical_kwh": ("物理绿电", "physical green", "kWh"),
    "load_modelled": ("用电为模拟值", "load modelled", ""),
    "green_contract_modelled": ("合同小时为模拟值", "contract hour modelled", ""),
    "load_modelled_enterprises": ("用电为模拟值的企业数", "enterprises with modelled load", ""),
    "green_contract_modelled_enterprises": (
        "合同小时为模拟值的企业数",
        "enterprises with a modelled contract hour",
        "",
    ),
}
#: a column saying why a value is missing: ``<column>_status``
STATUS_SUFFIX = "_status"


def _words(column: str) -> tuple[str, str, str]:
    """(Chinese, English, unit) of a column id; KeyError for a column without words."""
    metrics = catalogue()
    if column in COLUMN_WORDS:
        return COLUMN_WORDS[column]
    if column in metrics:
        found = metrics[column]
        return found.label_zh, found.label_en, "" if found.unit == "fraction" else found.unit
    if column.endswith(STATUS_SUFFIX):
        zh, en, _ = _words(column.removesuffix(STATUS_SUFFIX))
        return f"{zh}（状态）", f"{en} (status)", ""
    raise KeyError(f"no header words for the result column {column!r}")


def header(column: str) -> str:
    """A column's header in the reader's language, the unit after the label."""
    zh, en, unit = _words(column)
    label = text(zh, en)
    return f"{label} {unit}" if unit else label


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column renamed to its header (no index: reset it first)."""
    return frame.rename(columns={c: header(str(c)) for c in frame.columns})
