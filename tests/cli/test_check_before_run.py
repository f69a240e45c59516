"""``greenpark check`` refuses what a run would refuse or get wrong, naming file and field;
a park that passes ``check`` is not refused by the run for these classes of problem.

Every case edits a copy of the small park ``tests/parks/two_firms`` (two enterprises with
monthly bills: F1 8,760 MWh, F2 2,400 MWh of electricity in 2025; a 1,200 kW roof on F1;
F1's 2,000 MWh and the park's 500 MWh of certificates; a contract; a battery on
time-of-use prices; one factor override).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import greenpark as gp
from greenpark.cli.app import app
from greenpark.errors import InputError

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"
Edit = Callable[[dict[str, Any], Path], None]

pytestmark = pytest.mark.usefixtures("english")


def park_copy(tmp_path: Path, edit: Edit | None = None) -> Path:
    """A copy of the small park, its park.yaml changed by ``edit(config, park folder)``."""
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    if edit is not None:
        config = yaml.safe_load((park / "park.yaml").read_text(encoding="utf-8"))
        edit(config, park)
        text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        (park / "park.yaml").write_text(text, encoding="utf-8")
    return park


def check(park: Path) -> tuple[int, tuple[str, ...]]:
    result = CliRunner().invoke(app, ["check", str(park), "--lang", "en"])
    problems = result.exception.problems if isinstance(result.exception, InputError) else ()
    return result.exit_code, problems


def set_reading(park: Path, row: int, quantity: str, unit: str = "MWh") -> None:
    """Change the quantity (and unit) of spreadsheet ``row`` of data/monthly.csv."""
    path = park / "data" / "monthly.csv"
    table = pd.read_csv(path, dtype=str)
    table.loc[row - 2, ["quantity", "unit"]] = [quantity, unit]
    table.to_csv(path, index=False)


def add_raw_coal(park: Path) -> None:
    with (park / "data" / "monthly.csv").open("a", encoding="utf-8") as bills:
        bills.writelines(f"2025-{month:02d},F2,coal_raw,120,t\n" for month in range(1, 13))


def add_feedstock(config: dict[str, Any], park: Path, fuel: str = "petroleum_coke") -> None:
    """F2 uses petroleum coke as feedstock and reports under the old guides' vintage, which
    has no heating value for it (nor does the GB/T 2589 table)."""
    (park / "data" / "feedstock.csv").write_text(
        "month,enterprise,carrier,quantity,unit\n"
        + "".join(f"2025-{month:02d},F2,{fuel},40,t\n" for month in range(1, 13)),
        encoding="utf-8",
    )
    config["data"].append(
        {"file": "data/feedstock.csv", "resolution": "monthly", "use": "feedstock"}
    )
    config["enterprises"][1]["fuel_factor_vintage"] = "ndrc_guide"


def measured_coke(config: dict[str, Any], park: Path) -> None:
    add_feedstock(config, park)
    ncv = {"value": 32.5, "unit": "GJ/t", "source": "2025 石油焦化验报告"}
    config["enterprises"][1]["fuel_ncv"] = {"petroleum_coke": ncv}


def january_metered_and_billed(config: dict[str, Any], park: Path) -> None:
    """F2's January also metered hourly, one hour missing, beside its 200 MWh bill (which the
    bill completes), and a batch of F2's: 2,500 MWh against its 2,400 MWh of the year."""
    hours = pd.date_range("2025-01-01", periods=31 * 24, freq="h")[1:]
    rows = [f"{t:%Y-%m-%d %H:%M},F2,electricity,268,kWh" for t in hours]
    (park / "data" / "hourly.csv").write_text(
        "timestamp,enterprise,carrier,quantity,unit\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    config["data"].append({"file": "data/hourly.csv", "resolution": "hourly"})
    config["certificates"].append(
        config["certificates"][0] | {"id": "GEC-F2", "holder": "F2", "quantity_mwh": 2500}
    )


def add_override(config: dict[str, Any], factor_id: str, value: float, unit: str) -> None:
    config["overrides"].append(
        {"factor_id": factor_id, "value": value, "unit": unit, "source": "test source"}
    )


def certificate(index: int, **changes: Any) -> Edit:
    return lambda config, _: config["certificates"][index].update(changes)


def link_to_passwd(config: dict[str, Any], park: Path, section: str) -> None:
    (park / "data" / "link.csv").symlink_to("/etc/passwd")
    if section == "data":
        config["data"].append({"file": "data/link.csv", "resolution": "monthly"})
    else:
        config["contracts"][0] |= {"delivery_shape": "profile", "profile_file": "data/link.csv"}


def outside_file(config: dict[str, Any], park: Path) -> None:
    shutil.copy(park / "data" / "monthly.csv", park.parent / "monthly.csv")
    config["data"][0]["file"] = "../monthly.csv"


def valley_overlaps_peak(config: dict[str, Any], _: Path) -> None:
    config["tariff"]["seasons"][1]["valley_hours"] = [[2, 5], [7, 15]]


#: case -> (edit of park.yaml and files, file named, field named)
BROKEN: dict[str, tuple[Edit, str, str]] = {
    "enterprise certificates above its metered use": (
        certificate(0, quantity_mwh=9000),
        "park.yaml",
        "certificates[0] (GEC-F1).quantity_mwh",
    ),
    "park certificates above what the enterprises have left": (
        certificate(1, quantity_mwh=9200),
        "park.yaml",
        "certificates[1] (GEC-PARK).quantity_mwh",
    ),
    "certificate batch with a contract's id": (
        certificate(0, id="PPA-F2"),
        "park.yaml",
        "certificates[0] (PPA-F2).id",
    ),
    "override of an unknown factor id": (
        lambda config, _: config["overrides"][0].update(
            factor_id="coal_equiv.electricity.equivalnt"
        ),
        "park.yaml",
        "overrides[0] (coal_equiv.electricity.equivalnt).factor_id",
    ),
    "override in a unit of the wrong dimension": (
        lambda config, _: config["overrides"][0].update(unit="kgce/m**3"),
        "park.yaml",
        "overrides[0] (coal_equiv.electricity.equivalent).unit",
    ),
    "grid factor override typed in kgCO2/GJ": (
        lambda config, _: add_override(config, "grid.province.shanxi.2023", 0.6634, "kgCO2/GJ"),
        "park.yaml",
        "overrides[1] (grid.province.shanxi.2023).value",
    ),
    "heating value override in kJ instead of kcal": (
        lambda config, _: add_override(config, "fuel.natural_gas.ncv.gbt32151", 9300, "kJ/m**3"),
        "park.yaml",
        "overrides[1] (fuel.natural_gas.ncv.gbt32151).value",
    ),
    "3.5 GW on one 32,000 m² roof": (
        lambda config, _: config["rooftops"][0].update(area_m2=32000, capacity_kw="3.5 GW"),
        "park.yaml",
        "rooftops[0] (F1-R1).capacity_kw",
    ),
    "infinite roof area": (
        lambda config, _: config["rooftops"][0].update(area_m2=float("inf")),
        "park.yaml",
        "rooftops[0] (F1-R1).area_m2",
    ),
    "capacity 'nan kW'": (
        lambda config, _: config["rooftops"][0].update(capacity_kw="nan kW"),
        "park.yaml",
        "rooftops[0] (F1-R1).capacity_kw",
    ),
    "a reading of 4×10¹⁸ kWh": (
        lambda _, park: set_reading(park, 2, "4e18", "kWh"),
        "data/monthly.csv row 2",
        "impossible",
    ),
    "a gas reading above any plant's burn": (
        lambda _, park: set_reading(park, 4, "1e9", "万Nm3"),
        "data/monthly.csv row 4",
        "impossible",
    ),
    "a reading 1000× its series' typical value": (
        lambda _, park: set_reading(park, 3, "200000"),
        "data/monthly.csv row 3",
        "confirmed_readings",
    ),
    "a fuel without emission parameters (raw coal)": (
        lambda _, park: add_raw_coal(park),
        "data/monthly.csv",
        "fuel.coal_raw.carbon_content.gbt32151",
    ),
    "peak and valley windows overlapping": (
        valley_overlaps_peak,
        "park.yaml",
        "tariff.seasons[1]",
    ),
    "critical peak inside valley": (
        lambda config, _: config["tariff"]["seasons"][0].update(critical_peak_hours=[[12, 14]]),
        "park.yaml",
        "tariff.seasons[0]",
    ),
    "a window across midnight": (
        lambda config, _: config["tariff"]["seasons"][1].update(valley_hours=[[22, 5]]),
        "park.yaml",
        "tariff.seasons[1]",
    ),
    "battery on time-of-use prices without a tariff": (
        lambda config, _: config.pop("tariff"),
        "park.yaml",
        "storage[0] (ESS-F1).dispatch",
    ),
    "data path climbing out with ..": (
        outside_file,
        "park.yaml",
        "data[0] (../monthly.csv).file",
    ),
    "absolute data path": (
        lambda config, _: config["data"].append({"file": "/etc/passwd"}),
        "park.yaml",
        "data[1] (/etc/passwd).file",
    ),
    "data file linked to /etc/passwd": (
        lambda config, park: link_to_passwd(config, park, "data"),
        "park.yaml",
        "data[1] (data/link.csv).file",
    ),
    "delivery profile linked to /etc/passwd": (
        lambda config, park: link_to_passwd(config, park, "contracts"),
        "park.yaml",
        "contracts[0] (PPA-F2).profile_file",
    ),
    "a battery starting the year below its charge window": (
        lambda config, _: config["storage"][0].update(min_soc_fraction=0.6, max_soc_fraction=0.9),
        "park.yaml",
        "storage[0] (ESS-F1).initial_soc_fraction",
    ),
    "feedstock without a heating value in its enterprise's vintage": (
        add_feedstock,
        "data/feedstock.csv",
        "fuel.petroleum_coke.ncv.ndrc_guide",
    ),
    "certificates beyond a use whose billed month is also metered": (
        january_metered_and_billed,
        "park.yaml",
        "certificates[2] (GEC-F2).quantity_mwh",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_check_refuses_naming_file_and_field(tmp_path: Path, case: str) -> None:
    edit, file, field = BROKEN[case]
    code, problems = check(park_copy(tmp_path, edit))
    assert code == 1
    assert len(problems) == 1, problems  # only the mistake made, no echo of others
    (line,) = problems
    assert file in line and field in line, line
    assert "got" in line or "expected" in line


TOGETHER = (
    "certificate batch with a contract's id",
    "override in a unit of the wrong dimension",
    "3.5 GW on one 32,000 m² roof",
    "peak and valley windows overlapping",
    "a reading of 4×10¹⁸ kWh",
    "delivery profile linked to /etc/passwd",
)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def edit(config: dict[str, Any], park: Path) -> None:
        for case in TOGETHER:
            BROKEN[case][0](config, park)

    code, problems = check(park_copy(tmp_path, edit))
    assert code == 1
    assert len(problems) == len(TOGETHER)
    for case in TOGETHER:
        _, file, field = BROKEN[case]
        assert any(file in line and field in line for line in problems), case


def confirmed_reading(config: dict[str, Any], park: Path) -> None:
    set_reading(park, 3, "200000")
    confirmation = {"file": "data/monthly.csv", "row": 3, "reason": "试产，冲击负荷已核对"}
    config["confirmed_readings"] = [confirmation]


#: cases that pass check; the run must not refuse them
PASSING: dict[str, Edit] = {
    "as shipped": lambda config, _: None,
    # 8,760 MWh is all of F1's use; its PV covers part of it, so the run claims only the rest
    "certificates equal to the claimant's use": certificate(0, quantity_mwh=8760),
    # 9,160 MWh = F1's 6,760 left after its own batch + F2's 2,400; contracts cover part
    "park certificates up to what is left": certificate(1, quantity_mwh=9160),
    "a confirmed far-off reading": lambda config, park: confirmed_reading(config, park),
    "a confirmed measured heating value": lambda config, _: config["overrides"].append(
        {
            "factor_id": "fuel.natural_gas.ncv.gbt32151",
            "value": 15,
            "unit": "MJ/m**3",
            "source": "2025 化验报告",
            "confirmed": "掺混低热值煤气，实测",
        }
    ),
    "a dense but possible roof (0.34 kW/m²)": lambda config, _: config["rooftops"][0].update(
        capacity_kw=2720
    ),
    "feedstock with a measured heating value": measured_coke,
}


@pytest.mark.slow
@pytest.mark.parametrize("case", PASSING, ids=list(PASSING))
def test_a_park_that_passes_check_is_not_refused_by_the_run(tmp_path: Path, case: str) -> None:
    park = park_copy(tmp_path, PASSING[case])
    assert check(park) == (0, ())
    result = gp.run(gp.RunSpec(park))
    claimed = result.ledger_sources().set_index("source_id")["claimed_kwh"]
    if case == "certificates equal to the claimant's use":
        # F1's own PV is green already: what the batch cannot cover stays unclaimed, said so
        assert 0 < claimed["GEC-F1"] < 8_760_000
        assert any(
            m.code == "certificates_unclaimed" and "GEC-F1" in m.params["batch_ids"]  # type: ignore[operator]
            for m in result.message_items
        )
