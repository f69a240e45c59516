"""Pathways: the base park year by year, with load growth, measures switched on by year, PV
ageing and a grid-factor trajectory, each year one overlay on the base park.

Every pathway year is a run of the base park's accounting year — its meter data, weather and
calendar — with that year's overlay (:func:`year_overlay`), in this order:

1. **load growth**: ``adjustments`` scaling each scope's use by ``(1 + g)^(year − start)``
   (``carrier: all``: electricity and every fuel the scope has data for, burnt or feedstock);
2. the **measures** whose ``from_year`` has come (scenario measures, :mod:`.scenario`); they
   act on the grown use;
3. **PV ageing**: each roof with PV loses ``(1 − d)^n`` of its output, ``n`` the years since
   the base year (or since the ``from_year`` of the measure that first put PV on it), ``d``
   the pathway's ``pv_degradation_fraction_per_year`` or the roof's own
   ``degradation_per_year_fraction`` (default 0.005, a greenpark assumption [C]); applied as
   a higher ``losses_fraction``: ``1 − (1 − losses)(1 − d)^n`` (the engine's own ageing is
   applied after the inverter, so its part-load efficiency and clipping make the two differ
   slightly);
4. the **grid factors** of the year (:mod:`.grid_trajectory`) as ``overrides``.

Contracts, certificates and tariffs stay as the base park has them every year. The start
year must be the park's accounting year, and a PV measure's commissioning must not be after
it (``from_year`` says when a measure starts; the run is in the base year's calendar).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.table import Factor
from greenpark.inputs.park.adjustment_rules import in_scope
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema_adjust import ELECTRICITY, Adjustment
from greenpark.inputs.park.yaml_file import read_yaml
from greenpark.inputs.problems import Problem, SourceFile, ordered, validation_problems
from greenpark.scenarios.costs import CostInputs, cost_inputs
from greenpark.scenarios.grid_trajectory import factor_of_year
from greenpark.scenarios.measures import Patch, combined_patch
from greenpark.scenarios.pathway_checks import growth_problems, year_problems
from greenpark.scenarios.pathway_file import ALL_CARRIERS, GridFactorRule, LoadGrowth, PathwayFile
from greenpark.scenarios.scenario import MeasureChange, scenario_from_data

#: the id prefix of the ``adjustments`` items of load growth (they are not bought)
GROWTH_PREFIX = "growth-"


@dataclass(frozen=True)
class Pathway:
    """A checked pathway: its years, growth, measures (with their first year), PV ageing,
    grid-factor rule and cost inputs."""

    name: str
    source: str
    years: tuple[int, ...]
    growth: tuple[LoadGrowth, ...]
    measures: tuple[tuple[int, MeasureChange], ...]
    degradation_fraction_per_year: float | None
    grid_factor: GridFactorRule
    costs: CostInputs

    @property
    def base_year(self) -> int:
        return self.years[0]


def load_pathway(path: Path, park: Park) -> Pathway:
    """Read ``path`` and check it against ``park`` (every problem at once, with file and
    field)."""
    label = path.as_posix()
    raw, lines, problems = read_yaml(path, label)
    return pathway_from_data(raw, park, SourceFile(label, raw, lines), problems)


def pathway_from_data(
    raw: Mapping[str, object],
    park: Park,
    source: SourceFile | None = None,
    found: list[Problem] | None = None,
) -> Pathway:
    """A pathway from data shaped like a pathway file, checked as :func:`load_pathway`."""
    source = source or SourceFile("pathway", raw, {})
    problems = list(found or [])
    try:
        data = PathwayFile.model_validate(raw)
    except ValidationError as error:
        found_all = [*problems, *validation_problems(error, PathwayFile, source)]
        raise InputError(ordered(found_all)) from None
    problems += year_problems(data, park, source) + growth_problems(data, park, source)
    scenario_data = {"name": data.name, "measures": data.measure_data()}
    try:
        scenario = scenario_from_data(scenario_data, park, source, problems)
    except InputError as refused:
        raise InputError(refused.problems) from None
    first_years = (m.from_year for m in data.measures)
    return Pathway(
        data.name,
        source.label,
        tuple(range(data.years.start, data.years.end + 1)),
        data.load_growth,
        tuple(zip(first_years, scenario.measures, strict=True)),
        data.pv_degradation_fraction_per_year,
        data.grid_factor,
        cost_inputs(data.economics),
    )


def _growth_items(pathway: Pathway, park: Park, year: int) -> list[object]:
    """The year's growth as ``adjustments`` items (none in the base year)."""
    years = year - pathway.base_year
    items: list[object] = []
    for index, growth in enumerate(pathway.growth):
        scale = (1.0 + growth.growth_fraction_per_year) ** years
        scope = growth.model_dump(include={"enterprise", "industry"}, exclude_none=True)
        for carrier, use in _carriers(growth, park):
            item_id = f"{GROWTH_PREFIX}{index + 1}-{carrier}-{use}"
            items.append({"id": item_id, **scope, "carrier": carrier, "use": use,
                          "scale_factor": scale})  # fmt: skip
    return items if years else []


