"""Run persistence with SQLAlchemy 2: SQLite by default, any URL (e.g. PostgreSQL) by choice.

A run is written in one transaction: either every row lands or none does. Saving a run
whose id exists replaces it, so re-running the same inputs is idempotent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from greenpark.errors import GreenparkError
from greenpark.store.record import FactorUse, ResultRow, RunRecord

DB_ENV = "GREENPARK_DB"
DEFAULT_SQLITE_FILE = "greenpark.db"


class StoreError(GreenparkError):
    """The run database could not be opened, read or written."""


class _Base(DeclarativeBase):
    pass


class _Run(_Base):
    __tablename__ = "runs"
    run_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    park_id: Mapped[str] = mapped_column(String(100), index=True)
    accounting_year: Mapped[int] = mapped_column(Integer)
    inputs_hash: Mapped[str] = mapped_column(String(64))
    code_version: Mapped[str] = mapped_column(String(40))
    options: Mapped[dict[str, str]] = mapped_column(JSON)
    hourly_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class _FactorUse(_Base):
    __tablename__ = "run_factors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    factor_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(8))


class _Message(_Base):
    __tablename__ = "run_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class _Result(_Base):
    __tablename__ = "run_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(100))
    metric: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$GREENPARK_DB``, else ``./greenpark.db`` (SQLite)."""
    if url:
        return url
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_FILE}"


class RunStore:
    """Save, list and read runs in one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        try:
            self._engine = create_engine(self.url)
            _Base.metadata.create_all(self._engine)
        except (SQLAlchemyError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open run database {self.url}: {exc}") from exc

    def close(self) -> None:
        """Release every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with Session(self._engine) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"run database {self.url}: {exc}") from exc

    def save(self, record: RunRecord) -> str:
        """Store ``record`` in one transaction, replacing a run with the same id."""
        run_id = record.run_id
        with self._session() as session:
            for table in (_Result, _Message, _FactorUse):
                session.execute(delete(table).where(table.run_id == run_id))
            session.execute(delete(_Run).where(_Run.run_id == run_id))
            session.add(_run_row(record))
            session.flush()
            session.add_all(_child_rows(record))
        return run_id

    def list(self, park_id: str | None = None) -> list[RunRecord]:
        """Every stored run (newest first), optionally only one park's."""
        with self._session() as session:
            query = select(_Run).order_by(_Run.created_at.desc())
            if park_id is not None:
                query = query.where(_Run.park_id == park_id)
            return [self._record(session, row) for row in session.scalars(query)]

    def get(self, run_id: str) -> RunRecord:
        """One run by id (a unique prefix is enough)."""
        with self._session() as session:
            rows = list(session.scalars(select(_Run).where(_Run.run_id.startswith(run_id))))
            if len(rows) != 1:
                found = "no run" if not rows else f"{len(rows)} runs"
                raise StoreError(f"{found} with id {run_id!r} in {self.url}")
            return self._record(session, rows[0])

    @staticmethod
    def _record(session: Session, row: _Run) -> RunRecord:
        factors = session.scalars(select(_FactorUse).where(_FactorUse.run_id == row.run_id))
        messages = session.scalars(
            select(_Message).where(_Message.run_id == row.run_id).order_by(_Message.seq)
        )
        results = session.scalars(
            select(_Result).where(_Result.run_id == row.run_id).order_by(_Result.id)
        )
        return RunRecord(
            park_id=row.park_id,
            accounting_year=row.accounting_year,
            inputs_hash=row.inputs_hash,
            code_version=row.code_version,
            options=dict(row.options),
            factors=tuple(
                FactorUse(f.factor_id, f.value, f.unit, f.source, f.confidence) for f in factors
            ),
            messages=tuple(m.text for m in messages),
            results=tuple(ResultRow(r.scope, r.metric, r.value, r.unit) for r in results),
            hourly_path=row.hourly_path,
            created_at=row.created_at,
        )


def _run_row(record: RunRecord) -> _Run:
    return _Run(
        run_id=record.run_id,
        park_id=record.park_id,
        accounting_year=record.accounting_year,
        inputs_hash=record.inputs_hash,
        code_version=record.code_version,
        options=dict(record.options),
        hourly_path=record.hourly_path,
        created_at=record.created_at,
    )


def _child_rows(record: RunRecord) -> list[_Base]:
    run_id = record.run_id
    rows: list[_Base] = [
        _FactorUse(
            run_id=run_id,
            factor_id=f.factor_id,
            value=f.value,
            unit=f.unit,
            source=f.source,
            confidence=f.confidence,
        )
        for f in record.factors
    ]
    rows += [_Message(run_id=run_id, seq=i, text=t) for i, t in enumerate(record.messages)]
    rows += [
        _Result(run_id=run_id, scope=r.scope, metric=r.metric, value=r.value, unit=r.unit)
        for r in record.results
    ]
    return rows
