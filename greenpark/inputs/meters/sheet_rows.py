"""The rows of a worksheet's XML read as numbers, block by block (the fast reader's core).

A year of 15-min readings for 500 enterprises is 540 MB of sheet XML with 17.5 million cells
like ``<c r="B2"><v>556.9</v></c>``. Parsing it cell by cell (calamine, into Arrow by
fastexcel) costs ~10 s of one core on this machine. Here a block of rows is checked and parsed
with a few passes of C code over the bytes, no Python object per cell:

1. the rows are cut out of the block (one ``find`` per row); a row's first cell (column A,
   the timestamps) is kept as its XML, for calamine to read (:mod:`.sheet_xml`);
2. the rest of every row must be *regular*: ``<c r="B{n}"><v>…</v></c>``, then column C and so
   on, no attribute but the reference (or ``t="n"`` on every cell, as openpyxl writes), only
   ``0-9 . -`` in the numbers and references. One
   ``translate`` deleting those characters and one comparison with the expected skeleton
   prove it for the whole block;
3. pyarrow's CSV reader parses the regular rows with ``v`` as the delimiter, after every
   other character of the skeleton is turned into a space: the fields between ``<v>`` and
   ``</v>`` are the numbers (float64, rounded to nearest as calamine's parse), the fields
   between them the references' row numbers (int64, each checked against its row).

A row that is not regular is read on its own: number cells with gaps (cells left out) by one
regular expression checked against their skeleton, any other row (styled or empty cells, an
exponent) cell by cell (~0.5-1 ms a row of 500 cells). A sheet of many such rows is left to
fastexcel, as is anything else (text, formulas, booleans, a date style, an empty
``<v></v>``, ``nan``): :class:`NotSureError`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

#: what the skeleton check deletes: the characters of numbers and row numbers
_NUMBER_BYTES = b"0123456789.-"
#: the skeleton's other characters become spaces, which pyarrow trims around a number
_TO_FIELDS = bytes(c if c in _NUMBER_BYTES + b"v\n" else 0x20 for c in range(256))
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"((?: [a-z]+="[^"]*")*)(?:/>|>(?:<v>([^<]*)</v>)?</c>)'
)
_GAPPY = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"( t="n")?><v>([0-9.-]*)</v></c>')
_ATTRIBUTE = re.compile(rb' ([a-z]+)="([^"]*)"')
#: the attribute openpyxl writes on every number
_TAIL = b' t="n"'
#: rows read cell by cell (~0.5-1 ms each at 500 columns) beyond which, when they are also more
#: than one row in 20, the sheet is left to fastexcel; the same for rows with gaps read at once
#: (~0.2 ms each, fastexcel ~0.3 ms a row) when they are more than one row in 4
_ODD_ROWS = 50
#: regular rows whose parse failed are parsed again in halves down to this many
_FEWEST = 8
_NUMBER = re.compile(rb"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class NotSureError(Exception):
    """The sheet holds a cell only calamine can be trusted to read as fastexcel does."""


def column_letters(index: int) -> bytes:
    """A column's letters (0 -> ``A``, 26 -> ``AA``)."""
    letters = b""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


@cache
def column_index(letters: bytes) -> int:
    """A column's index from its letters (``A`` -> 0)."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


@dataclass
class Rows:
    """What the data rows of a sheet held: the first column's cells as XML, blocks of regular
    rows (row numbers, then one value per column from B on), and the other rows' cells."""

    plain_styles: frozenset[int]
    first_cells: list[tuple[int, bytes]] = field(default_factory=list)
    blocks: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    odd: list[tuple[int, list[int], list[float]]] = field(default_factory=list)  # with numbers
    #: a regular row's cells without their numbers; chosen again from a block's first rows
    #: when most of its rows do not match it
    skeleton: bytes = b""
    last: int = 0  # the last row read
    odd_rows: int = 0  # rows read cell by cell
    gappy_rows: int = 0  # rows of number cells with gaps, read at once

    @property
    def width(self) -> int:
        """Cells in a regular row (from column B on)."""
        return self.skeleton.count(b"<c ")


@dataclass(frozen=True)
class Regular:
    """Regular rows of a block waiting for their parse: row numbers, each row's cells from
    column B on, and those rows as ``v``-delimited fields for :func:`parse_fields`."""

    numbers: np.ndarray
    lines: list[memoryview]
    fields: bytes


