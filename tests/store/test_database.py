"""The run store against real databases: a SQLite file always, PostgreSQL when CI provides one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from greenpark.store.database import RunStore, StoreError
from greenpark.store.record import FactorUse, ResultRow, RunRecord

PG_URL = os.environ.get("GREENPARK_TEST_PG_URL")


def _record(value: float = 1234.5, inputs_hash: str = "abc") -> RunRecord:
    return RunRecord(
        park_id="demo",
        accounting_year=2025,
        inputs_hash=inputs_hash,
        code_version="0.1.0",
        options={"storage": "self_consumption"},
        factors=(
            FactorUse("grid.province.shanxi.2023", 0.6634, "kg/kWh", "公告2025年第47号", "[A]"),
        ),
        messages=("电网因子回退到2023年", "gap of 3 h for E07"),
        results=(
            ResultRow("park", "scope2_location_co2_kg", value, "kg"),
            ResultRow("E01", "electricity_kwh", 10.0, "kWh"),
        ),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[RunStore]:
    if request.param == "sqlite":
        with RunStore(f"sqlite:///{tmp_path}/runs.db") as sqlite_store:
            yield sqlite_store
        return
    if not PG_URL:
        pytest.skip("GREENPARK_TEST_PG_URL not set (.ci/run starts a PostgreSQL and sets it)")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = PG_URL + ("&" if "?" in PG_URL else "?") + f"options=-csearch_path%3D{schema}"
    with RunStore(url) as pg_store:
        yield pg_store
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_round_trip(store: RunStore) -> None:
    record = _record()
    run_id = store.save(record)
    loaded = store.get(run_id)
    assert loaded.results == record.results
    assert loaded.messages == record.messages
    assert loaded.factors == record.factors
    assert loaded.options == record.options
    assert store.get(run_id[:6]).run_id == run_id


def test_same_inputs_are_idempotent(store: RunStore) -> None:
    first = store.save(_record(value=1.0))
    second = store.save(_record(value=2.0))
    assert first == second
    assert len(store.list()) == 1
    assert store.get(first).results[0].value == 2.0
    store.save(_record(inputs_hash="other"))
    assert len(store.list("demo")) == 2


def test_failed_save_leaves_previous_run_intact(store: RunStore) -> None:
    run_id = store.save(_record(value=1.0))
    broken = _record(value=2.0)
    object.__setattr__(broken, "results", (*broken.results, ResultRow("park", "x", 1.0, None)))  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.save(broken)
    assert store.get(run_id).results[0].value == 1.0
    assert len(store.get(run_id).results) == 2


def test_unknown_run_is_a_clear_error(store: RunStore) -> None:
    with pytest.raises(StoreError, match="no run with id 'nope'"):
        store.get("nope")


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open run database"):
        RunStore("nosuchdriver://x")
