"""Revision 0004 and the claim-ledger store, on SQLite and PostgreSQL: up and down, a ledger
saved once beside its run and read back in order."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from greenpark.errors import StoreError
from greenpark.store.claims import StoredClaims, load_claims, save_claims
from greenpark.store.database import RunStore
from greenpark.store.migrate import current_revision, downgrade_database, upgrade_database
from greenpark.store.record import RunRecord

CLAIM_TABLES = {"run_claims", "run_claim_ledgers"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names


def _claims(run_id: str) -> StoredClaims:
    records = ('{"claimant":"F1","n":0}', '{"claimant":"F2","n":1}', '{"claimant":"F1","n":2}')
    links = ("a" * 64, "b" * 64, "c" * 64)
    return StoredClaims(run_id, records, links, "d" * 64, {"park_dir": "/p", "overlays": []})


def _stored_run(url: str) -> str:
    record = RunRecord("demo", 2025, "h", "0.1.0", {}, (), (), (), code_hash="c")
    with RunStore(url, create=True) as store:
        return store.save(record).run_id


def test_a_ledger_is_saved_once_and_read_back_in_order(url: str) -> None:
    run_id = _stored_run(url)
    claims = _claims(run_id)
    assert save_claims(url, claims) is True
    assert save_claims(url, _claims(run_id)) is False  # append-only: the first one stays
    again = load_claims(url, run_id[:6])
    assert again == claims


def test_a_run_without_a_ledger_is_named(url: str, english: None) -> None:
    run_id = _stored_run(url)
    with pytest.raises(StoreError, match=f"run {run_id} has no claim ledger"):
        load_claims(url, run_id)


def test_0004_up_and_down_keeps_the_runs(url: str) -> None:
    run_id = _stored_run(url)
    save_claims(url, _claims(run_id))
    assert _tables(url) >= CLAIM_TABLES
    assert downgrade_database(url, "0003").after == "0003"
    assert not CLAIM_TABLES & _tables(url)
    with pytest.raises(StoreError):
        load_claims(url, run_id)  # the schema is old now
    upgrade_database(url)
    assert current_revision(url) == "0004"
    with RunStore(url) as store:
        assert store.get(run_id).run_id == run_id
    save_claims(url, _claims(run_id))
    assert load_claims(url, run_id).root_sha256 == "d" * 64
