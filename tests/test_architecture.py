"""The layer rules of ARCHITECTURE.md, checked by parsing every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "greenpark"

# layer -> modules it must never import
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
    ),
    "inputs": ("sqlalchemy", "typer", "greenpark.store", "greenpark.cli", "greenpark.report"),
    "pipeline": ("sqlalchemy", "typer", "greenpark.cli"),
    "report": ("sqlalchemy", "typer", "greenpark.cli"),
}
SQLALCHEMY_HOME = "store"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    imported = _imports(path)
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


def test_pvlib_models_in_one_core_module() -> None:
    users = {
        p.relative_to(PACKAGE).as_posix()
        for p in _modules()
        if any(n.split(".")[0] == "pvlib" for n in _imports(p))
        and not any(n.startswith("pvlib.iotools") for n in _imports(p))
    }
    assert users <= {"core/solar.py"}, f"pvlib models are used outside core/solar.py: {users}"
