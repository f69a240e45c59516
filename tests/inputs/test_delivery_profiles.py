"""Contract delivery-profile files: one weight per hour of the accounting year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.delivery_profiles import read_delivery_profile


def test_reads_weights(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    pd.DataFrame({"timestamp": range(4), "weight": [0, 1, 2.5, 0]}).to_csv(path, index=False)
    np.testing.assert_array_equal(read_delivery_profile(path, 4), [0, 1, 2.5, 0])


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        (pd.DataFrame({"w": [1, 2, 3]}), "no 'weight' column"),
        (pd.DataFrame({"weight": [1, 2]}), "needs 3 rows"),
        (pd.DataFrame({"weight": [1, -2, "x"]}), "row 3: weight must be a non-negative number"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_profile_names_file_and_problem(
    tmp_path: Path, frame: pd.DataFrame, words: str
) -> None:
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError) as caught:
        read_delivery_profile(path, 3)
    assert str(path) in caught.value.problems[0] and words in caught.value.problems[0]
