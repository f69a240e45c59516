"""``greenpark export factors|product|proof``: enterprise electricity factors, per-product
energy and emissions, and claim proofs as files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import LangOption, apply_language
from greenpark.i18n import text

if TYPE_CHECKING:
    import pandas as pd

    from greenpark.inputs.factors.registry import FactorRegistry
    from greenpark.run_result import RunResult
    from greenpark.run_spec import RunSpec

app = typer.Typer(help="导出文件 / files for other tools", no_args_is_help=True)
FORMATS = ("csv", "json", "xlsx", "pact")
FACTOR_FORMATS = (*FORMATS, "openlca")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="数据库URL（默认 $GREENPARK_DB 或 ./greenpark.db）/ database URL"),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="输出文件，openlca 可为文件夹（默认在当前目录）/ output file (openlca: or folder)",
    ),
]


@app.command("factors")
def factors(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", help="企业编号（默认全部）/ enterprise id")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="csv|json|xlsx|pact|openlca（PACT v3 需 --enterprise）"),
    ] = "csv",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """企业电力排放因子（各口径）/ an enterprise's electricity factors on every basis."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.footprint.factor_refs import registry_for

    if fmt not in FACTOR_FORMATS:
        raise typer.BadParameter(
            text(f"须为 {'、'.join(FACTOR_FORMATS)}", f"must be one of {FACTOR_FORMATS}")
        )
    if fmt == "pact" and enterprise is None:
        raise typer.BadParameter(text("PACT 文件须指定 --enterprise", "pact needs --enterprise"))
    spec = gp.RunSpec(park_dir)
    result = gp.run(spec)
    root = _store(spec, result, db)
    registry = registry_for(result)
    ids = result.config.enterprise_ids() if enterprise is None else (enterprise,)
    tables = {e: _table(result, e, registry) for e in ids}
    default = f"{result.config.park.id}-{enterprise or 'all'}-factors"
    path = _factor_path(out, default, fmt)
    if fmt == "pact":
        _write_pact(result, tables, registry, root, path)
    elif fmt == "openlca":
        _write_openlca(result, tables, root, path)
    else:
        _write_table(result, tables, root, fmt, path)
    typer.echo(
        text(f"已写出 {path}（运行 {result.run_id}）", f"wrote {path} (run {result.run_id})")
    )


def _factor_path(out: Path | None, default: str, fmt: str) -> Path:
    """``--out`` as given; for openlca a folder gets the default zip name inside it."""
    suffix = {"pact": "json", "openlca": "zip"}.get(fmt, fmt)
    if out is None:
        return Path(f"{default}.{suffix}")
    if fmt == "openlca" and out.suffix.lower() != ".zip":
        out.mkdir(parents=True, exist_ok=True)
        return out / f"{default}.zip"
    return out


def _write_openlca(
    result: RunResult, tables: dict[str, pd.DataFrame], root: str, path: Path
) -> None:
    from greenpark.footprint.openlca import export_openlca, openlca_entities

    entities, left_out = openlca_entities(result, tables, root)
    export_openlca(entities, path)
    for note in left_out:
        typer.echo(text(f"未写出产品过程：{note}", f"no product process: {note}"), err=True)


def _table(result: RunResult, enterprise: str, registry: FactorRegistry) -> pd.DataFrame:
    from greenpark.footprint.electricity import enterprise_factor_table

    return enterprise_factor_table(result, enterprise, registry)


def _write_table(
    result: RunResult, tables: dict[str, pd.DataFrame], root: str, fmt: str, path: Path
) -> None:
    import pandas as pd

    from greenpark.footprint.files import export_factor_table, stamped

    table = stamped(pd.concat(tables.values(), ignore_index=True), result, root)
    export_factor_table(table, fmt, path)


def _write_pact(
    result: RunResult,
    tables: dict[str, pd.DataFrame],
    registry: FactorRegistry,
    root: str,
    path: Path,
) -> None:
    from greenpark.footprint.files import export_json
    from greenpark.footprint.pact import product_footprint

    ((enterprise, table),) = tables.items()
    now = datetime.now(UTC).replace(microsecond=0)
    document = product_footprint(result, table, enterprise, registry, created=now, claims_root=root)
    export_json(document, path)


