from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest
from holidays import country_holidays

from greenpark.core.load_profiles import (
    LOAD_SHAPES,
    china_holidays,
    china_major_holiday_breaks,
    china_makeup_workdays,
    fill_hourly_load_kwh,
    hourly_from_monthly_kwh,
    hours_on_days,
    non_working_hours,
)

HOURS_2025 = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
HOLIDAYS_2025 = china_holidays(2025)
MAKEUP_2025 = china_makeup_workdays(2025)
PROFILES = list(LOAD_SHAPES)
DAYS_2025 = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)


def _year(monthly_kwh: np.ndarray, profiles: list[str] = PROFILES) -> pd.DataFrame:
    hourly = hourly_from_monthly_kwh(
        monthly_kwh, profiles, HOURS_2025, HOLIDAYS_2025, makeup_workdays=MAKEUP_2025
    )
    return pd.DataFrame(hourly, index=HOURS_2025, columns=profiles)


def test_worked_example_one_shift_saturday_and_monday() -> None:
    # Sat 2025-03-01 and Mon 2025-03-03, March total 100 kWh.
    # weights: Sat 24 x 0.25 = 6; Mon 7x0.25 + 0.6 + 4x1 + 0.7 + 4x1 + 0.6 + 0.4 + 5x0.25 = 13.3
    hours = pd.date_range("2025-03-01", periods=24, freq="h").append(
        pd.date_range("2025-03-03", periods=24, freq="h")
    )
    monthly = np.zeros((12, 1))
    monthly[2] = 100.0
    hourly = hourly_from_monthly_kwh(monthly, ["one_shift"], hours, holidays=())
    assert hourly[10, 0] == pytest.approx(0.25 * 100 / 19.3)  # Saturday 10:00
    assert hourly[24 + 10, 0] == pytest.approx(100 / 19.3)  # Monday 10:00
    assert hourly[24 + 12, 0] == pytest.approx(0.7 * 100 / 19.3)  # Monday lunch
    assert hourly.sum() == pytest.approx(100.0, rel=1e-12)


def test_every_monthly_total_reproduced_exactly() -> None:
    rng = np.random.default_rng(7)
    monthly = rng.uniform(1e3, 1e7, size=(12, len(PROFILES)))
    year = _year(monthly)
    sums = year.groupby(year.index.month).sum().to_numpy()
    np.testing.assert_allclose(sums, monthly, rtol=1e-9, atol=0)
    assert (year.to_numpy() > 0).all()


def test_weekends_dip_for_shift_shapes_but_not_process_or_data_centre() -> None:
    year = _year(np.ones((12, len(PROFILES))) * 1e4)
    march = year[year.index.month == 3]
    weekend = march.index.day_of_week >= 5
    ratio = march[weekend].mean() / march[~weekend].mean()
    assert ratio["continuous_process"] == pytest.approx(1.0)
    assert ratio["data_centre"] == pytest.approx(1.0)
    for shift in ("three_shift", "two_shift", "one_shift", "office"):
        assert ratio[shift] < 0.8, shift


def test_spring_festival_2025_lower_than_a_normal_week_for_two_shift() -> None:
    year = _year(DAYS_2025[:, None] * 1000.0, ["two_shift"])["two_shift"]
    festival = year["2025-01-28":"2025-02-04"].mean()
    normal = year["2025-03-10":"2025-03-16"].mean()  # Mon-Sun, no holiday
    assert festival < 0.6 * normal


def test_data_centre_is_nearly_flat_all_year() -> None:
    year = _year(DAYS_2025[:, None] * 24.0, ["data_centre"])["data_centre"]
    assert year.max() / year.min() < 1.1
    assert year.mean() == pytest.approx(1.0, rel=1e-12)


def test_makeup_working_sunday_gets_the_working_shape() -> None:
    year = _year(np.full((12, 1), 1e4), ["two_shift"])["two_shift"]
    # 2025-01-26 is a Sunday worked in exchange for the Spring Festival break
    assert date(2025, 1, 26) in MAKEUP_2025
    assert year["2025-01-26 10:00"] == pytest.approx(year["2025-01-22 10:00"])
    assert year["2025-01-19 10:00"] < year["2025-01-22 10:00"]  # normal Sunday


def test_china_holiday_calendar_2025() -> None:
    spring = {date(2025, 1, 28) + pd.Timedelta(days=i).to_pytimedelta() for i in range(8)}
    idle = non_working_hours(HOURS_2025, HOLIDAYS_2025, MAKEUP_2025)
    by_day = pd.Series(idle, index=HOURS_2025.date).groupby(level=0).all()
    assert all(by_day[d] for d in spring)
    assert all(by_day[date(2025, 10, d)] for d in range(1, 9))
    assert not by_day[date(2025, 2, 8)]  # Saturday worked


