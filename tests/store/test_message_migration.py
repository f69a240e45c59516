"""Revision 0003: messages stored as data (code, severity, params), on SQLite and PostgreSQL.

A database at 0002 holds messages as text; upgrading keeps each as a ``legacy_text`` message
shown as it was; downgrading writes text back (legacy rows unchanged, others as code and JSON).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text

from greenpark.messages import LEGACY_TEXT, Message
from greenpark.report.messages import render
from greenpark.store.database import RunStore
from greenpark.store.migrate import (
    current_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from greenpark.store.migrations.versions import r0003_message_data
from greenpark.store.record import RunRecord

OLD_TEXTS = ("电网因子回退到2023年：shanxi 2025 → 2023", "gap of 3 h for E07")


def _execute(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    with engine.begin() as connection:
        result = connection.execute(text(sql), params)
        rows = [tuple(row) for row in result] if result.returns_rows else []
    engine.dispose()
    return rows


def _database_at_0002(url: str) -> str:
    """A 0002 database with one run whose two messages are plain text; the run's id."""
    upgrade_database(url, "0002")
    run_id = "r" * 32
    _execute(
        url,
        "INSERT INTO runs (run_id, park_id, accounting_year, inputs_hash, code_version, "
        "code_hash, options, hourly_path, created_at) VALUES (:r, 'demo', 2025, 'h', '0.2.0', "
        "NULL, '{}', NULL, :t)",
        r=run_id,
        t=datetime(2025, 6, 1),
    )
    for seq, line in enumerate(OLD_TEXTS):
        _execute(
            url,
            "INSERT INTO run_messages (run_id, seq, text) VALUES (:r, :s, :x)",
            r=run_id,
            s=seq,
            x=line,
        )
    return run_id


def test_the_revision_knows_the_legacy_code() -> None:
    assert r0003_message_data.LEGACY_TEXT == LEGACY_TEXT


def test_old_text_messages_read_as_they_were(url: str) -> None:
    run_id = _database_at_0002(url)
    upgrade_database(url)
    assert current_revision(url) == head_revision()
    with RunStore(url) as store:
        messages = store.get(run_id).messages
    assert [m.code for m in messages] == [LEGACY_TEXT, LEGACY_TEXT]
    for language in ("zh", "en"):  # text in one language stays as it is in both
        assert [render(m, language) for m in messages] == list(OLD_TEXTS)


def test_downgrade_writes_text_back(url: str) -> None:
    run_id = _database_at_0002(url)
    upgrade_database(url)
    new = Message("roofs_without_pv", {"roofs": 2}, "info")
    record = RunRecord("demo", 2025, "h2", "0.2.0", {}, (), (new,), ())
    with RunStore(url) as store:
        new_id = store.save(record).run_id
    downgrade_database(url, "0002")
    rows = _execute(url, "SELECT run_id, text FROM run_messages ORDER BY run_id, seq")
    by_run = {rid: [line for r, line in rows if r == rid] for rid, _ in rows}
    assert by_run[run_id] == list(OLD_TEXTS)
    assert by_run[new_id] == ['roofs_without_pv: {"roofs": 2}']
    upgrade_database(url)  # and up again: the written-back lines are legacy text now
    with RunStore(url) as store:
        again = store.get(new_id).messages
    assert [render(m, "en") for m in again] == ['roofs_without_pv: {"roofs": 2}']


def test_a_run_stored_in_chinese_reads_in_english(url: str) -> None:
    message = Message(
        "certificates_unclaimed",
        {"batch_ids": ("G1", "G2"), "energy_mwh": 8.125, "enterprise": "一号企业"},
    )
    record = RunRecord("demo", 2025, "h", "0.2.0", {}, (), (message,), ())
    with RunStore(url, create=True) as store:
        run_id = store.save(record).run_id
    with RunStore(url) as store:
        (loaded,) = store.get(run_id).messages
    assert loaded == message
    assert render(loaded, "zh").startswith("绿证 G1, G2：8.125 MWh 超出一号企业扣除")
    assert render(loaded, "en").startswith("certificates G1, G2: 8.125 MWh exceed what 一号企业")
