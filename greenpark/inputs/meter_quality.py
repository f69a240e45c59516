"""Data quality of loaded meter series: coverage and gaps per (enterprise, carrier).

Gaps are reported, never filled: ``imputed_hours`` is 0 for every series loaded from files.
Intervals are hours for hourly and 15-min sources (after summing quarters to hours) and
calendar months for monthly sources; ``largest_gap_h`` is always in hours.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from greenpark.i18n import text

QUALITY_COLUMNS = (
    "enterprise",
    "carrier",
    "use",
    "file",
    "resolution",
    "expected_intervals",
    "present_intervals",
    "gap_intervals",
    "coverage_fraction",
    "imputed_hours",
    "largest_gap_h",
    "first_gap",
)


def longest_gaps_h(missing: np.ndarray, duration_h: np.ndarray) -> np.ndarray:
    """Longest run of missing intervals per column.

    Parameters
    ----------
    missing
        Boolean array (intervals × series), True where the interval has no data.
    duration_h
        Length of each interval [h].

    Returns
    -------
    numpy.ndarray
        Duration of each column's longest run of consecutive missing intervals [h].
    """
    gap_h = np.cumsum(missing * duration_h[:, None], axis=0)
    before_run_h = np.maximum.accumulate(np.where(missing, 0.0, gap_h), axis=0)
    return np.asarray((gap_h - before_run_h).max(axis=0, initial=0.0), dtype=float)


def series_quality(
    frames: Mapping[str, pd.DataFrame],
    starts: pd.DatetimeIndex,
    duration_h: np.ndarray,
    origins: pd.DataFrame,
    use: str = "fuel",
) -> pd.DataFrame:
    """One quality row per (enterprise, carrier) column of ``frames``.

    Parameters
    ----------
    frames
        carrier -> frame (intervals × enterprises), NaN = missing.
    starts
        Start time of each interval (tz-aware), aligned with the frames' rows.
    duration_h
        Length of each interval [h].
    origins
        ``enterprise, carrier, file, resolution`` of every series (files joined by ``; ``).
    use
        ``fuel`` (burnt, and every non-fuel carrier) or ``feedstock``, for every row.
    """
    rows = []
    for carrier, frame in frames.items():
        missing = frame.isna().to_numpy()
        present = (~missing).sum(axis=0)
        first = np.where(missing.any(axis=0), missing.argmax(axis=0), -1)
        rows.append(
            pd.DataFrame(
                {
                    "enterprise": frame.columns.astype(str),
                    "carrier": carrier,
                    "use": use,
                    "expected_intervals": len(frame),
                    "present_intervals": present,
                    "gap_intervals": len(frame) - present,
                    "coverage_fraction": present / len(frame),
                    "imputed_hours": 0.0,
                    "largest_gap_h": longest_gaps_h(missing, duration_h),
                    "first_gap": pd.Series(starts[np.maximum(first, 0)]).where(first >= 0).array,
                }
            )
        )
    if not rows:
        return pd.DataFrame(columns=list(QUALITY_COLUMNS))
    quality = pd.concat(rows, ignore_index=True)
    quality = quality.merge(origins, on=["enterprise", "carrier"], how="left")
    return quality[list(QUALITY_COLUMNS)]


def gap_messages(quality: pd.DataFrame) -> list[str]:
    """One message per series with gaps: how many, coverage, largest gap and where it starts."""
    messages = []
    for row in quality.loc[quality["gap_intervals"] > 0].to_dict("records"):
        monthly = row["resolution"] == "monthly"
        unit_zh, unit_en = ("个月", "months") if monthly else ("小时", "hours")
        first = row["first_gap"].strftime("%Y-%m" if monthly else "%Y-%m-%d %H:%M")
        feedstock = text("（原料）", " (feedstock)") if row["use"] == "feedstock" else ""
        series = f"{row['enterprise']} {row['carrier']}{feedstock}"
        gaps, expected = row["gap_intervals"], row["expected_intervals"]
        coverage, largest = row["coverage_fraction"], row["largest_gap_h"]
        messages.append(
            text(
                f"{series}: {expected} {unit_zh}中缺 {gaps} {unit_zh}（覆盖率 {coverage:.2%}），"
                f"最长缺口 {largest:g} 小时，首个缺口 {first}；缺口未填补",
                f"{series}: {gaps} of {expected} {unit_en} missing (coverage {coverage:.2%}), "
                f"largest gap {largest:g} h, first gap {first}; gaps are not filled",
            )
        )
    return messages