def read_block(text: bytes, end: int, start: int, rows: Rows) -> Regular | None:
    """Add the data rows (below spreadsheet row ``start``) of ``text[:end]``, a run of whole
    ``<row>`` elements, to ``rows``; the regular rows are returned, to be parsed."""
    regular: list[tuple[int, int, int]] = []  # row number, start and end of cells B...
    position = text.find(b"<row", 0, end)
    while position >= 0:
        tag_end = text.find(b">", position)
        if text[tag_end - 1] == 0x2F:  # <row .../>: an empty row
            position = text.find(b"<row", tag_end, end)
            continue
        row_end = text.find(b"</row", tag_end, end)
        number = _ROW_NUMBER.match(text, position)
        if number is None or row_end < 0 or int(number[1]) <= rows.last:
            raise NotSureError  # no row number, or rows out of order
        rows.last = int(number[1])
        if rows.last > start:
            _cut_row(text, rows.last, tag_end + 1, row_end, rows, regular)
        position = text.find(b"<row", row_end, end)
    return _regular(memoryview(text), regular, rows) if regular else None


def _cut_row(
    text: bytes, row: int, begin: int, end: int, rows: Rows, regular: list[tuple[int, int, int]]
) -> None:
    """Keep the first cell of a row; queue the rest as regular when it starts at column B."""
    if text.startswith(b'<c r="A%d"' % row, begin):
        close = text.find(b">", begin)
        cell_end = close + 1 if text[close - 1] == 0x2F else text.find(b"</c>", close) + 4
        if cell_end < 4 or cell_end > end:
            raise NotSureError
        rows.first_cells.append((row, text[begin:cell_end]))
        begin = cell_end
    if text.startswith(b'<c r="B%d"' % row, begin):
        regular.append((row, begin, end))
    else:
        _read_odd(text[begin:end], row, rows)


def _regular(text: memoryview, regular: list[tuple[int, int, int]], rows: Rows) -> Regular | None:
    """The queued rows that are regular (see the module docstring); the others are read now,
    cell by cell."""
    lines = [text[begin:end] for _, begin, end in regular]
    joined = b"\n".join(lines)
    shapes = joined.translate(None, _NUMBER_BYTES)
    if shapes != b"\n".join([rows.skeleton] * len(lines)):
        each = shapes.split(b"\n")
        if 2 * each.count(rows.skeleton) < len(each):  # the first rows, or rows longer now
            rows.skeleton = _skeleton(lines[:16])
        regular, lines = _keep(regular, lines, each, rows)
        joined = b"\n".join(lines)
    numbers = np.array([row for row, _, _ in regular], dtype=np.int64)
    return Regular(numbers, lines, joined.translate(_TO_FIELDS)) if lines else None


def _skeleton(lines: list[memoryview]) -> bytes:
    """A regular row's cells without their numbers: as many cells as most of the first
    rows have, each with the attributes cell B has in the first row if they are ``t="n"``
    (openpyxl writes it on every number), else none."""
    counts = [bytes(line).count(b"<c ") for line in lines]
    first = bytes(lines[0][:64])
    quote = first.find(b'"', 6)
    tail = _TAIL if first.startswith(_TAIL + b">", quote + 1) else b""
    return b"".join(
        b'<c r="%s"%s><v></v></c>' % (column_letters(j + 1), tail)
        for j in range(max(counts, key=counts.count))
    )


def _keep(
    regular: list[tuple[int, int, int]], lines: list[memoryview], shapes: list[bytes], rows: Rows
) -> tuple[list[tuple[int, int, int]], list[memoryview]]:
    """The rows of the regular skeleton; the others are read cell by cell."""
    kept = [k for k, shape in enumerate(shapes) if shape == rows.skeleton]
    for k in sorted(set(range(len(lines))) - set(kept)):
        _read_odd(lines[k], regular[k][0], rows)
    return [regular[k] for k in kept], [lines[k] for k in kept]


def parse_fields(regular: Regular, width: int) -> np.ndarray:
    """The numbers of regular rows, as rows x columns; ``pyarrow.ArrowException`` on a cell
    pyarrow cannot parse as a float, :class:`NotSureError` on an empty ``<v></v>`` or a
    reference to another row."""
    names = [f"f{k}" for k in range(2 * width + 1)]
    values, references = names[1 : 2 * width : 2], names[2 : 2 * width - 1 : 2]
    types = dict.fromkeys(values, pa.float64()) | dict.fromkeys(references, pa.int64())
    table = pa_csv.read_csv(
        pa.py_buffer(regular.fields),
        # one thread: this runs on the reader's parse thread, beside the caller's (pyarrow's
        # own pool cost ~60 % more CPU here)
        read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 22, use_threads=False),
        parse_options=pa_csv.ParseOptions(delimiter="v", quote_char=False),
        convert_options=pa_csv.ConvertOptions(
            column_types=types, include_columns=values + references, null_values=[]
        ),
    )
    for name in references:  # cell B's reference was checked when the row was cut
        if not np.array_equal(table.column(name).to_numpy(), regular.numbers):
            raise NotSureError
    out = np.empty((width, table.num_rows))
    for j, name in enumerate(values):
        column = table.column(name)
        if column.null_count:
            raise NotSureError
        out[j] = column.to_numpy()
    return out.T


