"""An accounting run for people: park overview, enterprises, 910号 basis, factors, messages."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.pipeline.availability import status_of
from greenpark.pipeline.results import PARK_ROW
from greenpark.report.availability import STATUS_WORDS, unavailable_text
from greenpark.report.formatting import (
    metric_label,
    metric_value,
    mwh,
    percent,
    tce,
    tonnes,
    unit,
)
from greenpark.report.park910 import park_910_summary_table
from greenpark.report.run_summary import summary_table
from greenpark.report.runs import factors_table
from greenpark.report.terminal_fit import FitColumn, folded, stacked_tables

if TYPE_CHECKING:
    from greenpark.run_result import RunResult


#: enterprises the terminal's table shows at most (the demo park's 30 all fit); a larger park
#: shows its largest emitters, every enterprise being in ``annual.csv``
TERMINAL_ENTERPRISES = 30


def run_tables(
    result: RunResult, width: int = 200, enterprises: int | None = TERMINAL_ENTERPRISES
) -> list[Table]:
    """Everything ``greenpark run`` shows of a result, table by table (messages apart), the
    summary first; no table is wider than ``width`` columns where that would cut a number.
    ``enterprises``: at most this many enterprise rows, the largest emitters (scope 1 + scope 2
    location-based) first when the park has more; None: every enterprise, in park order."""
    annual, reasons = result.annual(), result.annual_reasons()
    info = result.config.park
    tables = [
        summary_table(result),
        park_overview_table(annual, reasons, info.name, info.accounting_year),
        monthly_share_summary_table(result.monthly_shares()),
        park_910_summary_table(result.park_910()["value"], result.accounting.park_910),
    ]
    direct_line = result.direct_line()
    if not direct_line.empty:
        tables.append(direct_line_summary_table(direct_line["value"]))
    names = {e.id: e.name for e in result.config.enterprises}
    shown, title = _shown_enterprises(annual, enterprises)
    tables += [
        *enterprise_table(shown, reasons, names, width, title),
        factors_table(result.provenance.factors),
    ]
    return [folded(table) for table in tables]


class Cells:
    """Formatted values of one row, or why a value is not there (never "-" or NaN).

    ``short`` shows only 不适用 / 无数据 (for narrow table columns); otherwise the reason too.
    """

    def __init__(
        self, values: Mapping[Any, float], reasons: Mapping[Any, str | None], short: bool = False
    ) -> None:
        self.values, self.reasons, self.short = values, reasons, short

    def __call__(self, metric: str, shown: Callable[[float], str]) -> str:
        reason = self.reasons.get(metric)
        if reason is None:
            return shown(self.values[metric])
        status = status_of(reason)
        return text(*STATUS_WORDS[status]) if self.short else unavailable_text(status, reason)


def _percent(value: float) -> str:
    return percent(value)


def _pairs_table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, show_header=False, box=box.SIMPLE_HEAD)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in rows:
        table.add_row(label, value)
    return table


def park_overview_table(
    annual: pd.DataFrame, reasons: pd.DataFrame, park_name: str, year: int
) -> Table:
    """The park's energy flows, green shares, emissions and energy in one table: a metric's
    row reads its label and format from the catalogue (:mod:`greenpark.metrics`); rows that
    group several metrics, or say "of which", keep their own words."""
    p = annual.loc[PARK_ROW].to_dict()
    e, c, t = unit("energy"), unit("co2"), unit("tce")
    cell = Cells(p, reasons.loc[PARK_ROW].to_dict() if PARK_ROW in reasons.index else {})

    def row(name: str, indent: str = "") -> tuple[str, str]:
        return indent + metric_label(name), cell(name, lambda value: metric_value(name, value))

    rows = [
        row("electricity_kwh"),
        (text("  其中实测比例", "  measured share"), cell("measured_fraction", _percent)),
        row("pv_generation_kwh"),
        row("pv_self_consumed_kwh"),
        row("pv_shared_in_kwh"),
        row("pv_export_kwh"),
        (
            text(
                "  上网绿证 自持 / 出售 / 省级账户 / 无",
                "  its certificates kept / sold / provincial / none",
            ),
            " / ".join(
                mwh(p[c])
                for c in (
                    "pv_export_certificates_kept_kwh",
                    "pv_certificates_sold_kwh",
                    "pv_export_provincial_mechanism_kwh",
                    "pv_export_no_certificate_kwh",
                )
            ),
        ),
        (
            text(f"储能放电 / 损耗 {e}", f"storage discharge / loss {e}"),
            f"{mwh(p['storage_discharge_kwh'])} / {mwh(p['storage_loss_kwh'])}",
        ),
        row("grid_import_kwh"),
        row("green_total_kwh"),
        (
            text("  自发自用 / 园区共享", "  on-site / park-shared"),
            f"{mwh(p['green_onsite_kwh'])} / {mwh(p['green_shared_kwh'])}",
        ),
        (
            text("  其中无绿证（未建档立卡）", "  of which without certificate (unregistered)"),
            mwh(p["green_no_certificate_kwh"]),
        ),
        (
            text("  园区交易 / 绿电交易", "  park trade / contracts"),
            f"{mwh(p['green_trade_kwh'])} / {mwh(p['green_contract_kwh'])}",
        ),
        (
            text("  绿证 外购 / 自持上网", "  certificates bought / own exports kept"),
            f"{mwh(p['green_certificate_kwh'])} / {mwh(p['green_export_certificate_kwh'])}",
        ),
        row("green_share_fraction"),
        (
            text("  其中物理绿电", "  of which physical"),
            cell("green_share_physical_fraction", _percent),
        ),
        row("green_share_certificate_based_fraction", indent="  "),
        (
            text(
                "绿电占比（逐时匹配，含 / 不含模拟合同小时）",
                "green share (hourly matched, with / without modelled contract hours)",
            ),
            f"{cell('green_share_hourly_matched_fraction', _percent)} / "
            f"{cell('green_share_hourly_matched_settled_fraction', _percent)}",
        ),
        row("uncovered_grid_kwh"),
        row("scope1_co2_kg"),
        row("scope2_location_co2_kg"),
        row("scope2_market_co2_kg"),
        row("scope2_inventory_co2_kg"),
        (
            text(f"外购热力 {c}（毛/净）", f"purchased heat {c} (gross/net)"),
            f"{tonnes(p['heat_co2_kg'])} / {tonnes(p['heat_net_co2_kg'])}",
        ),
        (
            text(
                f"综合能耗 GB/T 2589 {t}（当量值 / 等价值，仅电力）",
                f"energy use GB/T 2589 {t} (calorific / primary, electricity only)",
            ),
            _pair(p, "energy_gbt2589_{}_kgce"),
        ),
        (
            text(
                f"能耗双控口径 {t}（当量值 / 等价值，仅电力）",
                f"energy-control basis {t} (calorific / primary, electricity only)",
            ),
            _pair(p, "energy_dual_control_{}_kgce"),
        ),
        (
            text(f"  其中可再生电力 {t}", f"  of which renewable electricity {t}"),
            _pair(p, "energy_onsite_renewable_{}_kgce"),
        ),
        (
            text(
                f"  原料用能 {t}（双控口径扣除）", f"  feedstock {t} (left out of energy control)"
            ),
            tce(p["energy_feedstock_kgce"]),
        ),
        row("kgce_per_wan_cny_output_value"),
        row("kgce_per_mu"),
        row("kgce_per_wan_cny_value_added"),
    ]
    return _pairs_table(
        text(f"{park_name} {year} 年核算结果", f"{park_name}: {year} accounts"), rows
    )


def _pair(values: Mapping[Hashable, float], template: str) -> str:
    """``calorific / primary`` of one energy total, in tce."""
    return " / ".join(tce(values[template.format(c)]) for c in ("calorific", "primary"))


def monthly_share_summary_table(monthly: pd.DataFrame) -> Table:
    """The park's green share month by month (``monthly``: ``RunResult.monthly_shares()``)."""
    table = Table(title=text("园区逐月绿电占比", "Park green share by month"), box=box.SIMPLE_HEAD)
    park = monthly.loc[monthly["scope"] == PARK_ROW].set_index("month")
    months = list(park.index)
    for _ in range(MONTH_COLUMNS):
        table.add_column(text("月份", "month"), justify="right")
        table.add_column(text("绿电占比", "green"), justify="right", no_wrap=True)
    cell = Cells(park["green_share_fraction"].to_dict(), park["reason"].to_dict(), short=True)
    per_column = -(-len(months) // MONTH_COLUMNS)
    for r in range(per_column):
        cells: list[str] = []
        for month in months[r::per_column]:
            cells += [text(f"{month}月", f"M{month}"), cell(month, _percent)]
        table.add_row(*cells)
    return table


#: the monthly shares in this many (month, share) column pairs
MONTH_COLUMNS = 3


def direct_line_summary_table(tests: pd.Series) -> Table:
    """The 绿电直连 tests (direct line): self-use of generation and share of load."""
    values = tests.to_dict()
    rows = []
    for name, label in (
        ("self_use", text("自发自用占发电量", "self-used share of generation")),
        ("load_share", text("占总用电量", "share of the load")),
    ):
        value = values.get(f"direct_line_{name}_fraction")
        minimum = values[f"direct_line_{name}_min_fraction"]
        if value is None:
            rows.append((label, text("不适用：无光伏发电", "not applicable: no PV generation")))
            continue
        verdict = text("达标", "met") if value >= minimum else text("未达标", "not met")
        rows.append((label, f"{percent(value)}（≥{percent(minimum)}）{verdict}"))
    return _pairs_table(text("绿电直连检验", "Direct-line (绿电直连) tests"), rows)


#: the enterprise table's columns: header and whether it holds numbers
ENTERPRISE_COLUMNS = (
    (("企业", "enterprise"), False),
    (("名称", "name"), False),
    (("用电 {e}", "use {e}"), True),
    (("光伏 {e}", "PV {e}"), True),
    (("购电 {e}", "grid {e}"), True),
    (("绿电占比", "green"), True),
    (("绿证口径", "GEC-based"), True),
    (("逐时匹配", "hourly"), True),
    (("实测", "measured"), True),
    (("范围一 {c}", "S1 {c}"), True),
    (("范围二位置 {c}", "S2 loc {c}"), True),
    (("范围二市场 {c}", "S2 mkt {c}"), True),
    (("范围二清单 {c}", "S2 inv {c}"), True),
    (("能耗 {t}", "energy {t}"), True),
)


def _shown_enterprises(annual: pd.DataFrame, limit: int | None) -> tuple[pd.DataFrame, str]:
    """The rows of the enterprise table (the park's last) and its title."""
    title = text("分企业结果", "By enterprise")
    enterprises = annual.drop(index=PARK_ROW)
    if limit is None or len(enterprises) <= limit:
        return annual, title
    emissions = enterprises["scope1_co2_kg"].fillna(0) + enterprises[
        "scope2_location_co2_kg"
    ].fillna(0)
    top = emissions.sort_values(ascending=False, kind="stable").index[:limit]
    cut = text(
        f"{title}：排放最高的 {limit} 家（共 {len(enterprises)} 家，全部见 annual.csv；"
        "--all-enterprises 显示全部）",
        f"{title}: the {limit} largest emitters ({len(enterprises)} in all, every one in "
        "annual.csv; --all-enterprises shows all)",
    )
    return annual.loc[[*top, PARK_ROW]], cut


def enterprise_table(
    annual: pd.DataFrame,
    reasons: pd.DataFrame,
    names: dict[str, str],
    width: int = 200,
    title: str | None = None,
) -> list[Table]:
    """One line per enterprise, then the park; stacked into several tables (each with the
    enterprise id) when one would not fit ``width`` columns."""
    why = reasons.loc[annual.index].to_dict(orient="index")  # the rows shown, not all
    rows = []
    for scope, row in annual.to_dict(orient="index").items():
        cell = Cells(row, why[scope], short=True)
        rows.append(
            [
                str(scope),
                names.get(str(scope), text("园区合计", "park total")),
                mwh(row["electricity_kwh"]),
                mwh(row["pv_generation_kwh"]),
                mwh(row["grid_import_kwh"]),
                cell("green_share_fraction", _percent),
                cell("green_share_certificate_based_fraction", _percent),
                cell("green_share_hourly_matched_fraction", _percent),
                cell("measured_fraction", _percent),
                tonnes(row["scope1_co2_kg"]),
                tonnes(row["scope2_location_co2_kg"]),
                tonnes(row["scope2_market_co2_kg"]),
                tonnes(row["scope2_inventory_co2_kg"]),
                tce(row["energy_gbt2589_calorific_kgce"]),
            ]
        )
    units = {"e": unit("energy"), "c": unit("co2"), "t": unit("tce")}
    columns = [
        FitColumn(text(*words).format(**units), numeric) for words, numeric in ENTERPRISE_COLUMNS
    ]
    title = text("分企业结果", "By enterprise") if title is None else title
    return stacked_tables(title, columns, rows, width, rule_before_last=True)
