"""The one pint registry, and conversion of user quantities to canonical units.

pint is used only at the edges (config, factor tables, reports); the core works on plain
floats and numpy arrays in the canonical units listed in :data:`CANONICAL_UNITS`.

Chinese spellings are rewritten before pint reads them: unit names (千瓦时, 吨标煤, 亩, ...),
the scale words 万 (10⁴) and 亿 (10⁸) and the table form ``10^n``, each bound to the unit it
scales (``tce/万kWh`` is ``tce/(1e4 * kWh)``), and 度, which means kWh when the expected
quantity is energy and degrees when it is an angle.
"""

from __future__ import annotations

import gc
import hashlib
import re
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import platformdirs

from greenpark.errors import UnitError


def _pint_without_dask() -> ModuleType:
    """pint, imported with dask hidden: ``pint.compat`` imports ``dask.base`` whenever dask is
    installed (0.15–0.3 s, with jinja2 and psutil) only to support dask arrays of quantities,
    which greenpark never makes. Once dask is imported anyway, pint is imported as it is."""
    if "pint" in sys.modules or "dask" in sys.modules:
        import pint as loaded

        return loaded
    sys.modules["dask"] = None  # type: ignore[assignment]  # find_spec("dask") is then None
    try:
        import pint as loaded
    finally:
        del sys.modules["dask"]
    return loaded


pint = _pint_without_dask()

#: canonical unit of each physical quantity inside the core (see ARCHITECTURE.md); the first
#: entry of a dimension names it (energy before heat: both are [energy])
CANONICAL_UNITS: dict[str, str] = {
    "power": "kW",
    "energy": "kWh",
    "heat": "GJ",
    "mass": "kg",
    "volume": "m**3",
    "area": "m**2",
    "length": "m",
    "coal_equivalent": "kgce",
    "angle": "degree",
    "fraction": "dimensionless",
}

_DEFINITIONS = """
kgce = [coal_equivalent] = kilogram_coal_equivalent
tce = 1000 * kgce = tonne_coal_equivalent
Nm3 = meter ** 3 = normal_cubic_meter
mu = 10000 / 15 * meter ** 2
"""

#: Chinese unit spellings users write, rewritten to pint names before parsing
_ALIASES: tuple[tuple[str, str], ...] = (
    ("千瓦时", "kWh"),
    ("兆瓦时", "MWh"),
    ("千瓦", "kW"),
    ("兆瓦", "MW"),
    ("吨标煤", "tce"),
    ("千克标煤", "kgce"),
    ("亩", "mu"),
    ("平方米", "m**2"),
    ("平方公里", "km**2"),
    ("立方米", "m**3"),
    ("Nm³", "Nm3"),
    ("m³", "m**3"),
    ("m²", "m**2"),
    ("km²", "km**2"),
    ("吨", "t"),
    ("千克", "kg"),
    ("公斤", "kg"),
    ("吉焦", "GJ"),
    ("°", " degree"),
)
_DEGREE_WORD = "度"  # kWh on an electricity bill, degrees for an angle
_SCALE_WORDS = {"万": "1e4", "亿": "1e8"}
#: a scale word or 10^n and the unit it scales, with the unit's power: "万kWh", "亿 m**3",
#: "10^4 Nm3", "万 m^3" (the scale multiplies the cubic metres; it is not cubed)
_SCALED_UNIT = re.compile(r"(?:([万亿])|(?<![\w.])10\^(\d+))\s*([A-Za-z_]\w*(?:(?:\*\*|\^)\d+)?)")
#: metres with their power written as a plain digit, as bills do: "m3", "km2" (not "Nm3",
#: a unit of its own)
_BARE_POWER = re.compile(r"(?<![A-Za-z])(k?m)([23])(?![\w.])")


