"""``hourly.parquet`` and, on request, ``hourly_enterprises.csv``: the run's long hourly table
(a row per hour and enterprise: 4.4 million at 500 enterprises) written a month-sized block
at a time, a parquet row group each, straight from the run's (hours × enterprises) arrays
(:meth:`greenpark.run_result.RunResult.hourly_matrices`): the float columns go to Arrow
without a copy, the hour and enterprise columns are made once per block, and no pandas
table is built for the parquet file.

The file reads back (``pandas.read_parquet``) as exactly :meth:`RunResult.hourly`: the same
columns, types, values and pandas metadata. Parquet encoding (measured at 500 enterprises,
see ``benchmarks/README.md``): dictionary encoding only for the repeated hour and enterprise
columns — tried on every column, as pyarrow does by default, it hashed millions of distinct
floats before falling back and took ~4× as long to write — snappy compression, the codec
every parquet reader knows, and min/max statistics only for the hour and enterprise columns
(a reader filtering on hours or enterprises still skips row groups; statistics of the 16 flow
columns were ~20% of the writer's CPU, 0.25 s at 500 enterprises, and no filter on a flow
could skip a month anyway). Every column is declared without nulls (it has none): the writer
then writes no definition levels, ~15% of its CPU.

:func:`writing_hourly` writes them in a second thread while the caller writes the other
files: pyarrow encodes and compresses without holding Python's lock, so on two cores the
hourly file (~1 s of CPU at 500 enterprises) takes little wall time of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from greenpark.pipeline.hourly import HourlyMatrices
from greenpark.report.csv_headers import CSV_ENCODING, labelled
from greenpark.report.csv_writer import write_csv
from greenpark.report.out_folder import durable

if TYPE_CHECKING:
    import pyarrow as pa

    from greenpark.run_result import RunResult

#: the files :func:`write_hourly` writes: always, and on request
HOURLY_FILES = ("hourly.parquet", "hourly_enterprises.csv")
#: hours per block (a row group of hourly.parquet): a 31-day month
HOURS_PER_BLOCK = 744
#: the columns naming the row, repeated in every block: dictionary-encoded
ROW_COLUMNS = ["interval_start", "enterprise"]
PARQUET_OPTIONS: dict[str, object] = {
    "compression": "snappy",
    "use_dictionary": ROW_COLUMNS,
    "write_statistics": ROW_COLUMNS,
}


def _schema(result: RunResult) -> pa.Schema:
    """The Arrow schema of the long hourly table, with the pandas metadata pandas writes
    (so the file reads back with the table's pandas types), from its first hour."""
    import pyarrow as pa

    first = result.hourly_matrices(slice(0, 1))
    interval = pd.DatetimeIndex(first.hours).repeat(len(first.enterprises))
    frame = pd.DataFrame({"interval_start": interval, "enterprise": list(first.enterprises)})
    frame = frame.assign(**{name: values.ravel() for name, values in first.columns.items()})
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    # no column holds a null: required columns carry no definition levels to write
    return pa.schema([field.with_nullable(False) for field in schema], metadata=schema.metadata)


def block_table(
    block: HourlyMatrices, schema: pa.Schema, enterprise_columns: dict[int, pa.Array]
) -> pa.Table:
    """One block of the long hourly table as Arrow: hour by hour, enterprises in park order.
    ``enterprise_columns``: the enterprise column by block length, made once and shared by
    the blocks of that length (every full block has the same: 0.4 s at 2,000 enterprises)."""
    import pyarrow as pa

    count = len(block.enterprises)
    hours = block.hours.as_unit("us").asi8  # epoch microseconds, as the schema's timestamp
    if len(hours) not in enterprise_columns:
        ids = pa.array(list(block.enterprises), type=schema.field("enterprise").type)
        order = np.tile(np.arange(count, dtype=np.int32), len(hours))
        enterprise_columns[len(hours)] = ids.take(order)
    arrays = [
        pa.array(np.repeat(hours, count), type=schema.field("interval_start").type),
        enterprise_columns[len(hours)],
    ]
    arrays += [pa.array(values.ravel()) for values in block.columns.values()]
    return pa.Table.from_arrays(arrays, schema=schema)


class StoppedError(Exception):
    """The hourly files were abandoned half-written: the export they belong to failed."""


def _blocks(result: RunResult, stop: threading.Event) -> Iterator[HourlyMatrices]:
    """The year's hours in consecutive blocks of :data:`HOURS_PER_BLOCK` (the last short);
    :class:`StoppedError` before a block once ``stop`` is set."""
    start = 0
    while len((block := result.hourly_matrices(slice(start, start + HOURS_PER_BLOCK))).hours):
        if stop.is_set():
            raise StoppedError
        yield block
        start += HOURS_PER_BLOCK


@contextmanager
def writing_hourly(
    result: RunResult, stage: Path, headers: str, per_enterprise_csv: bool
) -> Iterator[None]:
    """:func:`write_hourly` in a second thread while the body runs; its failure is raised
    at the end of the body. A failing body stops it at the next block and waits for it, so
    no file is still being written when the caller removes ``stage``."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="greenpark-hourly") as thread:
        writing = thread.submit(write_hourly, result, stage, headers, per_enterprise_csv, stop)
        try:
            yield
        except BaseException:
            stop.set()
            raise
        writing.result()


def write_hourly(
    result: RunResult,
    stage: Path,
    headers: str,
    per_enterprise_csv: bool,
    stop: threading.Event | None = None,
) -> None:
    """``hourly.parquet`` (ids as column names) and, if asked, ``hourly_enterprises.csv``
    (the chosen headers, :func:`greenpark.report.run_files.export_run`) into ``stage``, each
    on disk when this returns (its fsync, ~0.1 s for the 120 MB at 500 enterprises, is paid
    in this thread); ``stop``: raise :class:`StoppedError` at the next block once it is set."""
    import pyarrow.parquet as pq

    schema = _schema(result)
    enterprise_columns: dict[int, pa.Array] = {}
    with ExitStack() as files:
        writer = files.enter_context(
            pq.ParquetWriter(stage / HOURLY_FILES[0], schema, **PARQUET_OPTIONS)
        )
        csv = None
        if per_enterprise_csv:
            path = stage / HOURLY_FILES[1]
            csv = files.enter_context(path.open("w", encoding=CSV_ENCODING, newline=""))
        for number, block in enumerate(_blocks(result, stop or threading.Event())):
            table = block_table(block, schema, enterprise_columns)
            writer.write_table(table)
            if csv is not None:
                write_csv(_csv_block(table.to_pandas(), headers), csv, header=number == 0)
    for name in HOURLY_FILES if per_enterprise_csv else HOURLY_FILES[:1]:
        durable(stage / name)  # here, beside the other work, not when the folder is swapped in


def _csv_block(frame: pd.DataFrame, headers: str) -> pd.DataFrame:
    """A block of the long hourly table for CSV: each hour's start formatted once, not once
    per enterprise, which was most of the cost of the file."""
    codes, hours = pd.factorize(frame["interval_start"])
    shown = frame.assign(interval_start=hour_text(pd.DatetimeIndex(hours))[codes])
    return labelled(shown) if headers == "label" else shown


def hour_text(hours: pd.DatetimeIndex) -> np.ndarray:
    """Each hour's start (whole seconds, time-zone aware) as pandas writes it to CSV
    (``2025-01-01 00:00:00+08:00``), made with numpy: pandas takes ~20× as long."""
    local = hours.tz_localize(None).to_numpy()
    utc = hours.tz_convert("UTC").tz_localize(None).to_numpy()
    offsets, which = np.unique(
        (local - utc).astype("timedelta64[m]").astype(np.int64), return_inverse=True
    )
    signs = ["+" if minutes >= 0 else "-" for minutes in offsets]
    zones = [
        f"{sign}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
        for sign, m in zip(signs, offsets, strict=True)
    ]
    starts = [text.replace("T", " ") for text in np.datetime_as_string(local, unit="s").tolist()]
    shown: np.ndarray = np.array(starts, dtype=object) + np.array(zones, dtype=object)[which]
    return shown
