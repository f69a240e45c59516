"""The layer rules of ARCHITECTURE.md, checked by parsing every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "greenpark"

#: the public API (greenpark/*.py): what the layers below must not import
PUBLIC_API = (
    "greenpark.api",
    "greenpark.run_spec",
    "greenpark.run_result",
    "greenpark.result_tables",
    "greenpark.provenance",
)
TOP = "<top>"  # modules directly in greenpark/: the public API and shared basics

# layer -> modules it must never import (nothing but cli imports greenpark.cli: see below)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": (
        "pint",
        "sqlalchemy",
        "typer",
        "pydantic",
        "yaml",
        "greenpark.inputs",
        "greenpark.store",
        "greenpark.cli",
        "greenpark.pipeline",
        "greenpark.report",
        "greenpark.units",
        "greenpark.i18n",  # no words for people: messages are data, problems are raised by inputs
        "greenpark.errors",  # a core check that fails is a caller's error (ValueError)
        *PUBLIC_API,
    ),
    "inputs": ("sqlalchemy", "typer", "greenpark.store", "greenpark.report", *PUBLIC_API),
    "pipeline": ("sqlalchemy", "typer", "greenpark.store", "greenpark.report", *PUBLIC_API),
    "report": ("sqlalchemy", "typer"),
    # assessments read run results (and criteria tables); words are report's
    "assess": ("sqlalchemy", "typer", "greenpark.store", "greenpark.report", "greenpark.i18n"),
    # set-up (init, the input workbook) writes park files; it runs nothing
    "setup": ("sqlalchemy", "typer", "greenpark.store", "greenpark.pipeline", "greenpark.core"),
    # the store reads run results through greenpark.provenance.RunTables, never the pipeline
    "store": (
        "typer",
        "greenpark.pipeline",
        "greenpark.core",
        "greenpark.inputs",
        "greenpark.report",
        "greenpark.api",
        "greenpark.run_spec",
        "greenpark.run_result",
    ),
    # footprint factors, their formats and the claim ledger read RunResult, never the pipeline
    "footprint": ("sqlalchemy", "typer", "greenpark.store", "greenpark.pipeline"),
    # the optimiser starts runs through the public API; it reads the pipeline's PV potential
    # and hourly prices (as scenarios' bill does) and never stores or words anything
    "optimize": ("sqlalchemy", "typer", "greenpark.store", "greenpark.report", "greenpark.cli"),
    TOP: ("sqlalchemy", "typer", "greenpark.store", "greenpark.report"),
}
SQLALCHEMY_HOME = "store"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write greenpark.… in full"
            if node.module:
                names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports(path: Path) -> None:
    parts = path.relative_to(PACKAGE).parts
    layer = parts[0] if len(parts) > 1 else TOP
    imported = _imports(path)
    if layer != "cli" and parts != ("__main__.py",):  # ``python -m greenpark`` is the CLI
        assert not [n for n in imported if n.split(".")[:2] == ["greenpark", "cli"]], (
            f"{path.relative_to(PACKAGE)} imports greenpark.cli: nothing but the CLI does"
        )
    bad = sorted(
        name
        for name in imported
        for banned in FORBIDDEN.get(layer, ())
        if name == banned or name.startswith(banned + ".")
    )
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) must not import {bad}"
    if layer != SQLALCHEMY_HOME:
        assert not any(n.split(".")[0] == "sqlalchemy" for n in imported), (
            "only store/ uses SQLAlchemy"
        )


def test_pvlib_only_in_pv_core_and_weather_reader() -> None:
    """pvlib's models are called from core/pv/ only; its file readers from inputs/weather/files.py."""
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        for name in _imports(path):
            if name.split(".")[0] != "pvlib":
                continue
            if name.startswith("pvlib.iotools"):
                assert rel == "inputs/weather/files.py", f"{rel} reads weather files with {name}"
            else:
                assert rel.startswith("core/pv/"), f"{rel} uses pvlib models ({name})"


#: inputs sub-package -> the other input modules it may import (besides the shared modules
#: directly in inputs/: problems, quantity, carriers, described). ``park`` loads a park folder
#: and may use all of them; meter reading follows park.yaml's schema; factor tables know no
#: park but the types of its overrides; weather knows only where the factor tables are.
INPUT_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "park": ("meters", "factors", "weather"),
    "meters": (
        "factors",
        "park.schema",
        "park.schema_base",
        "park.schema_data",
        "park.schema_tariff",
        "park.green_schema",
        "park.paths",
        "park.confirmations",
    ),
    "factors": ("park.schema",),
    "weather": ("factors.registry",),
}


@pytest.mark.parametrize("package", sorted(INPUT_NEIGHBOURS))
def test_input_sub_packages_read_what_they_are_named_for(package: str) -> None:
    allowed = (package, *INPUT_NEIGHBOURS[package])
    for path in sorted((PACKAGE / "inputs" / package).glob("*.py")):
        inputs = [
            n[len("greenpark.inputs.") :]
            for n in _imports(path)
            if n.startswith("greenpark.inputs.")
        ]
        shared = {"problems", "quantity", "carriers", "described"}
        bad = [
            n
            for n in inputs
            if n not in shared and not any(n == a or n.startswith(a + ".") for a in allowed)
        ]
        assert not bad, f"inputs/{package}/{path.name} imports {bad}"


def test_shared_input_modules_import_no_sub_package() -> None:
    assert {p.name for p in (PACKAGE / "inputs").glob("*.py")} == {
        "__init__.py",
        "problems.py",
        "quantity.py",
        "carriers.py",
        "described.py",
    }
    for path in (PACKAGE / "inputs").glob("*.py"):
        inner = [n for n in _imports(path) if n.startswith("greenpark.inputs.")]
        shared = {"problems", "quantity", "carriers", "described"}
        assert all(n.split(".")[2] in shared for n in inner), path
