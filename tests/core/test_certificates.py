"""Unbundled certificates: validity, problem lines and annual claims (worked examples)."""

from __future__ import annotations

import numpy as np
import pytest

from greenpark.core.certificates import (
    CertificateBatch,
    certificate_claims,
    certificate_last_valid_month,
    certificate_over_claims,
    certificate_problems,
    other_year_messages,
)
from greenpark.errors import InputError

pytestmark = pytest.mark.usefixtures("english")


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


def test_problems_name_each_batch() -> None:
    batches = [
        CertificateBatch("G1", 1, "2024-03", "2024-05", 0, 2025),  # valid to 2026-02: fine
        CertificateBatch("G1", 1, "2024-03", "2024-05", 0, 2025),  # duplicate
        CertificateBatch("C1", 1, "2024-03", "2024-05", 0, 2027),  # contract id and expired
    ]
    problems = certificate_problems(batches, {"C1"})
    assert len(problems) == 3
    assert "certificates[G1]" in problems[0] and "duplicate" in problems[0]
    assert "certificates[C1]" in problems[1] and "counted again" in problems[1]
    assert "2027 outside validity" in problems[2] and "2026-02" in problems[2]


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
    with pytest.raises(InputError) as error:
        certificate_claims(batches, use, ["E0", "E1"], use)
    first, second = error.value.problems
    assert "A (2 MWh) total 2.000 MWh" in first and "of E0, 1.000 MWh" in first
    assert "P (5 MWh) total 5.000 MWh" in second and "of park, 3.000 MWh" in second


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
    assert "A, B" in line and "70.000 MWh" in line and "E0" in line


def test_other_year_batches_are_reported() -> None:
    batches = [
        CertificateBatch("G25", 1, "2025-01", "2025-01", 0, 2025),
        CertificateBatch("G26", 1, "2025-01", "2025-01", 0, 2026),
    ]
    (line,) = other_year_messages(batches, 2025)
    assert "G26" in line and "2026, not 2025" in line
