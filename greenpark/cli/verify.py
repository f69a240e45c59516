"""``greenpark verify RUN_ID``: recompute a stored run and check its claim ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from greenpark.cli.common import LangOption, apply_language


def verify(
    run_id: Annotated[str, typer.Argument(help="运行编号（可用前缀）/ run id or prefix")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="数据库URL（默认 $GREENPARK_DB 或 ./greenpark.db）/ database URL"
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """重新计算运行并核对绿电声明账本 / recompute a run and check its claim ledger."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.footprint import verify as check
    from greenpark.footprint.claims import claim_ledger
    from greenpark.footprint.recompute import spec_from_record
    from greenpark.report.verify import verification_lines
    from greenpark.store.claims import load_claims
    from greenpark.store.database import RunStore

    stored = load_claims(db, run_id)
    with RunStore(db) as store:
        record = store.get(stored.run_id)
    again = gp.run(spec_from_record(stored.spec))
    findings = [
        *check.stored_findings(stored.records, stored.links, stored.root_sha256),
        check.inputs_finding(record.inputs_hash, again.provenance),
        check.factors_finding(record.factors, again.provenance),
        check.records_finding(stored.records, claim_ledger(again, stored.run_id)),
    ]
    for line in verification_lines(stored.run_id, findings):
        typer.echo(line)
    if not all(f.passed for f in findings):
        raise typer.Exit(1)