def settle(regular: Regular, parsed: Callable[[], np.ndarray], rows: Rows) -> None:
    """Keep the parsed numbers of regular rows. When the parse failed (an exponent, a word),
    parse each half again, down to a few rows, which are read cell by cell."""
    try:
        rows.blocks.append((regular.numbers, parsed()))
    except (pa.ArrowException, NotSureError):
        if len(regular.lines) <= _FEWEST:
            for row, line in zip(regular.numbers.tolist(), regular.lines, strict=True):
                _read_odd(line, row, rows)
            return
        half = len(regular.lines) // 2
        for part in (slice(None, half), slice(half, None)):
            lines = regular.lines[part]
            piece = Regular(regular.numbers[part], lines, b"\n".join(lines).translate(_TO_FIELDS))
            settle(piece, partial(parse_fields, piece, rows.width), rows)


def _read_odd(cells: bytes | memoryview, row: int, rows: Rows) -> None:
    """A row's cells from column B on: at once when they are plain numbers with gaps, else
    one by one (numbers, styled or empty cells, exponents)."""
    plain = _plain_cells(bytes(cells), row)
    if plain is not None:
        rows.gappy_rows += 1
        if rows.gappy_rows > _ODD_ROWS and rows.gappy_rows * 4 > rows.last:
            raise NotSureError  # gaps in a quarter of the rows: fastexcel is as fast
        if plain[0]:
            rows.odd.append((row, *plain))
        return
    columns: list[int] = []
    values: list[float] = []
    position = 0
    while position < len(cells):
        cell = _CELL.match(cells, position)
        if cell is None or int(cell[2]) != row:
            raise NotSureError
        column = column_index(cell[1])
        if (
            column < 1
            or (columns and column <= columns[-1])
            or (cell[3] and not _plain(cell[3], rows))
        ):
            raise NotSureError
        if cell[4] is not None:
            if _NUMBER.fullmatch(cell[4]) is None:
                raise NotSureError  # an empty <v></v>, nan, inf or spaces
            columns.append(column)
            values.append(float(cell[4]))
        position = cell.end()
    rows.odd_rows += 1
    if rows.odd_rows > _ODD_ROWS and rows.odd_rows * 20 > rows.last:
        raise NotSureError  # many rows to read cell by cell: fastexcel is faster
    if columns:
        rows.odd.append((row, columns, values))


def _plain_cells(cells: bytes, row: int) -> tuple[list[int], list[float]] | None:
    """A row of number cells as a regular row has them, some left out (gaps): their columns
    and numbers, found by one regular expression and checked against their skeleton; None
    for a row with any other cell."""
    found = _GAPPY.findall(cells)
    if not found:
        return None if cells else ([], [])
    letters, digits, tails, texts = zip(*found, strict=True)
    if cells.translate(None, _NUMBER_BYTES) != b"".join(map(_shape, letters, tails)):
        return None
    columns = list(map(column_index, letters))
    if b"".join(digits) != b"%d" % row * len(digits) or not _increasing(columns):
        return None
    try:
        return columns, list(map(float, texts))
    except ValueError:  # "1.2.3", "-", an empty <v></v>
        return None


@cache
def _shape(letters: bytes, tail: bytes) -> bytes:
    """A number cell without its number and row."""
    return b'<c r="%s"%s><v></v></c>' % (letters, tail)


def _increasing(columns: list[int]) -> bool:
    """Whether the columns are B or later, each right of the one before."""
    return all(map(operator.lt, [0, *columns[:-1]], columns))


def _plain(attributes: bytes, rows: Rows) -> bool:
    """Whether a cell's attributes make it a plain number: a style that is not a date, or
    ``t="n"``."""
    for name, value in _ATTRIBUTE.findall(attributes):
        if name == b"s" and value.isdigit() and int(value) in rows.plain_styles:
            continue
        if name != b"t" or value != b"n":
            return False
    return True
