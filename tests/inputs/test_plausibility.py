"""Plausibility limits: the shipped table, its validation, and the rules that read it —
roof power density, meter readings (caps per carrier, ratio to the series' median,
confirmations) and factor overrides (range, ratio, dimension, confirmation)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.factors.overrides import override_problems
from greenpark.inputs.factors.plausibility import PLAUSIBILITY_COLUMNS, load_plausibility
from greenpark.inputs.factors.registry import factor_dir, load_factor_registry
from greenpark.inputs.meters.blocks import Block
from greenpark.inputs.meters.plausibility import (
    GJ_PER_KGCE,
    ReadingLimits,
    _block_flags,
    _block_typicals,
    reading_limits,
)
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.load import load_park
from greenpark.inputs.park.schema import FactorOverride
from greenpark.messages import Message
from greenpark.report.messages import render_all

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def factors() -> dict[str, object]:
    return {factor.id: factor for factor in load_factor_registry()}


def test_every_shipped_limit_has_a_basis_a_source_and_a_mark() -> None:
    limits = load_plausibility(factor_dir())
    with (factor_dir() / "plausibility.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(len(row["basis"]) > 60 and row["source"] for row in rows)
    roof = limits.limit("roof_dc_per_area")
    assert roof is not None and (roof.upper, roof.unit, roof.confirmable) == (
        0.35,
        "kW/m**2",
        False,
    )
    grid = limits.limit("override_value", "grid_co2")
    assert grid is not None and grid.expected() == "0.05–1.5 kg/kWh"
    assert limits.limit("override_value", "no such quantity") is None


def test_a_bad_limit_table_is_reported_row_by_row(tmp_path: Path) -> None:
    rows = [
        ",".join(PLAUSIBILITY_COLUMNS),
        "roof_dc_per_area,-,,0.35,kW/m**2,no,basis,source,[B]",  # fine
        "roof_dc_per_area,-,,0.35,kWh,no,basis,source,[B]",  # wrong dimension
        "no_such_check,-,1,2,dimensionless,maybe,basis,,[D]",
        "override_value,grid_co2,2,1,kg/kWh,no,basis,source,[A]",  # lower above upper
        "override_value,fuel_ncv,1,2,GJ/kg,no,basis,source,[A]",  # per carrier: a ratio
        "reading_hour_max,unobtainium,,1,kWh,no,basis,source,[A]",
    ]
    (tmp_path / "plausibility.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plausibility(tmp_path)
    text = "\n".join(caught.value.problems)
    for line, words in [
        (3, "kW/m**2"),
        (4, "unknown check"),
        (4, "confirmable"),
        (4, "source"),
        (4, "[A]/[B]/[C]"),
        (5, "lower < upper"),
        (6, "override_ratio"),
        (7, "subject"),
    ]:
        assert any(f"line {line}:" in p and words in p for p in caught.value.problems), words
    assert "line 2:" not in text


def test_a_missing_limit_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"plausibility\.csv"):
        load_plausibility(tmp_path)


def test_reading_caps_follow_the_table_and_the_carriers_heat_content(factors: dict) -> None:
    limits = reading_limits(load_plausibility(factor_dir()), factors.values())  # type: ignore[arg-type]
    assert limits.hour_max["electricity"] == 22_500_000  # kWh: 22,500 MW for one hour
    assert limits.hour_max["heat_purchased"] == 243_000  # GJ
    # natural gas: its lowest NCV, 389.31 GJ/10^4 Nm3 (both vintages)
    assert limits.hour_max["natural_gas"] == pytest.approx(243_000 / 0.038931)
    # raw coal has no NCV row: its coal equivalent 0.7143 kgce/kg
    assert limits.hour_max["coal_raw"] == pytest.approx(243_000 / (0.7143 * GJ_PER_KGCE))
    assert "water_withdrawal" not in limits.hour_max  # no defensible cap: the ratio rule only
    assert limits.typical_ratio == 200


def _park(tmp_path: Path, hourly: pd.DataFrame | None = None, extra_yaml: str = "") -> Path:
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    if hourly is not None:
        hourly.to_csv(park / "data" / "hourly.csv", index=False)
        text = (park / "park.yaml").read_text(encoding="utf-8")
        text = text.replace(
            "  - {file: data/monthly.csv, resolution: monthly}",
            "  - {file: data/monthly.csv, resolution: monthly}\n"
            "  - {file: data/hourly.csv, resolution: 15min}",
        )
        (park / "park.yaml").write_text(text + extra_yaml, encoding="utf-8")
    return park


def _quarters(kwh: float, spikes: dict[int, float]) -> pd.DataFrame:
    """A year of 15-min heat readings for F2 [GJ]; ``spikes`` replaces some rows' value."""
    stamps = pd.date_range("2025-01-01", "2026-01-01", freq="15min", inclusive="left")
    values = pd.Series(kwh, index=range(len(stamps)))
    for row, value in spikes.items():
        values[row - 2] = value
    return pd.DataFrame(
        {
            "timestamp": stamps.strftime("%Y-%m-%d %H:%M"),
            "enterprise": "F2",
            "carrier": "heat_purchased",
            "quantity": values,
            "unit": "GJ",
        }
    )