def test_fill_keeps_measured_hours_and_flags_every_modelled_hour() -> None:
    rng = np.random.default_rng(3)
    measured = rng.uniform(50, 150, size=(8760, 2))
    measured[100:300, 0] = np.nan  # January gap
    measured[5000:5005, 1] = np.nan  # July gap
    monthly = np.full((12, 2), np.nan)
    monthly[0, 0] = np.nansum(measured[:744, 0]) + 20_000.0
    monthly[6, 1] = np.nansum(measured[4344:5088, 1]) + 500.0
    out = fill_hourly_load_kwh(measured, monthly, ["one_shift", "office"], HOURS_2025, ())
    np.testing.assert_array_equal(out.modelled, np.isnan(measured))
    known = ~out.modelled
    np.testing.assert_array_equal(out.load_kwh[known], measured[known])
    assert out.load_kwh[:744, 0].sum() == pytest.approx(monthly[0, 0], rel=1e-9)
    assert out.load_kwh[4344:5088, 1].sum() == pytest.approx(monthly[6, 1], rel=1e-9)
    assert out.load_kwh[100:300, 0].sum() == pytest.approx(20_000.0, rel=1e-9)


def test_problems_reported_together(english: None) -> None:
    measured = np.full((8760, 3), 1.0)
    measured[10, 0] = np.nan  # gap without a monthly total
    measured[20, 1] = np.nan  # gap, but measured already above the total
    monthly = np.full((12, 3), np.nan)
    monthly[0, 1] = 1.0
    with pytest.raises(ValueError) as caught:
        fill_hourly_load_kwh(
            measured,
            monthly,
            ["one_shift", "office", "office"],
            HOURS_2025,
            (),
            enterprise_ids=["E01", "E02", "E03"],
        )
    problems = str(caught.value).split("\n")
    assert len(problems) == 2
    assert problems[0].startswith("E01 month 1") and problems[1].startswith("E02 month 1")
    with pytest.raises(ValueError, match="unknown load_profile 'warehouse'"):
        hourly_from_monthly_kwh(np.ones((12, 2)), ["office", "warehouse"], HOURS_2025, ())
    with pytest.raises(ValueError) as caught:  # January only, but a total for every month
        hourly_from_monthly_kwh(np.ones((12, 1)), ["office"], HOURS_2025[:744], ())
    assert len(str(caught.value).split("\n")) == 11
    assert "month 2" in str(caught.value).split("\n")[0]


def test_missing_month_totals_scale_measured_hours_by_shape() -> None:
    hours = pd.date_range("2025-01-01", periods=24 * 59, freq="h", tz="Asia/Shanghai")
    profiles = ["one_shift", "continuous_process", "continuous_process"]
    measured = np.full((len(hours), 3), 10.0)
    measured[:, 0] = np.nan  # no meter data at all: needs bills
    measured[5:9, 1] = np.nan  # 4 h gap in January for the second enterprise
    monthly = np.full((12, 3), np.nan)
    monthly[:2, 0] = [100.0, 200.0]
    out = fill_hourly_load_kwh(
        measured, monthly, profiles, hours, frozenset(), estimate_missing_totals=True
    )
    # flat shape: 740 measured hours x 10 kWh, scaled by 744/740 -> 7440 kWh, 10 kWh per gap hour
    np.testing.assert_allclose(out.load_kwh[5:9, 1], 10.0, rtol=1e-12)
    assert out.estimated_month.tolist() == [[False, True, False]] + [[False] * 3] * 11
    assert out.load_kwh[:744, 0].sum() == pytest.approx(100.0)  # bills used, not estimated
    with pytest.raises(ValueError):  # without estimation the gap month needs a bill
        fill_hourly_load_kwh(measured, monthly, profiles, hours, frozenset())


def test_hours_on_days_reads_the_local_clock() -> None:
    hours = pd.date_range("2025-10-01", periods=48, freq="h", tz="Asia/Shanghai")
    on = hours_on_days(hours, {date(2025, 10, 2), date(2024, 1, 1)})
    assert on.tolist() == [False] * 24 + [True] * 24  # 00:00 local, not UTC
    assert not hours_on_days(hours, ()).any()


def test_major_holiday_breaks_2025_cover_the_whole_breaks() -> None:
    days = china_major_holiday_breaks(2025)
    # State Council 2025 schedule: Spring Festival Jan 28-Feb 4, Labour Day May 1-5,
    # National Day Oct 1-8; Qingming (Apr 4-6) and Dragon Boat are not major breaks.
    assert date(2025, 1, 28) in days and date(2025, 2, 4) in days
    assert date(2025, 5, 3) in days and date(2025, 5, 5) in days
    assert date(2025, 10, 8) in days and date(2025, 10, 9) not in days
    assert date(2025, 4, 4) not in days
    assert len(days) == 8 + 5 + 8


@pytest.mark.parametrize("year", [2020, 2024, 2025, 2026])
def test_china_calendar_is_holidays_country_calendar(year: int) -> None:
    """Read through holidays.countries.china alone: the same days as country_holidays("CN")."""
    calendar = country_holidays("CN", years=year)
    assert china_holidays(year) == frozenset(calendar)
    assert china_makeup_workdays(year) == {d for d in calendar.weekend_workdays if d.year == year}
    assert len(china_holidays(year)) > 10  # 春节, 国庆 ... with their bridged days


ONE_COUNTRY = """
import sys
from greenpark.core.load_profiles import China, china_holidays
countries = sorted(m for m in sys.modules if m.startswith("holidays.countries"))
import holidays
same = frozenset(holidays.country_holidays("CN", years=2025)) == china_holidays(2025)
import holidays.countries
print(countries, same, holidays.countries.China is China, "germany" in dir(holidays.countries))
"""


def test_only_chinas_holidays_are_imported_and_holidays_stays_whole() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ONE_COUNTRY], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["['holidays.countries.china']", "True", "True", "True"]
