"""The 910号 park basis for people: CO2, the denominator, the indicator at both conversions,
its verdicts and the provincial overlays (words only here; numbers come from the run)."""

from __future__ import annotations

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.core.park910 import CoreIndicator
from greenpark.i18n import text
from greenpark.pipeline.park910_step import ANNEX_FACTOR_ID, OverlayResult, Park910
from greenpark.report.availability import unavailable_text
from greenpark.report.formatting import tce, tonnes, unit

CONVERSION_WORDS = {
    "calorific": ("当量值", "当量值, calorific"),
    "primary": ("等价值，仅电力", "等价值, primary, electricity only"),
}
VERDICT_WORDS = {
    "met": ("达标", "met"),
    "not_met": ("未达标", "not met"),
    "within_range": ("在区间内", "within the range"),
    "outside_size": ("不在该规模档", "outside this size band"),
    "no_value": ("无指标值", "no indicator value"),
}


def conversion_words(conversion: str) -> str:
    return text(*CONVERSION_WORDS[conversion])


def core_indicator_text(indicator: CoreIndicator) -> str:
    """The indicator, its size tier and the verdict, in words (never NaN)."""
    if indicator.co2_t_per_tce is None:
        return unavailable_text("not_applicable", indicator.reason)
    value, tce = indicator.co2_t_per_tce, indicator.energy_kgce / 1000.0
    if indicator.limit_t_per_tce is None:
        reference = indicator.reference_limit_t_per_tce or 0.0
        side = text("不高于", "at or below") if value <= reference else text("高于", "above")
        return text(
            f"{value:.3f} tCO2/tce；年综合能耗 {tce:,.0f} tce 低于 20 万 tce，国家未设阈值；"
            f"{reference:.2f} 仅供参考（{side}参考值）",
            f"{value:.3f} tCO2/tce; annual energy use {tce:,.0f} tce is below 200,000 tce: no "
            f"national threshold; {reference:.2f} shown for reference ({side} it)",
        )
    verdict = VERDICT_WORDS["met" if indicator.meets else "not_met"]
    return text(
        f"{value:.3f} tCO2/tce，限值 ≤{indicator.limit_t_per_tce:.2f}"
        f"（年综合能耗 {tce:,.0f} tce）：{verdict[0]}",
        f"{value:.3f} tCO2/tce, limit ≤{indicator.limit_t_per_tce:.2f} "
        f"(annual energy use {tce:,.0f} tce): {verdict[1]}",
    )


def _factor_words(basis: Park910) -> str:
    what = (
        text("附件4 印刷值 [B]", "Annex 4 as printed [B]")
        if basis.electricity_factor_id == ANNEX_FACTOR_ID
        else text("最新全国化石能源电力因子", "newest national fossil-only factor")
    )
    return f"{basis.electricity_factor_id} {basis.electricity_co2_kg_per_kwh:g} kg/kWh（{what}）"


def _split(values: pd.Series, stem: str, unit_kg: bool = True) -> str:
    """``gross / boundary exports / in park / net`` of one quantity."""
    shown = tonnes if unit_kg else tce
    parts = ("gross_" if unit_kg else "consumed_", "exported_", "in_park_", "")
    return " / ".join(shown(values[stem.format(part)]) for part in parts)


def park_910_summary_table(values: pd.Series, basis: Park910) -> Table:
    """The 910号 park basis, kept apart from Scope 2 (``values``: ``park_910_table``)."""
    rows = [*_co2_rows(values, basis)]
    for conversion, indicator in basis.indicators.items():
        rows += _indicator_rows(values, conversion, indicator)
    rows += [(_overlay_label(o), _overlay_words(o)) for o in basis.overlays]
    table = Table(
        title=text("零碳园区口径（发改环资〔2025〕910号）", "Zero-carbon park basis (910号)"),
        show_header=False,
        box=box.SIMPLE_HEAD,
    )
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in rows:
        table.add_row(label, value)
    return table


def _co2_rows(values: pd.Series, basis: Park910) -> list[tuple[str, str]]:
    split = text("（毛 / 外送 / 园区内 / 净）", " (gross / exported / in park / net)")
    c = unit("co2")
    return [
        (text("电力因子", "electricity factor"), _factor_words(basis)),
        (
            text(f"电力（非绿电 × 因子）{c}", f"electricity (non-green × factor) {c}") + split,
            _split(values, "park_910_electricity_{}co2_kg"),
        ),
        (text(f"热力 {c}", f"heat {c}") + split, _split(values, "park_910_heat_{}co2_kg")),
        (
            text(f"化石燃料与工业过程 {c}", f"fuels and processes {c}"),
            tonnes(values["park_910_scope1_co2_kg"]),
        ),
        (text(f"合计 {c}", f"total {c}"), tonnes(values["park_910_total_co2_kg"])),
    ]


def _indicator_rows(
    values: pd.Series, conversion: str, indicator: CoreIndicator
) -> list[tuple[str, str]]:
    words = conversion_words(conversion)
    used = text("（消费 / 外送 / 园区内 / 净）", " (consumed / exported / in park / net)")
    energy = text(
        f"综合能源消费量 {unit('tce')}（{words}，含可再生电力）",
        f"energy use {unit('tce')} ({words}, renewables included)",
    )
    return [
        (energy + used, _split(values, f"park_910_energy_{{}}{conversion}_kgce", unit_kg=False)),
        (
            text(f"单位能耗碳排放（{words}）", f"CO2 per energy ({words})"),
            core_indicator_text(indicator),
        ),
    ]


def _overlay_label(overlay: OverlayResult) -> str:
    t = overlay.threshold
    year = "" if t.target_year is None else f" {t.target_year}"
    limit = f"≤{t.limit_t_per_tce:g}"
    if t.limit_upper_t_per_tce is not None:
        limit = f"{t.limit_t_per_tce:g}–{t.limit_upper_t_per_tce:g}"
    return f"{t.id}{year} {limit}（{conversion_words(overlay.conversion)}）"


def _overlay_words(overlay: OverlayResult) -> str:
    return text(*VERDICT_WORDS[overlay.verdict])