def _problems(park: Path) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load_park(park)
    return caught.value.problems


def test_a_quarter_hour_may_hold_a_quarter_of_the_hourly_cap(tmp_path: Path) -> None:
    # 243,000 GJ per hour: a 15-min reading of 60,750 GJ is allowed, 60,751 is not
    # (both far above the series' median of 2 GJ: rows 5 and 6 are confirmed)
    spikes = {5: 60_750.0, 6: 60_751.0}
    confirm = (
        "\nconfirmed_readings:\n"
        "  - {file: data/hourly.csv, rows: [5, 6], reason: 蒸汽管网冲洗，已核对}\n"
    )
    (line,) = _problems(_park(tmp_path, _quarters(2.0, spikes), confirm))
    assert line.startswith("data/hourly.csv row 6: impossible reading of F2 heat_purchased")
    assert "got 60,751 GJ, expected ≤ 60,750 GJ (243,000 GJ/h × 0.25 h)" in line


def test_far_off_readings_are_named_unless_confirmed(tmp_path: Path) -> None:
    # median 2 GJ, limit 200× = 400 GJ: 401 is refused, 400 is not
    spikes = {10: 401.0, 11: 400.0, 5000: 2_000.0}
    found = _problems(_park(tmp_path / "a", _quarters(2.0, spikes)))
    assert [line.split(":")[0] for line in found] == [
        "data/hourly.csv row 10",
        "data/hourly.csv row 5000",
    ]
    assert "200× the median = 400 GJ" in found[0] and "confirmed_readings" in found[0]
    confirm = (
        "\nconfirmed_readings:\n"
        "  - {file: data/hourly.csv, row: 10, reason: 试车}\n"
        "  - {file: ./data/hourly.csv, rows: [4990, 5010], reason: 冬季峰值，已核对}\n"
    )
    park = load_park(_park(tmp_path / "b", _quarters(2.0, spikes), confirm))
    notes = [m for m in words(park.messages) if "confirmed by the user" in m]
    assert notes == [
        "readings of data/hourly.csv row 10 confirmed by the user: 试车",
        "readings of data/hourly.csv rows 4990-5010 confirmed by the user: 冬季峰值，已核对",
    ]


def test_a_confirmation_must_name_a_listed_data_file(tmp_path: Path) -> None:
    confirm = "\nconfirmed_readings:\n  - {file: data/other.csv, reason: 试车}\n"
    (line,) = _problems(_park(tmp_path, _quarters(2.0, {}), confirm))
    assert "confirmed_readings[0] (data/other.csv).file: is not a data file listed" in line
    assert "expected data/hourly.csv, data/monthly.csv" in line


