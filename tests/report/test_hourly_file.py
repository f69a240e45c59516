"""hourly.parquet is written in blocks; it must hold exactly the run's hourly table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import greenpark as gp
from greenpark.report.run_files import export_run

ROOT = Path(__file__).resolve().parents[2]


def test_hourly_file_and_blocks_are_the_hourly_table(tmp_path: Path) -> None:
    result = gp.run(gp.RunSpec(ROOT / "tests" / "parks" / "two_firms"))
    whole = result.hourly()
    # 1000 does not divide 8760: the last block is short, and none is left out
    blocks = list(result.hourly_blocks(1000))
    assert [len(b) for b in blocks] == [1000 * 2] * 8 + [760 * 2]
    pd.testing.assert_frame_equal(pd.concat(blocks, ignore_index=True), whole)
    export_run(result, tmp_path / "out")
    written = pd.read_parquet(tmp_path / "out" / "hourly.parquet")
    pd.testing.assert_frame_equal(written, whole)