@lru_cache(maxsize=1)
def registry() -> Any:
    """Return the project's single pint registry (built once per process, ~0.02 s from the
    cache of :func:`_cache_folder`, ~0.3 s when pint's definitions have to be parsed).

    The cyclic garbage collector is paused meanwhile: reading the cache makes ~10⁵ small
    objects, and with a run's modules loaded each collection they trigger walks all of them
    (0.10 s instead of 0.03 s).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        ureg = _unit_registry(_cache_folder())
    finally:
        if collecting:
            gc.enable()
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _cache_folder() -> Path:
    """The folder of pint's parsed definitions, greenpark's own and one per pint installation
    and Python (user cache folder, e.g. ~/.cache/greenpark on Linux).

    pint's own cache (``cache_folder=":auto:"``, ~/.cache/pint) names its files by the
    definitions' content but pickles the absolute path of the installation that wrote them:
    after a second virtualenv (or a removed one) wrote it, every start fails on the missing
    path and parses everything again. Keyed on where pint is installed, a folder here only
    ever holds files this installation wrote.
    """
    installed = f"{Path(pint.__path__[0])}|{pint.__version__}|{sys.version}"
    key = hashlib.sha256(installed.encode()).hexdigest()[:16]
    cache = platformdirs.user_cache_path("greenpark", appauthor=False)
    return cache / f"pint-{pint.__version__}-{key}"


def _unit_registry(folder: Path) -> Any:
    """pint's registry, its definitions read from ``folder`` when it holds them.

    The folder only appears whole (written elsewhere, then renamed), so a warm one is only
    read, also where it is read-only; a damaged one fails while its pickles are read, before
    anything is parsed, and is then rebuilt like a missing one.
    """
    if folder.is_dir():
        try:
            return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=folder)
        except Exception:  # unpickling a damaged file raises any exception type
            shutil.rmtree(folder, ignore_errors=True)
    return _parsed_registry(folder)


def _parsed_registry(folder: Path) -> Any:
    """pint's registry with its definitions parsed once, and written to ``folder`` (through a
    new folder beside it, renamed into place) where the cache folder is writable."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
    except OSError:  # an unwritable cache folder: no cache
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=staging)
    try:
        staging.rename(folder)
    except OSError:  # another process renamed its folder first: keep that one
        shutil.rmtree(staging, ignore_errors=True)
    return ureg


def _normalise(text: str, degree: str | None = None) -> str:
    """``text`` spelled for pint; 度 becomes ``degree`` (left as is when None: unknown)."""
    for chinese, pint_name in _ALIASES:
        text = text.replace(chinese, pint_name)
    if degree is not None:
        text = text.replace(_DEGREE_WORD, degree)
    text = _BARE_POWER.sub(r"\1**\2", text)
    return _SCALED_UNIT.sub(_grouped, text).strip()


def _grouped(match: re.Match[str]) -> str:
    """``万kWh`` -> ``(1e4 * kWh)``: the scale stays with its unit, also in a denominator."""
    scale = _SCALE_WORDS[match[1]] if match[1] else f"1e{match[2]}"
    return f"({scale} * {match[3]})"


def _degree_meaning(target: Any) -> str | None:
    """What 度 means when a quantity of ``target``'s kind is expected: kWh, degree or None."""
    if target.check("[energy]"):
        return "kWh"
    if registry().get_root_units(target.units)[1] == registry().radian:
        return "degree"
    return None


@lru_cache(maxsize=1024)
def _parse(unit: str, degree: str | None) -> Any:
    """``unit`` as a pint quantity, parsed once per process (a load converts the same few
    units a hundred times; nothing here or in the callers changes the quantity returned)."""
    try:
        parsed = registry().parse_expression(_normalise(unit, degree))
    except Exception as exc:  # pint raises many exception types for bad text
        raise UnitError(f"unknown unit {unit!r}") from exc
    return parsed if hasattr(parsed, "to") else registry().Quantity(parsed)


def parse_unit(unit: str) -> Any:
    """Parse a unit string (Chinese spellings allowed) into a pint quantity of magnitude 1
    or the unit's scale (``"万kWh"`` -> ``10000 kWh``). 度 alone is ambiguous here: an error."""
    return _parse(unit, None)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` in ``from_unit`` to ``to_unit``; UnitError on a dimension mismatch."""
    target = parse_unit(to_unit)
    source = _parse(from_unit, _degree_meaning(target)) * value
    try:
        return float(source.to(target.units).magnitude / target.magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"cannot convert {from_unit!r} to {to_unit!r}: "
            f"{source.dimensionality} is not {target.dimensionality}"
        ) from exc


def to_canonical(value: object, unit: str) -> float:
    """Read a config quantity: a bare number in ``unit`` or a string with its own unit.

    Parameters
    ----------
    value
        ``250`` (taken as ``unit``) or ``"2.5 MW"`` / ``"120 万kWh"``.
    unit
        The key's documented unit, e.g. ``"kW"``.

    Returns
    -------
    float
        The magnitude in ``unit``.
    """
    if isinstance(value, bool):
        raise UnitError(f"expected a number or a quantity string in {unit}, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise UnitError(f"expected a number or a quantity string in {unit}, got {value!r}")
    target = parse_unit(unit)
    try:
        quantity = registry().parse_expression(_normalise(value, _degree_meaning(target)))
    except Exception as exc:  # pint raises many exception types for bad text
        raise UnitError(f"cannot read {value!r} as a quantity in {unit}") from exc
    if not hasattr(quantity, "to"):
        return float(quantity)
    if quantity.unitless:  # "250": a number written as text, in the key's unit
        return float(quantity.magnitude)
    try:
        return float(quantity.to(target.units).magnitude / target.magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"{value!r} is not a {unit} quantity (dimension {quantity.dimensionality}, "
            f"expected {target.dimensionality})"
        ) from exc
