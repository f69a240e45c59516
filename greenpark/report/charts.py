"""The report's charts as inline SVG (matplotlib, no JavaScript).

Text stays text in the SVG (``svg.fonttype: none``), so the browser draws it in the page's
CJK font and a reader can select and search it; the heatmap's cells are one embedded PNG.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from greenpark.i18n import text

#: fonts tried in order; the page's CSS names the same families
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "DejaVu Sans"]
CHART_STYLE: Any = {  # matplotlib types rcParams keys as literals
    "svg.fonttype": "none",
    "svg.hashsalt": "greenpark",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
COLOURS = ("#2e7d32", "#f9a825", "#1565c0", "#8d6e63", "#6a1b9a", "#00838f")


@contextmanager
def report_figure(width_in: float, height_in: float) -> Iterator[Figure]:
    """A figure in the report's style; a machine without a CJK font still draws the chart
    (matplotlib only measures the text; the browser renders it)."""
    with rc_context(CHART_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        yield Figure(figsize=(width_in, height_in), layout="constrained")


def svg_element(figure: Figure) -> str:
    """The figure as an ``<svg>`` element (no XML prolog, no metadata)."""
    buffer = io.StringIO()
    with rc_context(CHART_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)  # RDF boilerplate
    return svg[svg.index("<svg") :]


def monthly_balance_chart(balance_mwh: pd.DataFrame, labels: dict[str, str]) -> str:
    """Grouped bars by month (``balance_mwh``: a column per flow [MWh], months as index;
    ``labels``: the flows to draw and their legend words)."""
    with report_figure(9.0, 3.6) as figure:
        axes = figure.add_subplot()
        months = np.asarray(balance_mwh.index, dtype=float)
        width = 0.8 / len(labels)
        for i, (flow, label) in enumerate(labels.items()):
            offset = (i - (len(labels) - 1) / 2) * width
            axes.bar(months + offset, balance_mwh[flow], width, label=label, color=COLOURS[i])
        axes.set_xticks(months, [text(f"{m:.0f}月", f"{m:.0f}") for m in months])
        axes.set_ylabel("MWh")
        axes.legend(ncols=len(labels), loc="upper center", bbox_to_anchor=(0.5, 1.15))
        return svg_element(figure)


def green_matching_heatmap(share: np.ndarray) -> str:
    """Hour of day × day of year of the park's hourly-matched green share (``share``: 24 rows,
    a column per day, 0–1); the colour scale ends at the largest share (at least 1%)."""
    top = max(float(np.max(share, initial=0.0)), 0.01)
    with report_figure(9.0, 3.2) as figure:
        axes = figure.add_subplot()
        image = axes.imshow(
            share,
            aspect="auto",
            origin="lower",
            cmap="YlGn",
            vmin=0.0,
            vmax=top,
            interpolation="nearest",
            extent=(0.5, share.shape[1] + 0.5, -0.5, 23.5),
        )
        axes.set_xlabel(text("日序（一年中的第几天）", "day of year"))
        axes.set_ylabel(text("时刻", "hour of day"))
        axes.set_yticks([0, 6, 12, 18, 23])
        bar = figure.colorbar(image, ax=axes)
        bar.set_label(text("逐时匹配绿电占比", "hourly-matched green share"))
        bar.formatter = PercentFormatter(xmax=1.0)
        return svg_element(figure)


def horizontal_bars_chart(tonnes: pd.DataFrame, unit: str) -> str:
    """Stacked horizontal bars, one per row of ``tonnes`` (index: the row labels, top first;
    a column per stacked part, column names as legend words)."""
    height = 0.8 + 0.28 * len(tonnes)
    with report_figure(9.0, height) as figure:
        axes = figure.add_subplot()
        left = np.zeros(len(tonnes))
        rows = np.arange(len(tonnes))[::-1]
        for i, column in enumerate(tonnes.columns):
            values = tonnes[column].to_numpy(dtype=float)
            axes.barh(rows, values, left=left, label=str(column), color=COLOURS[i])
            left += values
        axes.set_yticks(rows, [str(label) for label in tonnes.index])
        axes.set_xlabel(unit)
        if len(tonnes.columns) > 1:
            axes.legend(loc="lower right")
        return svg_element(figure)
