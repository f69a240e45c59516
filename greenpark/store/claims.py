"""A run's claim ledger in the run database: records, chain links and the Merkle root.

Stored beside the run it belongs to (which must be stored first), append-only like runs: a
ledger already stored for a run is kept as it is. The store keeps the records as the canonical
text they were hashed from and checks nothing: :mod:`greenpark.footprint.verify` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from greenpark.store.database import RunStore
from greenpark.store.engine import guarded, make_engine, store_error
from greenpark.store.schema import ClaimLedgerTable, ClaimRecordTable
from greenpark.store.url import database_url


@dataclass(frozen=True)
class StoredClaims:
    """A claim ledger as stored: records (canonical JSON text, in order), each record's chain
    link and the Merkle root (hex), and the spec to compute the run again."""

    run_id: str
    records: tuple[str, ...]
    links: tuple[str, ...]
    root_sha256: str
    spec: Mapping[str, object]


def save_claims(url: str | None, claims: StoredClaims) -> bool:
    """Store ``claims`` with their run; False when the run has a ledger already."""
    full = database_url(url)
    engine = make_engine(full)
    try:
        with guarded(engine) as connection, Session(bind=connection) as session:
            if session.get(ClaimLedgerTable, claims.run_id) is not None:
                return False
            ledger = ClaimLedgerTable(
                run_id=claims.run_id,
                root_sha256=claims.root_sha256,
                record_count=len(claims.records),
                spec=dict(claims.spec),
            )
            session.add(ledger)
            session.flush()
            session.add_all(
                ClaimRecordTable(run_id=claims.run_id, seq=i, record=r, chain_sha256=link)
                for i, (r, link) in enumerate(zip(claims.records, claims.links, strict=True))
            )
            session.flush()
    except SQLAlchemyError as exc:
        raise store_error(
            full, "保存绿电声明账本失败", "storing the claim ledger failed", exc
        ) from None
    finally:
        engine.dispose()
    return True


def load_claims(url: str | None, run_id: str) -> StoredClaims:
    """The stored claim ledger of run ``run_id`` (a unique prefix is enough); StoreError when
    the run or its ledger is not stored."""
    with RunStore(url) as store:
        full_id = store.get(run_id).run_id
    full = database_url(url)
    engine = make_engine(full)
    try:
        with Session(engine) as session:
            ledger = session.get(ClaimLedgerTable, full_id)
            if ledger is None:
                raise store_error(
                    full, f"运行 {full_id} 没有绿电声明账本", f"run {full_id} has no claim ledger"
                )
            query = select(ClaimRecordTable).where(ClaimRecordTable.run_id == full_id)
            rows = list(session.scalars(query.order_by(ClaimRecordTable.seq)))
            return StoredClaims(
                full_id,
                tuple(r.record for r in rows),
                tuple(r.chain_sha256 for r in rows),
                ledger.root_sha256,
                dict(ledger.spec),
            )
    except SQLAlchemyError as exc:
        raise store_error(
            full, "读取绿电声明账本失败", "reading the claim ledger failed", exc
        ) from None
    finally:
        engine.dispose()
