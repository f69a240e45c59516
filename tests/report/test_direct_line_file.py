"""``direct_line.csv``: the 绿电直连 tests a run stores are written to the result files too.

A small park sharing its surplus PV over a direct line: A has a roof, B none; the stored run's
direct-line values and the file's are the same numbers, to full precision. A park without a
direct line writes the header only (the file set is fixed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.report.run_files import CSV_ENCODING, RESULT_FILES, export_run
from greenpark.store.database import RunStore

PARK_YAML = """\
park: {{id: line, name: 直连园区, province: 山西, grid_region: 华北,
       location: {{latitude_deg: 36.2, longitude_deg: 113.1}}, accounting_year: 2025,
       land_area_mu: 300, surplus_pv: {surplus}{channel}}}
enterprises:
- {{id: A, name: 甲公司, industry_code: C3484}}
- {{id: B, name: 乙公司, industry_code: C3484}}
rooftops:
- {{id: R-A, owner: A, area_m2: 4000, tilt_deg: 25, azimuth_deg: 180, capacity_kw: 500,
   commissioning_year: 2020}}
data:
- {{file: data/m.csv, layout: wide, resolution: monthly, carrier: 电力, unit: 万kWh}}
"""


def _park(folder: Path, channel: str | None) -> Path:
    (folder / "data").mkdir(parents=True)
    surplus = "park_sharing" if channel else "export"
    text = PARK_YAML.format(
        surplus=surplus, channel=f", sharing_channel: {channel}" if channel else ""
    )
    (folder / "park.yaml").write_text(text, encoding="utf-8")
    rows = ["month,A,B", *(f"2025-{m:02d},3,8" for m in range(1, 13))]
    (folder / "data" / "m.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _run(folder: Path) -> tuple[pd.DataFrame, dict[str, float]]:
    result = gp.run(gp.RunSpec(folder))
    out, url = folder / "out", f"sqlite:///{folder / 'runs.db'}"
    export_run(result, out)
    with RunStore(url, create=True) as store:
        store.save_run(result)
    with RunStore(url) as store:
        (record,) = store.list("line")
    stored = {r.metric: r.value for r in record.results if r.metric.startswith("direct_line_")}
    assert sorted(p.name for p in out.iterdir()) == sorted(RESULT_FILES)
    written = pd.read_csv(out / "direct_line.csv", encoding=CSV_ENCODING, index_col="metric")
    assert (out / "direct_line.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    return written, stored


def test_a_direct_line_park_writes_the_tests_it_stores(tmp_path: Path) -> None:
    written, stored = _run(_park(tmp_path / "line", "direct_line"))
    assert set(stored) == {
        "direct_line_self_use_fraction",
        "direct_line_self_use_min_fraction",
        "direct_line_load_share_fraction",
        "direct_line_load_share_min_fraction",
    }
    assert written["value"].to_dict() == stored  # the same floats, not rounded
    assert 0 < stored["direct_line_self_use_fraction"] <= 1
    assert stored["direct_line_self_use_min_fraction"] == pytest.approx(0.6)


def test_a_park_without_a_direct_line_writes_the_header_only(tmp_path: Path) -> None:
    written, stored = _run(_park(tmp_path / "export", None))
    assert written.empty and list(written.columns) == ["value"] and stored == {}
