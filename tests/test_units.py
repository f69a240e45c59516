"""The pint edge (greenpark/units.py): Chinese spellings, scale words, 度, dimension checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenpark.errors import UnitError
from greenpark.units import (
    CANONICAL_UNITS,
    _unit_registry,
    convert,
    parse_unit,
    pint,
    to_canonical,
)


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        # a scale word or 10^n stays with its unit, also in a denominator
        (1.0, "GJ/万Nm3", "GJ/m**3", 1e-4),
        (389.31, "GJ/10^4 Nm3", "GJ/m**3", 0.038931),  # GB/T 32151 natural-gas NCV
        (1.0, "tce/万kWh", "kgce/kWh", 0.1),  # 1000 kgce / 10,000 kWh
        (1.0, "万kWh", "kWh", 1e4),
        (2.0, "亿kWh", "MWh", 2e5),
        (1.0, "万 m²", "m**2", 1e4),
        (1.0, "GJ/m**3", "GJ/万Nm3", 1e4),  # a scaled target unit
        (1.0, "tce/(1e4 m**3)", "kgce/m**3", 0.1),
        # the scale multiplies the unit's power, it is not raised to it
        (100.0, "万 m^3", "m**3", 1e6),
        (1.0, "亿 m^3", "m**3", 1e8),
        (1.0, "10^4 m^3", "m**3", 1e4),
        (1.0, "万 m**2", "m**2", 1e4),
        # metres with a plain-digit power, as bills write them; Nm3 stays its own unit
        (100.0, "万m3", "m**3", 1e6),
        (1.0, "m3", "m**3", 1.0),
        (1.0, "km2", "m**2", 1e6),
        (2.0, "GJ/万m3", "GJ/m**3", 2e-4),
        (1.0, "m3/h", "m**3/hour", 1.0),
        # Chinese unit names
        (1.0, "千瓦时", "kWh", 1.0),
        (1.0, "兆瓦", "kW", 1000.0),
        (1.0, "吨标煤", "kgce", 1000.0),
        (1.0, "公斤", "kg", 1.0),
        (15.0, "亩", "m**2", 10_000.0),  # 1 mu = 10,000/15 m²
        (1.0, "平方公里", "m**2", 1e6),
        (1.0, "立方米", "m**3", 1.0),
        (1.0, "吉焦", "GJ", 1.0),
        # percent is read by pint itself
        (94.0, "%", "dimensionless", 0.94),
    ],
)
def test_convert_spellings(value: float, from_unit: str, to_unit: str, expected: float) -> None:
    assert convert(value, from_unit, to_unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("written", "unit", "expected"),
    [
        ("120 万kWh", "MWh", 1200.0),
        ("0.3 万kW", "kW", 3000.0),
        ("3万 kWh", "kWh", 30_000.0),
        ("1.2 万m²", "m**2", 12_000.0),
        ("1500 亩", "km**2", 1.0),
        ("2.5 MW", "kW", 2500.0),
        ("25°", "degree", 25.0),
        (250, "kWh", 250.0),  # a bare number is in the key's unit
        ("250", "kWh", 250.0),
    ],
)
def test_to_canonical_spellings(written: object, unit: str, expected: float) -> None:
    assert to_canonical(written, unit) == pytest.approx(expected, rel=1e-12)


def test_du_is_kwh_for_energy_and_degrees_for_an_angle() -> None:
    assert to_canonical("25度", "degree") == pytest.approx(25.0)
    assert to_canonical("250 度", "kWh") == pytest.approx(250.0)
    assert to_canonical("1 万度", "MWh") == pytest.approx(10.0)
    assert convert(3.0, "度", "kWh") == pytest.approx(3.0)
    assert convert(30.0, "度", "degree") == pytest.approx(30.0)


def test_du_is_unknown_where_neither_energy_nor_an_angle_is_expected() -> None:
    with pytest.raises(UnitError, match="cannot read '5度'"):
        to_canonical("5度", "m**3")
    with pytest.raises(UnitError, match="unknown unit '度'"):
        parse_unit("度")


def test_wrong_dimension_and_unreadable_text_are_unit_errors() -> None:
    with pytest.raises(UnitError, match="is not a kW quantity"):
        to_canonical("5 kg", "kW")
    with pytest.raises(UnitError, match="cannot convert 'MW' to 'kWh'"):
        convert(1.0, "MW", "kWh")
    with pytest.raises(UnitError, match="expected a number or a quantity string in kW"):
        to_canonical(True, "kW")


def test_every_canonical_unit_is_known_to_the_registry() -> None:
    for unit in CANONICAL_UNITS.values():
        assert convert(2.0, unit, unit) == pytest.approx(2.0)
    assert "land" not in CANONICAL_UNITS and "emissions" not in CANONICAL_UNITS


@given(
    st.floats(1e-6, 1e9),
    st.sampled_from(
        [
            ("GJ/万Nm3", "GJ/m**3"),
            ("tce/万kWh", "kgce/kWh"),
            ("t/MWh", "kg/kWh"),
            ("万kWh", "MWh"),
            ("GJ/10^4 Nm3", "MJ/m**3"),
        ]
    ),
)
def test_conversions_round_trip(value: float, units: tuple[str, str]) -> None:
    there = convert(value, *units)
    assert convert(there, units[1], units[0]) == pytest.approx(value, rel=1e-9)


def _fresh_process(code: str, cache_home: Path) -> str:
    """Output of ``code`` run by a new interpreter whose user cache folder is ``cache_home``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


