"""Run persistence with SQLAlchemy 2: SQLite by default, any URL (e.g. PostgreSQL) by choice.

Stored runs are append-only. A run's id hashes its inputs, options and code
(:attr:`RunRecord.run_id`): storing a run whose id is already there changes nothing and says
so (:attr:`Saved.new` is false); a run from other inputs or other code is a new run beside the
old ones. Nothing is ever deleted or replaced. A run is written in one guarded transaction
(:func:`greenpark.store.engine.guarded`): every row lands or none does, and simultaneous
processes take turns.

Opening never creates anything unless asked: reading needs a database at the newest schema
revision; ``create=True`` (``greenpark run``) also accepts a missing or empty database, whose
tables :meth:`RunStore.save` creates under the same lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from greenpark.errors import StoreError
from greenpark.messages import Message
from greenpark.provenance import RunTables
from greenpark.result_tables import ResultTuple
from greenpark.store.engine import guarded, make_engine, sqlite_file, store_error
from greenpark.store.migrate import (
    HEAD_REVISION,
    ensure_head,
    require_existing_sqlite,
    revision,
    schema_error,
)
from greenpark.store.record import FactorUse, ResultRow, RunRecord
from greenpark.store.schema import Base, FactorTable, MessageTable, ResultTable, RunTable
from greenpark.store.stored_run import RunToStore, StoredRun, to_store
from greenpark.store.url import database_url, masked_url


@dataclass(frozen=True)
class Saved:
    """The outcome of :meth:`RunStore.save`: the run's id, and whether it is new."""

    run_id: str
    new: bool


class Saving:
    """The run :meth:`RunStore.saving` stores: :meth:`save` it in the body; :attr:`saved`
    says how once the body has ended and the run is committed."""

    def __init__(self, write: Callable[[RunToStore], Saved], at_once: bool) -> None:
        self._write, self._at_once = write, at_once
        self._ready: RunToStore | None = None
        self._saved: Saved | None = None

    def save(self, ready: RunToStore) -> None:
        """Store ``ready`` (its rows are written now, or after the body for a new file)."""
        if self._ready is not None:
            raise RuntimeError("Saving.save: one run per transaction")
        self._ready = ready
        if self._at_once:
            self._saved = self._write(ready)

    def finish(self) -> None:
        """The body has ended well: write a run whose rows wait for it."""
        if self._ready is not None and self._saved is None:
            self._saved = self._write(self._ready)

    @property
    def saved(self) -> Saved:
        """The run's id and whether it is new; RuntimeError before the run is written."""
        if self._saved is None:
            raise RuntimeError("Saving.saved: no run written yet")
        return self._saved


