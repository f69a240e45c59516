"""Files for other tools: the enterprise factor table as CSV (UTF-8 with BOM, for Excel), JSON
or xlsx, each row carrying its provenance (run id, park, claim-ledger root, code version,
inputs hash); a PACT document; an inclusion proof. Values are written as computed (no
rounding); a value that is not there is empty (CSV, xlsx) or null (JSON), with its status and
reason beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from greenpark.footprint.merkle import inclusion_proof, leaf_hash
from greenpark.run_result import RunResult

TABLE_FORMATS = ("csv", "json", "xlsx")
CSV_ENCODING = "utf-8-sig"


def stamped(table: pd.DataFrame, result: RunResult, claims_root: str) -> pd.DataFrame:
    """``table`` with the provenance columns first."""
    provenance = {
        "run_id": result.run_id,
        "park_id": result.config.park.id,
        "claims_root_sha256": claims_root,
        "code_version": result.provenance.code_version,
        "inputs_sha256": result.provenance.inputs_hash,
    }
    return pd.concat([pd.DataFrame(provenance, index=table.index), table], axis=1)


def _json_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    plain = table.astype(object).where(table.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in plain.to_dict(orient="records")]


def export_factor_table(
    table: pd.DataFrame,
    fmt: str,
    path: Path,
    *,
    name: str = "electricity_factors",
    sheet: str = "factors",
) -> Path:
    """Write a stamped table to ``path`` as ``fmt`` (one of :data:`TABLE_FORMATS`): the rows
    under ``name`` in JSON, on the sheet ``sheet`` in xlsx."""
    if fmt == "csv":
        table.to_csv(path, index=False, encoding=CSV_ENCODING)
    elif fmt == "json":
        document = {name: _json_rows(table)}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "xlsx":
        table.to_excel(path, index=False, sheet_name=sheet)
    else:
        raise ValueError(f"format must be one of {TABLE_FORMATS}, got {fmt!r}")
    return path


def export_json(document: object, path: Path) -> Path:
    """Write ``document`` as UTF-8 JSON (a PACT document, an inclusion proof)."""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def inclusion_document(
    run_id: str, records: Sequence[str], root: str, enterprise: str
) -> dict[str, Any]:
    """The RFC 6962 inclusion proofs of ``enterprise``'s claim records in a stored ledger:
    each record (canonical text), its position, leaf hash and audit path (hex, bottom-up)."""
    leaves = [leaf_hash(r.encode("utf-8")) for r in records]
    claims = [
        {
            "index": i,
            "record": record,
            "leaf_sha256": leaves[i].hex(),
            "audit_path": [h.hex() for h in inclusion_proof(leaves, i)],
        }
        for i, record in enumerate(records)
        if json.loads(record)["claimant"] == enterprise
    ]
    return {
        "run_id": run_id,
        "enterprise": enterprise,
        "tree_size": len(records),
        "root_sha256": root,
        "hash": "RFC 6962: leaf SHA-256(0x00||record UTF-8), node SHA-256(0x01||left||right)",
        "claims": claims,
    }
