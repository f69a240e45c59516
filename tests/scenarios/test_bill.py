"""One enterprise-month's energy charges checked by hand across all five tariff periods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from greenpark.inputs.park.load import Park
from greenpark.pipeline.prices import hourly_period, hourly_price
from greenpark.scenarios.economics import PERIODS, energy_charges_cny
from greenpark.scenarios.measures import measure_patch
from greenpark.scenarios.schema import Measure

#: every hour of the year one season: valley 0-7, peak 8-11 and 17-20 with critical peak
#: 9-10 inside it, deep valley 13-15 on major-holiday days, flat otherwise
TARIFF = {
    "name": "hand-checked tariff",
    "source": "test",
    "flat_price_cny_per_kwh": 0.5,
    "peak_multiplier": 1.5,
    "valley_multiplier": 0.5,
    "critical_peak_multiplier": 2.0,
    "deep_valley_multiplier": 0.3,
    "seasons": [
        {
            "months": list(range(1, 13)),
            "peak_hours": [[8, 11], [17, 20]],
            "valley_hours": [[0, 7]],
            "critical_peak_hours": [[9, 10]],
            "deep_valley_hours": [[13, 15]],
        }
    ],
}


def test_october_bill_by_hand(demo_park: Park) -> None:
    patch = measure_patch(Measure(tariffs=(TARIFF,)), demo_park.config)
    config = demo_park.with_changes(patch).config
    assert [t.name for t in config.all_tariffs] == ["hand-checked tariff"]
    hours = pd.date_range("2025-10-01", periods=31 * 24, freq="h", tz="Asia/Shanghai")
    price, period = hourly_price(config, hours), hourly_period(config, hours)
    assert price is not None and period is not None
    grid_kwh = np.full((len(hours), 1), 2.0)  # 2 kWh every hour of October
    charges = dict(zip(PERIODS, energy_charges_cny(grid_kwh, price, period)[0], strict=True))
    # October 2025: 31 days, of which Oct 1-8 are the National Day break (deep valley days).
    # Per day: valley 7 h, peak 6 h of which 1 h critical peak, deep valley 2 h on the 8
    # break days; flat is the rest: 24 - 7 - 6 = 11 h (9 h on break days).
    by_hand = {
        "valley": 31 * 7 * 2 * (0.5 * 0.5),
        "peak": 31 * 5 * 2 * (0.5 * 1.5),
        "critical_peak": 31 * 1 * 2 * (0.5 * 2.0),
        "deep_valley": 8 * 2 * 2 * (0.5 * 0.3),
        "flat": (23 * 11 + 8 * 9) * 2 * 0.5,
    }
    assert charges == pytest.approx(by_hand, rel=1e-12)
    assert sum(by_hand.values()) == pytest.approx(float((grid_kwh[:, 0] * price).sum()))
