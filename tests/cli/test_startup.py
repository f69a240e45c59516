"""``greenpark --help`` stays fast because the CLI imports heavy libraries only inside commands."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from greenpark.cli.common import importing

HEAVY = (
    "pandas",
    "numpy",
    "pvlib",
    "sqlalchemy",
    "alembic",
    "pint",
    "pydantic",
    "scipy",
    "pyarrow",
)


def test_cli_module_imports_no_heavy_library() -> None:
    code = (
        "import sys, json, greenpark.cli.app; "
        "print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))"
    )
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", code], text=True))
    assert not set(HEAVY) & set(loaded), f"imported at start-up: {set(HEAVY) & set(loaded)}"


def test_help_lists_every_command() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "greenpark", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("check", "factors", "pv", "run", "assess", "runs", "db"):
        assert command in shown


@pytest.mark.parametrize("collecting", [True, False])
def test_imports_pause_the_collector_then_freeze_what_they_built(collecting: bool) -> None:
    """Within ``importing()`` nothing is collected; afterwards the objects made meanwhile are
    in the permanent generation and the collector is back as it was."""
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    frozen = gc.get_freeze_count()
    try:
        with importing():
            assert not gc.isenabled()
            built = [{"n": [n]} for n in range(1000)]  # 2,000 tracked containers
        assert gc.isenabled() is collecting
        assert gc.get_freeze_count() >= frozen + 2 * len(built)
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
