"""The steps behind ``greenpark run``: compute, show, save (imported only when it runs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from greenpark import __version__
from greenpark.cli.common import WeatherChoice, make_console
from greenpark.code_identity import code_hash, code_version
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors import factor_dir, load_factor_registry
from greenpark.inputs.fingerprint import inputs_hash, park_input_files
from greenpark.inputs.park import load_park
from greenpark.pipeline.accounting import AccountingResult, run_accounting
from greenpark.pipeline.availability import (
    annual_reasons,
    monthly_share_reasons,
    park_910_reasons,
    status_of,
)
from greenpark.pipeline.results import (
    annual_table,
    direct_line_table,
    metric_unit,
    monthly_share_table,
    park_910_table,
)
from greenpark.pipeline.rules import AccountingRules
from greenpark.report.messages import message_line, strict_problems
from greenpark.report.park910 import park_910_summary_table
from greenpark.report.run import (
    direct_line_summary_table,
    enterprise_table,
    monthly_share_summary_table,
    park_overview_table,
)
from greenpark.report.run_files import check_out_dir, export_run
from greenpark.report.runs import factors_table
from greenpark.store.database import RunStore
from greenpark.store.record import FactorUse, ResultRow, RunRecord


@dataclass(frozen=True)
class Computed:
    result: AccountingResult
    annual: pd.DataFrame
    annual_reasons: pd.DataFrame
    park_910: pd.Series
    park_910_reasons: pd.Series
    inputs_hash: str
    options: dict[str, str]


def compute(
    park_dir: Path,
    weather_choice: WeatherChoice,
    contract_matching: str,
    strict: bool,
    rules: AccountingRules | None = None,
    *,
    allow_gaps: bool = False,
) -> Computed:
    """Load and validate everything, then run the accounting year (nothing is written).

    ``allow_gaps`` (``--allow-gaps``) extrapolates months without data instead of refusing
    them; it is recorded with the run's options when set.
    """
    park = load_park(park_dir, allow_gaps=allow_gaps)
    config = park.config
    registry = load_factor_registry(overrides=config.overrides)
    weather = weather_choice.load(config)
    rules = AccountingRules() if rules is None else rules
    result = run_accounting(
        park, registry, weather, contract_matching=contract_matching, rules=rules
    )
    if strict and (problems := strict_problems(result.messages)):
        raise InputError(problems)
    files = park_input_files(park_dir, config)
    options = {
        "contract_matching": contract_matching,
        "weather": weather_choice.label,
        **rules.options(),
    }
    if allow_gaps:
        options["allow_gaps"] = "true"
    if weather_choice.file is not None:
        files.append(weather_choice.file)
    digest = inputs_hash(files, [factor_dir()], extra=repr(sorted(options.items())))
    annual, park_910 = annual_table(result), park_910_table(result)
    return Computed(
        result,
        annual,
        annual_reasons(annual, config),
        park_910,
        park_910_reasons(park_910, result.park_910),
        digest,
        options,
    )


def show(computed: Computed) -> None:
    """Print the summary tables and the messages."""
    result, config = computed.result, computed.result.config
    console = make_console()
    annual, reasons = computed.annual, computed.annual_reasons
    console.print(
        park_overview_table(annual, reasons, config.park.name, config.park.accounting_year)
    )
    monthly = monthly_share_table(result)
    console.print(monthly_share_summary_table(monthly, monthly_share_reasons(monthly)))
    console.print(park_910_summary_table(computed.park_910, result.park_910))
    direct_line = direct_line_table(result)
    if not direct_line.empty:
        console.print(direct_line_summary_table(direct_line))
    names = {e.id: e.name for e in config.enterprises}
    console.print(enterprise_table(annual, reasons, names))
    console.print(factors_table(_factor_uses(result)))
    for message in result.messages:
        console.print(message_line(message), markup=False)


def _factor_uses(result: AccountingResult) -> tuple[FactorUse, ...]:
    return tuple(
        FactorUse(
            f.id, f.value, f.unit, f"{f.source_document} {f.source_number}".strip(), f.confidence
        )
        for f in result.factors
    )


def _row(scope: str, metric: str, value: float, reason: object) -> ResultRow:
    """One stored result: the value, or no value with the reason's status."""
    if not isinstance(reason, str):
        return ResultRow(scope, metric, float(value), metric_unit(metric))
    return ResultRow(scope, metric, None, metric_unit(metric), status_of(reason), reason)


def _record(computed: Computed, hourly_path: str | None) -> RunRecord:
    result = computed.result
    reasons = computed.annual_reasons.to_dict(orient="index")
    rows = [
        _row(str(scope), str(metric), value, reasons[scope][metric])
        for scope, values in computed.annual.to_dict(orient="index").items()
        for metric, value in values.items()
    ]
    why_910 = computed.park_910_reasons.to_dict()
    rows += [_row("park", str(k), v, why_910[k]) for k, v in computed.park_910.items()]
    rows += [_row("park", str(k), v, None) for k, v in direct_line_table(result).items()]
    return RunRecord(
        park_id=result.config.park.id,
        accounting_year=result.config.park.accounting_year,
        inputs_hash=computed.inputs_hash,
        code_version=__version__,
        options=computed.options,
        factors=_factor_uses(result),
        messages=result.messages,
        results=tuple(rows),
        hourly_path=hourly_path,
    )


def open_outputs(out: Path | None, db: str | None) -> RunStore:
    """Before computing: check ``--out`` and open the database (nothing is created yet)."""
    if out is not None:
        check_out_dir(out)
    return RunStore(db, create=True)


def save(computed: Computed, out: Path | None, store: RunStore) -> list[str]:
    """Write result files (if asked) and store the run; returns lines to show."""
    lines = []
    hourly_path = None
    if out is not None:
        written = export_run(
            computed.result,
            computed.annual,
            computed.annual_reasons,
            computed.park_910,
            computed.park_910_reasons,
            out,
        )
        hourly_path = str((out / "hourly.parquet").resolve())
        lines += [text(f"已写出 {p}", f"wrote {p}") for p in written]
    record = replace(
        _record(computed, hourly_path), code_version=code_version(), code_hash=code_hash()
    )
    saved = store.save(record)
    url = store.shown_url
    if saved.new:
        lines.append(
            text(f"运行已保存：{saved.run_id}（{url}）", f"run stored: {saved.run_id} ({url})")
        )
    else:
        lines.append(
            text(
                f"运行已保存过（输入、选项与程序版本均相同），未重复保存：{saved.run_id}（{url}）",
                f"run already stored (same inputs, options and code), not stored again: "
                f"{saved.run_id} ({url})",
            )
        )
    return lines