class RunStore:
    """Save, list and read runs in one database (``url``: see :func:`database_url`)."""

    def __init__(self, url: str | None = None, *, create: bool = False) -> None:
        self._url = database_url(url)
        #: the URL as it may be shown: password masked
        self.shown_url = masked_url(self._url)
        self._create = create
        if not create:
            require_existing_sqlite(self._url)
        self._engine: Engine = make_engine(self._url)
        try:
            self._check_schema()
        except BaseException:
            self._engine.dispose()
            raise

    def _check_schema(self) -> None:
        path = sqlite_file(self._url)
        if path is not None and not path.exists():  # only with create=True
            if not path.parent.is_dir():
                raise store_error(
                    self._url, f"目录 {path.parent} 不存在", f"no folder {path.parent}"
                )
            return
        try:
            with self._engine.connect() as connection:
                current = revision(connection)
        except SQLAlchemyError as exc:
            raise store_error(
                self._url, "无法打开运行数据库", "cannot open the run database", exc
            ) from None
        if current != HEAD_REVISION and not (current is None and self._create):
            raise schema_error(self._url, current)

    def close(self) -> None:
        """Release every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def save(self, record: RunRecord) -> Saved:
        """Store ``record`` unless a run with its id is stored already (then nothing changes)."""
        rows = [(r.scope, r.metric, r.value, r.unit, r.status, r.reason) for r in record.results]
        return self._save(record, rows)

    def save_run(self, run: RunTables, *, hourly_path: str | None = None) -> Saved:
        """Store a run result (:func:`greenpark.run`), as :meth:`save` stores a record."""
        ready = to_store(run, hourly_path)
        return self._save(ready.record, ready.rows)

    @contextmanager
    def saving(self) -> Iterator[Saving]:
        """A store whose commit waits for the body: the body calls :meth:`Saving.save` once
        with a run made ready by :func:`~greenpark.store.stored_run.to_store`; its rows are
        written at once inside a guarded transaction (:meth:`save` stores a record so), which
        commits when the body ends, and a failing body stores nothing. ``greenpark run``
        writes the rows while the result files are still being written and commits once they
        are in place. A SQLite file that does not exist yet is written only after the body,
        so a failing body never leaves an empty database file behind."""
        path = sqlite_file(self._url)
        at_once = path is None or path.exists()
        try:
            with ExitStack() as transaction:

                def write(ready: RunToStore) -> Saved:
                    connection = transaction.enter_context(guarded(self._engine))
                    return self._insert(connection, ready.record, ready.rows)

                handle = Saving(write, at_once)
                yield handle
                handle.finish()
        except SQLAlchemyError as exc:
            raise self._save_error(exc) from None

    def _save(self, record: RunRecord, results: Sequence[ResultTuple]) -> Saved:
        """Store ``record`` with ``results`` as its result rows (``record.results`` unread)."""
        try:
            with guarded(self._engine) as connection:
                return self._insert(connection, record, results)
        except SQLAlchemyError as exc:
            raise self._save_error(exc) from None

    def _insert(
        self, connection: Connection, record: RunRecord, results: Sequence[ResultTuple]
    ) -> Saved:
        """Write ``record`` and ``results`` in the guarded transaction of ``connection``,
        unless a run with its id is stored already."""
        run_id = record.run_id
        ensure_head(connection, self._url, create=self._create)
        with Session(bind=connection) as session:
            if session.get(RunTable, run_id) is not None:
                return Saved(run_id, new=False)
            session.add(_run_row(record))
            session.flush()
            for table, rows in _child_rows(record):
                _insert_rows(connection, table, rows)
            _insert_results(connection, run_id, results)
        return Saved(run_id, new=True)

    def _save_error(self, exc: SQLAlchemyError) -> StoreError:
        return store_error(self._url, "保存运行失败", "storing the run failed", exc)

    def stored_run(self, run_id: str) -> StoredRun:
        """One stored run, with the tables of a run result; a unique id prefix is enough."""
        return StoredRun(self.get(run_id))

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with Session(self._engine) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise store_error(
                self._url, "读取运行数据库失败", "reading the run database failed", exc
            ) from None

    def list(self, park_id: str | None = None) -> list[RunRecord]:
        """Every stored run (newest first), optionally only one park's."""
        with self._reading() as session:
            query = select(RunTable).order_by(RunTable.created_at.desc(), RunTable.run_id)
            if park_id is not None:
                query = query.where(RunTable.park_id == park_id)
            return [_record(session, row) for row in session.scalars(query)]

    def get(self, run_id: str) -> RunRecord:
        """One run by id; a unique prefix is enough (``%`` and ``_`` are plain characters)."""
        with self._reading() as session:
            query = select(RunTable).where(RunTable.run_id.startswith(run_id, autoescape=True))
            rows = list(session.scalars(query.limit(2)))
            if len(rows) != 1:
                raise store_error(
                    self._url,
                    f"{'没有' if not rows else '多于一个'}编号以 {run_id!r} 开头的运行",
                    f"{'no run' if not rows else 'more than one run'} with id {run_id!r}",
                )
            return _record(session, rows[0])


