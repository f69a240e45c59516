"""``greenpark run PARK_DIR``: the accounting year — balance, green shares, emissions, tce."""

from __future__ import annotations

import gc
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import (
    AllowGapsOption,
    LangOption,
    ResplitOption,
    WeatherFormatOption,
    WeatherOption,
    WeatherShiftOption,
    apply_language,
    importing,
    make_console,
    weather_source,
)
from greenpark.i18n import text

if TYPE_CHECKING:
    from greenpark.run_result import RunResult
    from greenpark.run_spec import RunOptions, RunSpec
    from greenpark.store.database import Saved


def run(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="结果目录（CSV + Parquet）/ folder for result files"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="数据库URL（默认 $GREENPARK_DB 或 ./greenpark.db）/ database URL"
        ),
    ] = None,
    weather: WeatherOption = None,
    weather_format: WeatherFormatOption = None,
    resplit: ResplitOption = None,
    weather_shift: WeatherShiftOption = None,
    contract_matching: Annotated[
        str,
        typer.Option(
            "--contract-matching",
            help="绿电交易结算周期 monthly|hourly|annual / period a contract may cover",
        ),
    ] = "monthly",
    park910_factor: Annotated[
        str,
        typer.Option(
            "--park910-factor",
            help="910号口径电力因子 annex4（附件4 0.8325）|latest_fossil / 910 electricity factor",
        ),
    ] = "annex4",
    market_residual: Annotated[
        str,
        typer.Option(
            "--market-residual",
            help="基于市场范围二的剩余电量因子 excl_market_nonfossil|fossil_only / residual factor",
        ),
    ] = "excl_market_nonfossil",
    inventory_grid: Annotated[
        str,
        typer.Option(
            "--inventory-grid",
            help="中国清单口径电网因子 national|provincial / grid factor of the inventory basis",
        ),
    ] = "national",
    heating_value: Annotated[
        str,
        typer.Option(
            "--heating-value",
            help="缺省低位发热量 emission_vintage|gbt2589 / default heating value of fuels",
        ),
    ] = "emission_vintage",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="注意事项视为错误，提示不受影响 / treat warnings as errors (notes stay notes)",
        ),
    ] = False,
    allow_gaps: AllowGapsOption = False,
    csv_headers: Annotated[
        str,
        typer.Option(
            "--csv-headers",
            help="CSV 表头 label（名称与单位，随 --lang）|id（英文标识，机器可读）/ "
            "CSV headers: label (name and unit, in --lang) | id (machine-readable ids)",
        ),
    ] = "label",
    hourly_csv: Annotated[
        str,
        typer.Option(
            "--hourly-csv",
            help="hourly.csv 为园区逐时合计（park，8760 行）；enterprises 另写逐时逐企业的 "
            "hourly_enterprises.csv（可能超出 Excel 行数）/ park: hourly.csv holds the park's "
            "totals per hour; enterprises: also hourly_enterprises.csv, a row per hour and "
            "enterprise (may exceed Excel's rows)",
        ),
    ] = "park",
    all_enterprises: Annotated[
        bool,
        typer.Option(
            "--all-enterprises",
            help="终端列出全部企业（默认超过 30 家时只列排放最高的 30 家）/ list every "
            "enterprise in the terminal (default: the 30 largest emitters of a larger park)",
        ),
    ] = False,
    units: Annotated[
        str,
        typer.Option(
            "--units",
            help="终端显示单位 si（MWh、tCO2、tce）|cn（万kWh、万tCO2、万tce、tce/万元）/ "
            "units shown in the terminal",
        ),
    ] = "si",
    lang: LangOption = None,
) -> None:
    """核算年度：能量平衡、绿电占比、排放与综合能耗 / the accounting year of a park."""
    apply_language(lang)
    with importing():
        import greenpark as gp
        from greenpark.report.run_files import HEADERS, HOURLY_CSV, check_out_dir
        from greenpark.store.database import RunStore
        from greenpark.store.stored_run import to_store

    given = {
        "--contract-matching": contract_matching,
        "--park910-factor": park910_factor,
        "--market-residual": market_residual,
        "--inventory-grid": inventory_grid,
        "--heating-value": heating_value,
    }
    options = _options(given, strict=strict, allow_gaps=allow_gaps)
    _choose_units(units)
    _check_choice(csv_headers, HEADERS, "--csv-headers")
    _check_choice(hourly_csv, HOURLY_CSV, "--hourly-csv")
    weather_given = weather_source(weather, weather_format, resplit, weather_shift)
    if out is not None:
        check_out_dir(out)  # before computing: a bad --out is refused at once
    park = gp.load_park(park_dir, allow_gaps=allow_gaps)
    gc.freeze()  # the park lives as long as the command: collections need not walk it again
    spec = gp.RunSpec(park, weather=weather_given, options=options)
    with RunStore(db, create=True) as store:
        result = _run(spec)
        # the run is stored while the files are written, committed once they are in place
        with store.saving() as run, _exporting(result, out, (csv_headers, hourly_csv)) as written:
            _show(result, all_enterprises)  # meanwhile the hourly file is written
            run.save(to_store(result, _hourly_path(out)))
        for line in _saved(written, run.saved, store.shown_url):
            typer.echo(line)


