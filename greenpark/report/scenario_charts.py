"""Charts of a scenario comparison in the report's style (:mod:`greenpark.report.charts`):
grouped bars per scenario and the marginal-abatement-cost curve of the measures, each drawn
once as inline SVG for the page and as PNG for the workbook (:class:`Drawn`)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from greenpark.i18n import text
from greenpark.report.charts import CHART_STYLE, COLOURS, report_figure, svg_element

PNG_DPI = 110


@dataclass(frozen=True)
class Drawn:
    """A chart as an ``<svg>`` element (the page) and PNG bytes (the workbook)."""

    svg: str
    png: bytes


def _drawn(figure: Figure) -> Drawn:
    buffer = io.BytesIO()
    with rc_context(CHART_STYLE):
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return Drawn(svg_element(figure), buffer.getvalue())


def grouped_bars_chart(values: pd.DataFrame, unit: str, *, percent: bool = False) -> Drawn:
    """Bars grouped by row of ``values`` (index: the runs, left to right; a column per bar of
    a group, column names as legend words); ``percent``: values are fractions."""
    with report_figure(9.0, 3.6) as figure:
        axes = figure.add_subplot()
        groups = np.arange(len(values))
        width = 0.8 / max(len(values.columns), 1)
        for i, column in enumerate(values.columns):
            offset = (i - (len(values.columns) - 1) / 2) * width
            heights = values[column].to_numpy(dtype=float)
            axes.bar(groups + offset, heights, width, label=str(column), color=COLOURS[i])
        axes.set_xticks(groups, [str(label) for label in values.index])
        axes.set_ylabel(unit)
        if percent:
            axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        else:
            axes.yaxis.set_major_formatter(_THOUSANDS)
        axes.legend(ncols=len(values.columns), loc="upper center", bbox_to_anchor=(0.5, 1.16))
        return _drawn(figure)


def marginal_abatement_cost_chart(measures: pd.DataFrame, basis: str) -> Drawn:
    """The marginal-abatement-cost curve: a bar per row of ``measures`` (index: the measure
    labels, in the legend; columns ``abated_t`` [tCO2/year] and ``cost_cny_per_t``
    [CNY/tCO2]), cheapest first, each as wide as its abatement and as high as its cost;
    ``basis`` names the emissions basis on the x axis. A cost far beyond the others is cut at
    the axis and written at the bar (:func:`_cost_limit`)."""
    ordered = measures.sort_values("cost_cny_per_t", kind="stable")
    widths = ordered["abated_t"].to_numpy(dtype=float)
    heights = ordered["cost_cny_per_t"].to_numpy(dtype=float)
    lefts = np.concatenate([[0.0], np.cumsum(widths)[:-1]])
    with report_figure(9.0, 3.4 + 0.22 * ((len(ordered) + 1) // 2)) as figure:
        axes = figure.add_subplot()
        for i, label in enumerate(ordered.index):
            colour = COLOURS[i % len(COLOURS)]
            axes.bar(lefts[i], heights[i], widths[i], align="edge", color=colour, label=str(label))
        axes.axhline(0.0, color="#555555", linewidth=0.8)
        axes.set_xlim(0.0, max(float(widths.sum()), 1.0))
        _cut_costs(axes, lefts + widths / 2, heights)
        axes.xaxis.set_major_formatter(_THOUSANDS)
        axes.yaxis.set_major_formatter(_THOUSANDS)
        axes.set_xlabel(text(f"年减排量 tCO2/年（{basis}）", f"abatement tCO2/year ({basis})"))
        axes.set_ylabel(text("减排成本 CNY/tCO2", "abatement cost CNY/tCO2"))
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        return _drawn(figure)


_THOUSANDS = FuncFormatter(lambda value, _: f"{value:,.0f}")


def _cost_limit(heights: np.ndarray) -> float | None:
    """Where the cost axis is cut: 1.5 × the second-largest cost when the largest is more
    than 5 times it (one costly sliver would flatten every other bar); None: not cut."""
    sizes = np.sort(np.abs(heights))
    if len(sizes) < 2 or sizes[-1] <= 5.0 * max(sizes[-2], 1.0):
        return None
    return 1.5 * max(float(sizes[-2]), 1.0)


def _cut_costs(axes: Axes, centres: np.ndarray, heights: np.ndarray) -> None:
    """Cut the cost axis at :func:`_cost_limit` and write each cut bar's cost at its end."""
    limit = _cost_limit(heights)
    if limit is None:
        return
    low = max(min(float(heights.min()), 0.0), -limit)
    high = min(max(float(heights.max()), 0.0), limit)
    axes.set_ylim(low * 1.1, high * 1.1)
    for centre, height in zip(centres, heights, strict=True):
        if abs(height) > limit:
            end = limit if height > 0 else -limit
            axes.annotate(
                f"{height:,.0f}",
                (centre, end),
                ha="center",
                va="bottom" if height > 0 else "top",
                fontsize=8,
            )
