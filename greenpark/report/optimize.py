"""``greenpark optimize`` for people: the plan, its yearly cost, the target, what binds when
the target cannot be reached, and the re-run beside the LP."""

from __future__ import annotations

from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.optimize.optimum import Binding, Solution
from greenpark.optimize.proof import COST_TOLERANCE, TARGET_TOLERANCE, Proof
from greenpark.report.formatting import metric_label, metric_value, number

#: cost parts of a solution -> (zh, en)
COST_LABELS: dict[str, tuple[str, str]] = {
    "capex_annuity_cny": ("投资年金", "capex annuity"),
    "opex_cny": ("运维费用", "opex"),
    "bill_change_cny": ("电费变化", "bill change"),
    "export_change_cny": ("上网收入（负为增收）", "export income (negative: more)"),
    "purchases_cny": ("绿电溢价与绿证费用", "green premiums and certificates"),
}


def _yuan(value: float) -> str:
    return number(value)


def plan_table(solution: Solution) -> Table:
    """What the plan buys: PV per roof class, the battery, contract and certificates."""
    title = text("优化方案", "the plan")
    if not solution.feasible:
        title = text("达到最好可达值的最低成本方案", "the least-cost plan reaching the best value")
    table = Table(title=title, box=box.SIMPLE_HEAD)
    table.add_column(text("项目", "item"))
    table.add_column(text("数量", "amount"), justify="right")
    table.add_column(text("单位", "unit"))
    for name, kw in solution.pv_kw.items():
        if kw >= 1.0:
            table.add_row(
                text(f"光伏（屋顶类 {name}）", f"PV (roof class {name})"), number(kw), "kWp"
            )
    table.add_row(text("储能 容量", "storage energy"), number(solution.storage_kwh), "kWh")
    table.add_row(text("储能 功率", "storage power"), number(solution.storage_kw), "kW")
    table.add_row(
        text("绿电交易（平稳交付）", "green-power contract (flat)"),
        number(solution.contract_kwh / 1000, 1),
        "MWh",
    )
    table.add_row(
        text("外购绿证", "certificates"), number(solution.certificate_kwh / 1000, 1), "MWh"
    )
    if solution.topped_up_kwh > 0:
        what = (
            text("绿电交易", "contract")
            if solution.target.kind == "cfe"
            else text("绿证", "certificates")
        )
        table.add_row(
            text(f"其中复算补足的{what}", f"of which {what} topped up after the re-run"),
            number(solution.topped_up_kwh / 1000, 1),
            "MWh",
        )
    return table


def cost_table(solution: Solution, proof: Proof | None = None) -> Table:
    """Yearly cost against the base [CNY/year] by part, the LP's and (with ``proof``) the
    re-run's."""
    table = Table(
        title=text("年化成本（相对基准，元/年）", "annualised cost against the base (CNY/year)"),
        box=box.SIMPLE_HEAD,
    )
    table.add_column(text("项目", "part"))
    table.add_column("LP", justify="right")
    if proof is not None:
        table.add_column(text("复算", "re-run"), justify="right")
    for key, (zh, en) in COST_LABELS.items():
        row = [text(zh, en), _yuan(solution.cost_cny[key])]
        if proof is not None:
            row.append(_yuan(proof.run_cost_cny[key]))
        table.add_row(*row)
    total = [text("合计", "total"), _yuan(solution.total_cost_cny)]
    if proof is not None:
        total.append(_yuan(sum(proof.run_cost_cny.values())))
    table.add_row(*total, style="bold")
    return table


def _binding_line(found: Binding) -> str:
    p = found.params
    if found.code.startswith("fixed_co2_over_limit_"):
        conversion = found.code.rsplit("_", 1)[1]
        zh_conv, en_conv = (
            ("当量值", "calorific") if conversion == "calorific" else ("等价值", "primary")
        )
        return text(
            f"化石燃料与热力排放本身（{zh_conv}）已达 {p['co2_t_per_tce']:.3f} tCO2/tce，超过限值 {p['limit_t_per_tce']:.2f}：电力全部为绿电也无法达标",
            f"fuels and heat alone ({en_conv}) reach {p['co2_t_per_tce']:.3f} tCO2/tce, above the limit {p['limit_t_per_tce']:.2f}: even all-green electricity cannot meet it",
        )
    if found.code == "roof_potential_used":
        return text(
            f"屋顶光伏潜力已用尽（{number(p['pv_kw'])} kWp）",
            f"roof PV potential used up ({number(p['pv_kw'])} kWp)",
        )
    if found.code == "all_electricity_green":
        return text(
            "电网购电已全部由绿电、绿证覆盖，无可再覆盖的电量",
            "all grid electricity is already covered by green power and certificates",
        )
    kind = {
        "storage_limit": ("储能上限", "the storage limit"),
        "contract_limit": ("绿电交易上限", "the contract limit"),
        "certificate_limit": ("绿证上限", "the certificate limit"),
    }[found.code]
    return text(
        f"已达{kind[0]}（{number(p['kwh'])} kWh）", f"{kind[1]} reached ({number(p['kwh'])} kWh)"
    )


def target_lines(solution: Solution) -> list[str]:
    """The target and the LP's value of it; without a feasible plan, why and the best reachable."""
    label = solution.target.label
    if solution.feasible:
        values = text("；", "; ").join(
            f"{metric_label(k)} {metric_value(k, v)}" for k, v in solution.target_values.items()
        )
        return [
            text(
                f"目标 {label} 可达（{solution.periods}，{solution.variables} 个变量）：{values}",
                f"target {label} is reachable ({solution.periods}, {solution.variables} variables): {values}",
            )
        ]
    best = text("；", "; ").join(
        f"{metric_label(k)} {metric_value(k, v)}" for k, v in solution.best_values.items()
    )
    lines = [
        text(
            f"目标 {label} 无法达到。可达到的最好值：{best}",
            f"target {label} cannot be reached. Best reachable: {best}",
        )
    ]
    reasons = [_binding_line(b) for b in solution.binding] or [
        text("（未识别出单一约束）", "(no single binding constraint identified)")
    ]
    lines += [text("受限于：", "bound by: ") + reason for reason in reasons]
    return lines


def proof_lines(proof: Proof) -> list[str]:
    """The re-run's target values beside the LP's, and the verdict with the tolerances."""
    lines = [
        f"{metric_label(k)}: LP {metric_value(k, proof.lp_values[k])}, "
        + text("复算 ", "re-run ")
        + ("-" if v is None else metric_value(k, v))
        for k, v in proof.run_values.items()
    ]
    meets = (
        text("复算达到目标", "the re-run meets the target")
        if proof.meets
        else text("复算未达到目标", "the re-run does NOT meet the target")
    )
    agrees = text("一致", "agree") if proof.agrees else text("不一致", "disagree")
    lines.append(
        meets
        + text(
            f"；LP 与复算{agrees}（容差：目标 ±{TARGET_TOLERANCE}，成本 ±{COST_TOLERANCE:.0%} 年支出；成本差 {_yuan(proof.cost_gap_cny)} 元/年）",
            f"; LP and re-run {agrees} (tolerance: target ±{TARGET_TOLERANCE}, cost ±{COST_TOLERANCE:.0%} of yearly spending; cost gap {_yuan(proof.cost_gap_cny)} CNY/year)",
        )
    )
    return lines
