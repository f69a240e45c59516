"""Coverage rules at load time: every gap is completed from a bill, imputed in its month,
extrapolated with ``allow_gaps``, or refused with the file, enterprise, carrier and months."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pytest

from greenpark.core.allocation import month_totals
from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.meters.coverage import BILL_TOLERANCE_FRACTION, _metered_months
from greenpark.inputs.meters.load import year_hours
from greenpark.inputs.park.load import load_park
from greenpark.messages import Message
from greenpark.report.messages import render_all

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import ParkMaker

FLAT = {"A": "continuous_process"}
FIX = (
    "add monthly bills for them, or use --allow-gaps to extrapolate them from the known "
    "months (flagged as extrapolated)"
)


def problems(park_dir: Path, *, allow_gaps: bool = False) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load_park(park_dir, allow_gaps=allow_gaps)
    return caught.value.problems


def test_meter_installed_mid_year_takes_bills_for_the_months_before(
    park_maker: ParkMaker, english: None
) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 2.0, "2025-07-15")
    bills = park_maker.monthly("A", "electricity", "kWh", dict.fromkeys(range(1, 8), 1000.0))
    park = load_park(park_maker.write("mid", FLAT, {"h.csv": [hourly], "m.csv": [bills]}))
    assert words(park.messages) == (
        "A electricity (data/h.csv; data/m.csv), 2025: month(s) 1-7: 4680 h completed from "
        "monthly bills; these hours are shaped by the load profile and flagged as modelled",
    )  # 4,344 h January-June + 336 h of July 1-14


def test_hourly_data_for_part_of_the_year_names_file_and_months(park_maker: ParkMaker) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 2.0, end="2025-07-01")
    park_dir = park_maker.write("half", FLAT, {"h.csv": [hourly]})
    assert problems(park_dir) == (
        "A electricity：data/h.csv 的逐时数据在 2025 年 7-12 月没有任何读数，也没有这些月份的"
        "月度账单；请补充这些月份的月度账单，或加 --allow-gaps 按已知月份的水平外推（标记为外推值）",
    )
    assert (
        "7-12 月（4416 小时）既无读数也无账单"
        in words(load_park(park_dir, allow_gaps=True).messages)[0]
    )


def test_fuel_with_eleven_bills_names_the_missing_month(
    park_maker: ParkMaker, english: None
) -> None:
    power = park_maker.monthly("A", "electricity", "kWh", dict.fromkeys(range(1, 13), 1.0))
    gas = park_maker.monthly("A", "natural_gas", "Nm3", dict.fromkeys(range(1, 12), 100.0))
    park_dir = park_maker.write("gas11", FLAT, {"m.csv": [power, gas]})
    assert problems(park_dir) == (
        f"A natural_gas: data/m.csv has no monthly total for month(s) 12 of 2025; {FIX}",
    )
    park = load_park(park_dir, allow_gaps=True)
    assert park.meters.allow_gaps
    assert words(park.messages)[-1] == (
        "A natural_gas (data/m.csv), 2025: month(s) 1-11: 8016 h completed from monthly bills; "
        "month(s) 12 (744 h) have neither readings nor a "
        "bill, extrapolated at the level of the known months; the known months cover 91.5% "
        "of the year (--allow-gaps); these hours are spread evenly over time and flagged as "
        "modelled"
    )  # 8,016 of 8,760 h


def test_an_empty_cell_is_a_gap_and_zero_is_a_reading(park_maker: ParkMaker, english: None) -> None:
    power = park_maker.monthly("A", "electricity", "kWh", dict.fromkeys(range(1, 13), 0.0))
    gas = park_maker.monthly("A", "natural_gas", "Nm3", dict.fromkeys(range(1, 13), None))
    park_dir = park_maker.write("empty", FLAT, {"m.csv": [power, gas]})
    expected = (
        "A natural_gas: data/m.csv has no reading for it at all (an empty cell is a gap, not "
        "0); write 0 where nothing was used",
    )
    assert problems(park_dir) == expected
    assert problems(park_dir, allow_gaps=True) == expected  # nothing to extrapolate from
    gas = park_maker.monthly("A", "natural_gas", "Nm3", dict.fromkeys(range(1, 13), 0.0))
    park = load_park(park_maker.write("zeros", FLAT, {"m.csv": [power, gas]}))
    assert float(park.meters.monthly["electricity"]["A"].sum()) == 0.0


def test_gas_series_covering_half_a_percent_of_the_year(park_maker: ParkMaker) -> None:
    power = park_maker.monthly("A", "electricity", "kWh", dict.fromkeys(range(1, 13), 1.0))
    gas = park_maker.hourly("A", "natural_gas", "Nm3", 12.0, end="2025-01-02 20:00")  # 44 h
    park_dir = park_maker.write("gas44", FLAT, {"m.csv": [power], "gas.csv": [gas]})
    assert problems(park_dir) == (
        "A natural_gas：data/gas.csv 的逐时数据在 2025 年 2-12 月没有任何读数，也没有这些月份的"
        "月度账单；请补充这些月份的月度账单，或加 --allow-gaps 按已知月份的水平外推（标记为外推值）",
    )


def test_bill_below_the_metered_hours_names_both_files_and_the_month(
    park_maker: ParkMaker, english: None
) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 2.0, "2025-03-10")
    bills = park_maker.monthly("A", "electricity", "kWh", {1: 1000.0, 2: 1000.0, 3: 500.0})
    park_dir = park_maker.write("short", FLAT, {"h.csv": [hourly], "m.csv": [bills]})
    # March 10-31: 528 h × 2 kWh = 1,056 kWh metered, more than the 500 kWh bill
    assert problems(park_dir) == (
        "A electricity 2025-03: the monthly bill of 500 kWh (data/m.csv) is less than the "
        "1056 kWh already metered in 528 hours of that month (data/h.csv); a bill includes "
        "the metered hours, check both",
    )


def test_fully_metered_month_with_a_disagreeing_bill_is_a_message(
    park_maker: ParkMaker, english: None
) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 1.0)  # January: 744 kWh
    # the bill may differ from the metered sum by 2% of the larger of the two
    close = 744.0 / (1 - BILL_TOLERANCE_FRACTION) - 0.01  # 759.18…: just within
    far = 744.0 / (1 - BILL_TOLERANCE_FRACTION) + 0.01  # 759.20…: just beyond
    for name, bill, expected in (("close", close, 0), ("far", far, 1)):
        bills = park_maker.monthly("A", "electricity", "kWh", {1: bill})
        park = load_park(park_maker.write(name, FLAT, {"h.csv": [hourly], "m.csv": [bills]}))
        assert len(words(park.messages)) == expected
    assert words(park.messages)[0] == (
        "A electricity 2025-01: the metered hours sum to 744 kWh (data/h.csv) but the monthly "
        "bill says 759.194 kWh (data/m.csv), 2.0% apart, more than 2%; the metered hours are "
        "used, check them (missing readings, units, transformer losses)"
    )


def test_month_with_gaps_and_no_bill_is_imputed_and_said(
    park_maker: ParkMaker, english: None
) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 1.0)
    hourly.loc[100:103, "quantity"] = np.nan  # four empty cells in January
    park = load_park(park_maker.write("holes", FLAT, {"h.csv": [hourly]}))
    assert words(park.messages) == (
        "A electricity (data/h.csv), 2025: month(s) 1: 4 h missing without a bill, imputed at "
        "the level of the month's metered hours; these hours are shaped by the load profile "
        "and flagged as modelled",
    )


def test_every_coverage_problem_at_once(park_maker: ParkMaker, english: None) -> None:
    hourly = park_maker.hourly("A", "electricity", "kWh", 2.0, end="2025-07-01")
    gas = park_maker.monthly("B", "natural_gas", "Nm3", {1: 5.0, 3: 5.0})
    park_dir = park_maker.write(
        "all", {"A": "one_shift", "B": "office", "C": "office"}, {"h.csv": [hourly], "g.csv": [gas]}
    )
    assert problems(park_dir) == (
        "enterprise B has no electricity data for 2025 (none of its readings in data/h.csv); "
        "add hourly data or bills for all 12 months",
        "enterprise C has no electricity data for 2025 (none of its readings in data/h.csv); "
        "add hourly data or bills for all 12 months",
        "A electricity: the hourly data in data/h.csv has no reading in month(s) 7-12 of 2025 "
        f"and there is no monthly bill for them; {FIX}",
        f"B natural_gas: data/g.csv has no monthly total for month(s) 2,4-12 of 2025; {FIX}",
    )


def test_park_without_any_electricity_file(park_maker: ParkMaker) -> None:
    set_language("zh")
    gas = park_maker.monthly("A", "natural_gas", "Nm3", dict.fromkeys(range(1, 13), 5.0))
    park_dir = park_maker.write("nopower", FLAT, {"g.csv": [gas]})
    assert problems(park_dir) == (
        "企业 A 在 2025 年没有任何电量数据（park.yaml 的 data: 中没有电力数据文件）；"
        "请补充逐时数据或全部 12 个月的电费账单",
    )


def test_an_all_empty_column_of_a_wide_file_is_a_gap_not_a_non_user(
    park_maker: ParkMaker, english: None
) -> None:
    power = park_maker.monthly("A", "electricity", "kWh", dict.fromkeys(range(1, 13), 1.0))
    power_b = park_maker.monthly("B", "electricity", "kWh", dict.fromkeys(range(1, 13), 1.0))
    park_dir = park_maker.write("wide", {"A": "office", "B": "office"}, {"m.csv": [power, power_b]})
    stamps = park_maker.hours().strftime("%Y-%m-%d %H:%M")
    wide = "timestamp,A,B\n" + "".join(f"{stamp},2,\n" for stamp in stamps)  # B: all empty
    (park_dir / "data" / "gas.csv").write_text(wide, encoding="utf-8")
    config = (park_dir / "park.yaml").read_text(encoding="utf-8")
    entry = "- file: data/gas.csv\n  layout: wide\n  carrier: natural_gas\n  unit: Nm3\n"
    (park_dir / "park.yaml").write_text(config.replace("data:\n", "data:\n" + entry), "utf-8")
    assert problems(park_dir) == (
        "B natural_gas: data/gas.csv has no reading for it at all (an empty cell is a gap, not "
        "0); write 0 where nothing was used",
    )


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))


@pytest.mark.parametrize("order", ["F", "C"])
def test_metered_months_are_the_month_totals_of_the_readings(order: str) -> None:
    """Month by month, the same hours with a reading and the same sums (gaps as 0), bit for
    bit, as month_totals of the whole year; a month of gaps counts 0 hours."""
    hours = year_hours(2025, "Asia/Shanghai")
    month = hours.month.to_numpy()
    rng = np.random.default_rng(11)
    values = np.asarray(rng.random((len(hours), 70)) * 1e3, order=order)
    values[rng.random(values.shape) < 0.05] = np.nan
    values[month == 3, 4] = np.nan
    present = ~np.isnan(values)
    counted, summed = _metered_months(values, month)
    assert np.array_equal(counted, month_totals(present, month))
    assert np.array_equal(summed, month_totals(np.where(present, values, 0.0), month))
    assert counted[2, 4] == 0 and summed[2, 4] == 0
    assert counted[1, 0] == present[month == 2, 0].sum()
