"""The green claims of a run as records, hash-chained and checkpointed with a Merkle root.

Every green-power claim of a run is one record: self-consumed (and park-shared) PV of each
enterprise by month, each contract delivery and certificate batch claimed (with the batch's
serial ranges), in-park trade and kept export certificates, each with its claimant, period and
kWh. A record's canonical form is JSON with sorted keys (UTF-8, no spaces, kWh with three
decimals); its leaf hash, the chain and the root follow :mod:`greenpark.footprint.merkle`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from greenpark.footprint.merkle import chain, leaf_hash, merkle_root
from greenpark.inputs.park.schema import ParkConfig
from greenpark.run_result import RunResult

#: ledger kinds counted hour by hour in the hourly table's ``green_physical_kwh``
PHYSICAL_KINDS = frozenset(
    {"onsite_pv", "onsite_pv_no_certificate", "park_shared_pv", "park_shared_pv_no_certificate"}
)


@dataclass(frozen=True)
class ClaimRecord:
    """One green claim: who claims how many kWh of which source for which period."""

    run_id: str
    claimant: str
    kind: str
    source_id: str
    period_start: str  # YYYY-MM
    period_end: str  # YYYY-MM
    kwh: str  # three decimals
    serials: str  # 'first-last' ranges joined by ';', '' when none

    def canonical(self) -> bytes:
        """The bytes that are hashed: sorted-key JSON, UTF-8."""
        text = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")


@dataclass(frozen=True)
class ClaimLedger:
    """A run's claim records in order, their chain links and the Merkle root (hex)."""

    records: tuple[ClaimRecord, ...]

    @property
    def leaves(self) -> list[bytes]:
        return [leaf_hash(r.canonical()) for r in self.records]

    @property
    def links(self) -> list[str]:
        return [link.hex() for link in chain(self.leaves)]

    @property
    def root(self) -> str:
        return merkle_root(self.leaves).hex()


def _kwh(value: float) -> str:
    return f"{value:.3f}"


def _monthly_physical(result: RunResult) -> list[ClaimRecord]:
    hourly = result.hourly()
    year = result.config.park.accounting_year
    months = hourly["interval_start"].dt.month.rename("month")
    sums = hourly.groupby(["enterprise", months])["green_physical_kwh"].sum()
    records = []
    for enterprise in result.config.enterprise_ids():
        if enterprise not in sums.index.get_level_values(0):
            continue
        for month, kwh in sums.loc[enterprise].items():
            if float(kwh) > 0:
                period = f"{year}-{int(str(month)):02d}"
                source = f"pv:{enterprise}"
                records.append(
                    ClaimRecord(
                        result.run_id, enterprise, "physical_pv", source, period, period,
                        _kwh(float(kwh)), "",
                    )
                )  # fmt: skip
    return records


def _period_and_serials(kind: str, source_id: str, config: ParkConfig) -> tuple[str, str, str]:
    year = config.park.accounting_year
    batch = next((c for c in config.certificates if c.id == source_id), None)
    if kind != "certificate" or batch is None:
        return f"{year}-01", f"{year}-12", ""
    serials = ";".join(f"{first}-{last}" for first, last in batch.serial_ranges)
    return batch.production_start, batch.production_end, serials


def _instrument_claims(result: RunResult) -> list[ClaimRecord]:
    ledger = result.ledger()
    rows = ledger[~ledger["source_kind"].isin(PHYSICAL_KINDS)]
    records = []
    for row in rows.itertuples():
        kind, source_id = str(row.source_kind), str(row.source_id)
        start, end, serials = _period_and_serials(kind, source_id, result.config)
        kwh = _kwh(float(str(row.kwh)))
        records.append(
            ClaimRecord(result.run_id, str(row.claimant), kind, source_id, start, end, kwh, serials)
        )
    return records


def claim_ledger(result: RunResult, run_id: str | None = None) -> ClaimLedger:
    """Every green claim of ``result``: physical PV by enterprise and month, then the ledger's
    contracts, certificates, in-park trade and export certificates in its order.

    ``run_id`` (default the result's) is written into every record: a run recomputed by newer
    code has another id, and is compared with the stored one under the stored id.
    """
    records = _monthly_physical(result) + _instrument_claims(result)
    if run_id is not None:
        records = [replace(r, run_id=run_id) for r in records]
    return ClaimLedger(tuple(records))
