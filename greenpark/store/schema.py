"""The tables of the run database at the newest schema revision (``migrations/versions``).

The migrations create and change these tables; this module maps them for reading and
writing. A test compares the two (``alembic.autogenerate.compare_metadata``), so they cannot
drift apart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: a result has a finite value and status ``ok``, or no value, another status and a reason
RESULT_STATUS_CHECK = (
    "(status = 'ok' AND value IS NOT NULL AND reason IS NULL) OR "
    "(status IN ('not_applicable', 'no_data') AND value IS NULL AND reason IS NOT NULL)"
)


class Base(DeclarativeBase):
    pass


class RunTable(Base):
    __tablename__ = "runs"
    run_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    park_id: Mapped[str] = mapped_column(String(100), index=True)
    accounting_year: Mapped[int] = mapped_column(Integer)
    inputs_hash: Mapped[str] = mapped_column(String(64))
    code_version: Mapped[str] = mapped_column(String(40))
    code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    options: Mapped[dict[str, str]] = mapped_column(JSON)
    hourly_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FactorTable(Base):
    __tablename__ = "run_factors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    factor_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(8))


class MessageTable(Base):
    __tablename__ = "run_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    params: Mapped[dict[str, object]] = mapped_column(JSON)


class ResultTable(Base):
    __tablename__ = "run_results"
    __table_args__ = (CheckConstraint(RESULT_STATUS_CHECK, name="ck_run_results_status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(100))
    metric: Mapped[str] = mapped_column(String(100))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), server_default="ok")
    reason: Mapped[str | None] = mapped_column(String(60), nullable=True)


class ClaimLedgerTable(Base):
    """A run's claim ledger checkpoint: the Merkle root of its claim records and what is
    needed to compute the run again (park folder, weather, options)."""

    __tablename__ = "run_claim_ledgers"
    run_id: Mapped[str] = mapped_column(
        ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True
    )
    root_sha256: Mapped[str] = mapped_column(String(64))
    record_count: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, object]] = mapped_column(JSON)


class ClaimRecordTable(Base):
    """One claim record of a run: its canonical JSON and its hash-chain link."""

    __tablename__ = "run_claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)
    chain_sha256: Mapped[str] = mapped_column(String(64))
