"""PACT v3 ProductFootprint of an enterprise's electricity: valid against WBCSD's schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.footprint.electricity import enterprise_factor_table
from greenpark.footprint.factor_refs import registry_for
from greenpark.footprint.pact import decimal_text, product_footprint
from greenpark.inputs.factors.registry import FactorRegistry
from tests.footprint.pact_schema import PACT_DIR, REPO, pact_problems

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
ROOT = "ab" * 32


def _document(result: gp.RunResult, registry: FactorRegistry, enterprise: str) -> dict[str, object]:
    table = enterprise_factor_table(result, enterprise, registry)
    return product_footprint(result, table, enterprise, registry, created=NOW, claims_root=ROOT)


@pytest.mark.parametrize("enterprise", ["F1", "F2"])
def test_every_document_validates(
    hand_run: gp.RunResult, hand_registry: FactorRegistry, enterprise: str
) -> None:
    document = json.loads(json.dumps(_document(hand_run, hand_registry, enterprise)))
    assert pact_problems(document) == []


def test_the_schema_refuses_a_broken_document(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    """The validation can fail: a number where PACT wants a decimal string is refused."""
    document = _document(hand_run, hand_registry, "F2")
    pcf = document["pcf"]
    assert isinstance(pcf, dict)
    pcf["pcfExcludingBiogenicUptake"] = 0.3183
    del document["companyIds"]
    problems = pact_problems(document)
    assert any("pcfExcludingBiogenicUptake" in p for p in problems)
    assert any("companyIds" in p for p in problems)


def test_the_document_carries_the_factor_its_unit_province_and_run(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    document = _document(hand_run, hand_registry, "F2")
    pcf = document["pcf"]
    assert isinstance(pcf, dict)
    assert pcf["declaredUnitOfMeasurement"] == "kilowatt hour"
    assert pcf["geographyCountrySubdivision"] == "CN-SX"
    assert pcf["pcfExcludingBiogenicUptake"] == "0.318292"  # 763,900 / 2,400,000 kg CO2e/kWh
    extensions = document["extensions"]
    assert isinstance(extensions, list)
    data = extensions[0]["data"]
    assert (data["runId"], data["claimsRootSha256"]) == (hand_run.run_id, ROOT)
    numbers = {f["factorId"]: f["announcementNumber"] for f in data["factors"]}
    assert numbers["footprint.electricity.pv.2023"] == "公告2025年第3号"
    assert {b["basis"] for b in data["bases"]} == {
        "location", "market", "inventory", "hourly_matched", "footprint"
    }  # fmt: skip


def test_decimals_are_plain_strings() -> None:
    assert decimal_text(0.3182916666) == "0.318292"
    assert decimal_text(1e-7) == "0.000000"


def test_no_document_without_a_life_cycle_factor(hand_park: gp.Park) -> None:
    mixed = hand_park.with_changes({"contracts": [{"id": "PPA-F2", "technology": "mixed"}]})
    result = gp.run(gp.RunSpec(mixed))
    with pytest.raises(InputError, match="F2"):
        _document(result, registry_for(result), "F2")


def test_the_schema_is_read_from_the_shared_reference_never_copied() -> None:
    """WBCSD's licence forbids copies: no project file holds a phrase of its schema."""
    phrase = "supposed to uniquely identify the ProductFootprint Data Owner"
    assert phrase in (PACT_DIR / "openapi.yaml").read_text(encoding="utf-8")
    for folder in ("greenpark", "tests", "docs", "factors", "sites"):
        for path in (REPO / folder).rglob("*"):
            if path == Path(__file__):
                continue
            if path.is_file() and path.suffix in {".yaml", ".yml", ".json", ".py", ".md"}:
                assert phrase not in path.read_text(encoding="utf-8", errors="replace"), path
