"""Scenarios: a scenario file read, checked against a park and turned into one overlay.

A scenario is checked like a park file: the file's own mistakes (unknown keys, wrong types,
roofs or enterprises the park does not have) are located in the scenario file, and each
measure is applied to the park with :meth:`~greenpark.inputs.park.load.Park.with_changes`
under the label ``<file>: measures[i]``, so a measure the park rules refuse (a storage owner
that is not an enterprise, a contract with two volumes) is named with its file and measure.
Every problem is listed at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.yaml_file import read_yaml
from greenpark.inputs.problems import (
    Problem,
    SourceFile,
    close_match,
    did_you_mean,
    ordered,
    validation_problems,
)
from greenpark.scenarios.costs import CostInputs, cost_inputs
from greenpark.scenarios.measures import Patch, combined_patch, measure_patch
from greenpark.scenarios.schema import Measure, ScenarioFile


@dataclass(frozen=True)
class MeasureChange:
    """One measure as a patch on the park: ``label`` (file and measure), ``kind``, ``name``."""

    label: str
    kind: str
    name: str
    patch: Patch


@dataclass(frozen=True)
class Scenario:
    """A checked scenario: its name, cost inputs and measures; :attr:`overlay` is the one
    ``park.yaml``-shaped patch a run applies (``{}`` without measures)."""

    name: str
    source: str
    costs: CostInputs
    measures: tuple[MeasureChange, ...]

    @property
    def overlay(self) -> Patch:
        return combined_patch(m.patch for m in self.measures)


def load_scenario(path: Path, park: Park) -> Scenario:
    """Read ``path`` and check it against ``park``.

    Raises
    ------
    InputError
        Every problem of the file and of its measures on the park, each with file and field.
    """
    label = path.as_posix()
    raw, lines, problems = read_yaml(path, label)
    if isinstance(raw, dict) and "years" in raw:
        what = text(
            "这是路径文件（含 years），请用 greenpark pathway 运行",
            "this is a pathway file (it has years): run it with greenpark pathway",
        )
        raise InputError([f"{label}: years: {what}"])
    return scenario_from_data(raw, park, SourceFile(label, raw, lines), problems)


def scenario_from_data(
    raw: Mapping[str, object],
    park: Park,
    source: SourceFile | None = None,
    found: list[Problem] | None = None,
) -> Scenario:
    """A scenario from data shaped like a scenario file (for pathways and sweeps that build
    measures in Python); checked as :func:`load_scenario` checks a file."""
    source = source or SourceFile("scenario", raw, {})
    problems = list(found or [])
    try:
        data = ScenarioFile.model_validate(raw)
    except ValidationError as error:
        found_all = [*problems, *validation_problems(error, ScenarioFile, source)]
        raise InputError(ordered(found_all)) from None
    for i, measure in enumerate(data.measures):
        problems += _reference_problems(measure, i, park, source)
    problems += _tenant_id_problems(data, park, source)
    if problems:
        raise InputError(ordered(problems))
    changes = tuple(
        _change(measure, i, park, source.label) for i, measure in enumerate(data.measures)
    )
    scenario = Scenario(data.name, source.label, cost_inputs(data.economics), changes)
    _apply_all(scenario, park)
    return scenario


def item_id(kind: str, index: int) -> str:
    """The id of the ``adjustments`` item of a file's measure ``index`` (from 0) of ``kind``:
    one per measure, so that combined, no measure's item merges into another's."""
    return f"{kind}-{index + 1}"


def _change(measure: Measure, index: int, park: Park, file: str) -> MeasureChange:
    name = measure.name or f"{measure.kind} {index + 1}"
    label = f"{file}: measures[{index}]"
    patch = measure_patch(measure, park.config, item_id(measure.kind, index))
    return MeasureChange(label, measure.kind, name, patch)


def _reference_problems(
    measure: Measure, index: int, park: Park, source: SourceFile
) -> list[Problem]:
    """Roofs and enterprises a PV measure names that the park does not have."""
    pv = measure.pv
    if pv is None:
        return []
    config = park.config
    roofs = [r.id for r in config.rooftops]
    wanted: list[tuple[str, int | None, str, list[str]]] = [
        ("roofs", j, name, roofs) for j, name in enumerate(pv.roofs)
    ]
    if pv.enterprise is not None:
        wanted.append(("enterprise", None, pv.enterprise, list(config.enterprise_ids())))
    return [
        source.problem(
            ("measures", index, "pv", key) + (() if j is None else (j,)),
            text("园区中没有这一项", "the park has no such item")
            + did_you_mean(close_match(name, known)),
            got=name,
        )
        for key, j, name, known in wanted
        if name not in known
    ]


def _tenant_id_problems(data: ScenarioFile, park: Park, source: SourceFile) -> list[Problem]:
    """Tenant and tenant-roof ids the park (or an earlier tenant) already uses: an overlay
    item with a known id would change that item instead of adding one."""
    taken = {
        "id": set(park.config.enterprise_ids()),
        "rooftops": {r.id for r in park.config.rooftops},
    }
    found = []
    for index, measure in enumerate(data.measures):
        tenant = measure.tenant
        if tenant is None:
            continue
        wanted = [(("id",), "id", tenant.id)] + [
            (("rooftops", j, "id"), "rooftops", str(roof.get("id")))
            for j, roof in enumerate(tenant.rooftops)
        ]
        for loc, kind, name in wanted:
            if name in taken[kind]:
                found.append(
                    source.problem(
                        ("measures", index, "tenant", *loc),
                        text(
                            "重复的编号：园区或前面的措施已有这一项",
                            "duplicate id: the park or an earlier measure has it",
                        ),
                        got=name,
                    )
                )
            taken[kind].add(name)
    return found


def _apply_all(scenario: Scenario, park: Park) -> None:
    """Apply each measure, then all together; raise every problem found at once."""
    problems: list[str] = []
    for measure in scenario.measures:
        try:
            park.with_changes(measure.patch, label=measure.label)
        except InputError as refused:
            problems += refused.problems
    if problems:
        raise InputError(problems)
    if len(scenario.measures) > 1:
        park.with_changes(scenario.overlay, label=scenario.source)
