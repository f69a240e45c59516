"""Load-time rules of how an enterprise's energy is split between its products.

``enterprises[].product_allocation`` names the rule (ISO 14044:2006 §4.3.4.2):

- ``physical_output``: in proportion to annual output, so every product is counted in one unit
  and the outputs do not all add up to zero;
- ``declared_shares``: each product's ``share_fraction``, which must add up to 1;
- ``metered_lines``: each product names its own sub-metered line (``meter_line``), a key of
  ``meter_lines_kwh``; every line makes one product and the lines use some electricity.

Keys of one rule given under another (a ``share_fraction`` with ``physical_output``) are
refused, so nothing written is silently left unused. The rules read the raw YAML leniently
(values of the wrong type are the schema's to report), so every problem shows at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.park.rules import section_items
from greenpark.inputs.problems import Loc, Problem, SourceFile, close_match, did_you_mean
from greenpark.units import to_canonical

#: how far declared shares may add up away from 1 (rounding of shares written to 4 places)
SHARE_SUM_TOLERANCE = 1e-4
#: rule -> the product key only it reads
RULE_KEYS = {"declared_shares": "share_fraction", "metered_lines": "meter_line"}


def product_allocation_problems(source: SourceFile) -> list[Problem]:
    """Every problem of the ``product_allocation`` rules in ``source.raw`` (park.yaml)."""
    raw = source.raw if isinstance(source.raw, dict) else {}
    problems: list[Problem] = []
    for index, enterprise in section_items(raw, "enterprises"):
        where: Loc = ("enterprises", index)
        rule = enterprise.get("product_allocation")
        products = section_items(enterprise, "products")
        problems += _stray_keys(source, where, rule, enterprise, products)
        if rule == "physical_output":
            problems += _output_problems(source, where, products)
        elif rule == "declared_shares":
            problems += _share_problems(source, where, products)
        elif rule == "metered_lines":
            problems += _line_problems(source, where, enterprise, products)
    return problems


def _stray_keys(
    source: SourceFile,
    where: Loc,
    rule: object,
    enterprise: Mapping[str, object],
    products: list[tuple[int, dict[str, object]]],
) -> list[Problem]:
    found = [
        source.problem((*where, "products", i, key), _only_with(key, wanted))
        for i, product in products
        for wanted, key in RULE_KEYS.items()
        if key in product and rule != wanted
    ]
    if enterprise.get("meter_lines_kwh") and rule != "metered_lines":
        found.append(
            source.problem(
                (*where, "meter_lines_kwh"), _only_with("meter_lines_kwh", "metered_lines")
            )
        )
    return found


def _only_with(key: str, rule: str) -> str:
    return text(
        f"{key} 仅在 product_allocation: {rule} 时使用",
        f"{key} is only read with product_allocation: {rule}",
    )


def _output_problems(
    source: SourceFile, where: Loc, products: list[tuple[int, dict[str, object]]]
) -> list[Problem]:
    units = sorted({str(p["unit"]) for _, p in products if "unit" in p})
    found = []
    if len(units) > 1:
        found.append(source.problem(
            (*where, "products"),
            text("按产量分摊要求各产品产量单位相同", "allocation by output needs one unit for all"),
            got=", ".join(units),
            expected=text("同一单位，或改用 declared_shares", "one unit, or use declared_shares"),
        ))  # fmt: skip
    outputs = [p.get("annual_output") for _, p in products]
    numbers = [v for v in outputs if isinstance(v, int | float)]
    if len(numbers) == len(outputs) and sum(numbers) <= 0:
        found.append(source.problem(
            (*where, "products"),
            text("按产量分摊要求产量之和大于 0", "allocation by output needs some output"),
            got=sum(numbers),
            expected="> 0",
        ))  # fmt: skip
    return found


def _share_problems(
    source: SourceFile, where: Loc, products: list[tuple[int, dict[str, object]]]
) -> list[Problem]:
    found = [
        source.problem((*where, "products", i), _missing("share_fraction", "declared_shares"))
        for i, product in products
        if product.get("share_fraction") is None
    ]
    shares = [p.get("share_fraction") for _, p in products]
    numbers = [v for v in shares if isinstance(v, int | float)]
    if len(numbers) == len(shares) and abs(sum(numbers) - 1.0) > SHARE_SUM_TOLERANCE:
        found.append(source.problem(
            (*where, "products"),
            text("各产品 share_fraction 之和须为 1", "the products' share_fraction must add up to 1"),
            got=round(sum(numbers), 6),
            expected="1",
        ))  # fmt: skip
    return found


def _missing(key: str, rule: str) -> str:
    return text(
        f"product_allocation: {rule} 要求填写 {key}", f"product_allocation: {rule} needs {key}"
    )


def _line_problems(
    source: SourceFile,
    where: Loc,
    enterprise: Mapping[str, object],
    products: list[tuple[int, dict[str, object]]],
) -> list[Problem]:
    written = enterprise.get("meter_lines_kwh")
    lines = {str(k): v for k, v in written.items()} if isinstance(written, dict) else {}
    bound = [(i, p.get("meter_line")) for i, p in products]
    found = [
        source.problem((*where, "products", i), _missing("meter_line", "metered_lines"))
        for i, line in bound
        if line is None
    ]
    for i, line in bound:
        if line is not None and str(line) not in lines:
            found.append(
                _unknown_line(source, (*where, "products", i, "meter_line"), str(line), lines)
            )
    twice = sorted(
        line for line, n in Counter(str(x) for _, x in bound if x is not None).items() if n > 1
    )
    unused = sorted(set(lines) - {str(line) for _, line in bound})
    if twice:
        found.append(source.problem((*where, "products"), text(
            "同一分表产线不能分给两个产品", "one sub-metered line cannot make two products"
        ), got=", ".join(twice)))  # fmt: skip
    if unused:
        found.append(source.problem((*where, "meter_lines_kwh"), text(
            "分表产线未对应任何产品（meter_line）", "lines no product names (meter_line)"
        ), got=", ".join(unused)))  # fmt: skip
    if lines and not found and _total_kwh(lines.values()) == 0:
        found.append(source.problem((*where, "meter_lines_kwh"), text(
            "分表产线用电量之和须大于 0", "the lines must use some electricity"
        ), got=0, expected="> 0"))  # fmt: skip
    return found


def _unknown_line(source: SourceFile, loc: Loc, line: str, lines: Mapping[str, object]) -> Problem:
    known = ", ".join(lines) or "—"
    return source.problem(
        loc,
        text("未知的分表产线", "unknown sub-metered line") + did_you_mean(close_match(line, lines)),
        got=line,
        expected=text(
            f"meter_lines_kwh 中的一条（{known}）", f"a key of meter_lines_kwh ({known})"
        ),
    )


def _total_kwh(values: Iterable[object]) -> float | None:
    """The lines' kWh added up; None when a value is not readable (the schema reports it)."""
    total = 0.0
    for value in values:
        try:
            total += to_canonical(value, "kWh")
        except UnitError:
            return None
    return total
