"""Sweep files: a grid of scenarios on one park, each point checked like a scenario file.

::

    name: 光伏与储能扫描
    name_en: PV and storage sweep
    economics: {discount_rate_fraction: 0.06}        # as in a scenario file
    measures:                                        # a scenario file's measures; each may sweep
    - name: 全园区光伏
      pv: {whole_park: true, commissioning_date: '2025-06-01'}
      sweep: {share_of_potential_fraction: [0, 0.25, 0.5, 0.75, 1.0]}
    - name: E01 储能
      storage: {id: ESS-SWEEP, owner: E01, round_trip_efficiency: 0.88}
      sweep: {energy_kwh: [null, 20000, 40000], power_kw: [null, 10000, 20000]}

A measure's ``sweep`` gives fields of its kind, each a list of values of one length (the
fields vary together); a position where every field is ``null`` leaves the measure out (the
zero of a battery or a contract, which the park rules refuse as 0). The grid is every
combination of the sweeping measures' positions (the first measure varies slowest); a measure
without ``sweep`` is in every point. The point whose positions are all the first is the
sweep's *zero point*.

Each measure at each of its values is checked as a one-measure scenario file
(:func:`~greenpark.scenarios.scenario.scenario_from_data`: the file's own rules and the
park's), with problems named by the sweep file's field and the value swept; every problem is
listed at once. A point's combination is checked again when it runs, as every overlay is; a
point refused then is a row of the sweep's table (:mod:`greenpark.scenarios.sweep`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema_base import Frozen
from greenpark.inputs.park.yaml_file import read_yaml
from greenpark.inputs.problems import Loc, Problem, SourceFile, ordered, validation_problems
from greenpark.scenarios.costs import CostInputs, cost_inputs
from greenpark.scenarios.measures import with_item_id
from greenpark.scenarios.scenario import MeasureChange, Scenario, item_id, scenario_from_data
from greenpark.scenarios.schema import KINDS, Economics

#: a measure's options along the grid: its checked change per position (None: left out)
Options = tuple[MeasureChange | None, ...]


class SweepFile(Frozen):
    name: Annotated[str, Field(min_length=1)]
    name_en: str | None = None
    description: str | None = None
    economics: Economics = Economics()
    measures: Annotated[tuple[dict[str, Any], ...], Field(min_length=1)]


@dataclass(frozen=True)
class SweepPoint:
    """One point of the grid: its number (0: the zero point), the swept values by parameter
    (``<measure name>.<field>``, None where the measure is left out) and its scenario."""

    index: int
    parameters: tuple[tuple[str, object], ...]
    scenario: Scenario

    @property
    def label(self) -> str:
        """The point as shown in messages: ``#3 (全园区光伏.share_of_potential_fraction=0.5)``."""
        values = ", ".join(f"{name}={value}" for name, value in self.parameters)
        return f"#{self.index} ({values})"


@dataclass(frozen=True)
class Sweep:
    """A checked sweep: its name, file, cost inputs, parameters and every point."""

    name: str
    source: str
    costs: CostInputs
    parameters: tuple[str, ...]
    points: tuple[SweepPoint, ...]


@dataclass(frozen=True)
class _Axis:
    """A sweeping measure: the parameter names and, per position, the values and change."""

    parameters: tuple[str, ...]
    values: tuple[tuple[object, ...], ...]
    options: Options


def load_sweep(path: Path, park: Park) -> Sweep:
    """Read the sweep file ``path`` and check every measure at every value against ``park``.

    Raises
    ------
    InputError
        Every problem of the file, each with file, field and the value swept.
    """
    label = path.as_posix()
    raw, lines, problems = read_yaml(path, label)
    return sweep_from_data(raw, park, SourceFile(label, raw, lines), problems)


def sweep_from_data(
    raw: Mapping[str, object],
    park: Park,
    source: SourceFile | None = None,
    found: Sequence[Problem] = (),
) -> Sweep:
    """A sweep from data shaped like a sweep file, checked as :func:`load_sweep` checks one."""
    source = source or SourceFile("sweep", raw, {})
    try:
        data = SweepFile.model_validate(raw)
    except ValidationError as error:
        raise InputError(
            ordered([*found, *validation_problems(error, SweepFile, source)])
        ) from None
    problems = ordered(list(found))
    axes: list[_Axis | MeasureChange | None] = []
    for index, measure in enumerate(data.measures):
        options, trouble = _measure_options(measure, index, park, source)
        problems += [p for p in trouble if p not in problems]
        axes.append(options)
    if problems:
        raise InputError(problems)
    kept = [a for a in axes if a is not None]  # every None came with a problem
    return _grid(data.name, source.label, cost_inputs(data.economics), kept)


def _measure_options(
    measure: Mapping[str, Any], index: int, park: Park, source: SourceFile
) -> tuple[_Axis | MeasureChange | None, list[str]]:
    """The measure's change (no ``sweep``) or axis, and the problems of every value (None:
    a measure without ``sweep`` that has problems)."""
    template = {k: v for k, v in measure.items() if k != "sweep"}
    template.setdefault("name", f"{_kind(template) or 'measure'} {index + 1}")
    if "sweep" not in measure:
        return _checked(template, index, {}, park, source)
    fields, positions, problems = _sweep_values(measure["sweep"], index, template, source)
    options: list[MeasureChange | None] = []
    for values in positions:
        if all(v is None for v in values):
            options.append(None)
            continue
        swept = dict(zip(fields, values, strict=True))
        change, trouble = _checked(template, index, swept, park, source)
        problems += [p for p in trouble if p not in problems]
        options.append(change)
    names = tuple(f"{template['name']}.{name}" for name in fields)
    return _Axis(names, tuple(positions), tuple(options)), problems


