"""Field docstrings as descriptions (greenpark.inputs.described), the same as pydantic's own
``use_attribute_docstrings`` gives, without its search of the call stack."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field

from greenpark.inputs.described import Described, field_docstrings


class Parent(Described):
    shared: int = 0
    """共有 / shared"""


class Sample(Parent):
    plain: int
    """  简单 / plain

        second line
    """
    explicit: Annotated[str, Field(description="given / given")] = "x"
    """ignored: the field has a description"""
    undocumented: float = 1.0
    after: int = 2
    "a docstring in single quotes"


def test_a_docstring_after_an_annotated_field_is_its_description() -> None:
    described = {name: f.description for name, f in Sample.model_fields.items()}
    assert described == {
        "shared": "共有 / shared",  # inherited with its description
        "plain": "简单 / plain\n\nsecond line",  # cleaned as a docstring
        "explicit": "given / given",
        "undocumented": None,
        "after": "a docstring in single quotes",
    }
    assert Sample.model_json_schema()["properties"]["plain"]["description"].startswith("简单")


def test_a_class_without_readable_source_has_no_docstrings() -> None:
    nested = type("Nested", (), {"__module__": __name__, "__qualname__": "f.<locals>.Nested"})
    assert field_docstrings(nested) == {}
    assert field_docstrings(type("Lost", (), {"__module__": "no.such.module"})) == {}


#: every greenpark model's field descriptions and the JSON schemas of the four input files
DUMP = """
import json, sys
from pydantic import BaseModel
from greenpark.inputs.described import Described
if sys.argv[1] == "pydantic":  # pydantic's own extraction, greenpark's switched off
    Described.model_config["use_attribute_docstrings"] = True
    Described.__pydantic_init_subclass__ = classmethod(lambda cls, **kwargs: None)
from greenpark.inputs.park.schema import ParkConfig
from greenpark.scenarios.pathway_file import PathwayFile
from greenpark.scenarios.schema import ScenarioFile
from greenpark.scenarios.sweep_file import SweepFile
import greenpark.inputs.factors.heating_values
fields = {}
def walk(model):
    for sub in model.__subclasses__():
        fields[sub.__qualname__] = {n: f.description for n, f in sub.model_fields.items()}
        walk(sub)
walk(Described)
files = (ParkConfig, ScenarioFile, PathwayFile, SweepFile)
print(json.dumps([fields, [m.model_json_schema() for m in files]], ensure_ascii=False))
"""


@pytest.mark.slow
def test_greenpark_models_are_described_as_pydantic_describes_them() -> None:
    def dump(how: str) -> list[object]:
        done = subprocess.run(
            [sys.executable, "-c", DUMP, how], capture_output=True, text=True, check=True
        )
        loaded: list[object] = json.loads(done.stdout)
        return loaded

    ours, theirs = dump("greenpark"), dump("pydantic")
    fields = ours[0]
    assert isinstance(fields, dict) and len(fields) > 30  # the park, scenario and pathway models
    assert sum(bool(d) for model in fields.values() for d in model.values()) > 150
    assert ours == theirs


#: the setting in a model's config: ``use_attribute_docstrings=True`` or as a dict key
ASKING = re.compile(r"""use_attribute_docstrings\s*=|["']use_attribute_docstrings["']""")


def test_no_model_asks_pydantic_for_attribute_docstrings() -> None:
    """pydantic's ``use_attribute_docstrings`` searches the stack and resolves the path of
    every loaded module (0.15–0.25 s of a run's start): greenpark's models derive from
    :class:`Described` instead."""
    package = Path(__file__).resolve().parents[2] / "greenpark"
    asking = [
        path.relative_to(package).as_posix()
        for path in sorted(package.rglob("*.py"))
        if ASKING.search(path.read_text(encoding="utf-8"))
    ]
    assert asking == []
