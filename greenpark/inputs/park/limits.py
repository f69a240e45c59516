"""Plausibility rules on ``park.yaml`` that need the factor tables (run at every load).

- a roof's installed DC per m² of roof (``roof_dc_per_area`` of ``factors/plausibility.csv``);
- every factor override (:func:`greenpark.inputs.factors.overrides.override_problems`): known
  id, a unit of the factor's dimension, a plausible value;
- every ``confirmed_readings`` entry names a data file listed under ``data:``.

Each problem names ``park.yaml``, the field and its line. Confirmations and confirmed
overrides are repeated as messages, so a report shows what the user vouched for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.overrides import override_problems
from greenpark.inputs.factors.plausibility import Plausibility, load_plausibility
from greenpark.inputs.factors.registry import factor_dir, load_factor_registry
from greenpark.inputs.factors.table import Factor
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.schema import DataSource, FactorOverride, ParkConfig, Rooftop
from greenpark.inputs.problems import Problem, SourceFile
from greenpark.messages import Message, Param


@dataclass(frozen=True)
class FactorTables:
    """The factor tables as shipped (no overrides) and the plausibility limits."""

    factors: Mapping[str, Factor]
    limits: Plausibility


def factor_tables() -> tuple[FactorTables | None, list[str]]:
    """The tables of :func:`~greenpark.inputs.factors.registry.factor_dir`, or None and the problems."""
    try:
        directory = factor_dir()
        registry = load_factor_registry(directory)
        limits = load_plausibility(directory)
    except InputError as exc:
        return None, list(exc.problems)
    return FactorTables({factor.id: factor for factor in registry}, limits), []


def roof_problems(
    source: SourceFile, roofs: Sequence[tuple[int, Rooftop]], limits: Plausibility
) -> list[Problem]:
    """Roofs carrying more installed DC per m² than modules can give."""
    limit = limits.limit("roof_dc_per_area")
    if limit is None or limit.upper is None:
        return []
    found = []
    for index, roof in roofs:
        density = roof.capacity_kw / roof.area_m2
        if limit.outside(density):
            what = text(
                f"每平方米屋顶 {density:.3g} kW，超过组件所能达到的功率密度（{roof.capacity_kw:,.0f} "
                f"kW 装在 {roof.area_m2:,.0f} m² 上；依据见 factors/plausibility.csv）："
                "请核对容量单位或屋顶面积",
                f"{density:.3g} kW per m² of roof is more than modules can give "
                f"({roof.capacity_kw:,.0f} kW on {roof.area_m2:,.0f} m²; basis in "
                "factors/plausibility.csv): check the capacity's unit or the roof area",
            )
            expected = text(
                f"不超过 {limit.upper:g} kW/m² × 面积 = {limit.upper * roof.area_m2:,.0f} kW",
                f"at most {limit.upper:g} kW/m² × area = {limit.upper * roof.area_m2:,.0f} kW",
            )
            loc = ("rooftops", index, "capacity_kw")
            found.append(
                source.problem(loc, what, got=f"{roof.capacity_kw:,.0f} kW", expected=expected)
            )
    return found


def factor_override_problems(
    source: SourceFile, overrides: Sequence[tuple[int, FactorOverride]], tables: FactorTables
) -> list[Problem]:
    """The override rule's problems, each at ``overrides[i].<key>`` of ``park.yaml``."""
    found = override_problems(tables.factors, [o for _, o in overrides], tables.limits)
    return [
        source.problem(
            ("overrides", overrides[p.index][0], p.key), p.what, got=p.got, expected=p.expected
        )
        for p in found
    ]


def confirmation_problems(
    source: SourceFile,
    confirmations: Sequence[tuple[int, ReadingConfirmation]],
    data: Sequence[DataSource],
) -> list[Problem]:
    """Confirmations that name no file listed under ``data:``."""
    listed = {os.path.normpath(d.file.as_posix()) for d in data}
    expected = ", ".join(sorted(listed)) or text("（data 中尚无文件）", "(no files under data yet)")
    return [
        source.problem(
            ("confirmed_readings", index, "file"),
            text("不是 data 中列出的数据文件", "is not a data file listed under data"),
            got=c.file.as_posix(),
            expected=expected,
        )
        for index, c in confirmations
        if os.path.normpath(c.file.as_posix()) not in listed
    ]


def confirmation_messages(config: ParkConfig) -> tuple[Message, ...]:
    """What the user vouched for: confirmed overrides and readings, with their reasons."""
    overrides = [
        Message(
            "override_confirmed",
            {"factor_id": o.factor_id, "value": o.value, "unit": o.unit, "reason": o.confirmed},
            "info",
        )
        for o in config.overrides
        if o.confirmed
    ]
    readings = [
        Message(
            "readings_confirmed",
            {"file": c.file.as_posix(), **_rows(c), "reason": c.reason},
            "info",
        )
        for c in config.confirmed_readings
    ]
    return (*overrides, *readings)


def _rows(confirmation: ReadingConfirmation) -> dict[str, Param]:
    """The confirmed rows: one, all, or a range (``rows`` names the phrase)."""
    first, last = confirmation.row_span()
    if first == last:
        return {"rows": "one_row", "first_row": first, "last_row": first}
    if last == float("inf"):
        return {"rows": "all_rows", "first_row": first, "last_row": None}
    return {"rows": "row_range", "first_row": first, "last_row": int(last)}
