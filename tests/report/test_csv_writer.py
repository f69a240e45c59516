"""The CSV writer gives exactly the text of ``DataFrame.to_csv(index=False)``."""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd
import pytest

from greenpark.report.csv_writer import write_csv

#: floats whose shortest text is awkward: where repr turns to exponents (1e-4, 1e16), the
#: smallest and largest doubles, sums that are not short decimals, negative zero, infinity
AWKWARD = [
    0.0,
    -0.0,
    0.1 + 0.2,
    1 / 3,
    -2 / 3 * 1e-5,
    1e-4,
    9.999999999999999e-05,
    1e-05,
    1e15,
    9999999999999998.0,
    1e16,
    1.2345678901234567e16,
    123456789.123,
    5e-324,
    2.2250738585072014e-308,
    sys.float_info.max,
    -sys.float_info.max,
    float("inf"),
    float("-inf"),
    100.0,
    12345.0,
    0.5,
]


def _text(frame: pd.DataFrame, header: bool = True) -> str:
    handle = io.StringIO(newline="")
    write_csv(frame, handle, header)
    return handle.getvalue()


def _pandas(frame: pd.DataFrame, header: bool = True) -> str:
    handle = io.StringIO(newline="")
    frame.to_csv(handle, index=False, header=header)
    return handle.getvalue()


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    floats = np.concatenate([AWKWARD, rng.lognormal(0, 12, rows), [np.nan]])
    count = len(floats)
    nullable = pd.array(floats, dtype="Float64")
    nullable[::5] = pd.NA
    text = np.array(["E01", "一号企业", 'say "hi"', "a,b", "two\nlines", " lead", ""], dtype=object)
    objects = np.array([None, 1.5, "x", np.nan, True, 3, pd.NA], dtype=object)
    return pd.DataFrame(
        {
            "float": floats,
            "nullable float": nullable,
            "int": np.arange(count, dtype=np.int64) - 3,
            "nullable int": pd.array([None, *range(count - 1)], dtype="Int64"),
            "bool": np.arange(count) % 3 == 0,
            "text": pd.Series(np.resize(text, count), dtype=str),
            "text with missing": pd.Series([None, *np.resize(text, count - 1)], dtype=str),
            "objects": np.resize(objects, count),
            "名称 kWh": pd.Series(np.resize(text, count), dtype=object),
        }
    )


def test_the_text_is_pandas_text_for_awkward_values() -> None:
    frame = _frame(2_000)
    assert _text(frame) == _pandas(frame)
    assert _text(frame, header=False) == _pandas(frame, header=False)
    assert _text(frame.iloc[:0]) == _pandas(frame.iloc[:0])  # the header alone


def test_every_float_reads_back_bit_for_bit() -> None:
    frame = _frame(2_000)[["float"]].dropna()
    header, *lines = _text(frame).splitlines()
    assert header == "float"
    np.testing.assert_array_equal([float(line) for line in lines], frame["float"].to_numpy())


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(np.array([1.1, 2.5, np.nan], dtype=np.float32)),
        pd.Series(pd.date_range("2025-01-01", periods=3, freq="h", tz="Asia/Shanghai")),
        pd.Series(["a", "b", "a"], dtype="category"),
    ],
)
def test_other_types_are_left_to_pandas(column: pd.Series) -> None:
    frame = pd.DataFrame({"other": column, "float": [0.1, 0.2, 0.3]})
    assert _text(frame) == _pandas(frame)
