"""TOU prices for the Shanxi 2026 structure (晋发改商品发〔2026〕15号, china-factors §7c)."""

from __future__ import annotations

import numpy as np

from greenpark.core.tariff import TouSeason, hourly_price_cny_per_kwh

MULTIPLIERS = {"peak": 1.6, "valley": 0.45, "critical_peak": 1.92, "deep_valley": 0.36}
SUMMER = TouSeason(
    months=(6, 7, 8),
    windows={
        "peak": [(6, 8), (18, 24)],
        "valley": [(2, 5), (10, 15)],
        "critical_peak": [(18, 21)],
        "deep_valley": [(13, 15)],
    },
)
OTHER = TouSeason(months=(1, 2, 3, 4, 5, 9, 10, 11, 12), windows={"peak": [(17, 24)]})


def _day(month: int, holiday: bool) -> np.ndarray:
    hours = np.arange(24)
    return hourly_price_cny_per_kwh(
        0.5, hours, np.full(24, month), np.full(24, holiday), [SUMMER, OTHER], MULTIPLIERS
    )


def test_summer_working_day_by_hand() -> None:
    price = _day(7, holiday=False)
    assert price[0] == 0.5  # flat
    assert price[3] == 0.5 * 0.45  # valley 02-05
    assert price[6] == 0.5 * 1.6  # morning peak
    assert price[12] == price[14] == 0.5 * 0.45  # midday valley, not a holiday
    assert price[19] == 0.5 * 1.92  # critical peak overrides peak
    assert price[22] == 0.5 * 1.6


def test_deep_valley_only_on_marked_days() -> None:
    assert _day(7, holiday=True)[13] == 0.5 * 0.36
    assert _day(7, holiday=True)[12] == 0.5 * 0.45


def test_other_season_uses_its_own_windows() -> None:
    price = _day(1, holiday=False)
    assert price[6] == 0.5 and price[18] == 0.5 * 1.6
