"""Where a run's numbers come from, and the shape every run result has.

:class:`Provenance` (inputs hash, code version and fingerprint, options, factors) belongs to a
run computed now (:class:`greenpark.run_result.RunResult`) and to one read back from the run
store (:class:`greenpark.store.stored_run.StoredRun`) alike; :class:`RunTables` is what both
give, so reports read either the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from greenpark.frozen import FrozenDict

if TYPE_CHECKING:
    import pandas as pd

    from greenpark.messages import Message
    from greenpark.result_tables import ResultTuple


@dataclass(frozen=True)
class FactorUse:
    """One factor a run used, with enough to audit it (the id names its vintage)."""

    factor_id: str
    value: float
    unit: str
    source: str
    confidence: str


def run_id_of(
    park_id: str,
    inputs_hash: str,
    code_version: str,
    code_hash: str | None,
    options: Mapping[str, str],
) -> str:
    """A run's id: 16 hex digits hashing the park, inputs, code and options (runs stored
    before ``code_hash`` was recorded keep their ids)."""
    parts: list[object] = [park_id, inputs_hash, code_version]
    if code_hash is not None:
        parts.append(code_hash)
    identity = json.dumps([*parts, sorted(options.items())], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Provenance:
    """What a run read and which code computed it.

    ``inputs_hash`` fingerprints every file the run read (park, data, profiles, weather file,
    factor tables) and its options; ``code_version`` names the code for people
    (``0.1.0+g<commit>``), ``code_hash`` fingerprints it (:mod:`greenpark.code_identity`;
    None for runs stored before it was recorded); ``options`` are the run's choices as stored
    (language-independent text); ``factors`` every factor used.
    """

    park_id: str
    accounting_year: int
    inputs_hash: str
    code_version: str
    code_hash: str | None
    options: Mapping[str, str]
    factors: tuple[FactorUse, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", FrozenDict(self.options))

    @property
    def run_id(self) -> str:
        """The id the run is stored under (:func:`run_id_of`)."""
        return run_id_of(
            self.park_id, self.inputs_hash, self.code_version, self.code_hash, self.options
        )


class RunTables(Protocol):
    """What a run result gives, computed now or read back from the store.

    ``annual()`` has a row per enterprise and ``park``, a nullable ``Float64`` column per
    metric (:mod:`greenpark.metrics`), ``<NA>`` where a value is unavailable;
    ``annual_reasons()`` the reason code of each such cell (columns: the metrics that can be
    unavailable). ``park_910()``, ``direct_line()`` have a row per metric (``value``,
    ``unit``, ``status``, ``reason``); ``results()`` every annual number in one long table
    (what the store keeps; ``result_rows()`` the same rows as plain tuples); ``factors()``
    and ``messages()`` one row each.
    """

    @property
    def provenance(self) -> Provenance: ...

    def annual(self) -> pd.DataFrame: ...

    def annual_reasons(self) -> pd.DataFrame: ...

    def park_910(self) -> pd.DataFrame: ...

    def direct_line(self) -> pd.DataFrame: ...

    def results(self) -> pd.DataFrame: ...

    def result_rows(self) -> Sequence[ResultTuple]: ...

    def factors(self) -> pd.DataFrame: ...

    def messages(self) -> pd.DataFrame: ...

    @property
    def message_items(self) -> tuple[Message, ...]: ...
