"""The scenario comparison as a page and a workbook: the values in the units their headers
name, the marginal-abatement-cost curve's bars (widths, heights, order, what is left off),
and the page opened in headless Chromium (every chart drawn, Chinese in a CJK font, nothing
fetched, no console error)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import greenpark as gp
from greenpark.i18n import set_language
from greenpark.report.scenario_compare import emissions_frame, mac_frame, write_compare
from greenpark.scenarios.compare import comparison, measure_table
from greenpark.scenarios.runner import ScenarioRuns, run_scenarios
from greenpark.scenarios.scenario import scenario_from_data
from tests.report.test_html_browser import Opened, browser  # noqa: F401 (a fixture)

SITE = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
CERTIFICATE = {
    "id": "GEC-CMP",
    "quantity_mwh": 20000,
    "production_start": "2025-01",
    "production_end": "2025-12",
    "technology": "wind",
    "project": "compare wind farm",
    "holder": "E01",
    "claim_year": 2025,
}
PV = {"whole_park": True, "share_of_potential_fraction": 0.3, "commissioning_date": "2025-06-01"}


@pytest.fixture(scope="module")
def runs() -> ScenarioRuns:
    park = gp.load_park(SITE)
    both = {"name": "光伏与绿证", "measures": [
        {"name": "光伏 30%", "pv": PV}, {"name": "绿证", "certificate": CERTIFICATE}]}  # fmt: skip
    nothing = {"name": "不变", "measures": []}
    return run_scenarios(park, [scenario_from_data(both, park), scenario_from_data(nothing, park)])


@pytest.fixture(scope="module")
def tables(runs: ScenarioRuns) -> tuple[pd.DataFrame, pd.DataFrame]:
    return comparison(runs), measure_table(runs)


def test_the_workbook_holds_the_comparison_in_the_units_shown(
    tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    compared, measures = tables
    path = tmp_path / "compare.xlsx"
    write_compare(compared, measures, "金城", path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["情景对比", "各项措施", "图表"]
    charts = book["图表"]
    assert charts.cell(row=1, column=1).value == "各情景绿电占比"
    assert len(charts._images) == 3  # shares, emissions, the MAC curve (PNG)
    sheet = book["情景对比"]
    header = [c.value for c in sheet[1]]
    assert header == ["指标", "单位", "基准", "光伏与绿证", "不变"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    share = rows["绿电占比（年度）"]
    assert share[2] == compared.at["green_share_fraction", "base"]  # a fraction, shown as %
    market = rows["范围二 基于市场（全国剩余组合替代值）"]
    assert market[1] == "tCO2"
    assert market[3] == compared.at["scope2_market_co2_kg", "光伏与绿证"] / 1000
    assert rows["净现值"][2] == "不适用"  # the base has no money


def test_emissions_per_basis_add_scope_1_and_2(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    compared = tables[0]
    frame = emissions_frame(compared)
    expected = (
        compared.at["scope1_co2_kg", "光伏与绿证"]
        + compared.at["scope2_market_co2_kg", "光伏与绿证"]
    ) / 1000
    assert frame.at["光伏与绿证", "基于市场"] == pytest.approx(expected, rel=1e-15)
    assert list(frame.index) == ["基准", "光伏与绿证", "不变"]


def test_the_mac_curve_takes_each_measure_that_abates() -> None:
    measures = pd.DataFrame(
        {
            "scenario": ["s", "s", "s", "t"],
            "measure": ["a", "b", "c", "d"],
            "abated_market_co2_kg": [2000.0, 0.0, 500.0, 1000.0],
            "abatement_cost_market_cny_per_t": [150.0, None, -80.0, pd.NA],
        }
    )
    curve, left = mac_frame(measures, "market")
    assert list(curve.index) == ["s: a", "s: c"]
    assert list(curve["abated_t"]) == [2.0, 0.5]
    assert list(curve["cost_cny_per_t"]) == [150.0, -80.0]
    assert left == ["s: b", "t: d"]


@pytest.fixture(scope="module")
def opened(
    browser: Any,  # noqa: F811 (the imported fixture)
    tables: tuple[pd.DataFrame, pd.DataFrame],
    tmp_path_factory: pytest.TempPathFactory,
) -> Opened:
    set_language("zh")
    path = tmp_path_factory.mktemp("compare") / "compare.html"
    write_compare(*tables, "金城经济开发区", path)
    return Opened(browser, path)


def test_the_page_draws_every_chart_in_chinese(opened: Opened) -> None:
    for key in ("shares", "emissions", "mac"):
        figure = opened.page.locator(f"#chart-{key} svg")
        assert figure.count() == 1, key
        box = figure.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100, (key, box)
        assert figure.locator("path, rect, use").count() > 5, key
    mac_text = opened.page.locator("#chart-mac svg").text_content() or ""
    assert "光伏与绿证: 光伏 30%" in mac_text  # the bars are labelled with their measure
    fonts = opened.fonts_of("#chart-mac svg text")
    assert [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"] > 0], fonts
    assert "情景对比" in opened.page.locator("h1").inner_text()
    assert opened.page.locator("#table-comparison tbody tr").count() > 30
    assert opened.console_errors == [] and opened.requests == []
