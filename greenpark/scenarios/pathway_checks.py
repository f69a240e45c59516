"""A pathway file's own rules beyond its schema, located in the file (file, field, found,
expected): years against the park's accounting year, no ``factor_year`` measure (the
pathway's ``grid_factor`` rule sets the factors), and the scopes of load growth."""

from __future__ import annotations

from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema_adjust import adjustable_carriers
from greenpark.inputs.problems import Problem, SourceFile, close_match, did_you_mean
from greenpark.scenarios.pathway_file import ALL_CARRIERS, PathwayFile


def year_problems(data: PathwayFile, park: Park, source: SourceFile) -> list[Problem]:
    """The start is the park's accounting year; measures start within the years; PV
    measures are not commissioned after the start year."""
    base = park.config.park.accounting_year
    found = []
    if data.years.start != base:
        found.append(
            source.problem(
                ("years", "start"),
                text("路径从园区的核算年度开始", "a pathway starts in the park's accounting year"),
                got=data.years.start,
                expected=str(base),
            )
        )
    for index, measure in enumerate(data.measures):
        if not data.years.start <= measure.from_year <= data.years.end:
            found.append(
                source.problem(
                    ("measures", index, "from_year"),
                    text("不在路径年份之内", "outside the pathway's years"),
                    got=measure.from_year,
                    expected=f"{data.years.start}–{data.years.end}",
                )
            )
        found += _commissioning_problems(measure.model_dump(), index, base, source)
        if measure.model_dump().get("factor_year") is not None:
            found.append(_factor_year_problem(index, measure.model_dump()["factor_year"], source))
    return found


def _factor_year_problem(index: int, value: object, source: SourceFile) -> Problem:
    """A pathway sets each year's grid factors itself (``grid_factor``)."""
    return source.problem(
        ("measures", index, "factor_year"),
        text(
            "路径按 grid_factor 规则逐年设定电网因子，不能再换用另一年的因子",
            "a pathway sets each year's grid factors by its grid_factor rule; a measure cannot "
            "switch to another year's factors",
        ),
        got=value,
        expected=text(
            "去掉此措施（或在 park.yaml 设 park.factor_year）",
            "no such measure (or park.factor_year in park.yaml)",
        ),
    )


def _commissioning_problems(
    measure: dict[str, object], index: int, base: int, source: SourceFile
) -> list[Problem]:
    pv = measure.get("pv")
    if not isinstance(pv, dict):
        return []
    found = []
    for key in ("commissioning_year", "commissioning_date"):
        value = pv.get(key)
        year = int(str(value)[:4]) if value is not None and str(value)[:4].isdigit() else None
        if year is not None and year > base:
            found.append(
                source.problem(
                    ("measures", index, "pv", key),
                    text(
                        "路径各年均按基准年的日历计算，投产不能晚于基准年（用 from_year 表示何时开始）",
                        "pathway years run in the base year's calendar: commissioning cannot be "
                        "after the base year (from_year says when the measure starts)",
                    ),
                    got=value,
                    expected=text(f"不晚于 {base} 年", f"{base} or earlier"),
                )
            )
    return found


def growth_problems(data: PathwayFile, park: Park, source: SourceFile) -> list[Problem]:
    """Load growth naming an enterprise, industry or carrier the park does not have."""
    config = park.config
    ids = list(config.enterprise_ids())
    codes = sorted({e.industry_code for e in config.enterprises})
    carriers = [ALL_CARRIERS, *adjustable_carriers()]
    found = []
    for index, growth in enumerate(data.load_growth):
        checks = [
            ("enterprise", growth.enterprise, growth.enterprise in ids, ids),
            ("industry", growth.industry, any(c.startswith(growth.industry or "") for c in codes), codes),
            ("carrier", growth.carrier, growth.carrier in carriers, carriers),
        ]  # fmt: skip
        for key, value, known, choices in checks:
            if value is not None and not known:
                what = text("园区中没有这一项", "the park has no such item")
                found.append(
                    source.problem(
                        ("load_growth", index, key),
                        what + did_you_mean(close_match(value, choices)),
                        got=value,
                    )
                )
        if growth.enterprise is not None and growth.industry is not None:
            found.append(
                source.problem(
                    ("load_growth", index),
                    text(
                        "enterprise 与 industry 只能给出其一",
                        "give enterprise or industry, not both",
                    ),
                )
            )
    return found
