"""Targets as given on the command line, and the hours the LP models."""

from __future__ import annotations

import numpy as np
import pytest

from greenpark.errors import InputError
from greenpark.optimize.periods import HOURS_PER_DAY, periods_of
from greenpark.optimize.target import Target, parse_target


def test_targets() -> None:
    assert parse_target("zero-carbon-core") == Target("zero-carbon-core")
    assert parse_target("green-share=0.9") == Target("green-share", 0.9)
    assert parse_target(" cfe=1 ") == Target("cfe", 1.0)


@pytest.mark.parametrize(
    "given", ["green-share", "cfe=0", "cfe=1.2", "share=0.5", "zero-carbon-core=1", "cfe=x"]
)
def test_bad_targets_are_refused_with_what_was_given(given: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_target(given)
    assert refused.value.problems[0].startswith("--target: ")
    assert repr(given) in refused.value.problems[0]


def test_representative_days_stand_for_the_whole_year() -> None:
    days = 365
    features = np.random.default_rng(1).random((days * HOURS_PER_DAY, 2))
    periods = periods_of("rep-days:12", features)
    assert periods.hour_index.shape == (12, HOURS_PER_DAY)
    assert periods.weight.sum() == days  # every day stands in exactly one period
    starts = periods.hour_index[:, 0]
    assert (starts % HOURS_PER_DAY == 0).all() and (
        np.diff(starts) > 0
    ).all()  # whole days, in order
    assert periods.label == "rep-days:12"
    full = periods_of("full", features)
    assert full.hour_index.shape == (1, days * HOURS_PER_DAY) and full.label == "full"


def test_a_day_that_is_its_runs_mean_is_chosen() -> None:
    # two runs of 3 days; in each, the middle day is the mean of the run
    daily = np.array([0.0, 1.0, 2.0, 10.0, 11.0, 12.0])
    features = np.repeat(daily, HOURS_PER_DAY)[:, None]
    periods = periods_of("rep-days:2", features)
    assert list(periods.hour_index[:, 0] // HOURS_PER_DAY) == [1, 4]
    assert list(periods.weight) == [3.0, 3.0]


@pytest.mark.parametrize(
    "option", ["rep-days:0", "rep-days:365", "rep-weeks:4", "rep-days:x", "year"]
)
def test_bad_hours_are_refused(option: str) -> None:
    with pytest.raises(InputError, match="--hours"):
        periods_of(option, np.ones((365 * HOURS_PER_DAY, 1)))
