"""What one accounting run leaves behind, as plain data (no SQLAlchemy here)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from greenpark.messages import Message
from greenpark.provenance import FactorUse, run_id_of

__all__ = ["RESULT_STATUSES", "FactorUse", "ResultRow", "RunRecord"]


#: a result's status: computed, or why it has no value (shown as 不适用 / 无数据)
RESULT_STATUSES = ("ok", "not_applicable", "no_data")


@dataclass(frozen=True)
class ResultRow:
    """One annual number: ``scope`` is ``park`` or an enterprise id.

    A value that does not apply or cannot be computed is ``None`` with ``status``
    ``not_applicable`` or ``no_data`` and a ``reason`` code (rendered by ``report/``);
    a value that is there is finite and has status ``ok`` and no reason.
    """

    scope: str
    metric: str
    value: float | None
    unit: str
    status: str = "ok"
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.status not in RESULT_STATUSES:
            raise ValueError(f"status must be one of {RESULT_STATUSES}, got {self.status!r}")
        if self.status == "ok":
            if self.value is None or not math.isfinite(self.value) or self.reason is not None:
                raise ValueError(f"{self.scope}/{self.metric}: an ok result needs a finite value")
        elif self.value is not None or not self.reason:
            raise ValueError(f"{self.scope}/{self.metric}: {self.status} needs no value, a reason")


@dataclass(frozen=True)
class RunRecord:
    """A complete run: identity, provenance, messages and annual results.

    ``code_version`` names the code for people (``0.1.0+g<commit>``); ``code_hash`` fingerprints
    it (:mod:`greenpark.code_identity`; None for runs stored before it was recorded).
    ``run_id`` is derived from the park, the inputs hash, the options and both, so running the
    same inputs with the same code gives the same id (stored once), and a run from changed
    code gets a new one.
    """

    park_id: str
    accounting_year: int
    inputs_hash: str
    code_version: str
    options: dict[str, str]
    factors: tuple[FactorUse, ...]
    messages: tuple[Message, ...]
    results: tuple[ResultRow, ...]
    hourly_path: str | None = None
    code_hash: str | None = None
    created_at: datetime = field(default_factory=datetime.now)

    @property
    def run_id(self) -> str:
        return run_id_of(
            self.park_id, self.inputs_hash, self.code_version, self.code_hash, self.options
        )
