"""Connections to the run database: engines, the schema lock, and errors without secrets.

Every change to the database (creating or migrating the schema, storing a run) happens in a
*guarded* transaction, so simultaneous greenpark processes take turns:

- PostgreSQL: ``pg_advisory_xact_lock`` on one fixed key, released at commit or rollback;
- SQLite: ``BEGIN IMMEDIATE`` (the write lock is taken at the start of the transaction, not at
  its first write), and other processes wait up to :data:`SQLITE_BUSY_TIMEOUT_S` for it.

Reads use ordinary transactions and take no lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from greenpark.errors import StoreError
from greenpark.i18n import text as words
from greenpark.store.url import masked_url, redact

SQLITE_BUSY_TIMEOUT_S = 120.0
PG_CONNECT_TIMEOUT_S = 10
#: the advisory-lock key every greenpark process takes before changing the database
PG_LOCK_KEY = 0x6772_6E70_6B00  # "grnpk"
_GUARDED = "greenpark_guarded"
_BACKGROUND = re.compile(r"\(Background on this error at: [^)]*\)")


def one_line(exc: BaseException) -> str:
    """The database's own words for an error, on one line (no SQL, no SQLAlchemy link)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = _BACKGROUND.sub("", str(cause) or type(cause).__name__)
    return " ".join(message.split())


def store_error(url: str, zh: str, en: str, exc: BaseException | None = None) -> StoreError:
    """A :class:`StoreError` naming the masked URL; any password in the text is hidden."""
    message = words(f"{zh}（{masked_url(url)}）", f"{en} ({masked_url(url)})")
    if exc is not None:
        message += words("：", ": ") + one_line(exc)
    return StoreError(redact(message, url))


def parse_url(url: str) -> URL:
    """The URL parsed, or a clear error (a bad port or an unknown form is the user's mistake)."""
    try:
        return make_url(url)
    except (SQLAlchemyError, ValueError) as exc:
        raise store_error(url, "不是有效的数据库 URL", "not a valid database URL", exc) from None


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (no connection is made yet)."""
    parsed = parse_url(url)
    connect_args: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_S
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    try:
        engine = create_engine(parsed, connect_args=connect_args)
    except (SQLAlchemyError, ImportError) as exc:
        raise store_error(url, "无法打开运行数据库", "cannot open the run database", exc) from None
    if backend == "sqlite":
        _begin_sqlite_explicitly(engine)
    return engine


def _begin_sqlite_explicitly(engine: Engine) -> None:
    """Let greenpark, not the sqlite3 module, emit BEGIN, so a guarded one is IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        guarded = connection.get_execution_options().get(_GUARDED, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if guarded else "BEGIN")


@contextmanager
def guarded(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the database's greenpark lock until it commits."""
    with engine.connect() as connection:
        connection.execution_options(**{_GUARDED: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            yield connection