def _carriers(growth: LoadGrowth, park: Park) -> list[tuple[str, str]]:
    """(carrier, use) pairs a growth item scales: its carrier, or every one with data."""
    if growth.carrier != ALL_CARRIERS:
        return [(growth.carrier, "fuel")]
    item = Adjustment(id="x", carrier=ELECTRICITY, scale_factor=1.0,
                      **growth.model_dump(include={"enterprise", "industry"}))  # fmt: skip
    scope = set(in_scope(item, park.config.enterprises))
    fuels = {c.id for c in load_carriers().values() if c.kind == "fuel"}
    pairs = [(ELECTRICITY, "fuel")]
    for use in ("fuel", "feedstock"):
        for frames in park.meters.frames(use):
            pairs += [(c, use) for c, f in frames.items() if c in fuels and scope & set(f.columns)]
    return list(dict.fromkeys(pairs))


def _roof_ids(patch: Patch) -> list[str]:
    """The ids of the ``rooftops`` items of a patch."""
    items = patch.get("rooftops")
    found = items if isinstance(items, list) else []
    return [str(item["id"]) for item in found if isinstance(item, dict)]


def _ageing_items(pathway: Pathway, park: Park, year: int, measures: Patch) -> list[object]:
    """Roof items raising ``losses_fraction`` for the years of ageing (see the module)."""
    started: dict[str, int] = {}
    for first, change in pathway.measures:
        if first <= year:
            started.update({roof: first for roof in _roof_ids(change.patch) if roof not in started})
    raised = set(_roof_ids(measures))
    items: list[object] = []
    for roof in park.config.rooftops:
        if roof.capacity_kw <= 0 and roof.id not in raised:
            continue
        first = pathway.base_year if roof.capacity_kw > 0 else started[roof.id]
        rate = pathway.degradation_fraction_per_year
        rate = roof.degradation_per_year_fraction if rate is None else rate
        kept = (1.0 - roof.losses_fraction) * (1.0 - rate) ** (year - first)
        if year > first and rate > 0:
            items.append({"id": roof.id, "losses_fraction": 1.0 - kept})
    return items


def grid_overrides(
    pathway: Pathway, base_factors: Sequence[Factor], series: Mapping[str, Mapping[int, float]],
    year: int,
) -> list[object]:  # fmt: skip
    """``overrides`` items setting each grid factor series to its value in ``year``
    (``series``: factor id -> the series' published values by year)."""
    if year == pathway.base_year:
        return []
    items: list[object] = []
    for factor in base_factors:
        published = series[factor.id]
        value = factor_of_year(
            published, pathway.base_year, factor.value, year, pathway.grid_factor
        )
        source = text(
            f"greenpark 路径 {pathway.name}：{year} 年电网因子（规则 {pathway.grid_factor.rule}）",
            f"greenpark pathway {pathway.name}: grid factor of {year} (rule {pathway.grid_factor.rule})",
        )
        items.append(
            {"factor_id": factor.id, "value": value, "unit": factor.unit, "source": source}
        )
    return items


def year_overlay(
    pathway: Pathway,
    park: Park,
    year: int,
    base_factors: Sequence[Factor] = (),
    series: Mapping[str, Mapping[int, float]] | None = None,
) -> Patch:
    """The overlay of one pathway year on the base park (see the module docstring)."""
    growth = _growth_items(pathway, park, year)
    measures = combined_patch(c.patch for first, c in pathway.measures if first <= year)
    ageing = _ageing_items(pathway, park, year, measures)
    factors = grid_overrides(pathway, base_factors, series or {}, year)
    parts: list[Patch] = [{"adjustments": growth} if growth else {}, measures]
    parts += [{"rooftops": ageing} if ageing else {}, {"overrides": factors} if factors else {}]
    return combined_patch(parts)
