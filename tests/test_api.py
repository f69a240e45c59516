"""The public API: ``load_park`` -> ``RunSpec`` -> ``run`` -> ``RunResult``, on the small park
``tests/parks/two_firms`` (F1 uses 730 MWh a month, F2 200 MWh; roof F1-R1 of 1,200 kW)."""

from __future__ import annotations

import copy
import dataclasses
import json
import multiprocessing
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.i18n import get_language, set_language

TWO_FIRMS = Path(__file__).parent / "parks" / "two_firms"
ROOF = {"rooftops": [{"id": "F1-R1", "capacity_kw": 600}]}


@pytest.fixture(scope="module")
def park() -> gp.Park:
    return gp.load_park(TWO_FIRMS)


@pytest.fixture(scope="module")
def result(park: gp.Park) -> gp.RunResult:
    return gp.run(gp.RunSpec(park))


def test_every_public_name_is_exported_and_importing_is_light() -> None:
    assert sorted(gp.__all__) == sorted(["__version__", *gp._EXPORTS])
    for name in gp.__all__:
        assert getattr(gp, name) is not None
    code = "import sys, greenpark; print('pandas' in sys.modules)"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "False"


def test_a_run_gives_tables_with_units_and_its_provenance(result: gp.RunResult) -> None:
    annual = result.annual()
    assert list(annual.index) == ["F1", "F2", "park"]
    # monthly bills: F1 8,760 MWh, F2 2,400 MWh, the park their sum
    assert annual.loc[["F1", "F2", "park"], "electricity_kwh"].tolist() == pytest.approx(
        [8_760_000, 2_400_000, 11_160_000]
    )
    assert (annual.dtypes == "Float64").all()
    p = result.provenance
    assert (p.park_id, p.accounting_year, len(p.inputs_hash), len(p.code_hash or "")) == (
        "two-firms",
        2025,
        64,
        64,
    )
    assert p.options["contract_matching"] == "monthly"
    assert p.options["weather"] == "synthetic typical year"
    assert set(result.factors()["factor_id"]) == {f.factor_id for f in p.factors}
    assert result.run_id == p.run_id and len(result.run_id) == 16
    long = result.results()
    assert len(long) == annual.size + len(result.park_910()) + len(result.direct_line())
    assert long.loc[long["metric"] == "electricity_kwh", "unit"].unique().tolist() == ["kWh"]


def test_messages_are_data_worded_by_report(result: gp.RunResult) -> None:
    from greenpark.report.messages import render_all

    messages = result.messages()
    assert list(messages.columns) == ["code", "severity", "params"]
    assert len(messages) == len(result.message_items) > 0
    assert messages["code"].tolist() == [m.code for m in result.message_items]
    assert [json.loads(p) for p in messages["params"]] == [
        json.loads(json.dumps(dict(m.params))) for m in result.message_items
    ]
    zh, en = render_all(result.message_items, "zh"), render_all(result.message_items, "en")
    assert all(zh) and all(en) and zh != en


def test_the_other_tables(result: gp.RunResult) -> None:
    hourly = result.hourly()
    assert len(hourly) == 8760 * 2
    assert hourly.groupby("enterprise")["load_kwh"].sum().to_dict() == pytest.approx(
        {"F1": 8_760_000, "F2": 2_400_000}
    )
    ledger = result.ledger()
    assert ledger["kwh"].sum() == pytest.approx(result.annual().at["park", "green_total_kwh"])
    monthly = result.monthly_shares()
    assert list(monthly.columns) == ["month", "scope", "green_share_fraction", "status", "reason"]
    assert len(monthly) == 12 * 3 and set(monthly["status"]) == {"ok"}
    assert set(result.coverage()["enterprise"]) == {"F1", "F2"}
    assert list(result.park_910().columns) == ["value", "unit", "status", "reason"]


def test_options_are_checked_when_made_all_problems_at_once() -> None:
    with pytest.raises(InputError) as refused:
        gp.RunOptions(contract_matching="weekly", market_residual="x", strict="yes")  # type: ignore[arg-type]
    assert len(refused.value.problems) == 3
    assert "contract_matching" in refused.value.problems[0]
    with pytest.raises(InputError, match="shift_min"):
        gp.WeatherSource(shift_min=30)
    with pytest.raises(InputError, match="shift_min"):
        gp.WeatherSource(Path("w.epw"), shift_min=240)
    with pytest.raises(InputError, match="resplit"):
        gp.WeatherSource(Path("w.epw"), resplit="perez")
    assert gp.WeatherSource(Path("w.epw"), resplit="erbs", shift_min=-30).label == (
        "w.epw, resplit=erbs, shift=-30min"
    )
    with pytest.raises(InputError, match="overlay"):
        gp.RunSpec(TWO_FIRMS, overlay=[1])  # type: ignore[arg-type]


