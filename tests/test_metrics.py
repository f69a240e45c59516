"""The metric catalogue (``greenpark/metrics.csv``) and the results agree: every result column
is described, every described metric is produced, units match the names' suffixes, and each
format is one the reports can show."""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.metrics import FORMATS, catalogue, metric, metric_names, unavailable_metrics
from greenpark.pipeline.availability import INTENSITY_DENOMINATORS
from greenpark.pipeline.results import annual_table, direct_line_table, park_910_table
from greenpark.report.formatting import (
    METRIC_FORMATS,
    SYSTEM_FORMATS,
    metric_label,
    metric_value,
)

TWO_FIRMS = Path(__file__).parent / "parks" / "two_firms"
DIRECT_LINE = {"park": {"surplus_pv": "park_sharing", "sharing_channel": "direct_line"}}
#: name ending -> unit (the convention of ARCHITECTURE.md "Canonical units")
SUFFIX_UNITS = (
    ("kgce_per_wan_cny_output_value", "kgce/万元"),
    ("kgce_per_wan_cny_value_added", "kgce/万元"),
    ("kgce_per_mu", "kgce/亩"),
    ("_kg_per_kwh", "kg/kWh"),
    ("_kgce", "kgce"),
    ("_kwh", "kWh"),
    ("_kg", "kg"),
    ("_fraction", "fraction"),
    ("_cny", "CNY"),
)


@pytest.fixture(scope="module")
def direct_line_run() -> gp.RunResult:
    park = gp.load_park(TWO_FIRMS).with_changes(DIRECT_LINE)
    return gp.run(gp.RunSpec(park))


def test_every_result_column_is_in_the_catalogue_and_every_metric_is_produced(
    direct_line_run: gp.RunResult,
) -> None:
    accounting = direct_line_run.accounting
    produced = {
        "annual": list(annual_table(accounting).columns),
        "park_910": list(park_910_table(accounting).index),
        "direct_line": list(direct_line_table(accounting).index),
    }
    for table, names in produced.items():
        assert names == list(metric_names(table)), table  # the same metrics, in order
    assert sum(len(names) for names in produced.values()) == len(catalogue())


def test_units_follow_the_name_suffixes() -> None:
    for m in catalogue().values():
        if m.name.startswith("park_910") and "_t_per_tce_" in m.name:
            assert m.unit == "t/tce", m.name
            continue
        expected = next(unit for ending, unit in SUFFIX_UNITS if m.name.endswith(ending))
        assert m.unit == expected, m.name


def test_labels_descriptions_and_formats_are_given() -> None:
    assert set(METRIC_FORMATS) | set(SYSTEM_FORMATS) == set(FORMATS)
    for m in catalogue().values():
        assert m.label_zh and m.label_en and m.description, m.name
    assert metric_label("electricity_kwh") == "用电量 MWh"
    assert metric_label("scope2_location_co2_kg") == "范围二 基于位置（省级平均因子）tCO2"
    assert metric_value("electricity_kwh", 1_234_567.0) == "1,234.6"
    assert metric_value("green_share_fraction", 0.0712) == "7.1%"
    with pytest.raises(KeyError, match=r"metrics\.csv"):
        metric("electricity_mwh")


def test_metrics_that_can_be_unavailable_are_those_with_a_reason_rule() -> None:
    annual = set(metric_names("annual"))
    with_rule = set(INTENSITY_DENOMINATORS) | {n for n in annual if n.endswith("_fraction")}
    assert set(unavailable_metrics("annual")) == with_rule
    assert set(unavailable_metrics("park_910")) == {
        f"park_910_{what}_t_per_tce_{c}"
        for what in ("co2", "limit")
        for c in ("calorific", "primary")
    }
    assert unavailable_metrics("direct_line") == ()  # a test that cannot be computed is left out


def test_stored_units_come_from_the_catalogue(direct_line_run: gp.RunResult) -> None:
    long = direct_line_run.results()
    assert (long["unit"] == long["metric"].map(lambda n: metric(n).unit)).all()
    assert set(long["metric"]) == set(catalogue())
