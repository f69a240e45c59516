"""What one accounting run leaves behind, as plain data (no SQLAlchemy here)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FactorUse:
    """One factor a run used, with enough to audit it."""

    factor_id: str
    value: float
    unit: str
    source: str
    confidence: str


@dataclass(frozen=True)
class ResultRow:
    """One annual number: ``scope`` is ``park`` or an enterprise id."""

    scope: str
    metric: str
    value: float
    unit: str


@dataclass(frozen=True)
class RunRecord:
    """A complete run: identity, provenance, messages and annual results.

    ``run_id`` is derived from the inputs hash, the code version and the options, so
    running the same inputs again gives the same id (and replaces the stored run).
    """

    park_id: str
    accounting_year: int
    inputs_hash: str
    code_version: str
    options: dict[str, str]
    factors: tuple[FactorUse, ...]
    messages: tuple[str, ...]
    results: tuple[ResultRow, ...]
    hourly_path: str | None = None
    created_at: datetime = field(default_factory=datetime.now)

    @property
    def run_id(self) -> str:
        identity = json.dumps(
            [self.park_id, self.inputs_hash, self.code_version, sorted(self.options.items())],
            ensure_ascii=False,
        )
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
