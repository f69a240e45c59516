"""Messages are stored as data: ``code``, ``severity`` and ``params`` (JSON) instead of text.

A run's messages are rendered when they are shown, in the reader's language, so a run stored
from a Chinese session reads in English. Rows stored before hold text in one language only:
they become code ``legacy_text`` with the text as parameter ``text`` (shown as it is).

Downgrading writes each message back as one line of text: a legacy row its text, any other
``code: {params as JSON}`` (the old schema has no language-free form for it).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LEGACY_TEXT = "legacy_text"  # greenpark.messages.LEGACY_TEXT, frozen with this revision


#: the columns of either revision (a statement names only those it uses)
MESSAGES = sa.table(
    "run_messages",
    sa.column("id", sa.Integer()),
    sa.column("text", sa.Text()),
    sa.column("code", sa.String()),
    sa.column("severity", sa.String()),
    sa.column("params", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("run_messages") as batch:
        batch.add_column(sa.Column("code", sa.String(60), nullable=True))
        batch.add_column(sa.Column("severity", sa.String(10), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
    table = MESSAGES
    bind = op.get_bind()
    for row_id, text in bind.execute(sa.select(table.c.id, table.c.text)).all():
        bind.execute(
            table.update()
            .where(table.c.id == row_id)
            .values(code=LEGACY_TEXT, severity="warning", params={"text": text})
        )
    with op.batch_alter_table("run_messages") as batch:
        batch.alter_column("code", existing_type=sa.String(60), nullable=False)
        batch.alter_column("severity", existing_type=sa.String(10), nullable=False)
        batch.alter_column("params", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("text")


def downgrade() -> None:
    with op.batch_alter_table("run_messages") as batch:
        batch.add_column(sa.Column("text", sa.Text(), nullable=True))
    table = MESSAGES
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, table.c.code, table.c.params)).all()
    for row_id, code, params in rows:
        bind.execute(table.update().where(table.c.id == row_id).values(text=_as_text(code, params)))
    with op.batch_alter_table("run_messages") as batch:
        batch.alter_column("text", existing_type=sa.Text(), nullable=False)
        batch.drop_column("params")
        batch.drop_column("severity")
        batch.drop_column("code")


def _as_text(code: str, params: dict[str, object]) -> str:
    if code == LEGACY_TEXT:
        return str(params.get("text", ""))
    return f"{code}: {json.dumps(params, ensure_ascii=False, sort_keys=True)}"
