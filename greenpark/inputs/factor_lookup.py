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
from greenpark.inputs.factor_regions import ANY_REGION, NATIONAL, Region, RegionTable
from greenpark.inputs.factor_table import Factor
from greenpark.inputs.problems import did_you_mean

DEFAULT_VARIANT = "average"


class FactorLookup(NamedTuple):
    """A factor found by :func:`find_factor`, and why it differs from the request (or None)."""

    factor: Factor
    message: str | None


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
                reasons = _reasons(factor, regions, region, resolved, year)
                return FactorLookup(
                    factor, _message(factor, regions, region, resolved, year, reasons)
                )
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


def _reasons(
    factor: Factor, regions: RegionTable, asked: str, resolved: Region | None, year: int
) -> list[str]:
    reasons = []
    if not factor.applies_in(year):
        reasons.append(
            text(
                f"没有适用于 {year} 年的因子，使用适用期为 {factor.window} 的 {factor.id}",
                f"no factor applies to {year}; used {factor.id}, applicable {factor.window}",
            )
        )
    if factor.region != ANY_REGION and (resolved is None or factor.region != resolved.key):
        reasons.append(_region_reason(factor, regions, asked, resolved))
    if factor.year is not None and factor.year < year:
        reasons.append(
            text(
                f"{year} 年尚无数据，使用最近的较早年份 {factor.year}",
                f"no data for {year} yet, used the nearest earlier year {factor.year}",
            )
        )
    elif factor.year is not None and factor.year > year:
        reasons.append(
            text(
                f"{year} 年及更早均无数据，使用最早的较晚年份 {factor.year}",
                f"no data for {year} or earlier, used the earliest later year {factor.year}",
            )
        )
    return reasons


def _region_reason(
    factor: Factor, regions: RegionTable, asked: str, resolved: Region | None
) -> str:
    used = regions.name_of(factor.region)
    if resolved is None:
        hint = did_you_mean(regions.suggestion(asked))
        return text(
            f"未知的省份或区域 {asked!r}{hint}，改用{used}值",
            f"unknown province or region {asked!r}{hint}, used the {used} value",
        )
    if factor.region == NATIONAL:
        return text(
            f"{resolved.name}无可用值，改用全国值",
            f"no value for {resolved.name}, used the national value",
        )
    return text(
        f"{resolved.name}无可用值，改用所属区域电网（{used}）",
        f"no value for {resolved.name}, used its grid region ({used})",
    )


def _message(
    factor: Factor,
    regions: RegionTable,
    asked: str,
    resolved: Region | None,
    year: int,
    reasons: list[str],
) -> str | None:
    if not reasons:
        return None
    asked_name = resolved.name if resolved is not None else repr(asked)
    used = regions.name_of(factor.region)
    if factor.year is not None:
        used += text(f" {factor.year} 年", f" {factor.year}")
    value = f"{factor.value:g} {factor.unit}"
    return text(
        f"{factor.quantity}：请求 {asked_name} {year} 年，使用 {factor.id}（{used}，{value}）："
        + "；".join(reasons),
        f"{factor.quantity}: asked for {asked_name} {year}, used {factor.id} ({used}, {value}): "
        + "; ".join(reasons),
    )


def _no_factor(quantity: str, variant: str | None) -> str:
    if variant is None:
        return text(f"没有量为 {quantity!r} 的因子", f"no factor of quantity {quantity!r}")
    return text(
        f"没有量为 {quantity!r}、口径为 {variant!r} 的因子",
        f"no factor of quantity {quantity!r} with variant {variant!r}",
    )
