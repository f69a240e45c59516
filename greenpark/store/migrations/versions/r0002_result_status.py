"""Results may have no value: ``status`` and ``reason`` beside a nullable ``value``; runs
record a fingerprint of the code that computed them (``code_hash``).

A PostgreSQL database from 0.1.0 may hold NaN values (SQLite refused them): they become
``no_data`` with reason ``stored_as_nan``. Downgrading drops the results that have no value,
which the old schema cannot hold.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATUS_CHECK = (
    "(status = 'ok' AND value IS NOT NULL AND reason IS NULL) OR "
    "(status IN ('not_applicable', 'no_data') AND value IS NULL AND reason IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("run_results") as batch:
        batch.alter_column("value", existing_type=sa.Float(), nullable=True)
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="ok"))
        batch.add_column(sa.Column("reason", sa.String(60), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE run_results SET value = NULL, status = 'no_data', reason = 'stored_as_nan' "
            "WHERE value = 'NaN'::float8"
        )
    with op.batch_alter_table("run_results") as batch:
        batch.create_check_constraint("ck_run_results_status", STATUS_CHECK)
    op.add_column("runs", sa.Column("code_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("runs", "code_hash")
    op.execute("DELETE FROM run_results WHERE value IS NULL")
    with op.batch_alter_table("run_results") as batch:
        batch.drop_constraint("ck_run_results_status", type_="check")
        batch.drop_column("reason")
        batch.drop_column("status")
        batch.alter_column("value", existing_type=sa.Float(), nullable=False)
