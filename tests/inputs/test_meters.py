"""Meter-data import: layouts, conversion, 15-min sums, quality numbers and every bad-input rule."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.meters.cells import _DAY_END, SPACE
from greenpark.inputs.meters.grid import Grid, summed_hours
from greenpark.inputs.meters.load import MeterData, load_meter_data, year_hours
from greenpark.inputs.meters.problems import CAP
from greenpark.inputs.meters.quality import longest_gaps_h
from greenpark.inputs.park.schema import DataSource
from greenpark.messages import Message
from greenpark.report.messages import render_all

FIXTURES = Path(__file__).parent / "meter_fixtures"
IDS = ("E01", "E02", "STEEL")
TZ = "Asia/Shanghai"
HEADER = "timestamp,enterprise,carrier,quantity,unit\n"


pytestmark = pytest.mark.usefixtures("english")


def load(park_dir: Path, *sources: DataSource, year: int = 2025) -> MeterData:
    return load_meter_data(park_dir, sources, enterprise_ids=IDS, year=year, timezone=TZ)


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_text(content, encoding=encoding)
    return path


def problems_of(park_dir: Path, *sources: DataSource) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load(park_dir, *sources)
    return caught.value.problems


def at(hour: str) -> pd.Timestamp:
    return pd.Timestamp(hour, tz=TZ)


def hourly_rows(hours: int, start: str = "2025-01-01 00:00", enterprise: str = "E01") -> str:
    stamps = pd.date_range(start, periods=hours, freq="h").strftime("%Y-%m-%d %H:%M")
    return "".join(f"{s},{enterprise},electricity,1,kWh\n" for s in stamps)


# --- layouts --------------------------------------------------------------------------------


def test_long_hourly_fixture_converts_units_and_keeps_the_full_year() -> None:
    data = load(FIXTURES, DataSource(file=Path("long_hourly.csv")))
    power = data.hourly["electricity"]
    assert power.index.equals(year_hours(2025, TZ))
    assert (len(power), power.index.name, str(power.index.tz)) == (8760, "timestamp", TZ)
    assert list(power.columns) == ["E01", "E02"]
    assert power.loc[at("2025-01-01 00:00"), "E01"] == 1500.0  # 1.5 MWh
    assert power.loc[at("2025-01-01 01:00"), "E01"] == 1200.0
    assert power.loc[at("2025-01-01 00:00"), "E02"] == pytest.approx(100.0)  # 0.01 万kWh, 电力
    assert power["E01"].notna().sum() == 2 and power["E02"].notna().sum() == 1
    gas = data.hourly["natural_gas"]
    assert gas["E02"].iloc[:2].tolist() == [12.0, 8.0]  # Nm3 and 立方米 -> m3
    assert data.monthly == {}


def test_wide_monthly_fixture_stays_monthly_in_kg() -> None:
    source = DataSource(
        file=Path("wide_monthly.csv"),
        layout="wide",
        resolution="monthly",
        carrier="coal_raw",
        unit="吨",
    )
    coal = load(FIXTURES, source).monthly["coal_raw"]
    assert coal.index.tolist() == list(range(1, 13)) and coal.index.name == "month"
    assert coal.loc[1:3, "E01"].tolist() == [1500.0, 1250.0, 1000.0]
    assert coal.loc[1, "E02"] == 2000.0 and coal.loc[3, "E02"] == 0.0
    assert math.isnan(coal.loc[2, "E02"]) and coal.loc[4:, "E01"].isna().all()


def test_wide_csv_with_bom_and_enterprise_order(tmp_path: Path) -> None:
    text = "timestamp,E02,E01\n2025-03-01 10:00,5,7\n2025-03-01 11:00,,8\n"
    write(tmp_path / "w.csv", text, encoding="utf-8-sig")
    source = DataSource(file=Path("w.csv"), layout="wide", carrier="electricity", unit="MWh")
    frame = load(tmp_path, source).hourly["electricity"]
    assert list(frame.columns) == ["E01", "E02"]  # in the order of enterprise_ids
    assert frame.loc[at("2025-03-01 10:00")].tolist() == [7000.0, 5000.0]
    assert frame.loc[at("2025-03-01 11:00"), "E01"] == 8000.0
    assert math.isnan(frame.loc[at("2025-03-01 11:00"), "E02"])  # empty cell = missing


def test_xlsx_long_and_wide_sheets(tmp_path: Path) -> None:
    long = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(["2025-06-01 08:00", "2025-06-01 09:00"]),
            "enterprise": ["E01", "E01"],
            "carrier": ["heat_purchased"] * 2,
            "quantity": [1.5, 2.0],
            "unit": ["GJ", "GJ"],
        }
    )
    wide = pd.DataFrame({"timestamp": ["2025-06-01 08:00"], "STEEL": [3.0]})
    with pd.ExcelWriter(tmp_path / "m.xlsx") as writer:
        long.to_excel(writer, sheet_name="long", index=False)
        wide.to_excel(writer, sheet_name="wide", index=False)
    data = load(
        tmp_path,
        DataSource(file=Path("m.xlsx"), sheet="long"),
        DataSource(
            file=Path("m.xlsx"), sheet="wide", layout="wide", carrier="heat_purchased", unit="GJ"
        ),
    )
    heat = data.hourly["heat_purchased"]
    assert heat.loc[at("2025-06-01 08:00")].tolist() == [1.5, 3.0]
    assert heat.loc[at("2025-06-01 09:00"), "E01"] == 2.0


def test_xlsx_problems_use_spreadsheet_rows(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "timestamp": ["2025-01-01 00:00", "2025-01-01 01:00"],
            "enterprise": ["E01", "E01"],
            "carrier": ["electricity"] * 2,
            "quantity": ["1", "x"],
            "unit": ["kWh", "kWh"],
        }
    )
    frame.to_excel(tmp_path / "m.xlsx", index=False)
    (line,) = problems_of(tmp_path, DataSource(file=Path("m.xlsx")))
    assert line.startswith("m.xlsx row 3, column quantity: cannot read quantity 'x'")


@pytest.mark.parametrize(
    ("carrier", "unit", "canonical_amount"),
    [
        ("electricity", "万kWh", 1e4),
        ("electricity", "MWh", 1e3),
        ("electricity", "度", 1.0),
        ("coal_raw", "吨", 1e3),
        ("coal_raw", "t", 1e3),
        ("natural_gas", "Nm3", 1.0),
        ("natural_gas", "万立方米", 1e4),
        ("heat_purchased", "MJ", 1e-3),
    ],
)
def test_units_convert_to_the_carrier_unit(
    tmp_path: Path, carrier: str, unit: str, canonical_amount: float
) -> None:
    write(tmp_path / "m.csv", HEADER + f"2025-01-01 00:00,E01,{carrier},1,{unit}\n")
    data = load(tmp_path, DataSource(file=Path("m.csv")))
    assert data.hourly[carrier].iloc[0, 0] == pytest.approx(canonical_amount, rel=1e-12)


def test_interval_end_marks_shift_back_one_interval(tmp_path: Path) -> None:
    rows = "2025-01-01 00:00,E01,electricity,9,kWh\n2025-01-01 01:00,E01,electricity,1,kWh\n"
    rows += "2026-01-01 00:00,E01,electricity,2,kWh\n"
    write(tmp_path / "m.csv", HEADER + rows)
    data = load(tmp_path, DataSource(file=Path("m.csv"), timestamp_marks="interval_end"))
    series = data.hourly["electricity"]["E01"]
    assert series.loc[at("2025-01-01 00:00")] == 1.0
    assert series.loc[at("2025-12-31 23:00")] == 2.0
    assert series.notna().sum() == 2
    assert any("1 rows outside the accounting year 2025 ignored" in m for m in words(data.messages))


def test_quarter_hours_interval_end(tmp_path: Path) -> None:
    stamps = ["00:15", "00:30", "00:45", "01:00"]
    rows = "".join(f"2025-01-01 {s},E01,electricity,{i},kWh\n" for i, s in enumerate(stamps))
    write(tmp_path / "m.csv", HEADER + rows)
    source = DataSource(file=Path("m.csv"), resolution="15min", timestamp_marks="interval_end")
    assert load(tmp_path, source).hourly["electricity"].iloc[0, 0] == 0 + 1 + 2 + 3


def test_timestamps_with_the_park_offset_are_accepted(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + "2025-01-01T05:00+08:00,E01,electricity,4,kWh\n")
    data = load(tmp_path, DataSource(file=Path("m.csv")))
    assert data.hourly["electricity"].loc[at("2025-01-01 05:00"), "E01"] == 4.0


def test_excel_style_slashed_dates_and_thousands_separators(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + '2025/3/1 7:00,E01,electricity,"1,234.5",kWh\n')
    data = load(tmp_path, DataSource(file=Path("m.csv")))
    assert data.hourly["electricity"].loc[at("2025-03-01 07:00"), "E01"] == 1234.5


def test_several_files_feed_one_series(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", HEADER + hourly_rows(2))
    write(tmp_path / "b.csv", HEADER + hourly_rows(2, start="2025-01-01 02:00"))
    data = load(tmp_path, DataSource(file=Path("a.csv")), DataSource(file=Path("b.csv")))
    assert data.hourly["electricity"]["E01"].iloc[:5].tolist()[:4] == [1.0] * 4
    (quality,) = data.quality.to_dict("records")
    assert quality["file"] == "a.csv; b.csv" and quality["present_intervals"] == 4


def test_loader_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + hourly_rows(3))
    before = sorted(p.name for p in tmp_path.iterdir())
    load(tmp_path, DataSource(file=Path("m.csv")))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- 15-min sums ----------------------------------------------------------------------------


def test_quarter_hours_sum_exactly_and_incomplete_hours_are_gaps(tmp_path: Path) -> None:
    readings = {
        "00:00": 0.1,
        "00:15": 0.2,
        "00:30": 0.3,
        "00:45": 0.4,  # complete hour
        "01:00": 5.0,
        "01:15": 5.0,
        "01:45": 5.0,
    }  # 01:30 missing
    rows = "".join(f"2025-01-01 {t},E01,electricity,{q},kWh\n" for t, q in readings.items())
    write(tmp_path / "q.csv", HEADER + rows)
    data = load(tmp_path, DataSource(file=Path("q.csv"), resolution="15min"))
    series = data.hourly["electricity"]["E01"]
    assert series.iloc[0] == pytest.approx(1.0, abs=1e-12)
    assert math.isnan(series.iloc[1])  # three readings: a gap, not a partial sum of 15
    assert any("1 hours of E01 electricity have fewer than 4" in m for m in words(data.messages))
    assert data.quality.loc[0, "present_intervals"] == 1
    assert data.quality.loc[0, "resolution"] == "15min"


@settings(max_examples=25, deadline=None)
@given(
    quarters=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=4, max_size=96).map(
        lambda q: q[: len(q) // 4 * 4]
    ),
    first_hour=st.integers(0, 8000),
)
def test_quarter_hours_conserve_the_sum_of_complete_hours(
    tmp_path_factory: pytest.TempPathFactory, quarters: Sequence[float], first_hour: int
) -> None:
    park_dir = tmp_path_factory.mktemp("q")
    start = pd.Timestamp("2025-01-01") + pd.Timedelta(hours=first_hour)
    stamps = pd.date_range(start, periods=len(quarters), freq="15min")
    body = "".join(
        f"{s:%Y-%m-%d %H:%M},E01,electricity,{q!r},kWh\n"
        for s, q in zip(stamps, quarters, strict=True)
    )
    write(park_dir / "q.csv", HEADER + body)
    series = load(park_dir, DataSource(file=Path("q.csv"), resolution="15min")).hourly[
        "electricity"
    ]["E01"]
    hours = np.asarray(quarters).reshape(-1, 4).sum(axis=1)
    got = series.iloc[first_hour : first_hour + len(hours)].to_numpy()
    np.testing.assert_allclose(got, hours, rtol=1e-12, atol=1e-9)
    assert series.sum() == pytest.approx(sum(quarters), rel=1e-12, abs=1e-9)
    assert series.notna().sum() == len(hours)


def test_a_complete_quarter_grid_sums_like_one_with_gaps() -> None:
    """A grid with every quarter hour takes a shorter path (no masks): the same hourly sums
    (added in time order), files and smallest rows as the masked path gives its columns."""
    quarters = np.array([[0.1, 7.0], [0.2, 0.0], [0.3, 1.5], [0.4, 2.0]] * 2)
    files = np.array([[i % 2, (i + 1) % 2] for i in range(8)], dtype=np.int16)
    rows = np.array([[10 + i, 20 - i] for i in range(8)], dtype=np.int64)
    complete = summed_hours(Grid(quarters, files, rows))
    masked = summed_hours(  # one more column, without any reading
        Grid(
            np.hstack([quarters, np.full((8, 1), np.nan)]),
            np.hstack([files, np.full((8, 1), -1, np.int16)]),
            np.hstack([rows, np.zeros((8, 1), np.int64)]),
        )
    )
    first_hour = [((0.1 + 0.2) + 0.3) + 0.4, ((7.0 + 0.0) + 1.5) + 2.0]
    assert complete.values.tolist() == [first_hour, first_hour]
    assert complete.files.tolist() == [[0, 1], [0, 1]]  # the file of the first quarter
    assert complete.rows.tolist() == [[10, 17], [14, 13]]
    for got, expected in zip(
        (complete.values, complete.files, complete.rows),
        (masked.values, masked.files, masked.rows),
        strict=True,
    ):
        assert got.dtype == expected.dtype and np.array_equal(got, expected[:, :2])
    assert np.isnan(masked.values[:, 2]).all() and (masked.files[:, 2] == -1).all()


# --- quality --------------------------------------------------------------------------------


def test_quality_of_a_year_with_one_five_hour_gap(tmp_path: Path) -> None:
    hours = pd.date_range("2025-01-01", periods=8760, freq="h")
    gap = (hours >= "2025-03-10 06:00") & (hours < "2025-03-10 11:00")
    frame = pd.DataFrame({"timestamp": hours.strftime("%Y-%m-%d %H:%M"), "E01": 2.0})
    frame.loc[gap, "E01"] = np.nan
    frame.to_csv(tmp_path / "w.csv", index=False)
    source = DataSource(file=Path("w.csv"), layout="wide", carrier="electricity", unit="kWh")
    data = load(tmp_path, source)
    row = data.quality.iloc[0].to_dict()
    assert row | {"coverage_fraction": 0} == {
        "enterprise": "E01",
        "carrier": "electricity",
        "use": "fuel",
        "file": "w.csv",
        "resolution": "hourly",
        "expected_intervals": 8760,
        "present_intervals": 8755,
        "gap_intervals": 5,
        "coverage_fraction": 0,
        "imputed_hours": 0.0,
        "largest_gap_h": 5.0,
        "first_gap": at("2025-03-10 06:00"),
    }
    assert row["coverage_fraction"] == pytest.approx(8755 / 8760)
    assert data.hourly["electricity"]["E01"].sum() == 2.0 * 8755  # gaps are not filled
    assert words(data.messages) == ()  # how a gap is completed is for the coverage rules to say


def test_monthly_quality_counts_months_and_gap_hours() -> None:
    source = DataSource(
        file=Path("wide_monthly.csv"),
        layout="wide",
        resolution="monthly",
        carrier="coal_raw",
        unit="t",
    )
    quality = load(FIXTURES, source).quality.set_index("enterprise")
    assert quality.loc["E01", "present_intervals"] == 3
    assert quality.loc["E01", "largest_gap_h"] == (365 - 31 - 28 - 31) * 24  # April-December
    assert quality.loc["E02", "present_intervals"] == 2
    assert quality.loc["E02", "first_gap"] == at("2025-02-01 00:00")


def test_longest_gaps_by_hand() -> None:
    missing = np.array([[1, 0], [1, 0], [0, 1], [1, 1], [1, 1], [1, 0]], dtype=bool)
    np.testing.assert_array_equal(longest_gaps_h(missing, np.ones(6)), [3.0, 3.0])
    weighted = longest_gaps_h(missing, np.array([744.0, 672, 744, 720, 744, 720]))
    np.testing.assert_array_equal(weighted, [720 + 744 + 720, 744 + 720 + 744])
    np.testing.assert_array_equal(longest_gaps_h(~missing[:, :1] & False, np.ones(6)), [0.0])
    with_full = np.hstack([missing[:, :1], np.zeros((6, 1), bool), missing[:, 1:]])
    np.testing.assert_array_equal(longest_gaps_h(with_full, np.ones(6)), [3.0, 0.0, 3.0])


# --- fuel or feedstock (原料用能) --------------------------------------------------------------

MONTHLY_HEADER = "month,enterprise,carrier,quantity,unit"


def test_use_column_splits_fuel_from_feedstock(tmp_path: Path) -> None:
    # E01 burns 100 t coke in January and uses 40 t as feedstock (a blank use is the entry's)
    write(
        tmp_path / "m.csv",
        f"{MONTHLY_HEADER},use\n"
        "2025-01,E01,coke,100,t,\n"
        "2025-01,E01,coke,40,t,原料\n"
        "2025-02,E01,coke,10,t,feedstock\n"
        "2025-01,E02,natural_gas,5,万Nm3,fuel\n",
    )
    data = load(tmp_path, DataSource(file=Path("m.csv"), resolution="monthly"))
    assert data.monthly["coke"]["E01"].sum() == pytest.approx(100_000.0)
    assert data.feedstock_monthly["coke"]["E01"].tolist()[:2] == [40_000.0, 10_000.0]
    assert data.monthly["natural_gas"]["E02"].sum() == pytest.approx(50_000.0)
    assert "natural_gas" not in data.feedstock_monthly and not data.feedstock_hourly
    uses = data.quality.set_index(["enterprise", "carrier", "use"]).index
    assert ("E01", "coke", "fuel") in uses and ("E01", "coke", "feedstock") in uses


def test_data_entry_use_applies_to_the_whole_file(tmp_path: Path) -> None:
    write(tmp_path / "w.csv", "month,E01\n2025-03,12\n")
    source = DataSource(
        file=Path("w.csv"),
        layout="wide",
        resolution="monthly",
        carrier="natural_gas",
        unit="万Nm3",
        use="feedstock",
    )
    data = load(tmp_path, source)
    assert data.feedstock_monthly["natural_gas"]["E01"].sum() == pytest.approx(120_000.0)
    assert "natural_gas" not in data.monthly


def test_bad_use_cells_are_reported_with_their_rows(tmp_path: Path) -> None:
    write(
        tmp_path / "m.csv",
        f"{MONTHLY_HEADER},use\n"
        "2025-01,E01,coke,100,t,burnt\n"
        "2025-01,E01,electricity,100,kWh,feedstock\n"
        "2025-02,E01,coke,1,t,fuel\n"
        "2025-02,E01,coke,2,t,\n",
    )
    lines = problems_of(tmp_path, DataSource(file=Path("m.csv"), resolution="monthly"))
    assert len(lines) == 3
    assert lines[0].startswith("m.csv row 2, column use: unknown use 'burnt'")
    assert lines[1].startswith("m.csv row 3, column use: feedstock applies to fuels only")
    assert "duplicate reading for E01 coke at 2025-02" in lines[2]  # blank = the entry's fuel


def test_feedstock_entry_needs_a_fuel() -> None:
    with pytest.raises(ValueError, match="fuels only"):
        DataSource(
            file=Path("w.csv"), layout="wide", carrier="electricity", unit="kWh", use="feedstock"
        )


# --- bad input ------------------------------------------------------------------------------


def test_files_sharing_a_timestamp_column_each_report_their_own_bad_cells(tmp_path: Path) -> None:
    # one file per enterprise, as meter systems export them: the column is parsed once and
    # reused, but every file's cells are still its own (rows, names), and the readings too
    stamps = pd.date_range("2025-01-01", periods=6, freq="h").strftime("%Y-%m-%d %H:%M").tolist()
    stamps[3] = "2025-01-01 3:99"
    sources = []
    for number, enterprise in enumerate(IDS, start=1):
        rows = "".join(f"{s},{number * (i + 1)}\n" for i, s in enumerate(stamps))
        write(tmp_path / f"{enterprise}.csv", f"timestamp,{enterprise}\n" + rows)
        sources.append(
            DataSource(
                file=Path(f"{enterprise}.csv"), layout="wide", carrier="electricity", unit="kWh"
            )
        )
    assert problems_of(tmp_path, *sources) == tuple(
        f"{e}.csv row 5, column timestamp: cannot read timestamp '2025-01-01 3:99'; expected "
        "YYYY-MM-DD HH:MM, e.g. 2025-01-01 00:00"
        for e in IDS
    )
    stamps[3] = "2025-01-01 03:00"
    for number, enterprise in enumerate(IDS, start=1):
        rows = "".join(f"{s},{number * (i + 1)}\n" for i, s in enumerate(stamps))
        write(tmp_path / f"{enterprise}.csv", f"timestamp,{enterprise}\n" + rows)
    hours = load(tmp_path, *sources).hourly["electricity"].iloc[:6]
    for number, enterprise in enumerate(IDS, start=1):
        assert hours[enterprise].tolist() == [number * (i + 1) for i in range(6)]


def test_the_space_class_is_pythons_whitespace() -> None:
    # cells.SPACE stands for Python's \s so that pyarrow's RE2 can run the patterns
    space = re.compile(SPACE)
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert (space.fullmatch(character) is None) == (re.fullmatch(r"\s", character) is None)
    day_end = "2025-01-01\u300024:00"  # an ideographic space, as a Chinese keyboard types it
    data = pd.Series([day_end, "2025-01-01 05:00"], dtype=str)
    assert data.str.contains(_DAY_END, regex=True).tolist() == [True, False]


def test_several_problems_in_one_file_are_reported_together() -> None:
    lines = problems_of(FIXTURES, DataSource(file=Path("bad_long.csv")))
    expected = [
        "bad_long.csv row 3, column timestamp: cannot read timestamp '2025-13-01 00:00'",
        "bad_long.csv row 4, column enterprise: unknown enterprise 'STEL' (did you mean 'STEEL'?)",
        "bad_long.csv row 5, column carrier: unknown carrier 'electricty' "
        "(did you mean 'electricity'?)",
        "bad_long.csv row 8, column unit: unit 'kW' is power, but electricity is measured as "
        "energy, like kWh",
        "bad_long.csv row 6, column quantity: cannot read quantity 'abc'",
        "bad_long.csv row 7, column quantity: negative reading -5",
        "bad_long.csv row 9: duplicate reading for E01 electricity at 2025-01-01 00:00 "
        "(already given in bad_long.csv row 2)",
    ]
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_problems_are_capped_per_kind(tmp_path: Path) -> None:
    stamps = pd.date_range("2025-01-01", periods=50, freq="h").strftime("%Y-%m-%d %H:%M")
    write(tmp_path / "m.csv", HEADER + "".join(f"{s},E01,electricity,x,kWh\n" for s in stamps))
    lines = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert len(lines) == CAP + 1
    assert lines[-1] == "m.csv: … and 30 more like this"
    assert lines[CAP - 1].startswith(f"m.csv row {CAP + 1},")


def test_duplicates_across_files(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", HEADER + hourly_rows(3))
    write(tmp_path / "b.csv", HEADER + hourly_rows(1, start="2025-01-01 02:00"))
    (line,) = problems_of(tmp_path, DataSource(file=Path("a.csv")), DataSource(file=Path("b.csv")))
    assert line == (
        "b.csv row 2: duplicate reading for E01 electricity at 2025-01-01 02:00 "
        "(already given in a.csv row 4)"
    )


def test_hourly_and_quarter_hourly_files_overlapping(tmp_path: Path) -> None:
    write(tmp_path / "h.csv", HEADER + hourly_rows(2))
    quarters = pd.date_range("2025-01-01 01:00", periods=4, freq="15min")
    write(
        tmp_path / "q.csv",
        HEADER + "".join(f"{s:%Y-%m-%d %H:%M},E01,electricity,1,kWh\n" for s in quarters),
    )
    (line,) = problems_of(
        tmp_path, DataSource(file=Path("h.csv")), DataSource(file=Path("q.csv"), resolution="15min")
    )
    assert line.startswith(
        "q.csv row 2: duplicate reading for E01 electricity at "
        "2025-01-01 01:00 (already given in h.csv row 3)"
    )


def test_utc_offset_is_rejected_with_a_hint(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + "2024-12-31T16:00+00:00,E01,electricity,1,kWh\n")
    (line,) = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert line.startswith(
        "m.csv row 2, column timestamp: timestamp '2024-12-31T16:00+00:00' "
        "has offset +00:00: the file looks exported in UTC"
    )
    assert "Asia/Shanghai is +08:00" in line


@pytest.mark.parametrize(
    ("resolution", "stamps", "expected"),
    [
        (
            "hourly",
            ["00:00", "00:15", "00:30"],
            "m.csv row 3, column timestamp: timestamp '2025-01-01 00:15' is not on the whole "
            "hour (for 15-minute data set resolution: 15min)",
        ),
        (
            "15min",
            ["00:00", "01:00", "02:00"],
            "m.csv: declared resolution 15min, but every "
            "timestamp is on the whole hour (hourly data? set resolution: hourly)",
        ),
    ],
)
def test_wrong_resolution(
    tmp_path: Path, resolution: str, stamps: list[str], expected: str
) -> None:
    rows = "".join(f"2025-01-01 {s},E01,electricity,1,kWh\n" for s in stamps)
    write(tmp_path / "m.csv", HEADER + rows)
    lines = problems_of(tmp_path, DataSource(file=Path("m.csv"), resolution=resolution))
    assert lines[0] == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("kW", "unit 'kW' is power, but electricity is measured as energy, like kWh"),
        ("kg", "unit 'kg' is mass, but electricity is measured as energy, like kWh"),
        ("bananas", "unknown unit 'bananas'; expected energy, like kWh"),
        ("", "missing unit; expected energy, like kWh"),
    ],
)
def test_wrong_units(tmp_path: Path, unit: str, expected: str) -> None:
    write(tmp_path / "m.csv", HEADER + f"2025-01-01 00:00,E01,electricity,1,{unit}\n")
    (line,) = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert line == f"m.csv row 2, column unit: {expected}"


def test_unknown_names_list_their_rows(tmp_path: Path) -> None:
    rows = "".join(f"2025-01-01 0{h}:00,E1,electricity,1,kWh\n" for h in range(7))
    write(tmp_path / "m.csv", HEADER + rows + "2025-01-01 00:00,E01,steam,1,GJ\n")
    lines = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert lines[0] == (
        "m.csv rows 2, 3, 4, 5, 6, … (7 rows), column enterprise: unknown "
        "enterprise 'E1' (did you mean 'E01'?)"
    )
    assert lines[1].startswith("m.csv row 9, column carrier: unknown carrier 'steam'")


def test_missing_columns(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", "timestamp,enterprise,value\n2025-01-01 00:00,E01,1\n")
    (line,) = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert line == (
        "m.csv row 1: missing column(s) carrier, quantity, unit; found timestamp, "
        "enterprise, value; expected timestamp, enterprise, carrier, quantity, unit (map the "
        "file's headers with columns: in the data entry, or give enterprise/carrier/unit there)"
    )


def test_wide_header_problems(tmp_path: Path) -> None:
    write(tmp_path / "w.csv", "timestamp,E01,E01,Steel\n2025-01-01 00:00,1,2,3\n")
    source = DataSource(file=Path("w.csv"), layout="wide", carrier="electricity", unit="kWh")
    assert problems_of(tmp_path, source) == (
        "w.csv row 1, column E01: column 'E01' appears twice",
        "w.csv row 1, column Steel: unknown enterprise 'Steel' (did you mean 'STEEL'?)",
    )
    write(tmp_path / "x.csv", "time,E01\n2025-01-01 00:00,1\n")
    source = DataSource(file=Path("x.csv"), layout="wide", carrier="electricity", unit="kWh")
    assert problems_of(tmp_path, source) == (
        "x.csv row 1, column time: a wide file's first column must be 'timestamp', found 'time'",
    )


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    (tmp_path / "binary.csv").write_bytes(
        HEADER.encode() + b"2025-01-01 00:00,E01,\xff\xff,1,kWh\n"
    )
    write(tmp_path / "empty.csv", "")
    write(tmp_path / "m.xls", "")
    write(tmp_path / "m.ods", "")
    lines = problems_of(
        tmp_path,
        DataSource(file=Path("nope.csv")),
        DataSource(file=Path("broken.xlsx")),
        DataSource(file=Path("binary.csv")),
        DataSource(file=Path("empty.csv")),
        DataSource(file=Path("m.xls")),
        DataSource(file=Path("m.ods")),
    )
    assert lines[0].startswith("park.yaml: data[0]: file nope.csv does not exist (looked for ")
    assert lines[1].startswith("broken.xlsx: cannot read the file: ")
    assert lines[2].startswith("binary.csv: neither UTF-8 nor GB18030/GBK text (byte ")
    assert lines[3] == "empty.csv: the file is empty (no header row)"
    assert lines[4].startswith("m.xls: cannot read the file: ")
    assert lines[5].startswith("park.yaml: data[5]: cannot read m.ods: expected a .csv, .xlsx")
    assert len(lines) == 6


def test_no_data_in_the_accounting_year(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + hourly_rows(3, start="2024-05-01 00:00"))
    write(tmp_path / "header_only.csv", HEADER)
    lines = problems_of(
        tmp_path, DataSource(file=Path("m.csv")), DataSource(file=Path("header_only.csv"))
    )
    assert lines == (
        "m.csv: no data at all for the accounting year 2025; m.csv: 3 rows outside the "
        "accounting year 2025 ignored (2024-05-01 00:00 to 2024-05-01 02:00)",
        "header_only.csv: no data at all for the accounting year 2025",
    )


def test_offset_other_than_the_park_zone(tmp_path: Path) -> None:
    write(tmp_path / "m.csv", HEADER + "2025-01-01T09:00+09:00,E01,electricity,1,kWh\n")
    assert problems_of(tmp_path, DataSource(file=Path("m.csv"))) == (
        "m.csv row 2, column timestamp: timestamp '2025-01-01T09:00+09:00' has offset +09:00, "
        "but the park time zone Asia/Shanghai is +08:00",
    )


def test_local_times_that_daylight_saving_skips(tmp_path: Path) -> None:
    rows = "2025-03-30 01:00,E01,electricity,1,kWh\n2025-03-30 02:00,E01,electricity,1,kWh\n"
    write(tmp_path / "m.csv", HEADER + rows)
    with pytest.raises(InputError) as caught:
        load_meter_data(
            tmp_path,
            [DataSource(file=Path("m.csv"))],
            enterprise_ids=IDS,
            year=2025,
            timezone="Europe/Berlin",
        )
    assert caught.value.problems == (
        "m.csv row 3, column timestamp: local time '2025-03-30 02:00' does not exist or is "
        "ambiguous in Europe/Berlin (daylight saving); write it with its offset",
    )


def test_excel_months_typed_as_dates_and_sheet_in_messages(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-03"]),
            "E01": [1.0, 2.0, 3.0],
        }
    )
    frame.to_excel(tmp_path / "m.xlsx", sheet_name="煤", index=False)
    source = DataSource(
        file=Path("m.xlsx"),
        sheet="煤",
        layout="wide",
        resolution="monthly",
        carrier="coal_raw",
        unit="t",
    )
    assert problems_of(tmp_path, source) == (
        "m.xlsx [煤] row 4, column month: cannot read month '2025-02-03'; expected "
        "YYYY-MM, YYYYMM, YYYY/MM or YYYY年M月, e.g. 2025-03",
    )
    frame.iloc[:2].to_excel(tmp_path / "m.xlsx", sheet_name="煤", index=False)
    assert load(tmp_path, source).monthly["coal_raw"]["E01"].iloc[:3].tolist()[:2] == [
        1000.0,
        2000.0,
    ]


def test_hourly_data_and_bills_for_one_series_are_both_kept(tmp_path: Path) -> None:
    write(tmp_path / "h.csv", HEADER + hourly_rows(1))
    write(tmp_path / "m.csv", "month,enterprise,carrier,quantity,unit\n2025-01,E01,电力,5,kWh\n")
    data = load(
        tmp_path,
        DataSource(file=Path("h.csv")),
        DataSource(file=Path("m.csv"), resolution="monthly"),
    )
    assert data.hourly["electricity"]["E01"].sum() == 1.0
    assert data.monthly["electricity"].loc[1, "E01"] == 5.0
    assert data.quality[["file", "resolution"]].values.tolist() == [
        ["h.csv", "hourly"],
        ["m.csv", "monthly"],
    ]
    assert not data.allow_gaps and len(data.hours) == 8760


def test_bad_months_and_duplicate_months(tmp_path: Path) -> None:
    body = "month,E01\n2025-01,1\n2025-1x,2\n2025-01,3\n"
    write(tmp_path / "m.csv", body)
    source = DataSource(
        file=Path("m.csv"), layout="wide", resolution="monthly", carrier="electricity", unit="kWh"
    )
    assert problems_of(tmp_path, source) == (
        "m.csv row 3, column month: cannot read month '2025-1x'; expected YYYY-MM, YYYYMM, "
        "YYYY/MM or YYYY年M月, e.g. 2025-03",
        "m.csv row 4: duplicate reading for E01 electricity at 2025-01 "
        "(already given in m.csv row 2)",
    )


def test_problems_are_in_chinese_by_default(tmp_path: Path) -> None:
    set_language("zh")
    write(tmp_path / "m.csv", HEADER + "2025-01-01 00:00,E01,electricity,-1,kWh\n")
    (line,) = problems_of(tmp_path, DataSource(file=Path("m.csv")))
    assert line == "m.csv 第 2 行（quantity 列）: 读数为负 -1，应为 0 或正数"


def test_no_sources_gives_empty_meter_data(tmp_path: Path) -> None:
    data = load(tmp_path)
    assert (dict(data.hourly), dict(data.monthly), words(data.messages)) == ({}, {}, ())
    assert data.quality.empty and "coverage_fraction" in data.quality.columns


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))
