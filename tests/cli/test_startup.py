"""``greenpark --help`` stays fast because the CLI imports heavy libraries only inside commands."""

from __future__ import annotations

import json
import subprocess
import sys

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
