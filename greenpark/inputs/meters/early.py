"""Wide CSV meter files parsed from the start of a command, on the second core.

Before ``load_park`` parses a wide CSV file (:mod:`greenpark.inputs.meters.matrix`), a
command spends a second or more on one core importing libraries and checking ``park.yaml``.
:func:`read_ahead` (called by ``greenpark`` as it starts, :func:`read_ahead_for_command`, and
by ``load_park`` before it reads ``park.yaml``) starts a thread that finds the files by a
cheap pre-read of ``park.yaml``'s ``data:`` section (no validation: the entries that say
``layout: wide``, not ``resolution: monthly``, name a ``.csv`` file and give neither
``header_row`` nor ``skip_rows``), guesses the usual layout (the header on the first line)
and parses each file with pyarrow, which releases the GIL. The matrix path then
:func:`take` s a file's early read: its bytes, when the file is unchanged since (same size
and modification time), and its parse, when the matrix path's own reading of the header
finds the same first data line and width. A wrong guess costs a discarded parse: nothing
here decides anything about a file, and :func:`drop` lets go of what was not taken. The
thread also hashes each file it read (hashlib releases the GIL), so the run's fingerprint of
its inputs (:func:`file_digest`) does not read a large file once more.

Only the standard library is imported at module level, and the thread imports only PyYAML,
NumPy and pyarrow, never a greenpark module (two threads importing modules that import each
other can deadlock).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: pyarrow's default block size (a block holds whole lines: a longer line fails the parse and
#: sends the file to the text path)
_MIN_BLOCK = 1 << 20
#: the commands that load a park's meter data, and the file that makes a folder a park
PARK_COMMANDS = frozenset({"run", "check", "assess", "optimize", "pathway", "scenario"})
CONFIG_FILE = "park.yaml"
#: ``data:`` at the start of a line, up to the next line starting with a key (or the end)
_DATA_SECTION = re.compile(r"^data:[ \t]*(?:#.*)?\n(?:(?:[ \t#-].*)?\n)*", re.MULTILINE)

#: the first column's text, the other columns as floats (rows × columns, NaN = empty cell),
#: and how many of their cells were empty
Columns = tuple[list[str], "np.ndarray", int]


@dataclass(frozen=True)
class Early:
    """A file read ahead: its size and modification time when read, its bytes, and the
    parse of lines ``start``.. as ``width`` columns (a pyarrow error is raised again)."""

    stamp: tuple[int, int]
    data: bytes
    start: int
    width: int
    parsed: Future[Columns]


_lock = threading.Lock()
_pending: dict[Path, Future[Early | None]] = {}
#: (file, size, modification time) -> sha256 of the bytes read ahead
_digests: dict[tuple[Path, int, int], bytes] = {}


def read_ahead_for_command(argv: Sequence[str]) -> None:
    """:func:`read_ahead` for the park folder of a park-loading command line (``run PARK
    …``): the first argument after the command that is a folder holding ``park.yaml``."""
    commands = [k for k, word in enumerate(argv) if word in PARK_COMMANDS]
    if commands:
        for word in argv[commands[0] + 1 :]:
            if _is_park(Path(word)):
                read_ahead(Path(word))
                return


def _is_park(folder: Path) -> bool:
    try:
        return (folder / CONFIG_FILE).is_file()
    except (OSError, ValueError):  # a name too long for a path, a NUL in it: not a park
        return False


def read_ahead(park_dir: Path) -> None:
    """Start reading and parsing the wide CSV files ``park_dir/park.yaml`` lists (each file
    once until it is taken or dropped)."""
    config = park_dir / CONFIG_FILE
    try:
        listed = _listed_files(config.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeError, ValueError):
        return  # load_park says what is wrong with it
    with _lock:
        paths = [
            path for path in (_key(park_dir / name) for name in listed) if path not in _pending
        ]
        futures = {path: Future[Early | None]() for path in paths}
        _pending.update(futures)
    if futures:
        threading.Thread(target=_read_all, args=(futures,), daemon=True).start()


def take(path: Path) -> Early | None:
    """The early read of ``path`` (waiting for it), once; None when it was not started,
    failed or the file changed since."""
    with _lock:
        future = _pending.pop(_key(path), None)
    early = None if future is None else future.result()
    if early is None or _stamp(path) != early.stamp:
        return None
    return early


def drop() -> None:
    """Let go of every early read not taken (one still running ends unread)."""
    with _lock:
        _pending.clear()


def file_digest(path: Path) -> bytes:
    """sha256 of the file's bytes: of its read ahead when the file is unchanged since (same
    size and modification time), else of the file read now."""
    with _lock:
        known = _digests.get((_key(path), *_stamp(path)))
    return known if known is not None else hashlib.sha256(path.read_bytes()).digest()


def float_columns(data: bytes, start: int, width: int) -> Columns:
    """Lines ``start``.. of CSV ``data`` (UTF-8) parsed by pyarrow into ``width`` columns:
    the first as text, the others as float64 ("" = empty = NaN). pyarrow raises when a line
    has another width or a cell is not a number. The blocks are parsed on pyarrow's threads
    (parsed on one thread, a 15-min file for 500 enterprises took longer and 220 MiB more
    peak memory)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    names = [f"c{i}" for i in range(width)]
    table = pa_csv.read_csv(
        pa.py_buffer(data),
        read_options=pa_csv.ReadOptions(
            skip_rows=start,
            column_names=names,
            block_size=_block_size(len(data)),
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.float64() if i else pa.string() for i, name in enumerate(names)},
            null_values=[""],
            strings_can_be_null=False,
        ),
    )
    # one contiguous row per column (7x faster than filling strided columns), then viewed
    # as rows x columns (Fortran order, the layout pandas keeps a float frame in)
    columns = np.empty((width - 1, table.num_rows))
    for j, column in enumerate(table.columns[1:]):
        end = 0
        for chunk in column.chunks:  # nulls (empty cells) become NaN
            columns[j, end : end + len(chunk)] = chunk.to_numpy(zero_copy_only=False)
            end += len(chunk)
    empty = sum(c.null_count for c in table.columns[1:])
    return table.column(0).to_pylist(), columns.T, empty


