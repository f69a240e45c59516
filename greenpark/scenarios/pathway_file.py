"""The pathway file (``scenarios/pathway-*.yaml``): years, load growth, measures by year, PV
ageing and the grid-factor trajectory (:mod:`greenpark.scenarios.pathway`)::

    name: 2030 路径
    years: {start: 2025, end: 2035}          # start: the park's accounting year
    load_growth:                             # compounding, from the start year
    - {industry: C39, growth_fraction_per_year: 0.03}
    - {enterprise: E01, carrier: electricity, growth_fraction_per_year: 0.05}
    pv_degradation_fraction_per_year: 0.005  # optional: else each roof's own
    grid_factor: {rule: trend}               # or {rule: target, target_year: 2035,
                                             #     target_change_fraction: -0.3}, {rule: hold}
    economics: {discount_rate_fraction: 0.06}
    measures:                                # scenario measures, each with from_year
    - {from_year: 2026, name: E17 屋顶光伏, pv: {enterprise: E17, share_of_potential_fraction: 0.8}}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from greenpark.i18n import text
from greenpark.inputs.park.schema_base import Frozen, checked
from greenpark.scenarios.schema import Economics

Year = Annotated[int, Field(ge=2000, le=2100)]
#: a load-growth item's ``carrier`` that grows every carrier the scope has data for
ALL_CARRIERS = "all"


class Years(Frozen):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        problem = None
        if not self.start <= self.end <= self.start + 50:
            problem = text(
                "end 须不早于 start，且最多 50 年", "end must not be before start, at most 50 years"
            )
        return checked(self, problem)


class LoadGrowth(Frozen):
    """Yearly growth of one enterprise's, an industry's or the park's use (compounding)."""

    enterprise: str | None = None
    industry: str | None = None
    carrier: str = ALL_CARRIERS
    growth_fraction_per_year: Annotated[float, Field(gt=-0.5, lt=1.0)]


class GridFactorRule(Frozen):
    """How grid factors evolve after the base year (published years as published)."""

    rule: Literal["trend", "target", "hold"] = "trend"
    target_year: Year | None = None
    target_change_fraction: Annotated[float, Field(gt=-1.0, le=1.0)] | None = None

    @model_validator(mode="after")
    def _target_given(self) -> GridFactorRule:
        given = self.target_year is not None and self.target_change_fraction is not None
        problem = None
        if (self.rule == "target") != given:
            problem = text(
                "rule: target 须且只须与 target_year 和 target_change_fraction 同时给出",
                "rule: target needs target_year and target_change_fraction (and only it does)",
            )
        return checked(self, problem)


class PathwayMeasure(Frozen):
    """A scenario measure (its keys as in a scenario file) switched on from ``from_year``."""

    model_config = ConfigDict(**{**Frozen.model_config, "extra": "allow"})
    from_year: Year


class PathwayFile(Frozen):
    name: Annotated[str, Field(min_length=1)]
    name_en: str | None = None
    description: str | None = None
    years: Years
    load_growth: tuple[LoadGrowth, ...] = ()
    pv_degradation_fraction_per_year: Annotated[float, Field(ge=0, lt=0.05)] | None = None
    grid_factor: GridFactorRule = GridFactorRule()
    economics: Economics = Economics()
    measures: tuple[PathwayMeasure, ...] = ()

    def measure_data(self) -> list[dict[str, Any]]:
        """The measures as a scenario file's (without ``from_year``)."""
        return [
            {k: v for k, v in m.model_dump().items() if k != "from_year"} for m in self.measures
        ]
