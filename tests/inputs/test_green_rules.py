"""Load-time rules of green-power instruments (rules-review-2026 R2, R3, R8, R9, R10): each rule
refuses a park file with a line naming file, item and key, and lets the valid case through.

Every case edits a copy of ``park_fixtures/valid`` (accounting year 2024) and loads it as
``greenpark check`` does.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from greenpark.errors import InputError
from greenpark.inputs.park.load import load_park_config

VALID = Path(__file__).parent / "park_fixtures" / "valid"

pytestmark = pytest.mark.usefixtures("english")


def _park_with(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    park_dir = tmp_path / "park"
    shutil.copytree(VALID, park_dir)
    config = yaml.safe_load((VALID / "park.yaml").read_text(encoding="utf-8"))
    change(config)
    (park_dir / "park.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return park_dir


def _problems(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> list[str]:
    try:
        load_park_config(_park_with(tmp_path, change))
    except InputError as caught:
        return [line.split("park.yaml: ", 1)[1] for line in caught.problems]
    return []


def _batch(batch_id: str, start: str, end: str, mwh: int = 10, **extra: Any) -> dict[str, Any]:
    return {
        "id": batch_id,
        "quantity_mwh": mwh,
        "production_start": start,
        "production_end": end,
        "technology": "wind",
        "project": "某风电项目",
        "holder": "E01",
        "claim_year": 2024,
    } | extra


def _serial(n: int) -> str:
    return f"{n:032d}"


# ------------------------------------------------------------------------ rooftops (R2)


def test_old_certificates_key_explains_the_new_keys(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, lambda c: c["rooftops"][0].update(certificates="sold"))
    assert line.startswith("rooftops[0] (R001): 'certificates' is no longer used")
    assert "not tradable" in line and "gec_registered" in line and "export_certificates" in line


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        ({"gec_registered": True}, "a registered system needs export_certificates"),
        ({"export_certificates": "kept"}, "not registered (gec_registered: false) has no"),
        ({"gec_registered": True, "export_certificates": "provincial_mechanism"}, None),
        ({"commissioning_date": "2021-06-30"}, "disagrees with commissioning_year"),
    ],
)
def test_rooftop_certificate_status(
    tmp_path: Path, status: dict[str, Any], problem: str | None
) -> None:
    found = _problems(tmp_path, lambda c: c["rooftops"][0].update(status))
    if problem is None:
        assert found == []
    else:
        (line,) = found
        assert line.startswith("rooftops[0] (R001): ") and problem in line


# -------------------------------------------------------------------- certificates (R3)


@pytest.mark.parametrize(
    ("rule", "start", "end", "claim_year", "problem"),
    [
        ("same_year", "2023-07", "2024-02", 2024, None),  # 2023 months: left out with a note
        ("validity_2y", "2023-07", "2024-02", 2024, None),
        ("same_year", "2024-07", "2025-02", 2024, "produced 2025-01~2025-02 cannot be claimed"),
        ("validity_2y", "2024-01", "2024-06", 2026, "produced 2024-01 expired after 2025-12"),
        ("validity_2y", "2024-03", "2024-06", 2026, None),  # 2024-03 valid through 2026-02
        ("same_year", "2022-11", "2022-12", 2026, "produced 2022-11~2022-12 expired"),
    ],
)
def test_claim_year_by_production_month(
    tmp_path: Path, rule: str, start: str, end: str, claim_year: int, problem: str | None
) -> None:
    def change(c: dict[str, Any]) -> None:
        c["park"]["certificate_claim_rule"] = rule
        c["certificates"] = [_batch("G1", start, end, claim_year=claim_year)]

    found = _problems(tmp_path, change)
    if problem is None:
        assert found == []
    else:
        (line,) = found
        assert line.startswith("certificates[0] (G1).claim_year: ") and problem in line


def test_month_histogram_and_status_are_checked(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        c["certificates"] = [
            _batch("G1", "2024-01", "2024-03", 10, production_months={"2024-01": 4, "2024-02": 5}),
            _batch("G2", "2024-01", "2024-02", 10, production_months={"2024-04": 10}),
            _batch("G3", "2024-01", "2024-02", 10, status="cancelled"),
            _batch("G4", "2024-05", "2024-06", 10, status="cancelled", cancelled_on="2024-05-10"),
        ]

    found = _problems(tmp_path, change)
    assert len(found) == 4
    assert "production_months add up to 9 MWh, not quantity_mwh 10" in found[0]
    assert "within production_start..production_end, got ['2024-04']" in found[1]
    assert "status: cancelled needs a cancelled_on date" in found[2]
    assert found[3].startswith("certificates[3] (G4).cancelled_on: cancelled on 2024-05-10")


def test_overlapping_serial_ranges_are_refused_naming_both(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        first = _batch("G1", "2024-01", "2024-01", 10, serial_ranges=[[_serial(1), _serial(10)]])
        second = _batch("G2", "2024-02", "2024-02", 10, serial_ranges=[[_serial(8), _serial(17)]])
        c["certificates"] = [first, second]

    (line,) = _problems(tmp_path, change)
    assert line.startswith("certificates[1] (G2).serial_ranges: ")
    assert f"overlaps G1's {_serial(1)}~{_serial(10)}" in line


def test_serial_numbers_have_32_digits(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        c["certificates"][0]["serial_ranges"] = [["123", _serial(5)]]

    (line,) = _problems(tmp_path, change)
    assert line.startswith("certificates[0] (G001).serial_ranges[0][0]: wrong form, got '123'")


def test_unbundled_batch_repeating_a_contracts_certificates_is_refused(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        c["contracts"][0]["project"] = "山西某风电场一期"
        c["certificates"] = [
            _batch("G1", "2024-03", "2024-04", project="山西某风电场 一期"),
            _batch("G2", "2024-03", "2024-04", project="另一个风电场"),
        ]

    (line,) = _problems(tmp_path, change)
    assert line.startswith("certificates[0] (G1).project: repeats the bundled certificates")
    assert "contract C001" in line


def test_certificate_may_not_take_a_contracts_id(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        c["certificates"] = [_batch(c["contracts"][0]["id"], "2024-03", "2024-04")]

    (line,) = _problems(tmp_path, change)
    assert line.startswith("certificates[0] (C001).id: same id as a contract")
    assert "got 'C001', expected an id of this batch's own" in line


# ----------------------------------------------------------------- contracts (R10)


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        ({}, "needs commissioning_date and market_based"),
        ({"commissioning_date": "2022-06-01", "market_based": True}, "no tradable certificates"),
        ({"commissioning_date": "2023-03-01", "market_based": False}, "no tradable certificates"),
        ({"commissioning_date": "2023-03-01", "market_based": True}, None),
        ({"bundled_certificates": False}, None),
    ],
)
def test_hydro_contracts_carry_certificates_only_when_market_based_from_2023(
    tmp_path: Path, facts: dict[str, Any], problem: str | None
) -> None:
    found = _problems(tmp_path, lambda c: c["contracts"][0].update(technology="hydro", **facts))
    if problem is None:
        assert found == []
    else:
        (line,) = found
        assert line.startswith("contracts[0] (C001): ") and problem in line


# ------------------------------------------------------------- sharing channel (R9)


def test_sharing_channel_needs_park_sharing(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, lambda c: c["park"].update(sharing_channel="direct_line"))
    assert line.startswith("park: sharing_channel applies only with surplus_pv: park_sharing")
    both = {"sharing_channel": "market_trade", "surplus_pv": "park_sharing"}
    assert _problems(tmp_path / "ok", lambda c: c["park"].update(both)) == []


# ---------------------------------------------------------------------- tariffs (R8)


def _tariff(name: str, start: str | None, end: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "source": "测试",
        "flat_price_cny_per_kwh": 0.5,
        "effective_from": start,
        "effective_to": end,
    } | extra


def test_tariffs_must_not_overlap_and_must_cover_the_year(tmp_path: Path) -> None:
    def change(c: dict[str, Any]) -> None:
        c["tariffs"] = [
            _tariff("A", None, "2024-03-31"),
            _tariff("B", "2024-03-01", "2024-06-30"),
            _tariff("C", "2024-09-01", None),
        ]

    found = [line.split(" (line ")[0] for line in _problems(tmp_path, change)]
    assert found == [
        "tariffs: no tariff is in force from 2024-07-01 to 2024-08-31, expected tariffs in force "
        "on every day of the accounting year 2024 (effective_from / effective_to)",
        "tariffs[1].effective_from: in force on the same days as tariff 'A'; one tariff a day",
    ]


def test_single_tariff_of_another_period_is_refused(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, lambda c: c.update(tariff=_tariff("T", "2026-05-01", None)))
    assert line.startswith("tariff: no tariff is in force from 2024-01-01 to 2024-12-31")


def test_export_price_by_commissioning_date_needs_the_date_when_the_year_is_split(
    tmp_path: Path,
) -> None:
    prices = [
        {"commissioned_before": "2022-06-01", "price_cny_per_kwh": 0.33, "basis": "存量",
         "confidence": "C"},
        {"commissioned_from": "2022-06-01", "price_cny_per_kwh": 0.2, "basis": "增量",
         "confidence": "C"},
    ]  # fmt: skip

    def change(c: dict[str, Any]) -> None:
        c["tariff"] = _tariff("T", None, None, export_prices=prices)

    (line,) = _problems(tmp_path, change)  # R001 was commissioned in 2022, the cut-off year
    assert line.startswith("rooftops[0] (R001).commissioning_date: tariff 'T' prices exports")

    def dated(c: dict[str, Any]) -> None:
        change(c)
        c["rooftops"][0]["commissioning_date"] = "2022-08-15"

    assert _problems(tmp_path / "dated", dated) == []