def _block_size(size: int) -> int:
    """Bytes per block pyarrow parses at a time: one block per core (pyarrow's default of
    1 MiB cuts a 100 MB file into ~100 chunks per column, and copying ~100 chunks of each of
    2,000 columns took longer than the parse)."""
    return max(_MIN_BLOCK, -(-size // (os.cpu_count() or 1)))


def _listed_files(config: str) -> list[str]:
    """The files of the ``data:`` entries worth reading ahead (see the module doc)."""
    import yaml

    found = _DATA_SECTION.search(config if config.endswith("\n") else config + "\n")
    if found is None:
        return []
    try:
        data = yaml.load(found.group(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    items = data.get("data") if isinstance(data, dict) else None
    return [
        str(item["file"])
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
        and item.get("layout") == "wide"
        and item.get("resolution") != "monthly"
        and str(item.get("file", "")).lower().endswith(".csv")
        and not {"header_row", "skip_rows"} & item.keys()
    ]


def _read_all(futures: dict[Path, Future[Early | None]]) -> None:
    """Read each file not dropped meanwhile (None when it cannot be read), then hash it."""
    for path, future in futures.items():
        with _lock:
            if _pending.get(path) is not future:
                future.set_result(None)
                continue  # dropped meanwhile
        try:
            read = _read(path)
        except Exception:  # an unreadable file: the matrix path reads it and says so
            future.set_result(None)
            continue
        future.set_result(read)
        digest = hashlib.sha256(read.data).digest()
        with _lock:
            _digests[(path, *read.stamp)] = digest


def _read(path: Path) -> Early:
    """The file read and parsed as if its header were its first line."""
    stamp = _stamp(path)
    data = path.read_bytes()
    first = data[: data.find(b"\n")] if b"\n" in data else data
    header = next(csv.reader(io.StringIO(first.decode("utf-8-sig"))), [])
    parsed = Future[Columns]()
    try:
        parsed.set_result(float_columns(data, 1, len(header)))
    except Exception as exc:  # pyarrow's error, raised again where the parse is taken
        parsed.set_exception(exc)
    return Early(stamp, data, 1, len(header), parsed)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))
