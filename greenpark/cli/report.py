"""``greenpark report PARK_DIR --out report.html|report.xlsx``: the park report of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import (
    AllowGapsOption,
    LangOption,
    ResplitOption,
    WeatherFormatOption,
    WeatherOption,
    WeatherShiftOption,
    apply_language,
    weather_source,
)
from greenpark.i18n import text


def report(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    out: Annotated[
        Path,
        typer.Option("--out", help="报告文件 .html 或 .xlsx / report file (.html or .xlsx)"),
    ],
    weather: WeatherOption = None,
    weather_format: WeatherFormatOption = None,
    resplit: ResplitOption = None,
    weather_shift: WeatherShiftOption = None,
    allow_gaps: AllowGapsOption = False,
    lang: LangOption = None,
) -> None:
    """园区报告（HTML 或 Excel）/ the park report (HTML or Excel)."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.report.park_report import check_report_path, write_report

    check_report_path(out)  # before computing: a bad --out is refused at once
    spec = gp.RunSpec(
        park_dir,
        weather=weather_source(weather, weather_format, resplit, weather_shift),
        options=gp.RunOptions(allow_gaps=allow_gaps),
    )
    from greenpark.assess import assess_zero_carbon_park
    from greenpark.assess.roofs import rooftop_potential
    from greenpark.report.assess_sections import zero_carbon_section

    result = gp.run(spec)
    roofs = rooftop_potential(
        result, spec.weather if isinstance(spec.weather, gp.WeatherSource) else None
    )
    assessment = zero_carbon_section(assess_zero_carbon_park(result, roof_potential=roofs))
    written = write_report(result, out, assessment=[assessment])
    typer.echo(text(f"已写出 {written}", f"wrote {written}"))
