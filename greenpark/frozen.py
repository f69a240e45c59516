"""A read-only mapping that pickles and deep-copies (``MappingProxyType`` does neither).

Loaded objects (:class:`~greenpark.inputs.park.load.Park`, :class:`~greenpark.inputs.meters.load.MeterData`)
travel to worker processes and are copied by sweeps, so their mappings must pickle; they must
also not be changed once validated. :class:`FrozenDict` offers only the reading half of
``dict`` (``[]``, ``get``, ``in``, iteration, ``len``, ``keys``/``values``/``items``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A mapping that cannot be changed after it is made; pickles as its items."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items: dict[K, V] = dict(items or {})

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"FrozenDict({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._items,))