def test_confirmation_rows_are_checked() -> None:
    with pytest.raises(ValueError, match="not both"):
        ReadingConfirmation(file=Path("a.csv"), row=3, rows=(3, 4), reason="abc")
    with pytest.raises(ValueError, match=r"\[first, last\]"):
        ReadingConfirmation(file=Path("a.csv"), rows=(9, 4), reason="abc")


def _override(
    factor_id: str, value: float, unit: str, confirmed: str | None = None
) -> FactorOverride:
    return FactorOverride(
        factor_id=factor_id, value=value, unit=unit, source="test", confirmed=confirmed
    )


@pytest.mark.parametrize(
    ("override", "key", "words"),
    [
        (_override("grid.province.shanxi.2023", 0.6634, "kgCO2/GJ"), "value", "0.002388 kg/kWh"),
        (_override("grid.province.shanxi.2023", 663.4, "gCO2/kWh"), "value", None),
        (_override("grid.province.shanxi.2023", 1.6, "kg/kWh"), "value", "0.05–1.5 kg/kWh"),
        (_override("grid.province.shanxi.2023", 0.66, "kg/m**3"), "unit", "kg/kWh"),
        (_override("grid.province.shanxii.2023", 0.66, "kg/kWh"), "factor_id", "shanxi.2023'?"),
        (_override("heat.purchased.default", 0.11, "kg/GJ"), "value", "1–250 kg/GJ"),
        (_override("fuel.coal_raw.ncv.gbt32151", 20.9, "GJ/t"), "factor_id", None),
        (_override("fuel.coal_bituminous.ncv.gbt32151", 4675, "kcal/kg"), "value", None),
        (_override("fuel.coal_bituminous.ncv.gbt32151", 4675, "kJ/kg"), "value", "0.239×"),
        (_override("fuel.coal_lignite.oxidation.gbt32151", 96, "dimensionless"), "value", "0.5–1"),
        (_override("coal_equiv.electricity.equivalent", 0.1229, "kgce/kWh"), "value", "0.396×"),
        (_override("gwp.ch4.ar5", 280, "dimensionless"), "value", "10×"),
    ],
)
def test_override_rule(
    factors: dict, override: FactorOverride, key: str, words: str | None
) -> None:
    found = override_problems(factors, [override], load_plausibility(factor_dir()))  # type: ignore[arg-type]
    if words is None:
        # 663.4 gCO2/kWh is 0.6634 kg/kWh; 4,675 kcal/kg is 19.57 GJ/t; raw coal has no NCV row
        assert [p.key for p in found] == ([] if key == "value" else [key])
        return
    (problem,) = found
    assert problem.key == key and words in problem.what + problem.expected


def test_a_confirmed_override_may_leave_a_confirmable_range_only(factors: dict) -> None:
    limits = load_plausibility(factor_dir())
    heat = _override("heat.purchased.default", 0.5, "kg/GJ", confirmed="生物质锅炉供热")
    ncv = _override("fuel.natural_gas.ncv.gbt32151", 15, "MJ/m**3", confirmed="掺混低热值煤气")
    grid = _override("grid.province.shanxi.2023", 1.6, "kg/kWh", confirmed="据说如此")
    gwp = _override("gwp.ch4.ar5", 280, "dimensionless", confirmed="typo? no")
    found = override_problems(factors, [heat, ncv, grid, gwp], limits)  # type: ignore[arg-type]
    assert [p.index for p in found] == [2, 3]
    set_language("zh")
    (line,) = override_problems(
        factors, [_override("heat.purchased.default", 0.5, "kg/GJ")], limits
    )  # type: ignore[arg-type]
    assert "confirmed: <理由>" in line.expected


def test_the_run_refuses_the_same_overrides(factors: dict) -> None:
    bad = _override("grid.province.shanxi.2023", 0.6634, "kgCO2/GJ")
    with pytest.raises(InputError) as caught:
        load_factor_registry(overrides=[bad])
    (line,) = caught.value.problems
    assert line.startswith("park override: overrides[0] (grid.province.shanxi.2023).value")
    confirmed = _override("heat.purchased.default", 0.5, "kg/GJ", confirmed="生物质锅炉供热")
    factor = load_factor_registry(overrides=[confirmed]).get("heat.purchased.default")
    assert (factor.canonical_value, factor.confidence) == (0.5, "[site]")


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))


