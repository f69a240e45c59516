"""A big worksheet's readings read from its XML without calamine (see :mod:`.sheet_rows`).

The sheet's XML is inflated on a second thread (zlib releases the GIL) while the rows already
inflated are checked and parsed, block by block, so no more than a few blocks of XML are held.
The first column (timestamps: text, shared strings, dates as styled serial numbers, …) is read
by fastexcel from a small workbook made of the same parts but only the first column's cells,
so it is typed exactly as fastexcel types it in the whole sheet. The result is the
:class:`~greenpark.inputs.meters.sheet_numbers.Read` fastexcel's columns give; a sheet holding
anything the rows' reader is not sure of raises :class:`~.sheet_rows.NotSureError` and is read by
fastexcel.
"""

from __future__ import annotations

import io
import posixpath
import queue
import threading
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa

from greenpark.inputs.meters.sheet_rows import (
    NotSureError,
    Regular,
    Rows,
    parse_fields,
    read_block,
    settle,
)

#: bytes of sheet XML inflated at a time; the first block is small, so that a sheet left to
#: fastexcel (see :mod:`.sheet_rows`) is most often known as such after a few rows
_BLOCK = 1 << 24
_FIRST_BLOCK = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: built-in number formats that are not dates or times (ECMA-376 part 1, 18.8.30): General,
#: numbers, currency, percentages, fractions, scientific, accounting, text
_PLAIN_FORMATS = frozenset({*range(14), *range(37, 45), 48, 49})
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"


def read_rows(path: Path, sheet: str, start: int) -> tuple[Rows, pa.Array | None]:
    """The data rows (below spreadsheet row ``start``) of ``sheet``, and fastexcel's first
    column of them (from row ``start + 1`` to the last that is not empty; None when it mixes
    kinds of cells, which fastexcel refuses)."""
    with zipfile.ZipFile(path) as book:
        try:
            part = _sheet_part(book, sheet)
            rows = Rows(_plain_styles(book))
        except (KeyError, ElementTree.ParseError) as error:
            raise NotSureError from error
        runs = _row_runs(path, part)
        with closing(runs), ThreadPoolExecutor(1, thread_name_prefix="sheet-parse") as pool:
            waiting: deque[tuple[Regular, Future[np.ndarray]]] = deque()
            for text, end in runs:
                regular = read_block(text, end, start, rows)
                if regular is not None:  # parsed while the next block is read
                    waiting.append((regular, pool.submit(parse_fields, regular, rows.width)))
                while len(waiting) > 1:
                    done, parsed = waiting.popleft()
                    settle(done, parsed.result, rows)
            for done, parsed in waiting:
                settle(done, parsed.result, rows)
        first = _first_column(book, part, sheet, rows.first_cells, start)
    return rows, first


def _row_runs(path: Path, part: str) -> Generator[tuple[bytes, int], None, None]:
    """The sheet's XML as runs of whole ``<row>`` elements: each a text and where its last
    row ends (the rest of the text begins the next run)."""
    carry = b""
    for block in _inflated(path, part):
        text = carry + block
        cut = text.rfind(b"</row>") + 6
        if cut > 5:
            yield text, cut
        carry = text[cut:] if cut > 5 else text
    end = carry.find(b"</sheetData>")
    yield carry, end if end >= 0 else len(carry)


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding ``sheet``'s XML."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    ids = [s.get(_REL_ID) for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == sheet]
    links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = [
        r.get("Target") or ""
        for r in links.iter(f"{_RELS}Relationship")
        if ids and r.get("Id") == ids[0]
    ]
    if len(targets) != 1:
        raise NotSureError
    target = targets[0]
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    if part not in book.namelist():
        raise NotSureError
    return part


def _plain_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """The cell styles (``s=``) whose number format is not a date, time or custom format."""
    try:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return frozenset()
    formats = next(styles.iter(f"{_MAIN}cellXfs"), None)
    if formats is None:
        return frozenset()
    kinds = [xf.get("numFmtId", "0") for xf in formats.iter(f"{_MAIN}xf")]
    return frozenset(
        k for k, kind in enumerate(kinds) if kind.isdigit() and int(kind) in _PLAIN_FORMATS
    )


def _inflated(path: Path, part: str) -> Iterator[bytes]:
    """``part`` inflated on a second thread, block by block (at most two blocks ahead)."""
    blocks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def inflate() -> None:
        try:
            with zipfile.ZipFile(path) as book, book.open(part) as stream:
                size = min(_FIRST_BLOCK, _BLOCK)
                while not stop.is_set() and (block := stream.read(size)):
                    _put(blocks, block, stop)
                    size = _BLOCK
        except Exception as error:  # whatever it was, the reader is told
            _put(blocks, error, stop)
        _put(blocks, None, stop)

    thread = threading.Thread(target=inflate, name="sheet-xml", daemon=True)
    thread.start()
    try:
        while (block := blocks.get()) is not None:
            if isinstance(block, BaseException):
                raise NotSureError from block
            yield block
    finally:
        stop.set()
        thread.join()


def _put(
    blocks: queue.Queue[bytes | BaseException | None], item: object, stop: threading.Event
) -> None:
    """Put ``item`` once there is room, unless the reader has stopped."""
    while not stop.is_set():
        try:
            blocks.put(item, timeout=0.05)  # type: ignore[arg-type]
            return
        except queue.Full:
            continue


def strict_sheet(reader: fastexcel.ExcelReader, sheet: str, start: int) -> pa.RecordBatch:
    """Every cell of ``sheet`` below row ``start`` as fastexcel types it when it must be sure
    (a column mixing kinds of cells raises)."""
    return reader.load_sheet(
        sheet,
        header_row=None,
        skip_rows=start,
        schema_sample_rows=None,
        dtype_coercion="strict",
        eager=True,
    )


def _first_column(
    book: zipfile.ZipFile, part: str, sheet: str, cells: list[tuple[int, bytes]], start: int
) -> pa.Array | None:
    """fastexcel's first column of the data rows, read from a workbook of only those cells
    (None when they mix kinds of cells)."""
    if not cells:
        return pa.nulls(0)
    rows = b"".join(b'<row r="%d">%s</row>' % (row, cell) for row, cell in cells)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as small:
        for name in book.namelist():  # the workbook's parts, but no other sheet
            if name.endswith((".xml", ".rels")) and not name.startswith("xl/worksheets/"):
                small.writestr(name, book.read(name))
        small.writestr(part, _SHEET_START + rows + _SHEET_END)
    try:
        batch = strict_sheet(fastexcel.read_excel(buffer.getvalue()), sheet, start)
    except fastexcel.UnsupportedColumnTypeCombinationError:
        return None
    except fastexcel.FastExcelError as error:
        raise NotSureError from error
    return batch.column(0) if batch.num_columns else pa.nulls(0)
