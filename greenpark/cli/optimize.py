"""``greenpark optimize``: the least-cost way to a park target (linopy + HiGHS), written as a
scenario file and proved by re-running it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import LangOption, apply_language, make_console
from greenpark.i18n import text

if TYPE_CHECKING:
    from greenpark.inputs.park.load import Park
    from greenpark.optimize.study import Study

#: exit code when the target cannot be reached (the answer says why and the best reachable)
INFEASIBLE_EXIT = 3


def optimize(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    target: Annotated[
        str,
        typer.Option(
            "--target",
            help="目标 / target: zero-carbon-core | green-share=X | cfe=X (X: 0-1)",
        ),
    ],
    hours: Annotated[
        str,
        typer.Option("--hours", help="建模小时 / modelled hours: full | rep-days:N"),
    ] = "full",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="写出方案情景文件并复算 / write the plan (.yaml) and re-run it"),
    ] = None,
    max_contract_mwh: Annotated[
        float | None, typer.Option("--max-contract-mwh", help="绿电交易上限 / contract limit [MWh]")
    ] = None,
    max_certificates_mwh: Annotated[
        float | None,
        typer.Option("--max-certificates-mwh", help="绿证上限 / certificate limit [MWh]"),
    ] = None,
    max_storage_kwh: Annotated[
        float | None, typer.Option("--max-storage-kwh", help="储能容量上限 / storage limit [kWh]")
    ] = None,
    lang: LangOption = None,
) -> None:
    """最低成本达到园区目标（910号、绿电占比、逐时匹配）/ least-cost way to a park target."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.optimize.model import Limits
    from greenpark.optimize.study import optimize as run_optimize
    from greenpark.optimize.target import parse_target

    if out is not None and out.suffix.lower() not in (".yaml", ".yml"):
        raise typer.BadParameter(
            text(f"须为 .yaml 文件，实际为 {out.name}", f"must be a .yaml file, got {out.name}"),
            param_hint="--out",
        )
    goal = parse_target(target)
    limits = Limits(
        storage_kwh=max_storage_kwh,
        contract_kwh=None if max_contract_mwh is None else 1000.0 * max_contract_mwh,
        certificate_kwh=None if max_certificates_mwh is None else 1000.0 * max_certificates_mwh,
    )
    park = gp.load_park(park_dir)
    _show(park, run_optimize(park, goal, hours=hours, limits=limits), out)


def _show(park: Park, study: Study, out: Path | None) -> None:
    """The target line(s), then (proving the plan into ``out`` when given) the plan, its
    cost and the re-run; exit :data:`INFEASIBLE_EXIT` without a plan."""
    from greenpark.optimize.study import prove_plan
    from greenpark.report.optimize import cost_table, plan_table, proof_lines, target_lines

    console = make_console()
    for line in target_lines(study.solution):
        console.print(line, markup=False)
    proof = None
    if out is not None and study.solution.feasible:
        study, proof = prove_plan(park, study, out)
    console.print(plan_table(study.solution))
    console.print(cost_table(study.solution, proof))
    if proof is not None:
        for line in proof_lines(proof):
            console.print(line, markup=False)
        typer.echo(text(f"已写出 {out}", f"wrote {out}"))
    if not study.solution.feasible:
        raise typer.Exit(code=INFEASIBLE_EXIT)