def test_typical_readings_are_medians_of_the_positive_readings_of_each_series() -> None:
    """By hand: a positive column, one with a zero, an empty one, and a series in two blocks
    (its median is over both); a wide block of positive columns gets each column's median."""
    first = Block(
        "a.csv",
        "electricity",
        "fuel",
        "hourly",
        ("E01", "E02", "E03", "E04"),
        np.arange(3),
        np.array([[1.0, 0.0, np.nan, 5.0], [3.0, 4.0, np.nan, 1.0], [2.0, 6.0, np.nan, 3.0]]),
        np.arange(2, 5)[:, None],
    )
    second = Block(
        "b.csv",
        "electricity",
        "fuel",
        "hourly",
        ("E04",),
        np.arange(3, 5),
        np.array([[10.0], [20.0]]),
        np.arange(2, 4)[:, None],
    )
    typical = _block_typicals([first, second])
    key = ("electricity", "hourly")
    assert typical[("E01", *key)] == 2.0
    assert typical[("E02", *key)] == 5.0  # median of 4 and 6: the zero is not a reading
    assert np.isnan(typical[("E03", *key)])
    assert typical[("E04", *key)] == 5.0  # median of 5, 1, 3, 10, 20
    count = 150  # more columns than are taken at a time, and a part of them
    values = np.asfortranarray(np.random.default_rng(3).random((1000, count)) + 0.5)
    values[0, 77] = 0.0  # alone with a zero: its median is over its positive readings
    wide = Block(
        "w.csv",
        "electricity",
        "fuel",
        "15min",
        tuple(f"E{j:03d}" for j in range(count)),
        np.arange(1000),
        values,
        np.arange(2, 1002)[:, None],
    )
    before = values.copy()
    medians = _block_typicals([wide])
    positive = [values[values[:, j] > 0, j] for j in range(count)]
    assert [medians[(e, "electricity", "15min")] for e in wide.enterprises] == [
        float(np.median(column)) for column in positive
    ]
    assert np.array_equal(values, before)  # the block's readings are left as they were


def test_series_left_without_a_median_have_no_far_reading_by_hand() -> None:
    """With the ratio, a column whose readings all stay within ratio × its median needs no
    median; the far readings found are those of the rule by hand, at the boundary too
    (exactly 200× the median is not far, the next float above it is)."""
    rng = np.random.default_rng(8)
    values = np.asfortranarray(rng.uniform(1.0, 2.0, (1001, 5)))
    values[:, 2:4] = 1.0
    values[17, 1] = 1000.0  # far above a median of ~1.5
    values[5, 2] = 200.0  # exactly the ratio × the median of 1: not far
    values[9, 3] = np.nextafter(200.0, np.inf)
    values[3, 4] = 150.0  # high, yet within 200× the median
    ids = tuple(f"E{j}" for j in range(5))
    block = Block(
        "w.csv",
        "electricity",
        "fuel",
        "hourly",
        ids,
        np.arange(1001),
        values,
        np.arange(2, 1003)[:, None],
    )
    medians = _block_typicals([block], 200.0)
    assert sorted(medians) == [(e, "electricity", "hourly") for e in ("E1", "E2", "E3")]
    limits = ReadingLimits({}, 200.0)
    _, far = _block_flags([block], limits)
    expected = [
        (int(block.rows[i, 0]), ids[j])
        for j in range(5)
        for i in np.flatnonzero(values[:, j] > 200.0 * np.median(values[:, j]))
    ]
    assert expected == [(19, "E1"), (11, "E3")]
    assert sorted(zip(far["row"], far["enterprise"], strict=True)) == sorted(expected)
