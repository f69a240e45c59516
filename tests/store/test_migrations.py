"""Schema migrations (Alembic) on SQLite and PostgreSQL: from empty up and down, from a
database that greenpark 0.1.0 made with ``create_all``, and the mapped tables equal the
migrated ones."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    inspect,
    text,
)

from greenpark.errors import StoreError
from greenpark.store.database import RunStore
from greenpark.store.migrate import (
    HEAD_REVISION,
    current_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from greenpark.store.record import ResultRow, RunRecord
from greenpark.store.schema import Base

RUN_TABLES = {"runs", "run_factors", "run_messages", "run_results"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names


def _old_schema() -> tuple[MetaData, Table, Table]:
    """The tables exactly as greenpark 0.1.0 declared them (store/database.py before 0002)."""
    meta = MetaData()
    runs = Table(
        "runs",
        meta,
        Column("run_id", String(32), primary_key=True),
        Column("park_id", String(100), index=True, nullable=False),
        Column("accounting_year", Integer, nullable=False),
        Column("inputs_hash", String(64), nullable=False),
        Column("code_version", String(40), nullable=False),
        Column("options", JSON, nullable=False),
        Column("hourly_path", Text, nullable=True),
        Column("created_at", DateTime, nullable=False),
    )
    Table(
        "run_factors",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("run_id", ForeignKey("runs.run_id", ondelete="CASCADE"), index=True),
        Column("factor_id", String(100), nullable=False),
        Column("value", Float, nullable=False),
        Column("unit", String(40), nullable=False),
        Column("source", Text, nullable=False),
        Column("confidence", String(8), nullable=False),
    )
    Table(
        "run_messages",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("run_id", ForeignKey("runs.run_id", ondelete="CASCADE"), index=True),
        Column("seq", Integer, nullable=False),
        Column("text", Text, nullable=False),
    )
    results = Table(
        "run_results",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("run_id", ForeignKey("runs.run_id", ondelete="CASCADE"), index=True),
        Column("scope", String(100), nullable=False),
        Column("metric", String(100), nullable=False),
        Column("value", Float, nullable=False),
        Column("unit", String(40), nullable=False),
    )
    return meta, runs, results


def _old_database(url: str, values: list[float]) -> str:
    """A 0.1.0 database holding one run with ``values``; returns that run's id."""
    old_id = RunRecord("demo", 2024, "h", "0.1.0", {"k": "v"}, (), (), ()).run_id
    meta, runs, results = _old_schema()
    engine = create_engine(url)
    with engine.begin() as connection:
        meta.create_all(connection)
        connection.execute(
            insert(runs).values(
                run_id=old_id,
                park_id="demo",
                accounting_year=2024,
                inputs_hash="h",
                code_version="0.1.0",
                options={"k": "v"},
                created_at=datetime(2025, 1, 1),
            )
        )
        for i, value in enumerate(values):
            row = {"run_id": old_id, "scope": "park", "metric": f"m{i}", "value": value}
            connection.execute(insert(results).values(unit="kWh", **row))
    engine.dispose()
    return old_id


def test_upgrade_and_downgrade_from_empty(url: str) -> None:
    before = upgrade_database(url)
    assert (before.before, before.after) == (None, head_revision())
    engine = create_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
    assert _tables(url) >= RUN_TABLES
    assert upgrade_database(url).before == head_revision()  # a second upgrade changes nothing
    assert downgrade_database(url, "0001").after == "0001"
    assert current_revision(url) == "0001"
    gone = downgrade_database(url, "base")
    assert gone.after is None
    assert not RUN_TABLES & _tables(url)
    assert upgrade_database(url).after == head_revision()