CONVERT = (
    "import sys; from greenpark.units import convert; "
    "print(convert(1.0, '吨标煤/万kWh', 'kgce/kWh'), 'dask' in sys.modules, 'pint' in sys.modules)"
)


def test_pint_comes_without_dask_and_its_definitions_are_cached(tmp_path: Path) -> None:
    first = _fresh_process(CONVERT, tmp_path)
    assert first == "0.1 False True"  # 1000 kgce / 10,000 kWh; pint.compat did not import dask
    (folder,) = (tmp_path / "greenpark").iterdir()  # one folder for this pint and Python
    assert folder.name.startswith("pint-") and list(folder.glob("*.pickle"))
    assert _fresh_process(CONVERT, tmp_path) == first  # read back from the cache


def test_an_unusable_cache_folder_still_gives_a_registry(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _fresh_process(CONVERT, blocked) == "0.1 False True"


def _conversions(ureg: Any) -> list[float]:
    """A few conversions pint's definitions fix exactly: 3.6 MJ per kWh, 1609.344 m per mile,
    25 °C = 298.15 K, and 1 h = 3600 s (the default registry must be the whole one)."""
    quantity = ureg.Quantity
    return [
        quantity(1.0, "kWh").to("MJ").magnitude,
        quantity(1.0, "mile").to("m").magnitude,
        quantity(25.0, "degC").to("K").magnitude,
        quantity(1.0, "hour").to("s").magnitude,
    ]


EXACT = pytest.approx([3.6, 1609.344, 298.15, 3600.0], rel=1e-12)


def _snapshot(folder: Path) -> dict[str, int]:
    """Every file of ``folder`` with its modification time [ns]."""
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_a_fresh_cache_folder_is_written_whole_and_then_only_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "pint-key"
    assert _conversions(_unit_registry(folder)) == EXACT
    assert [p.name for p in folder.parent.iterdir()] == ["pint-key"]  # no staging folder left
    written = _snapshot(folder)
    assert sum(name.endswith(".pickle") for name in written) == 3  # 2 files parsed, 1 built
    assert _conversions(_unit_registry(folder)) == EXACT
    assert _snapshot(folder) == written  # a warm folder is only read: it may be read-only


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "pint-key"
    _unit_registry(folder)
    for pickled in folder.glob("*.pickle"):
        pickled.write_bytes(pickled.read_bytes()[:100])  # cut short, as a full disk leaves it
    assert _conversions(_unit_registry(folder)) == EXACT
    rebuilt = _snapshot(folder)
    assert all((folder / name).stat().st_size > 100 for name in rebuilt if "pickle" in name)
    assert _conversions(_unit_registry(folder)) == EXACT
    assert _snapshot(folder) == rebuilt


def test_a_cache_written_by_another_pint_installation_is_replaced(tmp_path: Path) -> None:
    """pint's own cache names files by content but pickles the path of the definitions that
    were read: written by another (since removed) installation, pint itself fails on it."""
    other = tmp_path / "other-venv"
    other.mkdir()
    for name in ("default_en.txt", "constants_en.txt"):
        shutil.copy(Path(pint.__path__[0]) / name, other / name)
    folder = tmp_path / "pint-key"
    pint.UnitRegistry(filename=str(other / "default_en.txt"), cache_folder=folder)
    shutil.rmtree(other)
    with pytest.raises(FileNotFoundError):  # the failure every start paid twice for
        pint.UnitRegistry(cache_folder=folder)
    assert _conversions(_unit_registry(folder)) == EXACT
    assert _conversions(pint.UnitRegistry(cache_folder=folder)) == EXACT  # repaired


def test_an_unwritable_cache_folder_gives_a_registry_without_a_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _conversions(_unit_registry(blocked / "pint-key")) == EXACT
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_the_garbage_collector_is_as_it_was_after_the_registry(tmp_path: Path) -> None:
    code = (
        "import gc; from greenpark.units import registry; "
        "registry(); on = gc.isenabled(); registry.cache_clear(); gc.disable(); registry(); "
        "print(on, gc.isenabled())"
    )
    assert _fresh_process(code, tmp_path) == "True False"
