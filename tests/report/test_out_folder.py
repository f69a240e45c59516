"""A result folder is replaced whole or not at all; leftovers of killed runs are dealt with.

The kill tests with real ``greenpark run`` processes are in tests/cli/test_run_processes.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from greenpark.errors import OutputError
from greenpark.report.out_folder import check_out_folder, staged_folder, swap_by_renames

NAMES = ("a.csv", "b.csv")


def _write(folder: Path, content: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        (folder / name).write_text(content, encoding="utf-8")


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


def test_a_new_folder_appears_complete(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    with staged_folder(out, NAMES) as stage:
        assert stage.parent == out.parent and not out.exists()
        _write(stage, "new")
    assert _contents(out) == dict.fromkeys(NAMES, "new")
    assert _siblings(out) == []


def test_an_earlier_folder_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, "old")
    with staged_folder(out, NAMES) as stage:
        (stage / "a.csv").write_text("new", encoding="utf-8")
        assert _contents(out)["a.csv"] == "old"  # untouched until the swap
    assert _contents(out) == {"a.csv": "new"}  # the old b.csv is not mixed in
    assert _siblings(out) == []


def test_the_portable_swap(tmp_path: Path) -> None:
    out, stage = tmp_path / "out", tmp_path / ".out.greenpark-staging-1"
    _write(out, "old")
    _write(stage, "new")
    swap_by_renames(stage, out)
    assert _contents(out) == dict.fromkeys(NAMES, "new")
    assert _siblings(out) == []


def test_a_failure_while_writing_leaves_the_earlier_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, "old")
    with pytest.raises(OutputError, match="无法写出结果"), staged_folder(out, NAMES) as stage:
        _write(stage, "new")
        (stage / "a.csv" / "x").write_text("a file is no folder")
    assert _contents(out) == dict.fromkeys(NAMES, "old")
    assert _siblings(out) == []


def test_next_run_puts_back_a_folder_left_between_two_renames(tmp_path: Path) -> None:
    out, pid = tmp_path / "out", _dead_pid()
    _write(tmp_path / f".out.greenpark-old-{pid}", "old")
    _write(tmp_path / f".out.greenpark-staging-{pid}", "new")
    check_out_folder(out, NAMES)
    assert _contents(out) == dict.fromkeys(NAMES, "old")
    assert _siblings(out) == []


def test_leftovers_of_dead_runs_go_and_of_live_runs_stay(tmp_path: Path) -> None:
    out, dead = tmp_path / "out", _dead_pid()
    _write(out, "current")
    for name in (f".out.greenpark-staging-{dead}", f".out.greenpark-old-{dead}"):
        _write(tmp_path / name, "leftover")
    live = tmp_path / f".out.greenpark-staging-{os.getpid()}"
    _write(live, "in progress")
    _write(tmp_path / f".other.greenpark-staging-{dead}", "another folder's")
    check_out_folder(out, NAMES)
    assert _contents(out) == dict.fromkeys(NAMES, "current")
    assert _siblings(out) == [live.name]
    assert (tmp_path / f".other.greenpark-staging-{dead}").exists()


def test_targets_that_cannot_take_results(tmp_path: Path, english: None) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_out_folder(afile, NAMES)
    with pytest.raises(OutputError, match="afile is a file"):
        check_out_folder(afile / "out", NAMES)
    mine = tmp_path / "mine"
    _write(mine, "results")
    (mine / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match=r"holds other files \(thesis.docx\)"):
        check_out_folder(mine, NAMES)
    for litter in (".DS_Store", "~$a.csv", ".greenpark-abc123"):
        (mine / litter).write_text("")
    with pytest.raises(OutputError, match=r"holds other files \(thesis.docx\)"):
        check_out_folder(mine, NAMES)  # only the document is named
    (mine / "thesis.docx").unlink()
    check_out_folder(mine, NAMES)
    (tmp_path / "empty").mkdir()
    check_out_folder(tmp_path / "empty", NAMES)
    check_out_folder(tmp_path / "new" / "out", NAMES)
    assert not (tmp_path / "new").exists()  # checking creates nothing


def test_files_put_in_the_target_meanwhile_are_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="已有其他文件"), staged_folder(out, NAMES) as stage:
        _write(stage, "new")
        _write(out, "someone else's")
        (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert _contents(out)["notes.txt"] == "mine"
    assert _siblings(out) == []


def test_a_link_keeps_pointing_at_the_replaced_folder(tmp_path: Path) -> None:
    real, link = tmp_path / "real", tmp_path / "link"
    _write(real, "old")
    link.symlink_to(real)
    with staged_folder(link, NAMES) as stage:
        _write(stage, "new")
    assert link.is_symlink() and _contents(link) == dict.fromkeys(NAMES, "new")


def test_the_current_folder_can_be_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _write(out, "old")
    monkeypatch.chdir(out)
    check_out_folder(Path("."), NAMES)
    with staged_folder(Path("."), NAMES) as stage:
        assert stage.parent == tmp_path
        _write(stage, "new")
    assert _contents(out) == dict.fromkeys(NAMES, "new")
