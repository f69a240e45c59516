"""The schema of the run database under Alembic: its revision, upgrade, downgrade.

The migrations ship inside the package (``greenpark/store/migrations``). A database created
by greenpark 0.1.0 (``create_all``, no ``alembic_version`` table) counts as the baseline
revision ``0001``. Upgrades and downgrades run in one guarded transaction
(:func:`greenpark.store.engine.guarded`), so simultaneous processes cannot race to create or
change the tables; PostgreSQL and SQLite both roll back a migration that fails halfway.

Alembic is imported only to upgrade or downgrade a schema, or to explain a wrong one (its
import alone took ~0.7 s of a run): opening a database already at :data:`HEAD_REVISION` reads
``alembic_version`` with plain SQL, and a run saved into an empty database creates the newest
schema as :mod:`greenpark.store.schema` maps it, stamped :data:`HEAD_REVISION`
(:func:`create_head`; a test checks it is the schema the migrations make).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from greenpark.errors import StoreError
from greenpark.store.engine import guarded, make_engine, sqlite_file, store_error
from greenpark.store.schema import Base
from greenpark.store.url import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
VERSION_TABLE = "alembic_version"
UPGRADE_HINT = ("请先运行 greenpark db upgrade", "run `greenpark db upgrade` first")
#: the newest revision in ``migrations/versions`` (a test checks it is Alembic's head)
HEAD_REVISION = "0004"

if TYPE_CHECKING:
    from alembic.config import Config


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision this greenpark knows, as Alembic finds it in the scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # the package ships at least the baseline
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision this greenpark ships."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return frozenset(r.revision for r in script.walk_revisions())


def revision(connection: Connection) -> str | None:
    """The database's schema revision; None when it has no greenpark tables at all."""
    tables = inspect(connection)
    current = None
    if tables.has_table(VERSION_TABLE):
        current = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    if current is None and tables.has_table("runs"):
        return BASELINE
    return None if current is None else str(current)


@dataclass(frozen=True)
class SchemaChange:
    """What ``greenpark db upgrade`` (or ``downgrade``) did: revision before and after."""

    before: str | None
    after: str | None


def ensure_head(connection: Connection, url: str, *, create: bool) -> None:
    """Check that the schema is at head; create it in an empty database when ``create``.

    Call inside :func:`guarded` when ``create`` is true.
    """
    current = revision(connection)
    if current is None and create:
        create_head(connection)
    elif current != HEAD_REVISION:
        raise schema_error(url, current)


def create_head(connection: Connection) -> None:
    """The newest schema in an empty database, without Alembic: the mapped tables and
    Alembic's version table (as Alembic makes it) at :data:`HEAD_REVISION`."""
    Base.metadata.create_all(connection)
    version = Table(
        VERSION_TABLE,
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"),
    )
    version.create(connection)
    connection.execute(version.insert().values(version_num=HEAD_REVISION))


def schema_error(url: str, current: str | None) -> StoreError:
    """The clear message for a database that is empty, older or newer than this greenpark."""
    head = head_revision()
    if current is None:
        zh, en = "数据库中还没有 greenpark 的表", "the database has no greenpark tables yet"
    elif current in known_revisions():
        zh = f"数据库结构版本为 {current}，本程序需要 {head}，{UPGRADE_HINT[0]}"
        en = f"the database schema is at revision {current}, this greenpark needs {head}: {UPGRADE_HINT[1]}"
    else:
        zh = f"数据库结构版本 {current} 比本程序（{head}）新，请升级 greenpark"
        en = f"the database schema revision {current} is newer than this greenpark's ({head}): upgrade greenpark"
    return store_error(url, zh, en)


def _migrate(url: str | None, target: str, *, downgrade: bool = False) -> SchemaChange:
    from alembic import command
    from alembic.util import CommandError

    url = database_url(url)
    if downgrade:
        require_existing_sqlite(url)
    engine = make_engine(url)
    try:
        with guarded(engine) as connection:
            before = revision(connection)
            if before is not None and before not in known_revisions():
                raise schema_error(url, before)
            config = _config(connection)
            if before is not None and not inspect(connection).has_table(VERSION_TABLE):
                command.stamp(config, before)
            (command.downgrade if downgrade else command.upgrade)(config, target)
            after = revision(connection)
    except (SQLAlchemyError, CommandError) as exc:
        raise store_error(url, "迁移数据库失败", "migrating the database failed", exc) from None
    finally:
        engine.dispose()
    return SchemaChange(before, after)


def upgrade_database(url: str | None = None, target: str = "head") -> SchemaChange:
    """Bring the schema to ``target`` (creates the tables in an empty database)."""
    return _migrate(url, target)


def downgrade_database(url: str | None, target: str) -> SchemaChange:
    """Take the schema back to ``target`` (``base`` removes every greenpark table)."""
    return _migrate(url, target, downgrade=True)


def current_revision(url: str | None = None) -> str | None:
    """The database's revision, read without creating anything (a missing file is an error)."""
    url = database_url(url)
    require_existing_sqlite(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return revision(connection)
    except SQLAlchemyError as exc:
        raise store_error(url, "无法读取运行数据库", "cannot read the run database", exc) from None
    finally:
        engine.dispose()


def require_existing_sqlite(url: str) -> None:
    """Raise a clear error when ``url`` names a SQLite file that does not exist."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise store_error(
            url,
            f"数据库文件 {path} 不存在：还没有保存过运行（greenpark run 会创建它）",
            f"no database file {path}: nothing stored yet (greenpark run creates it)",
        )
