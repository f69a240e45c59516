"""The factor tables ship inside the wheel, so an installed greenpark finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from greenpark.inputs.factors import load_factor_registry

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_factor_tables(tmp_path: Path) -> None:
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
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("greenpark-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("greenpark/_factors/")}
        archive.extractall(tmp_path / "unpacked", members=sorted(shipped))
    repo_tables = {
        f"greenpark/_factors/{p.relative_to(ROOT / 'factors').as_posix()}"
        for p in (ROOT / "factors").rglob("*")
        if p.is_file()
    }
    assert repo_tables <= shipped
    registry = load_factor_registry(tmp_path / "unpacked" / "greenpark" / "_factors")
    assert registry.get("grid.province.shanxi.2023").value == 0.6634
