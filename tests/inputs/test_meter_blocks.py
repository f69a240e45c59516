"""Long files' records into blocks: the same cells as pandas' pivot, repetitions in row order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from greenpark.inputs.meters.blocks import long_blocks, repetitions

YEAR_START = pd.Timestamp("2025-01-01", tz="Asia/Shanghai")


def records(seed: int, enterprises: list[str], hours: int, repeats: int) -> pd.DataFrame:
    """Shuffled hourly records, some missing, ``repeats`` (hour, enterprise) pairs given
    again; the enterprise categories in a scrambled (not name) order."""
    rng = np.random.default_rng(seed)
    hour = np.tile(np.arange(hours), len(enterprises))
    who = np.repeat(np.arange(len(enterprises)), hours)
    again = rng.choice(len(hour), repeats)  # with replacement: some pairs thrice or more
    hour, who = np.r_[hour, hour[again]], np.r_[who, who[again]]
    kept = rng.random(len(hour)) > 0.1
    order = rng.permutation(int(kept.sum()))
    hour, who = hour[kept][order], who[kept][order]
    quantity = rng.random(len(hour))
    quantity[rng.random(len(hour)) < 0.05] = np.nan  # empty cells
    scrambled = [enterprises[i] for i in rng.permutation(len(enterprises))]
    names = pd.Categorical([enterprises[i] for i in who], categories=scrambled)
    return pd.DataFrame(
        {
            "file": "m.csv",
            "row": np.arange(len(hour)) + 2,
            "enterprise": names,
            "carrier": "electricity",
            "use": "energy",
            "start": pd.date_range(YEAR_START, periods=hours, freq="h")[hour],
            "quantity": quantity,
            "resolution": "hourly",
        }
    )


def pivoted(part: pd.DataFrame, values: str) -> pd.DataFrame:
    frame = part.assign(slot=part["start"].dt.hour + 24 * part["start"].dt.dayofyear - 24)
    return frame.assign(enterprise=frame["enterprise"].astype(str)).pivot(
        index="slot", columns="enterprise", values=values
    )


@pytest.mark.parametrize(("seed", "repeats"), [(1, 0), (2, 40), (3, 400)])
def test_long_blocks_hold_what_pandas_pivot_gives_repetition_by_repetition(
    seed: int, repeats: int
) -> None:
    data = records(seed, ["E10", "A7", "E02", "Z1", "B33"], 72, repeats)
    blocks = long_blocks(data, YEAR_START)
    seen = data.groupby([data["start"], data["enterprise"].astype(str)]).cumcount()
    assert len(blocks) == seen.max() + 1
    for n, block in enumerate(blocks):
        part = data.loc[seen == n]
        expected, rows = pivoted(part, "quantity"), pivoted(part, "row")
        assert block.enterprises == tuple(expected.columns)  # by name, as pivot orders them
        assert block.slots.tolist() == expected.index.tolist()
        np.testing.assert_array_equal(block.values, expected.to_numpy(dtype=float))
        np.testing.assert_array_equal(block.rows, rows.fillna(0).to_numpy(dtype=np.int64))
    # every record is in exactly one block: its quantity, in its cell
    assert sum(int(np.isfinite(b.values).sum()) for b in blocks) == data["quantity"].notna().sum()


def test_repetitions_count_earlier_appearances_in_row_order() -> None:
    keys = np.array([5, 3, 5, 5, 7, 3, 9], dtype=np.int64)
    assert repetitions(keys).tolist() == [0, 0, 1, 2, 0, 1, 0]
    assert repetitions(np.array([4, 1, 9], dtype=np.int64)).tolist() == [0, 0, 0]
    rng = np.random.default_rng(7)
    many = rng.integers(0, 500, 20_000)
    expected = pd.Series(many).groupby(many).cumcount().to_numpy()
    np.testing.assert_array_equal(repetitions(many), expected)
