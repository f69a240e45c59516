"""No POSIX-only path handling: park files named the Windows way (``data\\m.csv``) are the same
files as ``data/m.csv`` on every system; drives, UNC shares and rooted paths are refused."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.paths import outside_park, portable, readable_park_file
from greenpark.inputs.park.schema import Contract, DataSource

VALID = Path(__file__).parent / "park_fixtures" / "valid"


@pytest.mark.parametrize(
    "written",
    [
        "data\\monthly.csv",
        "data/monthly.csv",
        PureWindowsPath("data", "monthly.csv"),
        PurePosixPath("data", "monthly.csv"),
        ".\\data\\monthly.csv",
    ],
)
def test_both_separators_name_the_same_file(written: str | PureWindowsPath) -> None:
    assert outside_park(VALID, written) is None
    assert readable_park_file(VALID, written)
    assert portable(written).endswith("data/monthly.csv")


@pytest.mark.parametrize(
    "written",
    [
        "C:\\park\\data\\m.csv",
        "C:/park/data/m.csv",
        "C:m.csv",
        "\\\\server\\share\\m.csv",
        "\\data\\m.csv",
        "/etc/passwd",
        PureWindowsPath("D:/x.csv"),
    ],
)
def test_drives_shares_and_rooted_paths_are_refused_everywhere(written: str) -> None:
    refused = outside_park(VALID, written)
    assert refused is not None and "绝对路径" in refused


@pytest.mark.parametrize("written", ["data\\..\\..\\secret.csv", "..\\valid\\..\\..\\x.csv"])
def test_climbing_out_with_backslashes_is_refused(written: str) -> None:
    refused = outside_park(VALID, written)
    assert refused is not None and ".." in refused


def test_the_schema_reads_windows_separators_as_slashes() -> None:
    source = DataSource(file="data\\sub\\m.csv")  # type: ignore[arg-type]
    assert source.file.as_posix() == "data/sub/m.csv"
    assert source.file.parts == ("data", "sub", "m.csv")
    confirmed = ReadingConfirmation(file="data\\m.csv", reason="已核实")  # type: ignore[arg-type]
    assert confirmed.file.as_posix() == "data/m.csv"
    contract = {"id": "C", "buyer": "E01", "technology": "wind", "annual_mwh": 1}
    profile = Contract(**contract, delivery_shape="profile", profile_file="data\\p.csv")  # type: ignore[arg-type]
    assert profile.profile_file is not None and profile.profile_file.as_posix() == "data/p.csv"


def test_a_park_written_on_windows_loads_the_same(tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(VALID, park)
    config = (park / "park.yaml").read_text("utf-8")
    windows = config.replace("file: data/", "file: data\\")
    assert windows != config
    (park / "park.yaml").write_text(windows, "utf-8")
    posix, ported = gp.load_park(VALID), gp.load_park(park)
    assert [d.file for d in ported.config.data] == [d.file for d in posix.config.data]
    assert posix.meters.hourly and posix.meters.monthly
    for carrier, frame in posix.meters.hourly.items():
        pd.testing.assert_frame_equal(ported.meters.hourly[carrier], frame)
    for carrier, frame in posix.meters.monthly.items():
        pd.testing.assert_frame_equal(ported.meters.monthly[carrier], frame)


def test_a_windows_drive_in_park_yaml_is_one_problem(tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(VALID, park)
    config = (park / "park.yaml").read_text("utf-8")
    (park / "park.yaml").write_text(config.replace("file: data/", "file: C:\\data\\"), "utf-8")
    with pytest.raises(InputError) as caught:
        gp.load_park_config(park)
    assert len(caught.value.problems) == 2  # the two data files, each named once
    assert all("绝对路径" in p and "C:" in p for p in caught.value.problems)
