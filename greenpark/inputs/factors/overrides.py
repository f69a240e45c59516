"""Park overrides of factor values (``overrides:`` in ``park.yaml``): checked, then applied.

An override must name an existing factor id, give its value in a unit convertible to that
factor's canonical unit, and keep the value plausible for the factor's quantity
(``factors/plausibility.csv``): ``override_value`` bounds the converted value (a grid factor
0.05–1.5 kg/kWh), ``override_ratio`` bounds it against the table value it replaces (a fuel's
net calorific value within ½–2×). Where a row is ``confirmable``, an override that says why
(``confirmed: <reason>``) may lie outside. A grid factor typed in kgCO2/GJ has the right
dimension (mass per energy) and converts, 278× too small: only the range catches it.

:func:`override_problems` is the one rule; :func:`greenpark.inputs.park.load.load_park` reports
its problems against ``park.yaml`` and :func:`greenpark.inputs.factors.registry.load_factor_registry`
refuses the same overrides again if given them directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.factors.plausibility import Limit, Plausibility
from greenpark.inputs.factors.table import Factor, unit_scale
from greenpark.inputs.problems import close_match, did_you_mean
from greenpark.units import convert

if TYPE_CHECKING:
    from greenpark.inputs.park.schema import FactorOverride

OVERRIDE_CONFIDENCE = "[site]"


@dataclass(frozen=True)
class OverrideProblem:
    """What is wrong with ``overrides[index].<key>``: what, the value found, what is expected."""

    index: int
    key: str
    what: str
    got: object
    expected: str


def unknown_factor_id(factor_id: str, known: Iterable[str]) -> str:
    """``unknown factor id 'x' (did you mean 'y'?)`` or a pointer to ``greenpark factors list``."""
    close = close_match(factor_id, known)
    if close:
        return text(
            f"未知的因子编号 {factor_id!r}", f"unknown factor id {factor_id!r}"
        ) + did_you_mean(close)
    return text(
        f"未知的因子编号 {factor_id!r}；可用 `greenpark factors list` 查看",
        f"unknown factor id {factor_id!r}; see `greenpark factors list`",
    )


def override_problems(
    factors: Mapping[str, Factor], overrides: Sequence[FactorOverride], limits: Plausibility
) -> list[OverrideProblem]:
    """Every problem of ``overrides`` against the factor tables and the plausibility limits."""
    found: list[OverrideProblem] = []
    for index, override in enumerate(overrides):
        original = factors.get(override.factor_id)
        if original is None:
            what = unknown_factor_id(override.factor_id, factors)
            expected = text("因子表中已有的编号", "an id of the factor tables")
            found.append(OverrideProblem(index, "factor_id", what, override.factor_id, expected))
            continue
        try:
            scale = unit_scale(override.unit, original.canonical_unit)
        except UnitError:
            found.append(_unit_problem(index, override, original))
            continue
        found.extend(_range_problems(index, override, original, override.value * scale, limits))
    return found


def overridden(original: Factor, override: FactorOverride) -> Factor:
    """``original`` with the override's value, unit and source (marked ``[site]``)."""
    return dataclasses.replace(
        original,
        value=override.value,
        unit=override.unit,
        source_document=override.source,
        source_number="",
        url="",
        confidence=OVERRIDE_CONFIDENCE,
        note=override.note or "",
        canonical_value=override.value * unit_scale(override.unit, original.canonical_unit),
        origin=text(
            f"园区覆盖（原为 {original.origin}）", f"park override (was {original.origin})"
        ),
    )


def _unit_problem(index: int, override: FactorOverride, original: Factor) -> OverrideProblem:
    what = text(
        f"单位的量纲与 {original.quantity} 不符，无法换算为 {original.canonical_unit}",
        f"the unit's dimension does not fit {original.quantity}; it cannot be converted "
        f"to {original.canonical_unit}",
    )
    expected = text(
        f"可换算为 {original.canonical_unit} 的单位（因子表用 {original.unit}）",
        f"a unit convertible to {original.canonical_unit} (the table uses {original.unit})",
    )
    return OverrideProblem(index, "unit", what, override.unit, expected)


def _range_problems(
    index: int, override: FactorOverride, original: Factor, canonical: float, limits: Plausibility
) -> list[OverrideProblem]:
    """The override's value against its quantity's ``override_value``/``override_ratio`` rows."""
    checks: list[tuple[Limit, float, str]] = []
    value_limit = limits.limit("override_value", original.quantity)
    if value_limit is not None:
        value = convert(canonical, original.canonical_unit, value_limit.unit)
        checks.append((value_limit, value, f"{value:.4g} {value_limit.unit}"))
    ratio_limit = limits.limit("override_ratio", original.quantity)
    if ratio_limit is not None:
        ratio = canonical / original.canonical_value
        checks.append(
            (
                ratio_limit,
                ratio,
                text(
                    f"{canonical:.4g} {original.canonical_unit}，为因子表值 "
                    f"{original.value:g} {original.unit} 的 {ratio:.3g} 倍",
                    f"{canonical:.4g} {original.canonical_unit}, {ratio:.3g}× the table's "
                    f"{original.value:g} {original.unit}",
                ),
            )
        )
    return [
        _out_of_range(index, override, original, limit, shown)
        for limit, value, shown in checks
        if limit.outside(value) and not (limit.confirmable and override.confirmed)
    ]


def _out_of_range(
    index: int, override: FactorOverride, original: Factor, limit: Limit, shown: str
) -> OverrideProblem:
    what = text(
        f"{original.quantity} 的值不合理：换算后为 {shown}（依据见 factors/plausibility.csv）",
        f"implausible {original.quantity}: it comes to {shown} (basis in factors/plausibility.csv)",
    )
    expected = limit.expected() + (text(" 倍", "×") if limit.check == "override_ratio" else "")
    if limit.confirmable:
        expected += text(
            "；若确为实测值，在该条目加 confirmed: <理由>",
            "; if it is a real measured value, add confirmed: <reason> to this override",
        )
    return OverrideProblem(index, "value", what, f"{override.value:g} {override.unit}", expected)
