"""``greenpark check PARK_DIR``: load a park (config and data files) and summarise it.

On any problem the library raises :class:`~greenpark.errors.InputError` listing them all;
:func:`greenpark.cli.app.main` prints it on stderr and exits with code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import AllowGapsOption, LangOption, apply_language, importing
from greenpark.i18n import text


def check(
    park_dir: Annotated[
        Path, typer.Argument(help="园区文件夹（含 park.yaml）/ park folder (with park.yaml)")
    ],
    allow_gaps: AllowGapsOption = False,
    lang: LangOption = None,
) -> None:
    """校验园区配置与数据文件 / validate a park's configuration and data files."""
    apply_language(lang)
    with importing():
        from rich.console import Console

        from greenpark.api import load_park  # the loading and the pipeline behind it
        from greenpark.report.check import check_tables
        from greenpark.report.messages import TERMINAL_LIST, render

    park = load_park(park_dir, allow_gaps=allow_gaps)
    console = Console(highlight=False)
    for table in check_tables(park):
        console.print(table)
    if park.messages:
        console.print(text("提示：", "Notes:"))
        for message in park.messages:
            words = render(message, longest_list=TERMINAL_LIST)
            console.print(f"- {words}", markup=False, soft_wrap=True)
    console.print(text("检查通过。", "Check passed."))
