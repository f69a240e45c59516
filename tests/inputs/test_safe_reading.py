"""Unsafe park folders are refused without harm: YAML alias bombs, self-referencing or too
deeply nested YAML, and data paths that leave the park folder (``..``, absolute paths,
symbolic links) — and nothing of a file outside the park is ever printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from greenpark.errors import InputError
from greenpark.inputs.meters.files import read_table
from greenpark.inputs.meters.problems import Problems
from greenpark.inputs.park.delivery_profiles import load_delivery_profiles
from greenpark.inputs.park.load import load_park, load_park_config
from greenpark.inputs.park.paths import outside_park
from greenpark.inputs.park.schema import Contract, DataSource
from greenpark.inputs.park.yaml_file import MAX_EXPANDED_NODES

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"
GREENPARK = Path(sys.executable).with_name("greenpark")
PASSWD = Path("/etc/passwd")

pytestmark = pytest.mark.usefixtures("english")

#: "billion laughs": 9 levels of 9 aliases, about 1 KB, expanding to 9**9 (387 million) items
ALIAS_BOMB = "\n".join(
    [
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)),
        "park: *l9",
        "enterprises: *l9",
    ]
)

#: prints the park's problems, then the process's peak memory [KiB]
MEASURE = """
import resource, sys
from greenpark.errors import InputError
from greenpark.inputs.park.load import load_park
try:
    load_park(sys.argv[1])
    print("loaded")
except InputError as exc:
    print("\\n".join(exc.problems))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(park: Path) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(park)], capture_output=True, text=True, check=True
    )
    *lines, peak = done.stdout.strip().splitlines()
    return "\n".join(lines), int(peak)


def _park_with_yaml(tmp_path: Path, content: str) -> Path:
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    (park / "park.yaml").write_text(content, encoding="utf-8")
    return park


def test_the_bomb_is_small_and_would_expand_enormously() -> None:
    assert len(ALIAS_BOMB.encode()) < 1100
    assert 1000 * MAX_EXPANDED_NODES < 9**9


def test_alias_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    bomb = _park_with_yaml(tmp_path / "bomb", ALIAS_BOMB)
    problems, bomb_kib = _peak_kib(bomb)
    assert "alias" in problems and f"{MAX_EXPANDED_NODES:,}" in problems
    # the same process loading the valid small park, for comparison
    output, valid_kib = _peak_kib(TWO_FIRMS)
    assert output == "loaded"
    assert bomb_kib < valid_kib + 50 * 1024  # within 50 MB of an ordinary load


