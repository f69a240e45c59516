"""Grid emission factors of the years after a pathway's base year.

A pathway year's grid factor, for each grid factor series the base run uses (the rows of one
region and variant in ``factors/grid.csv``, ids ending in their year):

- the **base year** keeps the base run's value (the latest notice, as the accounting rules
  pick it), so the base year of a pathway is the base run;
- a year with a **published** row of the series (later than the base year) takes it;
- any other year continues from the *anchor* — the latest of the base year (base value) and
  the published years after it up to that year — by the pathway's rule:

  - ``trend``: ``anchor + slope × (year − anchor year)``, the slope being the least-squares
    slope of the series' last three published values (0 with fewer than two);
  - ``target``: linear from the anchor to ``anchor × (1 + target_change_fraction)`` in
    ``target_year`` (relative to the base value when the anchor is the base year), then held;
    every series falls by the same proportion;
  - ``hold``: the anchor's value.

Plain floats; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from greenpark.scenarios.pathway_file import GridFactorRule

TREND_POINTS = 3  # the last three notices


def trend_slope(published: Mapping[int, float]) -> float:
    """Least-squares slope of the last :data:`TREND_POINTS` published values [unit/year]."""
    years = sorted(published)[-TREND_POINTS:]
    if len(years) < 2:
        return 0.0
    slope, _ = np.polyfit(np.array(years, dtype=float), [published[y] for y in years], 1)
    return float(slope)


def _anchor(
    published: Mapping[int, float], base_year: int, base_value: float, year: int
) -> tuple[int, float]:
    later = [y for y in published if base_year < y <= year]
    if not later:
        return base_year, base_value
    last = max(later)
    return last, published[last]


def factor_of_year(
    published: Mapping[int, float],
    base_year: int,
    base_value: float,
    year: int,
    rule: GridFactorRule,
) -> float:
    """The series' factor in ``year`` (see the module docstring) [its unit]."""
    anchor_year, anchor = _anchor(published, base_year, base_value, year)
    if year <= anchor_year:
        return anchor
    if rule.rule == "trend":
        return anchor + trend_slope(published) * (year - anchor_year)
    if rule.rule == "target":
        assert rule.target_year is not None and rule.target_change_fraction is not None
        goal = anchor * (1.0 + rule.target_change_fraction)
        if rule.target_year <= anchor_year:
            return goal
        progress = min((year - anchor_year) / (rule.target_year - anchor_year), 1.0)
        return anchor + (goal - anchor) * progress
    return anchor
