"""The demo park's tariffs as hourly prices, each hour by the tariff in force (R8):
晋发改商品发〔2021〕479号 until 2026-04-30, 晋发改商品发〔2026〕15号 from 2026-05-01."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from greenpark.inputs.meters.load import year_hours
from greenpark.inputs.park.load import load_park_config
from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.prices import export_value_cny, hourly_price, roof_export_price_cny_per_kwh

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
FLAT = 0.55  # the demo's placeholder flat price [CNY/kWh]


@pytest.fixture(scope="module")
def config() -> ParkConfig:
    return load_park_config(DEMO)


def _prices(config: ParkConfig, year: int) -> pd.Series:
    park = config.park.model_copy(update={"accounting_year": year})
    dated = config.model_copy(update={"park": park})
    hours = year_hours(year, config.park.timezone)
    price = hourly_price(dated, hours)
    assert price is not None
    return pd.Series(price, index=hours)


@pytest.mark.parametrize(
    ("hour", "multiplier"),
    [
        ("2025-05-06 12:00", 0.45),  # 479号: valley 00-07 and 11-13
        ("2025-05-06 13:00", 1.00),  # flat 13-17 (15号 would make it a midday valley)
        ("2025-05-02 13:00", 1.00),  # 479号 has no holiday deep valley
        ("2025-01-10 03:00", 0.45),  # night valley
        ("2025-03-10 18:00", 1.60),  # peak 17-23, March has no critical peak
        ("2025-07-15 19:00", 1.92),  # critical peak 18-20 in January, July, August, December
        ("2025-12-10 19:00", 1.92),
        ("2025-07-15 22:00", 1.60),  # peak
        ("2025-07-15 23:00", 1.00),  # flat 23-24
    ],
)
def test_2025_is_priced_by_the_2021_tariff(
    config: ParkConfig, hour: str, multiplier: float
) -> None:
    prices = _prices(config, 2025)
    assert prices[pd.Timestamp(hour, tz="Asia/Shanghai")] == pytest.approx(FLAT * multiplier)


@pytest.mark.parametrize(
    ("hour", "multiplier"),
    [
        ("2026-04-30 13:00", 1.00),  # the last day of 479号
        ("2026-05-06 13:00", 0.45),  # 15号: spring midday valley 09-15
        ("2026-05-02 13:00", 0.36),  # Labour Day break: deep valley 13-15
        ("2026-07-15 19:00", 1.92),  # summer critical peak 18-21
        ("2026-10-09 13:00", 0.45),  # National Day break ended on 10-08
    ],
)
def test_2026_switches_tariff_on_may_first(
    config: ParkConfig, hour: str, multiplier: float
) -> None:
    prices = _prices(config, 2026)
    assert prices[pd.Timestamp(hour, tz="Asia/Shanghai")] == pytest.approx(FLAT * multiplier)


def test_export_price_by_commissioning_date(config: ParkConfig) -> None:
    tariff = config.all_tariffs[0]
    # every demo roof was commissioned 2018-2024, before 2025-06-01: the 存量 window
    installed = [r for r in config.rooftops if r.capacity_kw > 0]
    assert {roof_export_price_cny_per_kwh(tariff, r) for r in installed} == {0.332}
    # a tariff that prices 增量 projects differently, and a roof commissioned after the cut-off
    windows = tuple(
        p.model_copy(update={"price_cny_per_kwh": 0.2}) if p.commissioned_from else p
        for p in tariff.export_prices
    )
    split = tariff.model_copy(update={"export_prices": windows})
    new_roof = installed[0].model_copy(
        update={"commissioning_year": 2025, "commissioning_date": date(2025, 8, 1)}
    )
    assert roof_export_price_cny_per_kwh(split, new_roof) == 0.2
    assert roof_export_price_cny_per_kwh(split, installed[0]) == 0.332


def test_export_value_splits_an_enterprises_export_over_its_roofs(config: ParkConfig) -> None:
    # E01's roof E01-R3 generates 10 kWh each hour of 2025 and E01 exports 4 kWh of it:
    # 8,760 h x 4 kWh x 0.332 CNY/kWh = 11,633.28 CNY
    hours = year_hours(2025, config.park.timezone)
    roof_kwh = pd.DataFrame({"E01-R3": np.full(len(hours), 10.0)}, index=hours)
    export = np.zeros((len(hours), len(config.enterprises)))
    export[:, 0] = 4.0
    value = export_value_cny(config, roof_kwh, export, hours)
    assert value[0] == pytest.approx(8_760 * 4 * 0.332)
    assert value[1:].sum() == 0
