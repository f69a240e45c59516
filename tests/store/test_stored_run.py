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
