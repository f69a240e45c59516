"""Data quality of loaded meter series: coverage and gaps per (enterprise, carrier).

Gaps are reported here, not filled: ``imputed_hours`` is 0 for every series loaded from files
(how each gap is completed, or refused, is decided by :mod:`greenpark.inputs.meters.coverage`).
Intervals are hours for hourly and 15-min sources (after summing quarters to hours) and
calendar months for monthly sources; ``largest_gap_h`` is always in hours.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

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
    longest = np.zeros(missing.shape[1])
    gappy = np.flatnonzero(missing.any(axis=0))  # a column without gaps: 0 (most of them)
    if len(gappy) == 0:
        return longest
    chosen = missing[:, gappy]
    gap_h = np.cumsum(chosen * duration_h[:, None], axis=0)
    before_run_h = np.maximum.accumulate(np.where(chosen, 0.0, gap_h), axis=0)
    longest[gappy] = (gap_h - before_run_h).max(axis=0, initial=0.0)
    return longest


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
        missing = np.isnan(frame.to_numpy(dtype=float))
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
