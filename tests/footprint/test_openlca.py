"""openLCA JSON-LD: the zip reads back with olca-schema and holds the enterprises' figures.

F2 of the hand park (tests/footprint/conftest.py): 2,400,000 kWh from the grid, of which the
flat wind contract PPA-F2 delivers 1,000,000 kWh; no roof. Its location factor is the Shanxi
grid 2023, 0.6634 kg CO2/kWh (china-factors §1a).
"""

from __future__ import annotations

from pathlib import Path

import olca_schema as olca
import pytest
from olca_schema import units as olca_units
from olca_schema.zipio import ZipReader

import greenpark as gp
from greenpark.footprint.electricity import enterprise_factor_table
from greenpark.footprint.openlca import export_openlca, openlca_entities
from greenpark.inputs.factors.registry import FactorRegistry

ROOT = "cd" * 32
SHARES = {
    "id": "F2",
    "product_allocation": "declared_shares",
    "products": [
        {"name": "法兰", "annual_output": 300, "unit": "t", "share_fraction": 0.7},
        {"name": "轴套", "annual_output": 1.2, "unit": "千件", "share_fraction": 0.3},
        {"name": "检测服务", "annual_output": 40, "unit": "项", "share_fraction": 0.0},
    ],
}


@pytest.fixture(scope="module")
def exported(
    hand_park: gp.Park, hand_registry: FactorRegistry, tmp_path_factory: pytest.TempPathFactory
) -> tuple[gp.RunResult, Path, list[str]]:
    result = gp.run(gp.RunSpec(hand_park.with_changes({"enterprises": [SHARES]})))
    tables = {e: enterprise_factor_table(result, e, hand_registry) for e in ("F1", "F2")}
    entities, left_out = openlca_entities(result, tables, ROOT)
    path = export_openlca(entities, tmp_path_factory.mktemp("olca") / "park.zip")
    return result, path, left_out


def _processes(path: Path) -> dict[str, olca.Process]:
    with ZipReader(path) as reader:
        return {p.name: p for p in reader.read_each(olca.Process)}


def _amounts(process: olca.Process) -> dict[tuple[str, bool], float]:
    return {(e.flow.name, e.is_input): e.amount for e in process.exchanges}


def test_every_process_has_one_reference_flow(
    exported: tuple[gp.RunResult, Path, list[str]],
) -> None:
    _, path, _ = exported
    processes = _processes(path)
    assert len(processes) == 2 + 2  # F1, F2, and F2's two products with an openLCA unit
    for process in processes.values():
        references = [e for e in process.exchanges if e.is_quantitative_reference]
        assert len(references) == 1 and not references[0].is_input
        assert process.location is not None and process.location.name == "山西"


def test_the_enterprise_process_holds_its_electricity(
    exported: tuple[gp.RunResult, Path, list[str]],
) -> None:
    result, path, _ = exported
    f2 = next(p for n, p in _processes(path).items() if "（F2）用电" in n)
    amounts = _amounts(f2)
    assert amounts[
        ("电力（测试机加工用电）electricity as consumed by F2, 2025", False)
    ] == pytest.approx(2_400_000.0)
    assert amounts[("电网电力 grid electricity, 山西, two-firms", True)] == pytest.approx(
        1_400_000.0
    )
    assert amounts[
        ("绿电合同（wind）contract green power, wind, two-firms", True)
    ] == pytest.approx(1_000_000.0)
    parameters = {p.name: p.value for p in f2.parameters}
    assert parameters["ef_location"] == pytest.approx(0.6634, rel=5e-5)
    assert result.run_id in f2.description and ROOT in f2.description
    units = {e.unit.name for e in f2.exchanges}
    assert units == {"kWh"}


def test_f1_inputs_add_up_to_its_physical_supply(
    exported: tuple[gp.RunResult, Path, list[str]],
) -> None:
    result, path, _ = exported
    f1 = next(p for n, p in _processes(path).items() if "（F1）用电" in n)
    annual = result.annual().loc["F1"]
    supplied = sum(e.amount for e in f1.exchanges if e.is_input)
    expected = annual["grid_import_kwh"] + annual["pv_self_consumed_kwh"]
    assert supplied == pytest.approx(float(expected))
    reference = next(e for e in f1.exchanges if e.is_quantitative_reference)
    assert reference.amount == pytest.approx(float(annual["electricity_kwh"]))


def test_product_processes_take_their_share_of_the_enterprise_electricity(
    exported: tuple[gp.RunResult, Path, list[str]],
) -> None:
    _, path, left_out = exported
    processes = _processes(path)
    flange = next(p for n, p in processes.items() if n.startswith("法兰"))
    sleeve = next(p for n, p in processes.items() if n.startswith("轴套"))
    f2 = next(p for n, p in processes.items() if "（F2）用电" in n)
    consumed = next(e.flow.id for e in f2.exchanges if e.is_quantitative_reference)
    for process, output, unit, kwh in ((flange, 300_000.0, "kg", 1_680_000.0),
                                       (sleeve, 1_200.0, "Item(s)", 720_000.0)):  # fmt: skip
        reference = next(e for e in process.exchanges if e.is_quantitative_reference)
        assert (reference.amount, reference.unit.name) == (pytest.approx(output), unit)
        electricity = next(e for e in process.exchanges if e.is_input)
        assert electricity.flow.id == consumed  # linkable to the enterprise's process
        assert electricity.amount == pytest.approx(kwh)
    assert left_out == ["F2: 检测服务: unit '项'"]


def test_units_are_openlca_reference_units(exported: tuple[gp.RunResult, Path, list[str]]) -> None:
    """Exchanges cite openLCA's reference units and flow properties by id (the ids of the
    reference data olca-schema ships); the zip itself carries no unit group to overwrite."""
    _, path, _ = exported
    with ZipReader(path) as reader:
        assert list(reader.read_each(olca.UnitGroup)) == []
        exchanges = [e for p in reader.read_each(olca.Process) for e in p.exchanges]
    seen = {(e.unit.name, e.unit.id, e.flow_property.id) for e in exchanges}
    expected = {
        (symbol, olca_units.unit_ref(symbol).id, olca_units.property_ref(symbol).id)
        for symbol in ("kWh", "kg", "Item(s)")
    }
    assert seen == expected
    assert olca_units.property_ref("kWh").name == "Energy"
