"""hourly.parquet is written in blocks straight from the run's arrays; it must hold exactly
the run's hourly table."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import greenpark as gp
from greenpark.report.hourly_file import (
    HOURS_PER_BLOCK,
    ROW_COLUMNS,
    StoppedError,
    hour_text,
    write_hourly,
)
from greenpark.report.run_files import RESULT_FILES, export_run, exporting

ROOT = Path(__file__).resolve().parents[2]


def test_hourly_matrices_are_the_hourly_tables_columns() -> None:
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    whole = result.hourly()
    # hours 1000 to 1999: the table's rows 2 × 1000 to 2 × 2000, enterprise by enterprise
    block = result.hourly_matrices(slice(1000, 2000))
    rows = whole.iloc[2000:4000]
    assert block.enterprises == ("F1", "F2") and list(rows["enterprise"][:2]) == ["F1", "F2"]
    assert (block.hours.repeat(2) == rows["interval_start"]).all()
    assert list(block.columns) == list(whole.columns[2:])
    for name, values in block.columns.items():
        assert values.shape == (1000, 2)
        np.testing.assert_array_equal(values.ravel(), rows[name].to_numpy())


def test_hourly_file_is_the_hourly_table(tmp_path: Path) -> None:
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    export_run(result, tmp_path / "out")
    path = tmp_path / "out" / "hourly.parquet"
    pd.testing.assert_frame_equal(pd.read_parquet(path), result.hourly())
    assert not any(field.nullable for field in pq.read_schema(path))  # no column has a null
    # a row group per block, the last one short (8760 is not a multiple of the block)
    metadata = pq.ParquetFile(path).metadata
    groups = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert groups[:-1] == [HOURS_PER_BLOCK * 2] * (len(groups) - 1)
    assert 0 < groups[-1] < HOURS_PER_BLOCK * 2 and sum(groups) == 8760 * 2
    # dictionary encoding and statistics for the row's hour and enterprise, not for the numbers
    columns = metadata.row_group(0)
    for i in range(columns.num_columns):
        column = columns.column(i)
        dictionary = "RLE_DICTIONARY" in column.encodings
        assert dictionary == (column.path_in_schema in ROW_COLUMNS), column.path_in_schema
        assert column.is_stats_set == (column.path_in_schema in ROW_COLUMNS)
    # the hours' statistics bound each row group, so a reader filtering on hours skips the rest
    hours = result.hourly()["interval_start"]
    first = metadata.row_group(0).column(0).statistics
    assert (first.min, first.max) == (hours.iloc[0], hours.iloc[HOURS_PER_BLOCK * 2 - 1])


def test_hour_text_is_how_pandas_writes_the_hours() -> None:
    """Across a daylight-saving change (offsets +01:00 and +02:00), west of Greenwich
    (a negative offset) and at a half-hour offset, in China's hours of a year."""
    for zone, start in (
        ("Europe/Berlin", "2025-03-29"),
        ("America/St_Johns", "2025-11-01"),
        ("Asia/Kolkata", "2025-01-01"),
        ("Asia/Shanghai", "2025-01-01"),
    ):
        hours = pd.date_range(start, periods=8760, freq="h", tz=zone, unit="us")
        assert hour_text(hours).tolist() == list(np.asarray(hours.astype(str)))


def _hourly_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("greenpark-hourly")]


def test_work_beside_the_export_sees_the_folder_replaced_only_after_it(tmp_path: Path) -> None:
    """The hourly file is written while the body runs; the folder changes only at the end."""
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    out = tmp_path / "out"
    with exporting(result, out) as written:
        assert not out.exists()  # nothing published while the body runs
        assert [p.name for p in written] == list(RESULT_FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(RESULT_FILES)
    assert written == [out / name for name in RESULT_FILES]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "hourly.parquet"), result.hourly())
    assert not _hourly_threads()


def test_a_failure_beside_the_export_keeps_the_earlier_folder(tmp_path: Path) -> None:
    """A failing body stops the hourly writer at its next block and waits for it, then the
    staging folder goes: the earlier results stay as they were, and nothing is left over."""
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    out = tmp_path / "out"
    export_run(result, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(KeyError, match="the terminal failed"), exporting(result, out):
        assert _hourly_threads()  # the hourly file is being written meanwhile
        raise KeyError("the terminal failed")
    assert not _hourly_threads()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_a_stopped_hourly_writer_writes_no_further_block(tmp_path: Path) -> None:
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    stop = threading.Event()
    stop.set()
    with pytest.raises(StoppedError):
        write_hourly(result, tmp_path, "id", per_enterprise_csv=True, stop=stop)
    # the files were opened, but not one block reached them
    assert pq.ParquetFile(tmp_path / "hourly.parquet").metadata.num_rows == 0
    assert (tmp_path / "hourly_enterprises.csv").read_bytes() == b""
