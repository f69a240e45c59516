"""Tamper-evident claim ledger: a run's green claims as hash-chained records with a Merkle
root (``run_claims``, ``run_claim_ledgers``). Downgrading drops both tables.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_claim_ledgers",
        sa.Column(
            "run_id",
            sa.String(32),
            sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("root_sha256", sa.String(64), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
    )
    op.create_table(
        "run_claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "run_id",
            sa.String(32),
            sa.ForeignKey("runs.run_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("chain_sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_run_claims_run_id", "run_claims", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_run_claims_run_id", table_name="run_claims")
    op.drop_table("run_claims")
    op.drop_table("run_claim_ledgers")
