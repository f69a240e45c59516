"""Checking a stored claim ledger: its own chain and root, then against the run computed again.

Findings are data (:class:`Finding`); :mod:`greenpark.report.verify` words them. The checks,
each reporting the first mismatch it finds:

1. ``chain``: every stored record's link equals SHA-256(previous link ‖ leaf hash) — a changed
   record, or records moved to other places, break it at the first such place;
2. ``root``: the Merkle root of the stored records equals the stored root;
3. ``inputs``: the files the run read hash as they did (park, data, weather, factor tables);
4. ``factors``: the factors the run used have the values stored with it;
5. ``records``: the run computed again claims what the stored records say.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from greenpark.footprint.claims import ClaimLedger
from greenpark.footprint.merkle import GENESIS, leaf_hash, merkle_root
from greenpark.provenance import FactorUse, Provenance


@dataclass(frozen=True)
class Finding:
    """One check: ``check`` (see the module docstring), whether it ``passed``, and for a
    failure where (``index``: record position, or a factor id) with what was ``expected``
    (recomputed) and ``found`` (stored)."""

    check: str
    passed: bool
    where: str = ""
    expected: str = ""
    found: str = ""


def chain_finding(records: Sequence[str], links: Sequence[str]) -> Finding:
    """The stored chain against the stored records."""
    previous = GENESIS
    for index, (record, link) in enumerate(zip(records, links, strict=True)):
        previous = hashlib.sha256(previous + leaf_hash(record.encode("utf-8"))).digest()
        if previous.hex() != link:
            return Finding("chain", False, str(index), previous.hex(), link)
    return Finding("chain", True)


def root_finding(records: Sequence[str], root: str) -> Finding:
    """The stored root against the stored records."""
    computed = merkle_root([leaf_hash(r.encode("utf-8")) for r in records]).hex()
    return Finding("root", computed == root, "", computed, root)


def inputs_finding(stored: str, now: Provenance) -> Finding:
    """The stored inputs hash against the files as they are now."""
    return Finding("inputs", stored == now.inputs_hash, "", now.inputs_hash, stored)


def factors_finding(stored: Sequence[FactorUse], now: Provenance) -> Finding:
    """The first factor whose stored value, unit or source differs from today's tables."""
    current = {f.factor_id: f for f in now.factors}
    for factor in stored:
        again = current.get(factor.factor_id)
        if again != factor:
            shown = "" if again is None else f"{again.value:g} {again.unit}"
            return Finding(
                "factors", False, factor.factor_id, shown, f"{factor.value:g} {factor.unit}"
            )
    return Finding("factors", True)


def records_finding(records: Sequence[str], again: ClaimLedger) -> Finding:
    """The first stored record that the recomputed ledger does not hold in its place."""
    fresh = [r.canonical().decode("utf-8") for r in again.records]
    for index in range(max(len(fresh), len(records))):
        expected = fresh[index] if index < len(fresh) else ""
        found = records[index] if index < len(records) else ""
        if expected != found:
            return Finding("records", False, str(index), expected, found)
    return Finding("records", True)


def stored_findings(records: Sequence[str], links: Sequence[str], root: str) -> list[Finding]:
    """The checks that need nothing but the stored ledger (chain, root)."""
    return [chain_finding(records, links), root_finding(records, root)]
