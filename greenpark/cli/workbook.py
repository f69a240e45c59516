"""``greenpark import-workbook FILE DIR`` and ``greenpark export-workbook DIR FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import AllowGapsOption, LangOption, apply_language
from greenpark.errors import InputError
from greenpark.i18n import text

WorkbookArgument = Annotated[Path, typer.Argument(help="输入工作簿 / input workbook (.xlsx)")]
ParkArgument = Annotated[
    Path, typer.Argument(help="园区文件夹（含 park.yaml）/ park folder (with park.yaml)")
]


def import_workbook(
    workbook: WorkbookArgument,
    park_dir: ParkArgument,
    allow_gaps: AllowGapsOption = False,
    lang: LangOption = None,
) -> None:
    """把填好的输入工作簿写入 park.yaml（先按 check 的规则检查）/ workbook -> park.yaml, checked."""
    apply_language(lang)
    from greenpark.setup.workbook_import import import_workbook as run_import

    written = run_import(workbook, park_dir, allow_gaps=allow_gaps)
    typer.echo(
        text(
            f"已写入 {written}（检查通过）。下一步：greenpark run {park_dir}",
            f"wrote {written} (check passed). Next: greenpark run {park_dir}",
        )
    )


def export_workbook(
    park_dir: ParkArgument, workbook: WorkbookArgument, lang: LangOption = None
) -> None:
    """把园区配置写成输入工作簿 / write a park's configuration as an input workbook."""
    apply_language(lang)
    from greenpark.setup.workbook_import import export_workbook as run_export

    if workbook.exists():
        raise InputError([text(f"{workbook} 已存在，不会覆盖", f"{workbook} exists already")])
    run_export(park_dir, workbook)
    typer.echo(text(f"已写入 {workbook}", f"wrote {workbook}"))