def test_an_overlay_changes_the_run_and_is_recorded(park: gp.Park, result: gp.RunResult) -> None:
    spec = gp.RunSpec(TWO_FIRMS, overlay=ROOF)  # a folder: loaded when the run starts
    smaller = gp.run(spec)
    before = result.annual().at["F1", "pv_generation_kwh"]
    assert smaller.annual().at["F1", "pv_generation_kwh"] == pytest.approx(before / 2)
    assert json.loads(smaller.provenance.options["overlay"]) == [ROOF]
    assert smaller.provenance.inputs_hash != result.provenance.inputs_hash
    assert smaller.run_id != result.run_id
    same = gp.run(gp.RunSpec(park.with_changes(ROOF)))  # the same change made beforehand
    assert same.run_id == smaller.run_id


def test_strict_refuses_a_run_with_warnings_and_gives_them_as_data(park: gp.Park) -> None:
    with pytest.raises(gp.StrictError) as refused:
        gp.run(gp.RunSpec(park, options=gp.RunOptions(strict=True)))
    warnings = refused.value.warnings
    assert warnings and all(m.severity == "warning" for m in warnings)
    computed = gp.run(gp.RunSpec(park)).message_items
    assert list(warnings) == [m for m in computed if m.severity == "warning"]


def test_a_different_allow_gaps_checks_the_park_again(park: gp.Park) -> None:
    relaxed = gp.run(gp.RunSpec(park, options=gp.RunOptions(allow_gaps=True)))
    assert relaxed.provenance.options["allow_gaps"] == "true"
    assert "allow_gaps" not in gp.run(gp.RunSpec(park)).provenance.options


def _round_trips(value: object) -> list[object]:
    return [pickle.loads(pickle.dumps(value)), copy.deepcopy(value)]


def test_park_spec_and_result_pickle_and_deep_copy(park: gp.Park, result: gp.RunResult) -> None:
    for copied in _round_trips(park):
        assert isinstance(copied, gp.Park)
        assert copied.config == park.config and copied.raw == park.raw
        pd.testing.assert_frame_equal(
            copied.meters.monthly["electricity"], park.meters.monthly["electricity"]
        )
        with pytest.raises(TypeError):
            copied.delivery_profiles["x"] = None  # type: ignore[index]
    spec = gp.RunSpec(park, options=gp.RunOptions(contract_matching="hourly"), overlay=ROOF)
    for copied in _round_trips(spec):
        assert isinstance(copied, gp.RunSpec)
        assert (copied.options, copied.overlay, copied.weather) == (
            spec.options,
            spec.overlay,
            spec.weather,
        )
    for copied in _round_trips(result):
        assert isinstance(copied, gp.RunResult)
        pd.testing.assert_frame_equal(copied.annual(), result.annual())
        assert copied.provenance == result.provenance


def test_a_run_in_a_worker_process_equals_the_run_here(result: gp.RunResult) -> None:
    spec = gp.RunSpec(gp.load_park(TWO_FIRMS))  # the loaded park travels to the worker
    context = multiprocessing.get_context("spawn")  # nothing inherited: all of it pickled
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        remote = pool.submit(gp.run, spec).result()
    pd.testing.assert_frame_equal(remote.annual(), result.annual())
    pd.testing.assert_frame_equal(remote.park_910(), result.park_910())
    assert remote.run_id == result.run_id


def test_the_typical_year_is_described_in_the_language_asked(park: gp.Park) -> None:
    # made once per process, but its words (source) in each language it is asked in
    language = get_language()
    try:
        set_language("zh")
        chinese = gp.load_weather(park.config)
        set_language("en")
        english = gp.load_weather(park.config)
    finally:
        set_language(language)
    assert chinese.source.startswith("合成典型年") and english.source.startswith("synthetic")
    pd.testing.assert_frame_equal(chinese.data, english.data)


def test_a_weather_loaded_once_runs_like_its_source_and_is_recorded(
    park: gp.Park, result: gp.RunResult
) -> None:
    weather = gp.load_weather(park.config)
    given = gp.run(gp.RunSpec(park, weather=weather))
    pd.testing.assert_frame_equal(given.annual(), result.annual())
    label = given.provenance.options["weather"]
    assert label.startswith("given: ") and len(label.rsplit("(", 1)[1]) == 17  # 16 hex + ")"
    assert given.run_id != result.run_id  # how the weather came is part of the run's identity
    assert gp.run(gp.RunSpec(park, weather=weather)).run_id == given.run_id
    # the same weather in the other language's words (its source is text for people): a
    # sweep's workers got it loaded in theirs, and stored every run again
    other = dataclasses.replace(weather, source=f"{weather.source} (in other words)")
    assert gp.run(gp.RunSpec(park, weather=other)).run_id == given.run_id
    warmer = dataclasses.replace(
        weather, data=weather.data.assign(temp_air=weather.data.temp_air + 5)
    )
    hotter = gp.run(gp.RunSpec(park, weather=warmer))
    assert hotter.run_id != given.run_id
    pv = "pv_generation_kwh"
    assert hotter.annual().loc["park", pv] < given.annual().loc["park", pv]  # hot cells yield less


def test_tables_made_once_are_handed_out_as_copies(result: gp.RunResult) -> None:
    """annual(), annual_reasons() and monthly_shares() are computed once per result; a caller
    writing into what it got does not change what the next caller gets."""
    for table in (result.annual, result.annual_reasons, result.monthly_shares):
        first = table()
        kept = first.copy()
        first.iloc[:, -1] = None
        pd.testing.assert_frame_equal(table(), kept)
