"""Unbundled certificates: validity by month, claim rules, registry checks, claims (by hand)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from greenpark.core.certificate_claims import (
    certificate_claims,
    certificate_over_claims,
    claims_by_production_month,
)
from greenpark.core.certificates import (
    BundledSupply,
    CertificateBatch,
    bundled_repeat_issues,
    certificate_last_valid_month,
    certificate_problems,
    claimable_mwh,
    hydro_certificates_tradable,
    other_year_messages,
    serial_issues,
    validity_issues,
    vintage_messages,
)
from greenpark.inputs.park.certificate_words import batch_issue_text
from greenpark.messages import Message

pytestmark = pytest.mark.usefixtures("english")

#: 2024-11 20 MWh, 2024-12 10, 2025-01 10, 2025-02 10: 50 MWh claimed for 2025
SPANNING = CertificateBatch(
    "G-B",
    50,
    "2024-11",
    "2025-02",
    0,
    2025,
    monthly_mwh=(("2024-11", 20), ("2024-12", 10), ("2025-01", 10), ("2025-02", 10)),
)


def _serial(n: int) -> str:
    return f"{n:032d}"


@pytest.mark.parametrize(
    ("produced", "last"),
    [
        ("2024-03", "2026-02"),
        ("2024-01", "2025-12"),
        ("2023-06", "2025-12"),
        ("2021-01", "2025-12"),
    ],
)
def test_certificate_validity(produced: str, last: str) -> None:
    # 2 years from the production month inclusive; produced before 2024: valid to end-2025
    assert certificate_last_valid_month(produced) == last


def test_claimable_by_production_month_under_each_rule() -> None:
    # same_year: only 2025-01 and 2025-02 count (10 + 10); validity_2y: all 50
    assert claimable_mwh(SPANNING, "same_year") == 20
    assert claimable_mwh(SPANNING, "validity_2y") == 50
    # without a histogram the quantity is spread evenly: 60 MWh over 2024-11..2025-04 is
    # 10 a month, 4 months of them in 2025
    even = CertificateBatch("G", 60, "2024-11", "2025-04", 0, 2025)
    assert claimable_mwh(even, "same_year") == pytest.approx(40)
    with pytest.raises(ValueError, match="claim rule"):
        claimable_mwh(SPANNING, "any_year")


def test_vintage_notes_say_what_each_rule_does() -> None:
    spanning = {"batch_id": "G-B", "energy_mwh": 30.0, "production": "2024-11~2024-12"}
    (same,) = vintage_messages(SPANNING, "same_year")
    assert same == Message("certificates_other_vintage_excluded", {**spanning, "year": 2025})
    (legacy,) = vintage_messages(SPANNING, "validity_2y")
    assert legacy == Message("certificates_vintage_gap", {**spanning, "year": 2025})
    current = CertificateBatch("G", 5, "2025-01", "2025-03", 0, 2025)
    assert vintage_messages(current, "same_year") == []


@pytest.mark.parametrize("rule", ["same_year", "validity_2y"])
def test_validity_is_judged_month_by_month(rule: str) -> None:
    # 2024-01 expired after 2025-12; 2024-02 is valid until 2026-01, so only 2024-01 is wrong
    batch = CertificateBatch("G", 2, "2024-01", "2024-02", 0, 2026)
    (issue,) = validity_issues(batch, rule)
    assert (issue.batch_id, issue.key) == ("G", "claim_year")
    assert "produced 2024-01 expired after 2025-12, before 2026" in batch_issue_text(issue)
    # produced after the claim year: never claimable
    later = CertificateBatch("L", 2, "2024-12", "2025-01", 0, 2024)
    (issue,) = validity_issues(later, rule)
    assert "produced 2025-01 cannot be claimed for the earlier year 2024" in batch_issue_text(issue)


def test_cancellation_date_within_production_and_validity() -> None:
    def batch(batch_id: str, cancelled_on: str) -> CertificateBatch:
        return CertificateBatch(
            batch_id, 3, "2024-03", "2024-05", 0, 2025, cancelled_on=cancelled_on
        )

    ok, early, late = batch("A", "2026-02-28"), batch("B", "2024-04-10"), batch("C", "2026-03-01")
    assert validity_issues(ok, "validity_2y") == []
    (before,) = validity_issues(early, "validity_2y")
    assert before.key == "cancelled_on" and "before production month 2024-05" in batch_issue_text(
        before
    )
    # 2024-03 certificates expire after 2026-02: a cancellation in 2026-03 is too late
    (after,) = validity_issues(late, "validity_2y")
    assert after.key == "cancelled_on" and "expired (2026-02)" in batch_issue_text(after)


def test_overlapping_serial_ranges_name_both_batches() -> None:
    a = CertificateBatch("A", 100, "2025-01", "2025-01", 0, 2025,
                         serial_ranges=((_serial(1), _serial(100)),))  # fmt: skip
    b = CertificateBatch("B", 10, "2025-02", "2025-02", 1, 2025,
                         serial_ranges=((_serial(95), _serial(104)),))  # fmt: skip
    c = CertificateBatch("C", 5, "2025-02", "2025-02", 1, 2025,
                         serial_ranges=((_serial(105), _serial(109)),))  # fmt: skip
    (issue,) = serial_issues([a, b, c])  # 95..100 are in A and B; C touches neither
    assert (issue.batch_id, issue.key) == ("B", "serial_ranges")
    assert (
        f"{_serial(95)}~{_serial(104)} overlaps A's {_serial(1)}~{_serial(100)}"
        in batch_issue_text(issue)
    )


def test_unbundled_batch_may_not_repeat_a_contracts_bundled_certificates() -> None:
    supply = BundledSupply("PPA-1", "某风电场 一期", 2025, (1, 2, 3))
    same = CertificateBatch("G1", 10, "2025-03", "2025-04", 0, 2025, project="某风电场一期")
    outside = CertificateBatch("G2", 10, "2025-05", "2025-06", 0, 2025, project="某风电场一期")
    other = CertificateBatch("G3", 10, "2025-01", "2025-01", 0, 2025, project="另一个项目")
    (issue,) = bundled_repeat_issues([same, outside, other], [supply])
    assert (issue.batch_id, issue.key) == ("G1", "project")
    assert "contract PPA-1" in batch_issue_text(issue) and "production 2025-03" in batch_issue_text(
        issue
    )


@pytest.mark.parametrize(
    ("commissioned", "market_based", "tradable"),
    [(date(2023, 1, 1), True, True), (date(2022, 12, 31), True, False),
     (date(2024, 6, 1), False, False)],
)  # fmt: skip
def test_hydro_certificates(commissioned: date, market_based: bool, tradable: bool) -> None:
    assert hydro_certificates_tradable(commissioned, market_based) is tradable


def test_problems_name_each_batch() -> None:
    batches = [
        CertificateBatch("G1", 1, "2024-03", "2024-05", 0, 2025),  # valid to 2026-02: fine
        CertificateBatch("G1", 1, "2024-03", "2024-05", 0, 2025),  # duplicate
        CertificateBatch("C1", 1, "2024-03", "2024-05", 0, 2027),  # contract id and expired
    ]
    problems = certificate_problems(batches, {"C1"}, "validity_2y")
    assert [(p.batch_id, p.key, p.code) for p in problems] == [
        ("G1", "id", "duplicate_id"),
        ("C1", "id", "contract_id_reused"),
        ("C1", "claim_year", "expired_before_claim_year"),
    ]
    assert problems[0].line.startswith("certificates[G1].id: duplicate_id")
    assert "counted again" in batch_issue_text(problems[1])
    assert "expired after 2026-04" in batch_issue_text(problems[2])


def test_claims_worked_example() -> None:
    # left 300 / 100 MWh; E0 claims 100 MWh -> left 200 / 100 MWh;
    # the park's 60 MWh splits 2:1 -> 40 / 20 MWh; totals 140 / 20 MWh
    batches = [
        CertificateBatch("A", 100, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("P", 60, "2025-01", "2025-01", None, 2025),
    ]
    left = np.array([300_000.0, 100_000.0])
    kwh, claims, messages = certificate_claims(batches, left, ["E0", "E1"], left)
    assert kwh == pytest.approx([140_000.0, 20_000.0])
    assert messages == []
    assert [(e, sid) for e, sid, _ in claims] == [(0, "A"), (0, "P"), (1, "P")]
    assert [v for _, _, v in claims] == pytest.approx([100_000.0, 40_000.0, 20_000.0])


def test_claims_count_only_what_the_rule_counts() -> None:
    # same_year counts 20 of G-B's 50 MWh, so 25 MWh left is enough; validity_2y counts 50:
    # 25 claimed, 25 stay held; with a year's use of 40 MWh, 50 MWh is an over-claim
    left, use = np.array([25_000.0]), np.array([60_000.0])
    kwh, _, messages = certificate_claims([SPANNING], left, ["E0"], use, "same_year")
    assert kwh == pytest.approx([20_000.0]) and messages == []
    kwh, _, messages = certificate_claims([SPANNING], left, ["E0"], use, "validity_2y")
    assert kwh == pytest.approx([25_000.0])
    assert messages[0].params["energy_mwh"] == pytest.approx(25.0)
    with pytest.raises(ValueError, match=r"over-claim.*G-B"):
        certificate_claims([SPANNING], left, ["E0"], np.array([40_000.0]), "validity_2y")


def test_claims_land_in_their_production_month() -> None:
    # 50 MWh claimed under validity_2y: 10 in January, 10 in February 2025, 30 from 2024
    claims = [(0, "G-B", 50_000.0)]
    monthly, other = claims_by_production_month([SPANNING], claims, "validity_2y", 2025, 1)
    assert monthly[:, 0] == pytest.approx([10_000.0, 10_000.0] + [0.0] * 10)
    assert other == pytest.approx([30_000.0])
    # same_year: the 20 MWh claimed are the 2025 months only
    monthly, other = claims_by_production_month(
        [SPANNING], [(0, "G-B", 20_000.0)], "same_year", 2025, 1
    )
    assert monthly[:2, 0] == pytest.approx([10_000.0, 10_000.0]) and other == pytest.approx([0.0])


def test_enterprise_and_park_over_claims_reported_together() -> None:
    batches = [
        CertificateBatch("A", 2, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("P", 5, "2025-01", "2025-01", None, 2025),
    ]
    use = np.array([1_000.0, 3_000.0])
    over = certificate_over_claims(batches, use)
    assert [(o.claimant, [b.id for b in o.batches]) for o in over] == [(0, ["A"]), (None, ["P"])]
    # E0's own claim is counted in full, so the park has only E1's 3 MWh left
    assert [(o.claimed_kwh, o.available_kwh) for o in over] == [(2_000.0, 1_000.0), (5e3, 3e3)]
    with pytest.raises(ValueError, match=r"over-claim.*'A'.*'P'"):  # refused at load time
        certificate_claims(batches, use, ["E0", "E1"], use)


def test_claims_beyond_what_is_left_are_capped_and_reported() -> None:
    # E0 uses 300 MWh but has only 50 MWh non-green left; its 80 + 40 MWh batches are
    # claimed 50 MWh pro rata (2:1), 70 MWh unclaimed. Nothing is left for the park's 10 MWh
    # but E1's 20 MWh; the park batch takes 10 of them.
    batches = [
        CertificateBatch("A", 80, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("B", 40, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("P", 10, "2025-01", "2025-01", None, 2025),
    ]
    left, use = np.array([50_000.0, 20_000.0]), np.array([300_000.0, 20_000.0])
    kwh, claims, messages = certificate_claims(batches, left, ["E0", "E1"], use)
    assert kwh == pytest.approx([50_000.0, 10_000.0])
    assert [(e, sid) for e, sid, _ in claims] == [(0, "A"), (0, "B"), (1, "P")]
    assert [v for _, _, v in claims] == pytest.approx([50_000 * 2 / 3, 50_000 / 3, 10_000.0])
    (line,) = messages
    assert (line.code, line.params["batch_ids"], line.params["enterprise"]) == (
        "certificates_unclaimed",
        ("A", "B"),
        "E0",
    )
    assert line.params["energy_mwh"] == pytest.approx(70.0)


def test_other_year_batches_are_reported() -> None:
    batches = [
        CertificateBatch("G25", 1, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("G26", 1, "2025-01", "2025-01", 0, 2026),
    ]
    (line,) = other_year_messages(batches, 2025)
    assert line == Message(
        "certificates_other_year", {"batch_id": "G26", "claim_year": 2026, "year": 2025}, "info"
    )