def _record(session: Session, row: RunTable) -> RunRecord:
    factors = session.scalars(
        select(FactorTable).where(FactorTable.run_id == row.run_id).order_by(FactorTable.id)
    )
    messages = session.scalars(
        select(MessageTable).where(MessageTable.run_id == row.run_id).order_by(MessageTable.seq)
    )
    results = session.scalars(
        select(ResultTable).where(ResultTable.run_id == row.run_id).order_by(ResultTable.id)
    )
    return RunRecord(
        park_id=row.park_id,
        accounting_year=row.accounting_year,
        inputs_hash=row.inputs_hash,
        code_version=row.code_version,
        code_hash=row.code_hash,
        options=dict(row.options),
        factors=tuple(
            FactorUse(f.factor_id, f.value, f.unit, f.source, f.confidence) for f in factors
        ),
        messages=tuple(
            Message.from_dict({"code": m.code, "severity": m.severity, "params": m.params})
            for m in messages
        ),
        results=tuple(
            ResultRow(r.scope, r.metric, r.value, r.unit, r.status, r.reason) for r in results
        ),
        hourly_path=row.hourly_path,
        created_at=row.created_at,
    )


def _run_row(record: RunRecord) -> RunTable:
    return RunTable(
        run_id=record.run_id,
        park_id=record.park_id,
        accounting_year=record.accounting_year,
        inputs_hash=record.inputs_hash,
        code_version=record.code_version,
        code_hash=record.code_hash,
        options=dict(record.options),
        hourly_path=record.hourly_path,
        created_at=record.created_at,
    )


def _insert_rows(connection: Connection, table: type[Base], rows: list[dict[str, object]]) -> None:
    """One executemany of the plain table (no ORM bookkeeping per row)."""
    if rows:
        connection.execute(insert(Base.metadata.tables[table.__tablename__]), rows)


#: the columns of a stored result row, in the order :func:`_insert_results` writes them
RESULT_ROW_COLUMNS = ("run_id", "scope", "metric", "value", "unit", "status", "reason")


def _insert_results(connection: Connection, run_id: str, results: Sequence[ResultTuple]) -> None:
    """The result rows (29,500 at 500 enterprises) in one bulk statement handed to the
    driver as plain tuples: ``COPY`` on PostgreSQL (psycopg 3), one executemany on SQLite;
    elsewhere Core's executemany."""
    rows = [(run_id, *row) for row in results]
    columns = ", ".join(RESULT_ROW_COLUMNS)
    if not rows:
        return
    if connection.dialect.driver == "psycopg":
        _copy(connection, f"COPY {ResultTable.__tablename__} ({columns}) FROM STDIN", rows)
    elif connection.dialect.name == "sqlite":
        marks = ", ".join("?" * len(RESULT_ROW_COLUMNS))
        sql = f"INSERT INTO {ResultTable.__tablename__} ({columns}) VALUES ({marks})"
        connection.exec_driver_sql(sql, rows)
    else:
        named: list[dict[str, object]] = [
            dict(zip(RESULT_ROW_COLUMNS, row, strict=True)) for row in rows
        ]
        _insert_rows(connection, ResultTable, named)


def _copy(connection: Connection, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
    """``rows`` through PostgreSQL's ``COPY … FROM STDIN`` on the transaction's connection."""
    driver = connection.connection.driver_connection
    assert driver is not None  # a live connection inside the transaction
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except connection.dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy raises it
        raise DBAPIError(sql, None, exc) from exc


def _child_rows(record: RunRecord) -> list[tuple[type[Base], list[dict[str, object]]]]:
    """The factor and message rows of a run, as plain values per table."""
    run_id = record.run_id
    factors: list[dict[str, object]] = [
        {
            "run_id": run_id,
            "factor_id": f.factor_id,
            "value": f.value,
            "unit": f.unit,
            "source": f.source,
            "confidence": f.confidence,
        }
        for f in record.factors
    ]
    messages: list[dict[str, object]] = [
        {
            "run_id": run_id,
            "seq": i,
            "code": m.code,
            "severity": m.severity,
            "params": dict(m.params),
        }
        for i, m in enumerate(record.messages)
    ]
    return [(FactorTable, factors), (MessageTable, messages)]
