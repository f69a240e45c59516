"""Baseline: the four run tables as greenpark 0.1.0 created them (``create_all``).

A database created before migrations existed has these tables and no ``alembic_version``;
``greenpark db upgrade`` stamps it with this revision and upgrades it from here.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CHILDREN = ("run_factors", "run_messages", "run_results")


def _run_id() -> sa.Column[str]:
    return sa.Column(
        "run_id", sa.String(32), sa.ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(32), primary_key=True),
        sa.Column("park_id", sa.String(100), nullable=False),
        sa.Column("accounting_year", sa.Integer, nullable=False),
        sa.Column("inputs_hash", sa.String(64), nullable=False),
        sa.Column("code_version", sa.String(40), nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("hourly_path", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_runs_park_id", "runs", ["park_id"])
    op.create_table(
        "run_factors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_id(),
        sa.Column("factor_id", sa.String(100), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(8), nullable=False),
    )
    op.create_table(
        "run_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_id(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "run_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _run_id(),
        sa.Column("scope", sa.String(100), nullable=False),
        sa.Column("metric", sa.String(100), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
    )
    for table in CHILDREN:
        op.create_index(f"ix_{table}_run_id", table, ["run_id"])


def downgrade() -> None:
    for table in CHILDREN:
        op.drop_index(f"ix_{table}_run_id", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_runs_park_id", table_name="runs")
    op.drop_table("runs")
