"""Alembic environment: migrations run on the connection greenpark hands over.

greenpark runs every migration itself (``greenpark db upgrade``, or ``greenpark run`` on an
empty database) inside one transaction that holds the schema lock
(:mod:`greenpark.store.migrate`), so this file only connects Alembic to that connection; it
never reads a URL (nor a password) from a config file.

A new revision: add ``versions/rNNNN_<what>.py`` by hand from ``script.py.mako`` (revision ids
are the four digits), change :mod:`greenpark.store.schema` to match and run
``pytest tests/store/test_migrations.py``, which checks that the migrated schema equals the
mapped one on SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("greenpark migrations run through greenpark.store.migrate only")
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
