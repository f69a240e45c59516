"""Some modules of a package, imported without running the package's ``__init__``.

pvlib's and holidays' ``__init__`` import every module of the package (every pvlib model and
web-service reader; every country's holidays) where greenpark calls a few. Under
:func:`without_package_init` the package is a stand-in module in ``sys.modules`` (the package's
own spec and ``__path__``, its ``__init__`` not run), so ``from package import part`` loads only
``part`` and what it imports. The stand-in is taken out of ``sys.modules`` on leaving: a later
``import package`` runs the real ``__init__``, which finds those modules loaded and binds them.
A loaded module that keeps a reference to its package (pvlib.irradiance: ``import pvlib``) holds
the stand-in; the stand-in answers a name it lacks from the real package, imported on first use.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any


@contextmanager
def without_package_init(package: str) -> Iterator[None]:
    """Within: ``package`` in ``sys.modules`` is a stand-in whose ``__init__`` did not run
    (unless the package is imported already: then it is left as it is)."""
    if package in sys.modules:
        yield
        return
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    stand_in = importlib.util.module_from_spec(spec)
    stand_in.__getattr__ = _from_real_package(package, stand_in)  # type: ignore[method-assign]
    sys.modules[package] = stand_in
    try:
        yield
    finally:
        del sys.modules[package]


def _from_real_package(package: str, stand_in: ModuleType) -> Callable[[str], Any]:
    """The stand-in's module ``__getattr__``: a name it lacks, from the real package."""

    def attribute(name: str) -> Any:
        if sys.modules.get(package) is stand_in:  # still importing under the stand-in
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(package), name)

    return attribute