def test_a_database_from_create_all_is_the_baseline(url: str, english: None) -> None:
    finite = [1.5, 2.5]
    with_nan = [*finite, math.nan] if url.startswith("postgresql") else finite
    old_id = _old_database(url, with_nan)
    assert current_revision(url) == "0001"
    with pytest.raises(StoreError, match=r"revision 0001.*greenpark db upgrade"):
        RunStore(url)
    with pytest.raises(StoreError, match="greenpark db upgrade"):
        RunStore(url, create=True)
    done = upgrade_database(url)
    assert (done.before, done.after) == ("0001", head_revision())
    with RunStore(url) as store:
        (old,) = store.list()
        assert old.run_id == old_id  # the id of a run stored before code_hash is kept
        assert [r.value for r in old.results[:2]] == finite
        assert {r.status for r in old.results[:2]} == {"ok"}
        if len(with_nan) == 3:  # PostgreSQL kept the NaN 0.1.0 wrote; it becomes "no data"
            assert old.results[2].value is None
            assert (old.results[2].status, old.results[2].reason) == ("no_data", "stored_as_nan")


def test_downgrade_drops_what_the_old_schema_cannot_hold(url: str) -> None:
    results = (
        ResultRow("park", "electricity_kwh", 5.0, "kWh"),
        ResultRow("park", "kgce_per_mu", None, "kgce/亩", "not_applicable", "zero_land_area"),
    )
    record = RunRecord("demo", 2024, "h", "0.1.0", {}, (), (), results, code_hash="c")
    with RunStore(url, create=True) as store:
        run_id = store.save(record).run_id
    downgrade_database(url, "0001")
    engine = create_engine(url)
    with engine.connect() as connection:
        values = connection.execute(
            text("SELECT value FROM run_results WHERE run_id = :r"), {"r": run_id}
        ).scalars()
        assert list(values) == [5.0]
        assert "code_hash" not in {c["name"] for c in inspect(connection).get_columns("runs")}
    engine.dispose()


def test_a_newer_schema_is_refused(url: str, english: None) -> None:
    upgrade_database(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this greenpark"):
        RunStore(url)
    with pytest.raises(StoreError, match="newer than this greenpark"):
        upgrade_database(url)


def test_the_head_constant_is_alembics_head() -> None:
    assert head_revision() == HEAD_REVISION


def test_opening_a_database_at_head_imports_no_alembic(url: str) -> None:
    """Alembic is for creating and migrating: a store at head is opened and read without it."""
    upgrade_database(url)
    code = (
        "import sys; from greenpark.store.database import RunStore; "
        f"store = RunStore({url!r}); store.list(); store.close(); "
        "print('alembic' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def _schema(url: str) -> dict[str, object]:
    """Everything a database's greenpark tables are made of, order aside, and its revision."""
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = inspect(connection)
        found: dict[str, object] = {"revision": current_revision(url)}
        for name in sorted(RUN_TABLES | {"run_claims", "run_claim_ledgers", "alembic_version"}):
            columns = tables.get_columns(name)
            found[name] = (
                sorted((c["name"], str(c["type"]), c["nullable"], c["default"]) for c in columns),
                tables.get_pk_constraint(name)["constrained_columns"],
                sorted(str(fk) for fk in tables.get_foreign_keys(name)),
                sorted(str(ix) for ix in tables.get_indexes(name)),
                sorted(str(ck) for ck in tables.get_check_constraints(name)),
            )
    engine.dispose()
    return found


def test_a_store_created_by_a_run_has_the_migrated_schema(url: str) -> None:
    """A run saved into an empty database creates the schema without Alembic: the same
    tables, columns, keys, indexes and checks as upgrading from empty, at the head revision,
    and the migrations work on it (down to nothing and back up)."""
    record = RunRecord(
        "demo", 2024, "h2", "0.1.0", {}, (), (), (ResultRow("park", "m", 1.0, "kWh"),)
    )
    code = (
        "import sys; from greenpark.store.database import RunStore; from greenpark.store.record "
        "import RunRecord; store = RunStore(sys.argv[1], create=True); "
        "store.save(RunRecord('demo', 2024, 'h', '0.1.0', {}, (), (), ())); store.close(); "
        "print('alembic' in sys.modules)"
    )
    made = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True)
    assert made.stdout.strip() == "False", made.stderr
    with RunStore(url) as store:
        assert store.save(record).new
    created = _schema(url)
    assert created["revision"] == HEAD_REVISION
    assert downgrade_database(url, "base").after is None
    assert upgrade_database(url).after == HEAD_REVISION
    assert _schema(url) == created
