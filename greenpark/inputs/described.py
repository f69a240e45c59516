"""The base of greenpark's pydantic models: a field's docstring is its description.

pydantic's own ``use_attribute_docstrings`` finds a class's source by walking the call stack
and asking :func:`inspect.getmodule` about every frame; before Python 3.13 the first such
question resolves the real path of every module loaded so far — ~1,200 in ``greenpark run``,
where the park schema is imported after pandas, SQLAlchemy and pint: 0.15–0.25 s of the
command's start for ~25 models (``benchmarks/README.md``). Here each module's source is parsed
once instead, and the descriptions are the same: the string statement right after an annotated
assignment ``name: type`` in the class body, cleaned as a docstring (:func:`inspect.cleandoc`),
given to a field that has no description of its own (a test compares them with pydantic's).

The models are built when first used (``defer_build``), so their schemas, the JSON schema too,
carry the descriptions.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import sys
from typing import Any

from pydantic import BaseModel, ConfigDict


class Described(BaseModel):
    """A model whose fields' docstrings are their descriptions (``"中文 / English"``)."""

    model_config = ConfigDict(defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        docstrings = field_docstrings(cls)
        for name, field in cls.model_fields.items():
            if field.description is None and name in docstrings:
                field.description = docstrings[name]


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstrings of the annotated attributes of ``cls``, a class defined at the top of
    its module (empty when the module's source cannot be read)."""
    module = sys.modules.get(cls.__module__)
    filename = getattr(module, "__file__", None)
    if filename is None:
        return {}
    return _module_docstrings(filename).get(cls.__qualname__, {})


@functools.cache
def _module_docstrings(filename: str) -> dict[str, dict[str, str]]:
    """The attribute docstrings of each top-level class of a module's source file."""
    try:
        with open(filename, encoding="utf-8") as source:
            tree = ast.parse(source.read(), filename)
    except (OSError, SyntaxError, UnicodeDecodeError):  # no source (e.g. byte-code only)
        return {}
    return {
        node.name: _attribute_docstrings(node.body)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def _attribute_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    """``name: type`` followed by a string statement, as ``{name: cleaned string}``."""
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found
