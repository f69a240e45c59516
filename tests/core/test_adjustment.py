"""Scaling and electrification of metered use (greenpark.core.adjustment), by hand."""

from __future__ import annotations

import numpy as np

from greenpark.core import adjustment as core


def test_hour_mask_selects_the_hours_of_day_and_empty_means_all() -> None:
    hour_of_day = np.tile(np.arange(24), 2)
    mask = core.hour_mask(hour_of_day, [8, 9])
    assert mask.sum() == 4 and mask[8] and mask[33] and not mask[10]
    assert core.hour_mask(hour_of_day, []).all()


def test_scaled_load_changes_only_the_chosen_cells() -> None:
    load = np.full((4, 2), 10.0)
    hours = np.array([True, False, True, False])
    columns = np.array([False, True])
    scaled = core.scaled_load_kwh(load, columns, hours, 0.9)
    assert scaled.tolist() == [[10, 9], [10, 10], [10, 9], [10, 10]]


def test_scaled_total_uses_time_as_the_shape() -> None:
    # 1,000 t, half of the hours at 0.5: 500 t untouched + 250 t = 750 t
    total = core.scaled_total(np.array([1000.0, 40.0]), np.array([True, False]), 0.5, 0.5)
    assert total.tolist() == [750.0, 40.0]


def test_electrified_kwh_keeps_the_useful_heat() -> None:
    # 1,000 t coal x 26.7 GJ/t = 26,700 GJ; x 0.8 = 21,360 GJ of heat; / COP 3 = 7,120 GJ
    # of electricity = 7,120 x 10^6 / 3,600 kWh
    kwh = core.electrified_kwh(np.array([26_700.0]), 0.8, 3.0)
    assert np.isclose(kwh[0], 7_120e6 / 3600)


def test_shaped_kwh_sums_to_the_annual_value_in_the_given_shape() -> None:
    shape = np.array([[1.0, 0.0], [3.0, 0.0]])
    spread = core.shaped_kwh(np.array([100.0, 50.0]), shape)
    assert spread[:, 0].tolist() == [25.0, 75.0]
    assert spread[:, 1].tolist() == [25.0, 25.0]  # no weights: flat


def test_day_shape_repeats_the_24_weights() -> None:
    weights = list(range(24))
    shape = core.day_shape(np.array([0, 23, 5, 0]), weights)
    assert shape.tolist() == [0.0, 23.0, 5.0, 0.0]
