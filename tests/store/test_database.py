"""The run store against real databases: a SQLite file always, PostgreSQL when CI provides one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from greenpark.errors import StoreError
from greenpark.messages import Message
from greenpark.store.database import RunStore
from greenpark.store.migrate import head_revision
from greenpark.store.record import FactorUse, ResultRow, RunRecord
from greenpark.store.stored_run import RunToStore


def _record(value: float = 1234.5, inputs_hash: str = "abc", code_hash: str = "c0de") -> RunRecord:
    return RunRecord(
        park_id="demo",
        accounting_year=2025,
        inputs_hash=inputs_hash,
        code_version="0.1.0+g0123456789ab",
        code_hash=code_hash,
        options={"storage": "self_consumption"},
        factors=(
            FactorUse("grid.province.shanxi.2023", 0.6634, "kg/kWh", "公告2025年第47号", "[A]"),
        ),
        messages=(
            Message("factor_fallback", {"factor_id": "grid.province.shanxi.2023", "year": 2025}),
            Message(
                "certificates_unclaimed",
                {"batch_ids": ("G1", "G2"), "energy_mwh": 8.125, "enterprise": "一号企业"},
            ),
            Message("roofs_without_pv", {"roofs": 3, "note": None, "ok": True}, "info"),
        ),
        results=(
            ResultRow("park", "scope2_location_co2_kg", value, "kg"),
            ResultRow("E01", "electricity_kwh", 10.0, "kWh"),
            ResultRow(
                "E01",
                "kgce_per_wan_cny_output_value",
                None,
                "kgce/万元",
                "no_data",
                "no_output_value",
            ),
            ResultRow("E02", "kgce_per_mu", None, "kgce/亩", "not_applicable", "zero_land_area"),
        ),
    )


@pytest.fixture
def store(url: str) -> Iterator[RunStore]:
    with RunStore(url, create=True) as run_store:
        yield run_store


def test_round_trip_keeps_values_statuses_and_reasons(store: RunStore) -> None:
    record = _record()
    saved = store.save(record)
    assert saved.new
    loaded = store.get(saved.run_id)
    assert loaded.results == record.results
    assert loaded.results[2].value is None and loaded.results[2].reason == "no_output_value"
    assert loaded.messages == record.messages
    assert loaded.factors == record.factors
    assert loaded.options == record.options
    assert (loaded.code_version, loaded.code_hash) == (record.code_version, record.code_hash)
    assert loaded.run_id == saved.run_id
    assert store.get(saved.run_id[:6]).run_id == saved.run_id


def test_runs_are_append_only(store: RunStore) -> None:
    first = store.save(_record(value=1.0))
    again = store.save(_record(value=2.0))  # same id: recognised, nothing replaced
    assert again == dataclasses.replace(first, new=False)
    assert store.get(first.run_id).results[0].value == 1.0
    new_code = store.save(_record(value=3.0, code_hash="f1x"))
    assert new_code.new and new_code.run_id != first.run_id
    other_inputs = store.save(_record(inputs_hash="other"))
    assert other_inputs.new
    runs = {r.run_id: r for r in store.list("demo")}
    assert set(runs) == {first.run_id, new_code.run_id, other_inputs.run_id}
    assert runs[first.run_id].results[0].value == 1.0
    assert runs[new_code.run_id].results[0].value == 3.0


def test_a_failed_save_stores_nothing(store: RunStore) -> None:
    store.save(_record(inputs_hash="kept"))
    broken = _record(inputs_hash="broken")
    bad_row = ResultRow("park", "x", 1.0, "kWh")
    object.__setattr__(bad_row, "unit", None)  # NOT NULL in the database
    object.__setattr__(broken, "results", (*broken.results, bad_row))
    with pytest.raises(StoreError, match="保存运行失败"):
        store.save(broken)
    assert [r.inputs_hash for r in store.list()] == ["kept"]


def test_id_prefix_is_literal(store: RunStore) -> None:
    store.save(_record())
    for pattern in ("%", "_", "%_"):
        with pytest.raises(StoreError, match="没有编号以"):
            store.get(pattern)
    store.save(_record(inputs_hash="second"))
    with pytest.raises(StoreError, match="多于一个"):
        store.get("")


def test_unknown_run_is_a_clear_error(store: RunStore, english: None) -> None:
    store.save(_record())
    with pytest.raises(StoreError, match="no run with id 'nope'"):
        store.get("nope")


def test_reading_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不存在"):
        RunStore(f"sqlite:///{tmp_path}/none.db")
    assert not (tmp_path / "none.db").exists()


def test_reading_an_empty_database_creates_no_table(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).touch()
    with pytest.raises(StoreError, match="还没有 greenpark 的表"):
        RunStore(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == []
    engine.dispose()


def test_writing_creates_the_schema_only_when_a_run_is_saved(url: str) -> None:
    with RunStore(url, create=True) as store:
        engine = create_engine(url)
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        store.save(_record())
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar_one() == head_revision()
        engine.dispose()
    with RunStore(url) as reader:
        assert len(reader.list()) == 1


def test_a_missing_folder_for_a_new_sqlite_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不存在"):
        RunStore(f"sqlite:///{tmp_path}/no/such/runs.db", create=True)


def test_bad_urls_are_store_errors(english: None) -> None:
    with pytest.raises(StoreError, match="cannot open the run database"):
        RunStore("nosuchdriver://x", create=True)
    with pytest.raises(StoreError, match="not a valid database URL"):
        RunStore("postgresql+psycopg://u:pw@localhost:port/db")


def test_bulk_insert_keeps_every_bit_and_the_order(store: RunStore) -> None:
    """The result rows go in as one bulk insert (COPY on PostgreSQL): thousands of values that
    are not short decimals come back bit for bit, in the order they were given."""
    values = [1 / 3 * 10.0**k for k in range(-300, 300)] + [5e-324, 1.7976931348623157e308]
    rows = tuple(ResultRow(f"E{i:04d}", "electricity_kwh", v, "kWh") for i, v in enumerate(values))
    record = dataclasses.replace(_record(), results=rows)
    loaded = store.get(store.save(record).run_id)
    assert [r.value for r in loaded.results] == values
    assert [r.scope for r in loaded.results] == [r.scope for r in rows]


def _ready(record: RunRecord) -> RunToStore:
    rows = tuple((r.scope, r.metric, r.value, r.unit, r.status, r.reason) for r in record.results)
    return RunToStore(dataclasses.replace(record, results=()), rows)


def test_a_run_saved_beside_other_work_is_committed_when_the_work_ends(
    store: RunStore, url: str
) -> None:
    """The rows are written inside the body (another reader does not see them yet) and
    committed at its end: the same run as :meth:`RunStore.save` stores."""
    store.save(_record(inputs_hash="earlier"))
    with store.saving() as saving:
        saving.save(_ready(_record()))
        with RunStore(url) as reader:
            assert [r.inputs_hash for r in reader.list()] == ["earlier"]
    assert saving.saved.new
    assert store.get(saving.saved.run_id) == dataclasses.replace(
        _record(), created_at=store.get(saving.saved.run_id).created_at
    )
    with store.saving() as again:
        again.save(_ready(_record()))
    assert again.saved == dataclasses.replace(saving.saved, new=False)


def test_a_failing_body_beside_the_save_stores_nothing(store: RunStore) -> None:
    store.save(_record(inputs_hash="kept"))
    with pytest.raises(KeyError, match="the export failed"), store.saving() as saving:
        saving.save(_ready(_record()))
        raise KeyError("the export failed")
    assert [r.inputs_hash for r in store.list()] == ["kept"]


def test_a_failing_body_leaves_no_new_sqlite_file(tmp_path: Path) -> None:
    """A database file that is not there yet is written only once the body has ended well."""
    path = tmp_path / "runs.db"
    with RunStore(f"sqlite:///{path}", create=True) as store:
        with pytest.raises(KeyError), store.saving() as saving:
            saving.save(_ready(_record()))
            assert not path.exists()
            raise KeyError("the export failed")
        assert list(tmp_path.iterdir()) == []
        with store.saving() as saving:
            saving.save(_ready(_record()))
        assert saving.saved.new and [r.run_id for r in store.list()] == [saving.saved.run_id]


def test_a_failed_save_beside_other_work_is_a_store_error(store: RunStore) -> None:
    store.save(_record(inputs_hash="kept"))
    broken = _ready(_record(inputs_hash="broken"))
    bad = (*broken.rows, ("park", "x", 1.0, None, "ok", None))  # unit is NOT NULL
    with pytest.raises(StoreError, match="保存运行失败"), store.saving() as saving:
        saving.save(RunToStore(broken.record, bad))  # type: ignore[arg-type]
    assert [r.inputs_hash for r in store.list()] == ["kept"]
