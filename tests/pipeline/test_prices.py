"""The demo park's tariff as hourly prices (Shanxi structure from 2026-05-01, 晋发改商品发〔2026〕15号)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from greenpark.inputs.meters import year_hours
from greenpark.inputs.park import load_park_config
from greenpark.pipeline.physical_year import hourly_price

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"


@pytest.fixture(scope="module")
def prices() -> pd.Series:
    config = load_park_config(DEMO)
    hours = year_hours(config.park.accounting_year, config.park.timezone)
    price = hourly_price(config, hours)
    assert price is not None
    return pd.Series(price, index=hours)


@pytest.mark.parametrize(
    ("hour", "multiplier"),
    [
        ("2025-05-06 13:00", 0.45),  # spring working day: midday valley 09-15
        ("2025-05-02 13:00", 0.36),  # Labour Day break: deep valley 13-15
        ("2025-05-03 14:00", 0.36),  # a weekend day inside the break counts too
        ("2025-05-02 12:00", 0.45),  # outside 13-15 the break is an ordinary valley
        ("2025-07-15 19:00", 1.92),  # summer critical peak 18-21 overrides peak
        ("2025-07-15 22:00", 1.60),  # summer peak
        ("2025-01-10 00:00", 1.00),  # flat
        ("2025-10-09 13:00", 0.45),  # National Day break ended on 10-08
    ],
)
def test_price_by_hand(prices: pd.Series, hour: str, multiplier: float) -> None:
    at = pd.Timestamp(hour, tz="Asia/Shanghai")
    assert prices[at] == pytest.approx(0.55 * multiplier)