def test_greenpark_check_on_a_bomb_exits_1_without_traceback(tmp_path: Path) -> None:
    bomb = _park_with_yaml(tmp_path, ALIAS_BOMB)
    done = subprocess.run(
        [str(GREENPARK), "check", str(bomb), "--lang", "en"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "alias" in done.stderr


def test_alias_referring_to_itself_is_refused(tmp_path: Path) -> None:
    park = _park_with_yaml(tmp_path, "park: &loop {name: x, again: *loop}\n")
    with pytest.raises(InputError, match="refers to the anchor"):
        load_park_config(park)


def test_too_deep_nesting_is_refused(tmp_path: Path) -> None:
    park = _park_with_yaml(tmp_path, "park: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InputError, match="nested too deeply"):
        load_park_config(park)


def test_ordinary_anchors_and_merge_keys_still_work(tmp_path: Path) -> None:
    text = (TWO_FIRMS / "park.yaml").read_text(encoding="utf-8")
    first = "  - {id: F1-R1, owner: F1,"
    assert first in text
    text = text.replace(first, "  - &roof {id: F1-R1, owner: F1,")
    text = text.replace(
        "\ncontracts:", "\n  - {<<: *roof, id: F1-R2, capacity_kw: 0}\n\ncontracts:"
    )
    second = load_park_config(_park_with_yaml(tmp_path, text)).rooftops[1]
    assert (second.id, second.area_m2, second.tilt_deg, second.capacity_kw) == (
        "F1-R2",
        8000,
        10,
        0,
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "absolute path"),
        ("../../../../../../etc/passwd", "leaves the park folder"),
        ("data/../../outside.csv", "leaves the park folder"),
        ("C:\\data\\m.csv", "absolute path"),
    ],
)
def test_paths_leaving_the_park_folder_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    refused = outside_park(tmp_path, name)
    assert refused is not None and reason in refused


def test_links_inside_the_park_folder_are_read(tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    (park / "data" / "bills.csv").symlink_to(park / "data" / "monthly.csv")
    text = (park / "park.yaml").read_text(encoding="utf-8")
    (park / "park.yaml").write_text(text.replace("data/monthly.csv", "data/bills.csv"), "utf-8")
    assert outside_park(park, "data/bills.csv") is None
    assert load_park(park).meters.monthly["electricity"].sum().sum() > 0


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    refused = outside_park(tmp_path, "a.csv")
    assert refused is not None and "loop" in refused


def _passwd_park(tmp_path: Path, how: str) -> Path:
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    config = yaml.safe_load((park / "park.yaml").read_text(encoding="utf-8"))
    if how == "absolute":
        config["data"].append({"file": str(PASSWD)})
    elif how == "climbing":
        config["data"].append({"file": "../" * 12 + "etc/passwd"})
    else:
        (park / "data" / "link.csv").symlink_to(PASSWD)
        if how == "linked data":
            config["data"].append({"file": "data/link.csv", "layout": "long"})
        else:
            config["contracts"][0] |= {"delivery_shape": "profile", "profile_file": "data/link.csv"}
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (park / "park.yaml").write_text(text, encoding="utf-8")
    return park


@pytest.mark.skipif(not PASSWD.is_file(), reason="no /etc/passwd on this system")
@pytest.mark.parametrize(
    ("how", "command", "languages"),
    [
        ("absolute", "check", ("zh", "en")),
        ("climbing", "check", ("zh", "en")),
        ("linked data", "check", ("zh", "en")),
        ("linked profile", "check", ("zh", "en")),
        ("linked data", "run", ("en",)),
        ("linked profile", "pv", ("en",)),
    ],
)
def test_nothing_of_etc_passwd_is_ever_shown(
    tmp_path: Path, how: str, command: str, languages: tuple[str, ...]
) -> None:
    park = _passwd_park(tmp_path, how)
    shown = ""
    for lang in languages:
        done = subprocess.run(
            [str(GREENPARK), command, str(park), "--lang", lang],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"PATH": str(GREENPARK.parent), "GREENPARK_DB": f"sqlite:///{tmp_path}/r.db"},
        )
        assert done.returncode == 1, done.stdout + done.stderr
        shown += done.stdout + done.stderr
    assert "Traceback" not in shown
    secret = [line for line in PASSWD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert secret and not any(line in shown for line in secret)


@pytest.mark.skipif(not PASSWD.is_file(), reason="no /etc/passwd on this system")
def test_the_file_readers_themselves_never_open_a_file_outside(tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to(PASSWD)
    problems = Problems()
    assert (
        read_table(tmp_path, DataSource(file=Path("link.csv")), "park.yaml: data[0]", problems)
        is None
    )
    contract = Contract(
        id="C1",
        buyer="E01",
        technology="wind",
        annual_mwh=1,
        delivery_shape="profile",
        profile_file=Path("link.csv"),
    )
    with pytest.raises(InputError) as caught:
        load_delivery_profiles(tmp_path, [contract], 8760)
    shown = "\n".join([*problems.lines, *caught.value.problems])
    assert shown.count("symbolic link to a place outside the park folder") == 2
    assert not any(
        line in shown for line in PASSWD.read_text(encoding="utf-8").splitlines() if line
    )
