"""Some modules of a package, imported without running the package's ``__init__``, and
modules whose import a package's modules need but whose functions they call only later.

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
from typing import Any, NoReturn


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


@contextmanager
def deferred_modules(*names: str) -> Iterator[None]:
    """Within: each module of ``names`` not imported yet is a :class:`DeferredModule`, so
    ``from scipy.optimize import bisect`` binds a function that imports scipy.optimize when it
    is first called. On leaving they are taken out of ``sys.modules``: a later import of
    ``names`` imports the real modules."""
    deferred = {name: DeferredModule(name) for name in names if name not in sys.modules}
    sys.modules.update(deferred)
    try:
        yield
    finally:
        for name, module in deferred.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class DeferredModule(ModuleType):
    """A module whose every public attribute is a function calling the real module's."""

    def __getattr__(self, attribute: str) -> Callable[..., Any]:
        if attribute.startswith("__"):  # the import system's questions (__path__, ...)
            _no_attribute(self.__name__, attribute)
        module = self.__name__

        def deferred(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(module), attribute)(*args, **kwargs)

        deferred.__name__ = deferred.__qualname__ = attribute
        deferred.__module__ = module
        return deferred


def _no_attribute(module: str, attribute: str) -> NoReturn:
    raise AttributeError(f"module {module!r} has no attribute {attribute!r}")