def _check_choice(value: str, allowed: tuple[str, ...], option: str) -> None:
    """A value that is not one of ``allowed`` is a usage error naming its option."""
    if value not in allowed:
        raise typer.BadParameter(
            text(f"须为 {'、'.join(allowed)}", f"must be one of {', '.join(allowed)}"),
            param_hint=option,
        )


def _choose_units(units: str) -> None:
    """How the terminal shows quantities; a bad ``--units`` is a usage error."""
    from greenpark.report.formatting import UNIT_SYSTEMS, set_units

    _check_choice(units, UNIT_SYSTEMS, "--units")
    set_units(units)


#: option -> the RunOptions field it sets
OPTION_FIELDS = {
    "--contract-matching": "contract_matching",
    "--park910-factor": "park910_electricity_factor",
    "--market-residual": "market_residual",
    "--inventory-grid": "inventory_grid",
    "--heating-value": "heating_value",
}


def _options(given: dict[str, str], *, strict: bool, allow_gaps: bool) -> RunOptions:
    """The run's options; a value that is not a choice is a usage error naming its option."""
    from greenpark.run_spec import RunOptions

    for option, value in given.items():
        allowed = RunOptions.CHOICES[OPTION_FIELDS[option]]
        if value not in allowed:
            raise typer.BadParameter(
                text(f"须为 {'、'.join(allowed)}", f"must be one of {', '.join(allowed)}"),
                param_hint=option,
            )
    chosen = {OPTION_FIELDS[option]: value for option, value in given.items()}
    return RunOptions(strict=strict, allow_gaps=allow_gaps, **chosen)


def _run(spec: RunSpec) -> RunResult:
    """``gp.run``; with ``--strict``, the warnings as the problems of an InputError."""
    import greenpark as gp
    from greenpark.errors import InputError, StrictError
    from greenpark.report.messages import strict_problems

    try:
        return gp.run(spec)
    except StrictError as refused:
        raise InputError(strict_problems(refused.warnings)) from None


def _show(result: RunResult, all_enterprises: bool) -> None:
    """Print the summary tables and the messages."""
    from greenpark.report.messages import message_line
    from greenpark.report.run import TERMINAL_ENTERPRISES, run_tables

    console = make_console()
    shown = None if all_enterprises else TERMINAL_ENTERPRISES
    for table in run_tables(result, console.width, shown):
        console.print(table)
    for message in result.message_items:
        console.print(message_line(message), markup=False)


def _exporting(
    result: RunResult, out: Path | None, csv: tuple[str, str]
) -> AbstractContextManager[list[Path]]:
    """The result files written around the body (with ``--out``; ``csv``: headers and hourly
    CSV choice, :func:`greenpark.report.run_files.exporting`); without, nothing is."""
    from greenpark.report.run_files import exporting

    return nullcontext([]) if out is None else exporting(result, out, *csv)


def _hourly_path(out: Path | None) -> str | None:
    """Where the stored run says its hourly file is (``--out``), as an absolute path."""
    return None if out is None else str((out / "hourly.parquet").resolve())


def _saved(written: list[Path], saved: Saved, url: str) -> list[str]:
    """The lines to show once the files are written and the run is stored."""
    lines = [text(f"已写出 {p}", f"wrote {p}") for p in written]
    run_id = saved.run_id
    if saved.new:
        lines.append(text(f"运行已保存：{run_id}（{url}）", f"run stored: {run_id} ({url})"))
    else:
        lines.append(
            text(
                f"运行已保存过（输入、选项与程序版本均相同），未重复保存：{run_id}（{url}）",
                f"run already stored (same inputs, options and code), not stored again: "
                f"{run_id} ({url})",
            )
        )
    return lines