def _store(spec: RunSpec, result: RunResult, db: str | None) -> str:
    """Store the run and its claim ledger; the ledger's Merkle root (hex)."""
    from greenpark.footprint.claims import claim_ledger
    from greenpark.footprint.recompute import spec_record
    from greenpark.store.claims import StoredClaims, save_claims
    from greenpark.store.database import RunStore

    ledger = claim_ledger(result)
    with RunStore(db, create=True) as store:
        store.save_run(result)
    records = tuple(r.canonical().decode("utf-8") for r in ledger.records)
    stored = StoredClaims(
        result.run_id, records, tuple(ledger.links), ledger.root, spec_record(spec, result)
    )
    save_claims(db, stored)
    return ledger.root


@app.command("product")
def product(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    enterprise: Annotated[str, typer.Option("--enterprise", help="企业编号 / enterprise id")],
    product_name: Annotated[
        str | None, typer.Option("--product", help="产品名称（默认全部）/ product name")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv|json|xlsx|pact")] = "csv",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """产品单位能耗与排放（各口径）/ energy and emissions per product unit on every basis."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.footprint.factor_refs import registry_for
    from greenpark.footprint.files import export_factor_table, export_json, stamped
    from greenpark.footprint.products import product_table

    if fmt not in FORMATS:
        raise typer.BadParameter(text(f"须为 {'、'.join(FORMATS)}", f"must be one of {FORMATS}"))
    spec = gp.RunSpec(park_dir)
    result = gp.run(spec)
    root = _store(spec, result, db)
    registry = registry_for(result)
    table = product_table(result, enterprise, _table(result, enterprise, registry))
    table = _chosen(table, enterprise, product_name)
    default = f"{result.config.park.id}-{enterprise}-{product_name or 'products'}"
    path = out or Path(f"{default}.{'json' if fmt == 'pact' else fmt}")
    if fmt == "pact":
        export_json(_product_pact(result, table, registry, root, product_name), path)
    else:
        stamped_table = stamped(table, result, root)
        export_factor_table(stamped_table, fmt, path, name="products", sheet="products")
    typer.echo(
        text(f"已写出 {path}（运行 {result.run_id}）", f"wrote {path} (run {result.run_id})")
    )


def _chosen(table: pd.DataFrame, enterprise: str, product_name: str | None) -> pd.DataFrame:
    from greenpark.errors import InputError

    if product_name is None:
        return table
    known = list(dict.fromkeys(table["product"]))
    if product_name not in known:
        raise InputError([text(
            f"企业 {enterprise} 没有产品 {product_name!r}（已有：{'、'.join(known)}）",
            f"enterprise {enterprise} makes no product {product_name!r} (known: {', '.join(known)})",
        )])  # fmt: skip
    return table[table["product"] == product_name].reset_index(drop=True)


def _product_pact(
    result: RunResult,
    table: pd.DataFrame,
    registry: FactorRegistry,
    root: str,
    product_name: str | None,
) -> object:
    """One ProductFootprint for ``--product``; a list of them, one per product, otherwise."""
    from greenpark.footprint.pact_products import product_footprints

    now = datetime.now(UTC).replace(microsecond=0)
    documents = product_footprints(result, table, registry, created=now, claims_root=root)
    return documents if product_name is None else documents[0]


@app.command("proof")
def proof(
    run_id: Annotated[str, typer.Argument(help="运行编号（可用前缀）/ run id or prefix")],
    enterprise: Annotated[str, typer.Option("--enterprise", help="企业编号 / enterprise id")],
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """企业绿电声明的默克尔包含证明 / Merkle inclusion proof of an enterprise's claims."""
    apply_language(lang)
    from greenpark.footprint.files import export_json, inclusion_document
    from greenpark.store.claims import load_claims

    stored = load_claims(db, run_id)
    document = inclusion_document(stored.run_id, stored.records, stored.root_sha256, enterprise)
    path = out or Path(f"{stored.run_id}-{enterprise}-proof.json")
    export_json(document, path)
    count = len(document["claims"])
    typer.echo(text(f"已写出 {path}（{count} 条声明）", f"wrote {path} ({count} claims)"))
