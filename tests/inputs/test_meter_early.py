"""Wide CSV files parsed from the start of a command: which files, what is taken, and that a
wrong guess or a changed file only costs a parse (the matrix then equals the one read now)."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from greenpark.errors import InputError
from greenpark.inputs.meters import early
from greenpark.inputs.meters.matrix import read_matrix
from greenpark.inputs.park.load import load_park
from greenpark.inputs.park.schema import DataSource

CONFIG = """\
park:
  id: p  # data: in a comment is not the section
enterprises:
- id: E01
data:
# the hourly file
- file: data/hourly.csv
  layout: wide
  carrier: electricity
  unit: kWh
- {file: data/month.csv, layout: wide, resolution: monthly, carrier: electricity, unit: kWh}
- file: data/long.csv
- file: data/titled.csv
  layout: wide
  skip_rows: 1
- file: data/book.xlsx
  layout: wide
- file: DATA/QUARTERS.CSV
  layout: wide
  resolution: 15min
rooftops: []
"""
HOURLY = "timestamp,E01,E02\n2025-01-01 00:00,1.5,\n2025-01-01 01:00,0.25,3\n"


@pytest.fixture(autouse=True)
def nothing_left_over() -> Iterator[None]:
    early.drop()
    yield
    early.drop()


def park(tmp_path: Path, hourly: str = HOURLY) -> Path:
    (tmp_path / "park.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "hourly.csv").write_text(hourly, encoding="utf-8")
    return tmp_path


def test_only_wide_interval_csv_files_without_a_header_position_are_listed() -> None:
    assert early._listed_files(CONFIG) == ["data/hourly.csv", "DATA/QUARTERS.CSV"]
    assert early._listed_files("park:\n  id: p\n") == []
    assert early._listed_files("data: [}\n") == []  # not YAML: nothing read ahead
    assert early._listed_files("data:\n- file: a.csv\n  layout: wide\n---\nx: 1\n") == []


def test_a_file_read_ahead_is_taken_once_and_parsed_as_its_header_says(tmp_path: Path) -> None:
    folder = park(tmp_path)
    early.read_ahead(folder)
    path = folder / "data" / "hourly.csv"
    taken = early.take(path)
    assert taken is not None and (taken.start, taken.width) == (1, 3)
    assert taken.data == path.read_bytes()
    first, values, empty = taken.parsed.result()
    assert first == ["2025-01-01 00:00", "2025-01-01 01:00"] and empty == 1
    assert np.array_equal(values, [[1.5, np.nan], [0.25, 3.0]], equal_nan=True)
    assert early.take(path) is None  # once
    assert early.take(folder / "DATA" / "QUARTERS.CSV") is None  # missing: nothing to take


def test_a_file_changed_since_or_dropped_is_not_taken(tmp_path: Path) -> None:
    folder = park(tmp_path)
    path = folder / "data" / "hourly.csv"
    early.read_ahead(folder)
    assert early.take(path) is not None
    early.read_ahead(folder)
    early._pending[early._key(path)].result()  # read before the file changes
    path.write_text(HOURLY.replace("1.5", "2.5"), encoding="utf-8")
    stamp = path.stat()
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert early.take(path) is None
    early.read_ahead(folder)
    early.drop()
    assert early.take(path) is None


def test_the_matrix_of_a_wrong_guess_is_the_one_read_now(tmp_path: Path) -> None:
    """A title row above the header: the parse read ahead (header on line 1) is not used."""
    titled = "园区电量日报,,\n" + HOURLY
    folder = park(tmp_path, titled)
    source = DataSource(
        file=Path("data/hourly.csv"),
        layout="wide",
        carrier="electricity",
        unit="kWh",
    )
    now = read_matrix(folder, source)
    early.read_ahead(folder)
    ahead = read_matrix(folder, source)
    assert now is not None and ahead is not None
    assert ahead.table.body.index.tolist() == now.table.body.index.tolist() == [3, 4]
    assert np.array_equal(ahead.values, now.values, equal_nan=True)
    assert ahead.table.header == now.table.header == ("timestamp", "E01", "E02")


def test_a_park_command_line_starts_the_read(tmp_path: Path) -> None:
    folder = park(tmp_path)
    path = folder / "data" / "hourly.csv"
    early.read_ahead_for_command(["pv", str(folder)])  # loads no meter data
    early.read_ahead_for_command(["run", "x" * 5000, "bad\0name"])  # no park, no error
    assert early.take(path) is None
    early.read_ahead_for_command(["--lang", "en", "run", "--out", str(tmp_path), str(folder)])
    assert early.take(path) is not None


def test_the_digest_of_a_file_is_of_its_bytes_read_ahead_or_read_now(tmp_path: Path) -> None:
    folder = park(tmp_path)
    path = folder / "data" / "hourly.csv"
    other = folder / "park.yaml"  # never read ahead
    assert early.file_digest(other) == hashlib.sha256(other.read_bytes()).digest()
    early.read_ahead(folder)
    assert early.take(path) is not None
    key = (early._key(path), *early._stamp(path))
    for _ in range(200):  # the thread hashes the file after its parse is taken
        if key in early._digests:
            break
        time.sleep(0.01)
    assert key in early._digests
    assert early.file_digest(path) == hashlib.sha256(HOURLY.encode()).digest()
    path.write_text(HOURLY + "2025-01-01 02:00,1,1\n", encoding="utf-8")
    assert early.file_digest(path) == hashlib.sha256(path.read_bytes()).digest()


def test_a_park_yaml_that_is_not_yaml_leaves_no_read_behind(tmp_path: Path) -> None:
    folder = park(tmp_path)
    with (folder / "park.yaml").open("a", encoding="utf-8") as config:
        config.write("  bad: [\n")  # the data: section above is still found
    early.read_ahead(folder)
    assert early._key(folder / "data" / "hourly.csv") in early._pending
    with pytest.raises(InputError):
        load_park(folder)
    assert early._pending == {}