def _kind(measure: Mapping[str, Any]) -> str | None:
    """The measure's one kind key whose value is a mapping of fields (None otherwise)."""
    kinds = [k for k in KINDS if k in measure]
    if len(kinds) == 1 and isinstance(measure[kinds[0]], Mapping):
        return kinds[0]
    return None


def _sweep_values(
    sweep: object, index: int, template: Mapping[str, Any], source: SourceFile
) -> tuple[tuple[str, ...], list[tuple[object, ...]], list[str]]:
    """The swept fields and the values per position, or the problems of the ``sweep`` block."""
    loc: Loc = ("measures", index, "sweep")
    if _kind(template) is None:
        what = text(
            f"扫描须用于字段为映射的单一类型措施（{', '.join(k for k in KINDS if k != 'tariffs')}）",
            f"a sweep needs a measure of one kind given as fields ({', '.join(k for k in KINDS if k != 'tariffs')})",
        )
        return (), [], [source.problem(loc, what).message]
    lists = sweep if isinstance(sweep, Mapping) else {}
    lengths = {len(v) for v in lists.values() if isinstance(v, list)}
    if not lists or not all(isinstance(v, list) and v for v in lists.values()) or len(lengths) != 1:
        what = text(
            "须为 字段: [取值, …] 的映射，各列表非空且等长",
            "must map fields to lists of values, each non-empty and of one length",
        )
        return (), [], [source.problem(loc, what, got=sweep).message]
    fields = tuple(str(k) for k in lists)
    positions = list(zip(*lists.values(), strict=True))
    mixed = [
        j
        for j, values in enumerate(positions)
        if None in values and any(v is not None for v in values)
    ]
    problems = [
        source.problem(
            loc,
            text(
                f"第 {j + 1} 个位置的取值须全部为 null（不含该措施）或全部给出",
                f"the values at position {j + 1} must all be null (measure left out) or all given",
            ),
            got=dict(zip(fields, positions[j], strict=True)),
        ).message
        for j in mixed
    ]
    return fields, ([] if problems else positions), problems


def _checked(
    template: Mapping[str, Any],
    index: int,
    swept: Mapping[str, object],
    park: Park,
    source: SourceFile,
) -> tuple[MeasureChange | None, list[str]]:
    """The measure with the swept values, checked as a one-measure scenario file; its
    ``adjustments`` item numbered by its place in the sweep file, as in a scenario file."""
    kind = _kind(template)
    measure = dict(template)
    if swept and kind is not None:
        measure[kind] = {**template[kind], **swept}
    raw = {"name": str(template["name"]), "measures": [measure]}
    lines = _lines(source.lines, index, kind, swept)
    try:
        scenario = scenario_from_data(raw, park, SourceFile(source.label, raw, lines))
    except InputError as refused:
        return None, [_renamed(p, source.label, index, swept) for p in refused.problems]
    change = scenario.measures[0]
    patch = with_item_id(change.patch, item_id(change.kind, index))
    return replace(change, label=f"{source.label}: measures[{index}]", patch=patch), []


def _lines(
    lines: Mapping[Loc, int], index: int, kind: str | None, swept: Mapping[str, object]
) -> dict[Loc, int]:
    """The file's lines for the one-measure scenario of measure ``index`` (swept fields: the
    line of their ``sweep`` entry)."""
    moved: dict[Loc, int] = {
        ("measures", 0, *loc[2:]): line
        for loc, line in lines.items()
        if loc[:2] == ("measures", index)
    }
    for name in swept:
        line = lines.get(("measures", index, "sweep", name))
        if line is not None and kind is not None:
            moved[("measures", 0, kind, name)] = line
    return moved


def _renamed(message: str, label: str, index: int, swept: Mapping[str, object]) -> str:
    """A one-measure scenario's problem named by the sweep file's measure; a problem the park
    rules find in the measure as a whole also names the values swept (a field's own problem
    shows its value already, and a template's is the same at every value)."""
    head = f"{label}: measures[0]"
    message = message.replace(head, f"{label}: measures[{index}]", 1)
    if not swept or not message.startswith(f"{label}: measures[{index}]: "):
        return message
    values = ", ".join(f"{name}={value}" for name, value in swept.items())
    return message + text(f"（扫描取值 {values}）", f" (swept {values})")


def _grid(
    name: str, source: str, costs: CostInputs, measures: Sequence[_Axis | MeasureChange]
) -> Sweep:
    """Every combination of the axes' positions, as scenarios in grid order."""
    axes = [m for m in measures if isinstance(m, _Axis) and m.options]
    parameters = tuple(p for axis in axes for p in axis.parameters)
    points = []
    for number, positions in enumerate(itertools.product(*(range(len(a.options)) for a in axes))):
        chosen = dict(zip(map(id, axes), positions, strict=True))
        changes = [
            m if isinstance(m, MeasureChange) else m.options[chosen[id(m)]]
            for m in measures
            if isinstance(m, MeasureChange) or id(m) in chosen
        ]
        values = [
            (p, None if axis.options[j] is None else v)
            for axis, j in zip(axes, positions, strict=True)
            for p, v in zip(axis.parameters, axis.values[j], strict=True)
        ]
        scenario = Scenario(f"#{number}", source, costs, tuple(c for c in changes if c is not None))
        points.append(SweepPoint(number, tuple(values), scenario))
    return Sweep(name, source, costs, parameters, tuple(points))
