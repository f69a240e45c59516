"""The attribution ledger's tables: one row per (claimant, source) and one per source.

:func:`greenpark.core.attribution.attribution_ledger` gives the annual green of the physical
kinds per enterprise and the claims of the contractual instruments
(:class:`~greenpark.core.instrument_attribution.Claimed`); here they become ``entries``, what
each enterprise claims from each source, and ``sources``, what each source provided and what
was claimed from it (``ENTRY_COLUMNS``, ``SOURCE_COLUMNS`` of :mod:`greenpark.core.ledger`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.instrument_attribution import Claimed
from greenpark.core.ledger import ENTRY_COLUMNS, SOURCE_COLUMNS

FloatArray = npt.NDArray[np.float64]


def _physical_rows(
    names: Sequence[str], physical: Sequence[tuple[str, FloatArray]]
) -> tuple[list[tuple[str, int, str, float]], dict[tuple[str, str], float]]:
    """Claim rows (kind, claimant, source id, kWh) of the physical kinds where the claimant
    has some, and what each source provided where it provided some (a pooled kind's source
    provides the sum over the enterprises, in enterprise order)."""
    own: list[tuple[str, int, str, float]] = []
    provided: dict[tuple[str, str], float] = {}
    for kind, annual in physical:
        given = np.flatnonzero(annual > 0).tolist()
        kwh = [float(annual[e]) for e in given]
        if kind.startswith("park_"):
            own += [(kind, e, kind, value) for e, value in zip(given, kwh, strict=True)]
            total = 0.0
            for value in annual.tolist():
                total += value
            if total > 0:
                provided[(kind, kind)] = total
            continue
        sources = [f"{kind}:{names[e]}" for e in given]
        own += [(kind, e, sid, value) for e, sid, value in zip(given, sources, kwh, strict=True)]
        provided |= {(kind, sid): value for sid, value in zip(sources, kwh, strict=True)}
    return own, provided


def ledger_tables(
    names: Sequence[str], physical: Sequence[tuple[str, FloatArray]], parts: Sequence[Claimed]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``entries``, ``sources`` and contract surplus per contract [kWh].

    ``physical``: (source kind, annual kWh per enterprise (E,)) of the physical kinds, whose
    sources are the enterprises' own roofs (``<kind>:<id>``) or the park pool (``<kind>``).
    """
    own, provided = _physical_rows(names, physical)
    claims = [claim for part in parts for claim in part.claims]
    rows = [(names[e], kind, sid, kwh) for kind, e, sid, kwh in own + claims if kwh > 0]
    entries = pd.DataFrame(rows, columns=ENTRY_COLUMNS).astype({"kwh": float})
    provided |= {(kind, sid): kwh for part in parts for kind, sid, kwh in part.provided}
    taken: dict[tuple[str, str], list[float]] = {}
    for _, kind, sid, kwh in rows:
        taken.setdefault((kind, sid), []).append(kwh)
    table = [(k, s, kwh, math.fsum(taken.get((k, s), ()))) for (k, s), kwh in provided.items()]
    surplus = {sid: given - got for kind, sid, given, got in table if kind == "contract"}
    sources = pd.DataFrame(table, columns=SOURCE_COLUMNS)
    return entries, sources.astype({"provided_kwh": float, "claimed_kwh": float}), surplus
