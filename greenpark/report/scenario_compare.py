"""``greenpark scenario compare --out compare.html|.xlsx``: scenarios side by side as a page
and a workbook from the same tables (:mod:`greenpark.report.scenario_tables`), with charts of
the green shares and emissions per scenario and the marginal-abatement-cost curve of the
measures (:mod:`greenpark.report.scenario_charts`).

The curve's bars are the measures (each run alone against the base) that abate on its basis,
:data:`MAC_BASIS` (market-based, scope 1 + scope 2: what certificates and contracts change);
measures that abate nothing or whose cost has no value are named under the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from greenpark import __version__
from greenpark.i18n import get_language, text
from greenpark.report.document import Chart, Section
from greenpark.report.html_report import render_page
from greenpark.report.scenario_charts import (
    Drawn,
    grouped_bars_chart,
    marginal_abatement_cost_chart,
)
from greenpark.report.scenario_tables import comparison_report_table, measure_report_table
from greenpark.report.scenarios import row_words
from greenpark.report.xlsx_report import write_xlsx
from greenpark.scenarios.appraisal import ABATEMENT_BASES, number
from greenpark.scenarios.compare import MONEY_UNITS

MAC_BASIS = "market"
#: emissions basis -> (Chinese, English)
BASIS_WORDS = {
    "location": ("基于位置", "location-based"),
    "market": ("基于市场", "market-based"),
    "inventory": ("清单口径", "inventory basis"),
    "park_910": ("910号口径", "910 basis"),
}
SHARES = (
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_certificate_based_fraction",
)


def _runs(comparison: pd.DataFrame) -> list[str]:
    return [str(c) for c in comparison.columns if c != "unit"]


def _run_label(name: str) -> str:
    return text("基准", "base") if name == "base" else name


def shares_frame(comparison: pd.DataFrame) -> pd.DataFrame:
    """The three green shares per run (rows: runs; 0–1; no value: 0)."""
    return pd.DataFrame(
        {
            row_words(share): [number(comparison.at[share, r]) or 0.0 for r in _runs(comparison)]
            for share in SHARES
        },
        index=[_run_label(r) for r in _runs(comparison)],
    )


def emissions_frame(comparison: pd.DataFrame) -> pd.DataFrame:
    """Emissions per run on each basis of :data:`ABATEMENT_BASES` [tCO2] (rows: runs)."""
    return pd.DataFrame(
        {
            text(*BASIS_WORDS[basis]): [
                sum(number(comparison.at[n, r]) or 0.0 for n in names) / 1000.0
                for r in _runs(comparison)
            ]
            for basis, names in ABATEMENT_BASES.items()
        },
        index=[_run_label(r) for r in _runs(comparison)],
    )


def mac_frame(measures: pd.DataFrame, basis: str = MAC_BASIS) -> tuple[pd.DataFrame, list[str]]:
    """The curve's measures (index: ``scenario: measure``; ``abated_t`` [tCO2/year],
    ``cost_cny_per_t`` [CNY/tCO2]) and the labels of those left off (nothing abated, or no
    cost)."""
    kept: dict[str, tuple[float, float]] = {}
    left: list[str] = []
    for _, row in measures.iterrows():
        label = f"{row['scenario']}: {row['measure']}"
        abated = number(row[f"abated_{basis}_co2_kg"])
        cost = number(row[f"abatement_cost_{basis}_cny_per_t"])
        if abated is None or cost is None or abated <= 0:
            left.append(label)
        else:
            kept[label] = (abated / 1000.0, cost)
    frame = pd.DataFrame.from_dict(kept, orient="index", columns=["abated_t", "cost_cny_per_t"])
    return frame, left


def _mac_section(measures: pd.DataFrame, images: list[tuple[str, bytes]]) -> Section:
    basis = text(*BASIS_WORDS[MAC_BASIS])
    curve, left = mac_frame(measures)
    lead = text(
        f"边际减排成本曲线：每项措施单独相对基准运行，按{basis}口径（范围一 + 范围二）的年减排量为宽、"
        "单位减排成本为高，由低到高排列；负值表示措施本身节省费用。",
        f"Marginal abatement cost: each measure run alone against the base; bar width is its "
        f"yearly abatement {basis} (scope 1 + scope 2), height its cost per tonne, cheapest "
        "first; below zero the measure saves money.",
    )
    if left:
        lead += text("未计入（无减排或无成本值）：", " Not drawn (no abatement or no cost): ")
        lead += "、".join(left) if get_language() == "zh" else ", ".join(left)
    charts: tuple[Chart, ...] = ()
    if len(curve):
        caption = text(f"边际减排成本曲线（{basis}）", f"marginal abatement cost ({basis})")
        charts = (_chart("mac", caption, marginal_abatement_cost_chart(curve, basis), images),)
    table = measure_report_table(measures, MONEY_UNITS)
    return Section("measures", text("各项措施", "measures"), (table,), charts, lead)


def _chart(key: str, caption: str, drawn: Drawn, images: list[tuple[str, bytes]]) -> Chart:
    """The page's chart; its PNG is added to ``images`` (the workbook's charts)."""
    images.append((caption, drawn.png))
    return Chart(key, caption, drawn.svg)


def compare_document(
    comparison: pd.DataFrame, measures: pd.DataFrame
) -> tuple[list[Section], list[tuple[str, bytes]]]:
    """The comparison: the table with share and emission charts, then the measures with the
    marginal-abatement-cost curve; and each chart's caption and PNG."""
    images: list[tuple[str, bytes]] = []
    shares = _chart(
        "shares",
        text("各情景绿电占比", "green shares per scenario"),
        grouped_bars_chart(shares_frame(comparison), "", percent=True),
        images,
    )
    emissions = _chart(
        "emissions",
        text(
            "各情景碳排放（范围一 + 范围二，各口径；910号合计）",
            "emissions per scenario (scope 1 + 2 on each basis; 910 total)",
        ),
        grouped_bars_chart(emissions_frame(comparison), "tCO2"),
        images,
    )
    compared = Section(
        "comparison",
        text("情景对比", "scenarios compared"),
        (comparison_report_table(comparison),),
        (shares, emissions),
    )
    return [compared, _mac_section(measures, images)], images


def render_compare_html(sections: Sequence[Section], park_name: str) -> str:
    """The comparison as one self-contained page (the park report's template and style)."""
    return render_page(
        text(f"{park_name} 情景对比", f"{park_name}: scenarios compared"),
        text("各情景相对基准运行", "each scenario against the base run"),
        sections,
        text(
            f"由 greenpark {__version__} 生成；费用为输入或示意默认值（见情景文件 economics）。",
            f"Made by greenpark {__version__}; costs are inputs or illustrative defaults (see the scenario files' economics).",
        ),
    )


def write_compare(
    comparison: pd.DataFrame, measures: pd.DataFrame, park_name: str, path: Path
) -> None:
    """Write the comparison to ``path``: ``.html`` (page with charts) or ``.xlsx`` (a sheet
    per table and a sheet of the charts)."""
    sections, images = compare_document(comparison, measures)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(sections, path, images)
    else:
        path.write_text(render_compare_html(sections, park_name), encoding="utf-8")
