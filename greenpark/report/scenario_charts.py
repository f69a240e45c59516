"""Charts of a scenario comparison as inline SVG, in the report's style
(:mod:`greenpark.report.charts`): grouped bars per scenario and the marginal-abatement-cost
curve of the measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from greenpark.i18n import text
from greenpark.report.charts import COLOURS, _figure, _svg


def grouped_bars_chart(values: pd.DataFrame, unit: str, *, percent: bool = False) -> str:
    """Bars grouped by row of ``values`` (index: the runs, left to right; a column per bar of
    a group, column names as legend words); ``percent``: values are fractions."""
    with _figure(9.0, 3.6) as figure:
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
        axes.legend(ncols=len(values.columns), loc="upper center", bbox_to_anchor=(0.5, 1.16))
        return _svg(figure)


def marginal_abatement_cost_chart(measures: pd.DataFrame, basis: str) -> str:
    """The marginal-abatement-cost curve: a bar per row of ``measures`` (index: the measure
    labels; columns ``abated_t`` [tCO2/year] and ``cost_cny_per_t`` [CNY/tCO2]), cheapest
    first, each as wide as its abatement and as high as its cost; ``basis`` names the
    emissions basis on the x axis."""
    ordered = measures.sort_values("cost_cny_per_t", kind="stable")
    widths = ordered["abated_t"].to_numpy(dtype=float)
    heights = ordered["cost_cny_per_t"].to_numpy(dtype=float)
    lefts = np.concatenate([[0.0], np.cumsum(widths)[:-1]])
    with _figure(9.0, 4.2) as figure:
        axes = figure.add_subplot()
        colours = [COLOURS[i % len(COLOURS)] for i in range(len(ordered))]
        axes.bar(lefts, heights, widths, align="edge", color=colours, edgecolor="white")
        for left, width, height, label in zip(lefts, widths, heights, ordered.index, strict=True):
            axes.annotate(
                str(label),
                (left + width / 2, height),
                xytext=(0, 3 if height >= 0 else -3),
                textcoords="offset points",
                ha="center",
                va="bottom" if height >= 0 else "top",
                rotation=90 if len(ordered) > 4 else 0,
                fontsize=8,
            )
        axes.axhline(0.0, color="#555555", linewidth=0.8)
        axes.set_xlim(0.0, max(float(widths.sum()), 1.0))
        axes.set_xlabel(text(f"年减排量 tCO2/年（{basis}）", f"abatement tCO2/year ({basis})"))
        axes.set_ylabel(text("减排成本 CNY/tCO2", "abatement cost CNY/tCO2"))
        return _svg(figure)
