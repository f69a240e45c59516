"""``greenpark factors list|show``: browse the factor registry (open -> call library -> show)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import LangOption, apply_language, make_console
from greenpark.i18n import text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.table import Table

    from greenpark.inputs.factors.registry import Factor

app = typer.Typer(
    help="排放因子与折标系数 / emission factors and coal equivalents", no_args_is_help=True
)

DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="因子表目录（默认为随包因子表或 $GREENPARK_FACTORS_DIR）/ "
        "factor table directory (default: shipped tables or $GREENPARK_FACTORS_DIR)",
    ),
]


@app.command("list")
def list_factors(
    province: Annotated[
        str | None,
        typer.Option("--province", help="省份或区域，如 山西 / shanxi / 华北 / national"),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="数据年份 / data year")] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="量，如 grid_co2 / quantity, e.g. grid_co2")
    ] = None,
    directory: DirOption = None,
    lang: LangOption = None,
) -> None:
    """列出因子 / list factors, filtered by province, year and quantity."""
    apply_language(lang)
    from greenpark.inputs.factors.registry import load_factor_registry

    factors = load_factor_registry(directory).filter(
        province=province, year=year, quantity=quantity
    )
    console = make_console()
    if not factors:
        console.print(text("没有符合条件的因子", "no factors match"))
        return
    console.print(_factor_table(factors))
    console.print(text(f"共 {len(factors)} 条", f"{len(factors)} factors"))


def _factor_table(factors: Sequence[Factor]) -> Table:
    from rich.table import Table
    from rich.text import Text

    headers = (
        text("编号", "id"),
        text("量", "quantity"),
        text("地区", "region"),
        text("年份", "year"),
        text("口径", "variant"),
        text("数值", "value"),
        text("单位", "unit"),
        text("可信度", "confidence"),
    )
    table = Table(*headers)
    for factor in factors:
        cells = (
            factor.id,
            factor.quantity,
            factor.region,
            "" if factor.year is None else str(factor.year),
            factor.variant,
            f"{factor.value:g}",
            factor.unit,
            factor.confidence,
        )
        table.add_row(*(Text(cell) for cell in cells))
    return table


@app.command("show")
def show(
    factor_id: Annotated[str, typer.Argument(help="因子编号，如 grid.province.shanxi.2023")],
    directory: DirOption = None,
    lang: LangOption = None,
) -> None:
    """显示一个因子的数值与来源 / show one factor's value and source."""
    apply_language(lang)
    from rich.table import Table
    from rich.text import Text

    from greenpark.inputs.factors.registry import load_factor_registry

    factor = load_factor_registry(directory).get(factor_id)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in _details(factor):
        grid.add_row(label, Text(value))
    make_console().print(grid)


def _details(factor: Factor) -> list[tuple[str, str]]:
    year = "" if factor.year is None else str(factor.year)
    return [
        (text("编号", "id"), factor.id),
        (text("量", "quantity"), factor.quantity),
        (text("地区", "region"), factor.region),
        (text("年份", "year"), year),
        (text("口径", "variant"), factor.variant),
        (text("数值", "value"), f"{factor.value:g} {factor.unit}"),
        (
            text("标准单位数值", "canonical value"),
            f"{factor.canonical_value:.6g} {factor.canonical_unit}",
        ),
        (text("气体", "gas"), factor.gas),
        (text("来源文件", "source document"), factor.source_document),
        (text("文号", "document number"), factor.source_number),
        (text("网址", "url"), factor.url),
        (text("可信度", "confidence"), factor.confidence),
        (text("说明", "note"), factor.note),
        (text("适用期", "applicable"), factor.window or text("不限", "any time")),
        (text("状态", "status"), _status_words(factor.status)),
        (text("出处", "origin"), factor.origin),
    ]


def _status_words(status: str) -> str:
    if status == "suspect":
        return text(
            "可疑：来源本身的数值存疑，见说明", "suspect: the source's value is doubtful, see note"
        )
    return text("正常", "normal")
