"""A run result stored and read back has the same tables (SQLite always, PostgreSQL in CI).

The park is ``tests/parks/two_firms`` with F2's output value removed and its land set to 0, so
two of its intensities are unavailable (no_data, not_applicable) and must come back as such.
"""

from __future__ import annotations

from dataclasses import astuple, replace
from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import StoreError
from greenpark.store.database import RunStore
from greenpark.store.stored_run import result_rows, run_record, to_store

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"
NO_DENOMINATORS = {"enterprises": [{"id": "F2", "output_value_wan_cny": None, "land_mu": 0}]}


@pytest.fixture(scope="module")
def result() -> gp.RunResult:
    return gp.run(gp.RunSpec(TWO_FIRMS, overlay=NO_DENOMINATORS))


def test_a_stored_run_reads_back_as_the_result_it_was(result: gp.RunResult, url: str) -> None:
    reasons = result.annual_reasons()
    assert reasons.at["F2", "kgce_per_wan_cny_output_value"] == "no_output_value"
    assert reasons.at["F2", "kgce_per_mu"] == "zero_land_area"
    with RunStore(url, create=True) as store:
        saved = store.save_run(result)
        assert saved.new and saved.run_id == result.run_id
        assert not store.save_run(result).new  # the same run again: recognised
        stored = store.stored_run(saved.run_id[:8])
    pd.testing.assert_frame_equal(stored.annual(), result.annual())
    pd.testing.assert_frame_equal(stored.annual_reasons(), reasons)
    pd.testing.assert_frame_equal(stored.park_910(), result.park_910())
    pd.testing.assert_frame_equal(stored.results(), result.results())
    pd.testing.assert_frame_equal(stored.factors(), result.factors())
    pd.testing.assert_frame_equal(stored.messages(), result.messages())
    assert stored.provenance == result.provenance
    assert stored.annual().at["F2", "kgce_per_mu"] is pd.NA
    with pytest.raises(StoreError, match="数据库不保存逐时结果"):
        stored.hourly()


def test_rows_made_ready_are_the_records_rows(result: gp.RunResult) -> None:
    """to_store's plain rows and run_record's ResultRows say the same, row for row, with
    None (not NaN) where a value is unavailable."""
    ready, record = to_store(result, "/x/hourly.parquet"), run_record(result, "/x/hourly.parquet")
    assert ready.rows == tuple(astuple(row) for row in record.results)
    assert replace(ready.record, results=record.results) == replace(
        record, created_at=ready.record.created_at
    )
    unavailable = [row for row in ready.rows if row[4] != "ok"]
    assert {(r[0], r[1], r[2], r[4]) for r in unavailable} >= {
        ("F2", "kgce_per_mu", None, "not_applicable"),
        ("F2", "kgce_per_wan_cny_output_value", None, "no_data"),
    }


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (0, {"value": float("inf")}),  # an ok value must be finite
        (0, {"reason": "zero_land_area"}),  # an ok value has no reason
        (0, {"status": "fine"}),  # not a status
        ("unavailable", {"value": 1.0}),  # an unavailable value has none
        ("unavailable", {"reason": None}),  # and says why
        ("unavailable", {"reason": ""}),
    ],
)
def test_a_wrong_row_is_refused_as_result_row_refuses_it(
    result: gp.RunResult, row: int | str, problem: dict[str, object]
) -> None:
    table = result.results()
    at = int(table.index[table["status"] != "ok"][0]) if row == "unavailable" else int(row)
    for column, value in problem.items():
        table[column] = table[column].astype(object)
        table.at[at, column] = value
    scope, metric = table.at[at, "scope"], table.at[at, "metric"]
    with pytest.raises(ValueError, match=f"status must be one of|{scope}/{metric}"):
        result_rows(table)
    assert result_rows(result.results())  # the untouched table passes
