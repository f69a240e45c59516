"""The wheel carries what an installed greenpark needs: the factor tables and the database
migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from greenpark.inputs.factors.registry import load_factor_registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The wheel built from this checkout, unpacked; and the names it holds."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("greenpark-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(folder / "unpacked")
    return folder / "unpacked", names


def test_wheel_carries_the_factor_tables(unpacked_wheel: tuple[Path, set[str]]) -> None:
    unpacked, names = unpacked_wheel
    shipped = {n for n in names if n.startswith("greenpark/_factors/")}
    repo_tables = {
        f"greenpark/_factors/{p.relative_to(ROOT / 'factors').as_posix()}"
        for p in (ROOT / "factors").rglob("*")
        if p.is_file()
    }
    assert repo_tables <= shipped
    registry = load_factor_registry(unpacked / "greenpark" / "_factors")
    assert registry.get("grid.province.shanxi.2023").value == 0.6634


def test_wheel_carries_the_migrations(
    unpacked_wheel: tuple[Path, set[str]], tmp_path: Path
) -> None:
    unpacked, names = unpacked_wheel
    migrations = ROOT / "greenpark" / "store" / "migrations"
    in_repo = {
        f"greenpark/store/migrations/{p.relative_to(migrations).as_posix()}"
        for p in migrations.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert in_repo <= names
    code = (
        "import sys, greenpark.store.migrate as m; "
        "assert m.MIGRATIONS.is_relative_to(sys.argv[1]), m.MIGRATIONS; "
        "print(m.upgrade_database(sys.argv[2]).after)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(unpacked), f"sqlite:///{tmp_path}/runs.db"],
        env={"PYTHONPATH": str(unpacked)},
        cwd=tmp_path,  # not the checkout, whose greenpark `python -c` would import first
        capture_output=True,
        text=True,
        check=False,
    )
    from greenpark.store.migrate import head_revision

    assert done.stdout.strip() == head_revision(), done.stderr  # the checkout's newest revision


def test_wheel_carries_the_metric_catalogue(unpacked_wheel: tuple[Path, set[str]]) -> None:
    unpacked, names = unpacked_wheel
    assert "greenpark/metrics.csv" in names
    shipped = (unpacked / "greenpark" / "metrics.csv").read_bytes()
    assert shipped == (ROOT / "greenpark" / "metrics.csv").read_bytes()
