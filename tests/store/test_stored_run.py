"""A run result stored and read back has the same tables (SQLite always, PostgreSQL in CI).

The park is ``tests/parks/two_firms`` with F2's output value removed and its land set to 0, so
two of its intensities are unavailable (no_data, not_applicable) and must come back as such.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import StoreError
from greenpark.store.database import RunStore
from greenpark.store.stored_run import checked_rows, to_store

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


def test_rows_made_ready_are_the_results_table(result: gp.RunResult) -> None:
    """to_store's plain rows are ``results()`` row for row, with None (not NaN or <NA>)
    where a value is unavailable, and its record is the run's without results."""
    ready = to_store(result, "/x/hourly.parquet")
    table = result.results()
    expected = [
        (
            r.scope,
            r.metric,
            None if pd.isna(r.value) else float(r.value),
            r.unit,
            r.status,
            r.reason,
        )
        for r in table.itertuples()
    ]
    assert list(ready.rows) == expected
    assert {(r[0], r[1], r[2], r[4]) for r in ready.rows if r[4] != "ok"} >= {
        ("F2", "kgce_per_mu", None, "not_applicable"),
        ("F2", "kgce_per_wan_cny_output_value", None, "no_data"),
    }
    record = ready.record
    assert record.run_id == result.run_id and record.results == ()
    assert record.hourly_path == "/x/hourly.parquet"
    assert record.messages == result.message_items and record.factors == result.provenance.factors


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
    rows = [
        tuple(None if v is pd.NA else v for v in row)
        for row in table.itertuples(index=False, name=None)
    ]
    with pytest.raises(ValueError, match=f"status must be one of|{scope}/{metric}"):
        checked_rows(rows)  # type: ignore[arg-type]
    assert checked_rows(result.result_rows())  # the untouched rows pass
