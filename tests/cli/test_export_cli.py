"""``greenpark export factors|proof`` and ``greenpark verify`` end to end, on a copy of the
two-firm park and a real SQLite file: every format, an inclusion proof checked by a verifier
written here from RFC 9162 §2.1.3.2, and a tampered, a reordered and a changed-factor ledger."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.footprint.electricity import BASES
from greenpark.footprint.verify import stored_findings
from greenpark.store.claims import load_claims
from tests.footprint.pact_schema import pact_problems

REPO = Path(__file__).resolve().parents[2]
TWO_FIRMS = REPO / "tests" / "parks" / "two_firms"
runner = CliRunner()


class Exported:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.park = folder / "park"
        self.url = f"sqlite:///{folder / 'runs.db'}"

    def export(self, *args: str) -> str:
        done = runner.invoke(app, ["--lang", "en", "export", *args, "--db", self.url])
        assert done.exit_code == 0, done.output
        return done.output


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    made = Exported(tmp_path_factory.mktemp("export"))
    shutil.copytree(TWO_FIRMS, made.park)
    for fmt, who in (("csv", None), ("json", "F1"), ("xlsx", "F2"), ("pact", "F2")):
        chosen = [] if who is None else ["--enterprise", who]
        out = made.folder / f"factors-{fmt}-{who}"
        made.export("factors", str(made.park), "--format", fmt, *chosen, "--out", str(out))
    return made


def _csv(exported: Exported) -> pd.DataFrame:
    return pd.read_csv(exported.folder / "factors-csv-None", encoding="utf-8-sig", dtype=str)


def test_csv_labels_every_row_and_carries_the_run_and_root(exported: Exported) -> None:
    table = _csv(exported)
    assert set(table["enterprise"]) == {"F1", "F2"}
    assert set(table["basis"]) == set(BASES)
    assert table["basis"].notna().all() and table["gas"].isin(["CO2", "CO2e"]).all()
    assert table["run_id"].nunique() == 1 and table["claims_root_sha256"].str.len().eq(64).all()
    assert (table["status"] == "ok").all()


def test_json_and_xlsx_hold_the_same_factors(exported: Exported) -> None:
    rows = json.loads((exported.folder / "factors-json-F1").read_text(encoding="utf-8"))
    f1 = [r for r in rows["electricity_factors"] if r["period"] == "2025"]
    csv = _csv(exported)
    expected = csv[(csv["enterprise"] == "F1") & (csv["period"] == "2025")]
    assert [r["value_kg_per_kwh"] for r in f1] == [float(v) for v in expected["value_kg_per_kwh"]]
    monthly = [r for r in rows["electricity_factors"] if r["period"] != "2025"]
    assert {r["green_share_certificate_based_fraction"] for r in monthly} == {None}
    sheet = pd.read_excel(
        exported.folder / "factors-xlsx-F2", sheet_name="factors", engine="calamine"
    )
    assert set(sheet["enterprise"]) == {"F2"} and len(sheet) == 5 + 12 * 2


def test_the_pact_document_validates_and_names_the_run(exported: Exported) -> None:
    document = json.loads((exported.folder / "factors-pact-F2").read_text(encoding="utf-8"))
    assert pact_problems(document) == []
    data = document["extensions"][0]["data"]
    assert data["runId"] == _csv(exported)["run_id"].iloc[0]
    assert data["claimsRootSha256"] == _csv(exported)["claims_root_sha256"].iloc[0]


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _included(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def test_an_inclusion_proof_leads_to_the_exported_root(exported: Exported) -> None:
    run_id = _csv(exported)["run_id"].iloc[0]
    out = exported.folder / "proof.json"
    exported.export("proof", run_id, "--enterprise", "F2", "--out", str(out))
    proof = json.loads(out.read_text(encoding="utf-8"))
    root = bytes.fromhex(_csv(exported)["claims_root_sha256"].iloc[0])
    kinds = set()
    for claim in proof["claims"]:
        record = json.loads(claim["record"])
        assert record["claimant"] == "F2" and record["run_id"] == run_id
        kinds.add(record["kind"])
        leaf = hashlib.sha256(b"\x00" + claim["record"].encode("utf-8")).digest()
        path = [bytes.fromhex(h) for h in claim["audit_path"]]
        assert _included(claim["index"], proof["tree_size"], leaf, path, root)
        assert not _included(claim["index"], proof["tree_size"], _node(leaf, leaf), path, root)
    assert kinds == {"contract", "certificate"}


def _verify(exported: Exported, run_id: str) -> tuple[int, str]:
    done = runner.invoke(app, ["--lang", "en", "verify", run_id, "--db", exported.url])
    return done.exit_code, done.output


def _sql(url: str, statement: str, **params: object) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement), params)
    engine.dispose()


def test_verify_passes_then_finds_a_tampered_row(exported: Exported, tmp_path: Path) -> None:
    run_id = _csv(exported)["run_id"].iloc[0]
    code, output = _verify(exported, run_id)
    assert code == 0 and f"run {run_id} verified" in output, output
    shutil.copy(exported.folder / "runs.db", tmp_path / "runs.db")
    tampered = Exported(tmp_path)
    record = load_claims(tampered.url, run_id).records[3]
    bigger = record.replace('"kwh":"', '"kwh":"1')
    _sql(tampered.url, "UPDATE run_claims SET record = :r WHERE seq = 3", r=bigger)
    code, output = _verify(tampered, run_id)
    assert code == 1
    assert "✗ hash chain: first mismatch at record 3" in output
    assert "✗ recomputed claims: first mismatch at record 3" in output
    assert "✓ input files: match" in output and "✓ factors: match" in output


def test_a_reordered_ledger_breaks_the_chain_where_it_was_moved(
    exported: Exported, tmp_path: Path
) -> None:
    run_id = _csv(exported)["run_id"].iloc[0]
    shutil.copy(exported.folder / "runs.db", tmp_path / "runs.db")
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    _sql(url, "UPDATE run_claims SET seq = CASE seq WHEN 5 THEN 6 ELSE 5 END WHERE seq IN (5, 6)")
    stored = load_claims(url, run_id)
    chain, root = stored_findings(stored.records, stored.links, stored.root_sha256)
    assert (chain.passed, chain.where) == (False, "5")
    assert not root.passed


def test_verify_finds_a_changed_factor_table(exported: Exported, tmp_path: Path) -> None:
    """A new process (factor tables are read once per process) with one grid factor changed."""
    run_id = _csv(exported)["run_id"].iloc[0]
    factors = tmp_path / "factors"
    shutil.copytree(REPO / "factors", factors)
    grid = factors / "grid.csv"
    original = grid.read_text(encoding="utf-8")
    changed = original.replace(
        "grid.province.shanxi.2023,grid_co2,shanxi,2023,average,0.6634",
        "grid.province.shanxi.2023,grid_co2,shanxi,2023,average,0.6700",
    )
    assert changed != original
    grid.write_text(changed, encoding="utf-8")
    env = {**os.environ, "GREENPARK_FACTORS_DIR": str(factors), "GREENPARK_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "greenpark", "verify", run_id, "--db", exported.url],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "✗ input files" in done.stdout
    assert "✗ factors: first mismatch at grid.province.shanxi.2023: expected 0.67" in done.stdout
