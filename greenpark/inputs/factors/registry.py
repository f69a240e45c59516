"""The factor registry: every emission factor, coal equivalent, fuel parameter and GWP.

Factor tables live in ``factors/*.csv`` (see ``factors/README.md``), one row per factor with
its source and confidence mark. :func:`load_factor_registry` reads them all, validates every
row (reporting all problems at once), converts values to canonical units and applies park
overrides. :meth:`FactorRegistry.lookup` finds the factor for a region and year, falling back
to earlier years, the grid region and the national value, and says so in a message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import greenpark
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.lookup import FactorLookup, find_factor
from greenpark.inputs.factors.overrides import overridden, override_problems, unknown_factor_id
from greenpark.inputs.factors.plausibility import PLAUSIBILITY_CSV, Plausibility, load_plausibility
from greenpark.inputs.factors.regions import RegionTable, read_region_table
from greenpark.inputs.factors.table import Factor, read_factor_table
from greenpark.inputs.problems import did_you_mean, problem

if TYPE_CHECKING:
    from greenpark.inputs.park.schema import FactorOverride

__all__ = [
    "FACTORS_DIR_ENV",
    "Factor",
    "FactorLookup",
    "FactorRegistry",
    "factor_dir",
    "load_factor_registry",
]

FACTORS_DIR_ENV = "GREENPARK_FACTORS_DIR"
REGIONS_CSV = "regions.csv"
#: CSV files in the factor directory that are data tables but not factor tables
NON_FACTOR_TABLES = frozenset({REGIONS_CSV, PLAUSIBILITY_CSV, "weather_climatology.csv"})


def factor_dir() -> Path:
    """The directory holding the factor tables.

    ``$GREENPARK_FACTORS_DIR`` if set; else ``greenpark/_factors`` inside an installed wheel;
    else the repository's ``factors/`` next to the package (editable install).
    """
    override = os.environ.get(FACTORS_DIR_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise InputError(
                [
                    text(
                        f"环境变量 {FACTORS_DIR_ENV}={override} 不是一个目录",
                        f"environment variable {FACTORS_DIR_ENV}={override} is not a directory",
                    )
                ]
            )
        return path
    package = Path(greenpark.__file__).resolve().parent
    wheel, repo = package / "_factors", package.parent / "factors"
    for candidate in (wheel, repo):
        if candidate.is_dir():
            return candidate
    raise InputError(
        [
            text(
                f"找不到因子表目录（已查找 {wheel} 与 {repo}）；请设置 {FACTORS_DIR_ENV}",
                f"no factor directory found (looked in {wheel} and {repo}); set {FACTORS_DIR_ENV}",
            )
        ]
    )


class FactorRegistry:
    """All factors by id, with the region table used to resolve and fall back."""

    def __init__(self, factors: Iterable[Factor], regions: RegionTable) -> None:
        self._factors = {factor.id: factor for factor in factors}
        self.regions = regions

    def __len__(self) -> int:
        return len(self._factors)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._factors

    def __iter__(self) -> Iterator[Factor]:
        return iter(self._factors.values())

    def get(self, factor_id: str) -> Factor:
        """The factor with id ``factor_id``; InputError (with suggestions) when unknown."""
        factor = self._factors.get(factor_id)
        if factor is None:
            raise InputError([unknown_factor_id(factor_id, self._factors)])
        return factor

    def lookup(
        self, quantity: str, *, region: str, year: int, variant: str | None = None
    ) -> FactorLookup:
        """The factor of ``quantity`` for ``region`` (key or name) and ``year``.

        Tries, in order: the region's own value for ``year`` or the nearest earlier year, then
        its grid region, then the national value; if none has ``year`` or earlier, the earliest
        later year (most specific region first). Every step away from the exact request gives
        a message. ``variant=None`` takes the ``average`` variant where several exist.
        InputError when the quantity (or variant) has no factor at all.
        """
        return find_factor(
            self._factors.values(),
            self.regions,
            quantity=quantity,
            region=region,
            year=year,
            variant=variant,
        )

    def filter(
        self,
        *,
        province: str | None = None,
        year: int | None = None,
        quantity: str | None = None,
    ) -> tuple[Factor, ...]:
        """Factors that apply to a region, for a year and quantity.

        ``province`` (a province, grid region or ``national``, by key or name) selects the
        region's own factors and those of the levels above it: a province also lists its grid
        region's and the national ones, as a user choosing a factor wants to compare them.
        ``year`` and ``quantity`` must match exactly; InputError for unknown names.
        """
        problems = []
        region_keys: tuple[str, ...] | None = None
        if province is not None:
            found = self.regions.resolve(province)
            if found is None:
                problems.append(_unknown_region(province, self.regions))
            else:
                region_keys = self.regions.fallback_chain(found.key)[0]
        quantities = {factor.quantity for factor in self}
        if quantity is not None and quantity not in quantities:
            problems.append(_unknown_quantity(quantity, quantities))
        if problems:
            raise InputError(problems)
        return tuple(
            factor
            for factor in self
            if (region_keys is None or factor.region in region_keys)
            and (year is None or factor.year == year)
            and (quantity is None or factor.quantity == quantity)
        )


def load_factor_registry(
    directory: Path | None = None, overrides: Iterable[FactorOverride] = ()
) -> FactorRegistry:
    """Read, validate and convert every factor table in ``directory`` (default :func:`factor_dir`).

    Parameters
    ----------
    directory
        Folder with ``regions.csv`` and the factor tables (every other ``*.csv`` except
        :data:`NON_FACTOR_TABLES`).
    overrides
        Park overrides: each replaces the value and unit of an existing factor id and
        carries its own source; marked with confidence ``[site]``. They are checked by
        :func:`greenpark.inputs.factors.overrides.override_problems` (``plausibility.csv``
        of ``directory`` gives the plausible ranges); :func:`greenpark.inputs.park.load.load_park`
        reports the same problems against ``park.yaml`` first.

    Raises
    ------
    InputError
        With every problem found: file, line, column, value found and expected.
    """
    directory = factor_dir() if directory is None else directory
    if not directory.is_dir():
        raise InputError([text(f"{directory} 不是目录", f"{directory} is not a directory")])
    regions, problems = read_region_table(directory / REGIONS_CSV)
    factors = _read_tables(directory, regions, problems)
    if problems:
        raise InputError(problems)
    overrides = tuple(overrides)
    if overrides:
        _apply_overrides(factors, overrides, load_plausibility(directory))
    return FactorRegistry(factors.values(), regions)


def _apply_overrides(
    factors: dict[str, Factor], overrides: Sequence[FactorOverride], limits: Plausibility
) -> None:
    """Replace the overridden factors in place; InputError when any override is refused."""
    found = override_problems(factors, overrides, limits)
    if found:
        where = text("园区覆盖", "park override")
        raise InputError(
            [
                problem(
                    where,
                    f"overrides[{p.index}] ({overrides[p.index].factor_id}).{p.key}",
                    p.what,
                    got=p.got,
                    expected=p.expected,
                ).message
                for p in found
            ]
        )
    for override in overrides:
        factors[override.factor_id] = overridden(factors[override.factor_id], override)


def _read_tables(directory: Path, regions: RegionTable, problems: list[str]) -> dict[str, Factor]:
    """Every factor table in ``directory`` by id; problems are appended to ``problems``."""
    carrier_units = {key: c.canonical_unit for key, c in load_carriers().items()}
    tables = sorted(p for p in directory.glob("*.csv") if p.name not in NON_FACTOR_TABLES)
    if not tables:
        problems.append(
            text(f"{directory}: 没有因子表（*.csv）", f"{directory}: no factor tables (*.csv)")
        )
    factors: dict[str, Factor] = {}
    for path in tables:
        rows, found = read_factor_table(path, carrier_units, regions.known_keys())
        problems.extend(found)
        for factor in rows:
            if factor.id in factors:
                problems.append(_duplicate(factor, factors[factor.id]))
            factors.setdefault(factor.id, factor)
    return factors


def _duplicate(factor: Factor, first: Factor) -> str:
    return text(
        f"{factor.origin}: 因子编号 {factor.id} 重复（已在 {first.origin} 出现）",
        f"{factor.origin}: duplicate factor id {factor.id} (already at {first.origin})",
    )


def _unknown_region(name: str, regions: RegionTable) -> str:
    hint = did_you_mean(regions.suggestion(name))
    return text(f"未知的省份或区域 {name!r}{hint}", f"unknown province or region {name!r}{hint}")


def _unknown_quantity(quantity: str, known: set[str]) -> str:
    return text(
        f"未知的量 {quantity!r}，可用：{', '.join(sorted(known))}",
        f"unknown quantity {quantity!r}, known: {', '.join(sorted(known))}",
    )
