"""``greenpark init DIR``: a new park folder (commented park.yaml, data/, the input workbook).

Each value is asked for unless given as an option, so ``greenpark init DIR`` walks a new user
through it and scripts pass every option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import LangOption, apply_language
from greenpark.i18n import text


def init(
    directory: Annotated[Path, typer.Argument(help="新园区文件夹 / folder of the new park")],
    name: Annotated[str, typer.Option(prompt="园区名称 park name", help="园区名称 / name")],
    park_id: Annotated[
        str,
        typer.Option("--id", prompt="园区编号（小写字母、数字、-）park id", help="园区编号 / id"),
    ],
    province: Annotated[
        str, typer.Option(prompt="省份 province（如 山西）", help="省份 / province")
    ],
    lat: Annotated[float, typer.Option(prompt="纬度 latitude (°)", help="纬度 / latitude")],
    lon: Annotated[float, typer.Option(prompt="经度 longitude (°)", help="经度 / longitude")],
    year: Annotated[
        int, typer.Option(prompt="核算年度 accounting year", help="核算年度 / accounting year")
    ],
    land_area_mu: Annotated[
        float,
        typer.Option(prompt="园区用地面积（亩）land area (mu)", help="用地面积（亩）/ land (mu)"),
    ],
    altitude: Annotated[
        float | None, typer.Option(help="海拔（米，可选）/ altitude (m, optional)")
    ] = None,
    lang: LangOption = None,
) -> None:
    """新建园区文件夹 / create a park folder: park.yaml, data/ and the input workbook."""
    apply_language(lang)
    from greenpark.setup.park_init import NewPark, init_park

    new = NewPark(park_id, name, province, lat, lon, year, land_area_mu, altitude)
    for path in init_park(directory, new):
        typer.echo(text(f"已写入 {path}", f"wrote {path}"))
    typer.echo(
        text(
            f"下一步：填写 {directory / 'park-input.xlsx'}，然后运行 greenpark import-workbook "
            f"{directory / 'park-input.xlsx'} {directory}",
            f"next: fill in {directory / 'park-input.xlsx'}, then run greenpark import-workbook "
            f"{directory / 'park-input.xlsx'} {directory}",
        )
    )
