"""The pvlib model modules greenpark calls, imported without running ``pvlib/__init__``.

``import pvlib`` imports every pvlib module: spectrum (with scipy.integrate), ivtools,
bifacial, modelchain, iotools (requests and every web service's reader) — about half a second
of every command's start that a run never uses. The modules the PV core calls (solarposition,
irradiance, clearsky, atmosphere, iam, temperature, spa, and tools, which they import) import
none of that, so they are imported here under a stand-in ``pvlib`` package module (pvlib's own
spec and ``__path__``, its ``__init__`` not run), which is taken out of ``sys.modules`` at once:
a later ``import pvlib`` (ModelChain in :mod:`greenpark.core.pv.reference`, pvlib's file readers,
tests, users) runs pvlib's real ``__init__``, which finds these same modules loaded and binds them.

A pvlib function that imports ``from pvlib`` when called (``solarposition.spa_python``: ``from
pvlib import spa``) imports the whole package then; :func:`greenpark.core.pv.sun.solar_position`
therefore calls ``spa`` itself. ``pvlib.irradiance`` keeps a reference to its package (``import
pvlib``, for ``pvlib.albedo`` and ``pvlib.irradiance.dni``): the stand-in answers a name it
lacks from the real package, imported on that first use.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

PACKAGE = "pvlib"


@contextmanager
def _without_package_init() -> Iterator[None]:
    """Within: ``pvlib`` in ``sys.modules`` is a stand-in whose ``__init__`` did not run
    (unless pvlib is imported already, then it is left as it is)."""
    if PACKAGE in sys.modules:
        yield
        return
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {PACKAGE!r}", name=PACKAGE)
    stand_in = importlib.util.module_from_spec(spec)
    stand_in.__getattr__ = _from_real_package(stand_in)  # type: ignore[method-assign]
    sys.modules[PACKAGE] = stand_in
    try:
        yield
    finally:
        del sys.modules[PACKAGE]


def _from_real_package(stand_in: ModuleType) -> Any:
    """The stand-in's module ``__getattr__``: a name it lacks, from the real pvlib."""

    def attribute(name: str) -> Any:
        if sys.modules.get(PACKAGE) is stand_in:  # still importing under the stand-in
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}")
        return getattr(importlib.import_module(PACKAGE), name)

    return attribute


with _without_package_init():
    from pvlib import atmosphere, clearsky, iam, irradiance, solarposition, spa, temperature

__all__ = [
    "atmosphere",
    "clearsky",
    "iam",
    "irradiance",
    "solarposition",
    "spa",
    "temperature",
]
