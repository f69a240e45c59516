"""Finding the factor for a region and year, with explicit, explained fallbacks.

Order (each step away from the exact request adds a reason to the message; never silent):

1. the region itself, for the asked year or else the nearest earlier year;
2. for a province, its grid region (same year, then nearest earlier); then ``national``;
3. when no level has the asked year or an earlier one, the earliest later year, most specific
   region first (an accounting year older than every published factor still gets the
   closest published value, flagged).

Rows with region ``-`` hold everywhere and rows with a blank year hold every year: they match
without a message. Rows whose applicability window (``applicable_from``/``applicable_to``)
leaves out the asked year are skipped while any row of the quantity and variant applies to
it; when none does, the window is ignored and the message says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.regions import ANY_REGION, NATIONAL, Region, RegionTable
from greenpark.inputs.factors.table import Factor
from greenpark.messages import Message

DEFAULT_VARIANT = "average"


class FactorLookup(NamedTuple):
    """A factor found by :func:`find_factor`, and why it differs from the request (or None)."""

    factor: Factor
    message: Message | None


def find_factor(
    factors: Iterable[Factor],
    regions: RegionTable,
    *,
    quantity: str,
    region: str,
    year: int,
    variant: str | None,
) -> FactorLookup:
    """The factor of ``quantity`` for ``region`` and ``year`` (see the module docstring)."""
    rows = [f for f in factors if f.quantity == quantity and variant in (None, f.variant)]
    if not rows:
        raise InputError([_no_factor(quantity, variant)])
    rows = [f for f in rows if f.applies_in(year)] or rows
    chain, resolved = regions.fallback_chain(region)
    for later in (False, True):
        for level in chain:
            candidates = [f for f in rows if f.region in (level, ANY_REGION)]
            chosen = _at_best_year(candidates, year, later=later)
            if chosen:
                factor = _one_variant(chosen, quantity)
                return FactorLookup(factor, _message(factor, regions, region, resolved, year))
    raise InputError(
        [
            text(
                f"{quantity}：{region!r} 及其区域、全国均无因子",
                f"{quantity}: no factor for {region!r}, its grid region or national",
            )
        ]
    )


def _at_best_year(candidates: Sequence[Factor], year: int, *, later: bool) -> list[Factor]:
    """Candidates at the asked year or nearest earlier one (``later``: earliest later one)."""
    timeless = [f for f in candidates if f.year is None]
    if timeless:
        return timeless
    years = {f.year for f in candidates if f.year is not None}
    eligible = [y for y in years if (y > year if later else y <= year)]
    if not eligible:
        return []
    best = min(eligible) if later else max(eligible)
    return [f for f in candidates if f.year == best]


def _one_variant(chosen: Sequence[Factor], quantity: str) -> Factor:
    if len(chosen) == 1:
        return chosen[0]
    default = [f for f in chosen if f.variant == DEFAULT_VARIANT]
    if len(default) == 1:
        return default[0]
    variants = ", ".join(sorted(f.variant for f in chosen))
    raise InputError(
        [
            text(
                f"{quantity}：有多个口径（{variants}），请指定 variant",
                f"{quantity}: several variants ({variants}); give variant=",
            )
        ]
    )


def _reasons(factor: Factor, resolved: Region | None, year: int) -> tuple[str, ...]:
    """Codes of the ways ``factor`` differs from the request (phrases of the message)."""
    reasons = []
    if not factor.applies_in(year):
        reasons.append("window_ignored")
    if factor.region != ANY_REGION and (resolved is None or factor.region != resolved.key):
        if resolved is None:
            reasons.append("region_unknown")
        else:
            reasons.append("region_national" if factor.region == NATIONAL else "region_grid")
    if factor.year is not None and factor.year != year:
        reasons.append("year_earlier" if factor.year < year else "year_later")
    return tuple(reasons)


def _message(
    factor: Factor, regions: RegionTable, asked: str, resolved: Region | None, year: int
) -> Message | None:
    reasons = _reasons(factor, resolved, year)
    if not reasons:
        return None
    asked_zh, asked_en = (resolved.name_zh, resolved.name_en) if resolved else (repr(asked),) * 2
    used_zh, used_en = regions.names_of(factor.region)
    suggestion = regions.suggestion(asked) if resolved is None else None
    return Message(
        "factor_fallback",
        {
            "quantity": factor.quantity,
            "asked": asked,
            "asked_zh": asked_zh,
            "asked_en": asked_en,
            "year": year,
            "factor_id": factor.id,
            "used_zh": used_zh,
            "used_en": used_en,
            "used_year": () if factor.year is None else "year",
            "factor_year": factor.year,
            "value": factor.value,
            "unit": factor.unit,
            "window": factor.window,
            "reasons": reasons,
            "hint": () if suggestion is None else "did_you_mean",
            "suggestion": suggestion,
        },
    )


def _no_factor(quantity: str, variant: str | None) -> str:
    if variant is None:
        return text(f"没有量为 {quantity!r} 的因子", f"no factor of quantity {quantity!r}")
    return text(
        f"没有量为 {quantity!r}、口径为 {variant!r} 的因子",
        f"no factor of quantity {quantity!r} with variant {variant!r}",
    )
