"""``greenpark export product`` and ``export factors --format openlca`` end to end, on a copy of
the two-firm park where F2 makes two products split by declared shares (0.7 and 0.3 of its
2,400,000 kWh), and a real SQLite file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import olca_schema as olca
import pandas as pd
import pytest
import yaml
from olca_schema.zipio import ZipReader
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError
from greenpark.footprint.electricity import BASES
from tests.footprint.conftest import F2_CERTIFICATES
from tests.footprint.pact_schema import pact_problems

REPO = Path(__file__).resolve().parents[2]
TWO_FIRMS = REPO / "tests" / "parks" / "two_firms"
PRODUCTS = [
    {"name": "法兰", "annual_output": 300, "unit": "t", "share_fraction": 0.7},
    {"name": "轴套", "annual_output": 1200, "unit": "件", "share_fraction": 0.3,
     "mass_kg_per_unit": "2.5 kg"},
]  # fmt: skip
runner = CliRunner()


@pytest.fixture(scope="module")
def park(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("product")
    shutil.copytree(TWO_FIRMS, folder / "park")
    path = folder / "park" / "park.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["enterprises"][1].update(product_allocation="declared_shares", products=PRODUCTS)
    # F2 as the footprint tests compute it by hand: its own certificates, none of the park's
    kept = [c for c in raw["certificates"] if c["id"] != "GEC-PARK"]
    raw["certificates"] = [*kept, F2_CERTIFICATES]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return folder / "park"


def _export(park: Path, *args: str) -> str:
    db = f"sqlite:///{park.parent / 'runs.db'}"
    done = runner.invoke(app, ["--lang", "en", "export", *args, "--db", db])
    assert done.exit_code == 0, done.output
    return done.output


def test_csv_has_every_basis_per_product_with_the_rule_and_provenance(park: Path) -> None:
    out = park.parent / "f2.csv"
    _export(park, "product", str(park), "--enterprise", "F2", "--out", str(out))
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert len(table) == 2 * len(BASES)
    assert set(table["allocation_rule"]) == {"declared_shares"}
    assert table["run_id"].nunique() == 1 and table["claims_root_sha256"].str.len().eq(64).all()
    sums = table.groupby("basis")["electricity_kwh"].sum()
    assert sums.to_numpy() == pytest.approx([2_400_000.0] * len(BASES))
    sleeve = table[(table["product"] == "轴套") & (table["basis"] == "location")]
    assert float(sleeve["electricity_kwh_per_unit"].iloc[0]) == pytest.approx(600.0)


def test_json_and_xlsx_of_one_product(park: Path) -> None:
    out = park.parent / "flange.json"
    _export(park, "product", str(park), "--enterprise", "F2", "--product", "法兰",
            "--format", "json", "--out", str(out))  # fmt: skip
    rows = json.loads(out.read_text(encoding="utf-8"))["products"]
    assert {r["product"] for r in rows} == {"法兰"} and len(rows) == len(BASES)
    sheet_file = park.parent / "f2.xlsx"
    _export(park, "product", str(park), "--enterprise", "F2", "--format", "xlsx",
            "--out", str(sheet_file))  # fmt: skip
    sheet = pd.read_excel(sheet_file, sheet_name="products", engine="calamine")
    assert set(sheet["product"]) == {"法兰", "轴套"}


def test_pact_documents_validate_in_the_product_unit(park: Path) -> None:
    out = park.parent / "f2-pact.json"
    _export(park, "product", str(park), "--enterprise", "F2", "--format", "pact", "--out", str(out))
    documents = json.loads(out.read_text(encoding="utf-8"))
    assert len(documents) == 2
    for document in documents:
        assert pact_problems(document) == []
    units = {d["productNameCompany"]: (d["pcf"]["declaredUnitOfMeasurement"],
                                        d["pcf"]["declaredUnitAmount"],
                                        d["pcf"]["productMassPerDeclaredUnit"])
             for d in documents}  # fmt: skip
    assert units["法兰"] == ("kilogram", "1000.000000", "1000.000000")
    assert units["轴套"] == ("piece", "1.000000", "2.500000")
    # 600 kWh per 件 at F2's life-cycle factor 0.318292 kg CO2e/kWh (test_electricity.py)
    sleeve = next(d for d in documents if d["productNameCompany"] == "轴套")
    assert float(sleeve["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(190.975, rel=1e-5)


def test_an_unknown_product_is_refused_with_the_known_ones(park: Path) -> None:
    db = f"sqlite:///{park.parent / 'runs.db'}"
    args = [
        "--lang",
        "en",
        "export",
        "product",
        str(park),
        "--enterprise",
        "F2",
        "--product",
        "法兰盘",
    ]
    done = runner.invoke(app, [*args, "--db", db])
    assert done.exit_code == 1 and isinstance(done.exception, InputError)
    assert "makes no product '法兰盘' (known: 法兰, 轴套)" in str(done.exception)


def test_openlca_zip_in_a_folder(park: Path) -> None:
    folder = park.parent / "olca"
    _export(park, "factors", str(park), "--enterprise", "F2", "--format", "openlca",
            "--out", str(folder))  # fmt: skip
    (path,) = folder.glob("*.zip")
    with ZipReader(path) as reader:
        processes = list(reader.read_each(olca.Process))
    assert len(processes) == 3  # F2 and its two products
    assert all(sum(e.is_quantitative_reference for e in p.exchanges) == 1 for p in processes)
