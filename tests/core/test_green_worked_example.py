"""A two-enterprise park computed by hand under both certificate claim rules: the ledger, the
green shares (annual, certificate-based, monthly by production month, hourly matched with and
without modelled contract hours) and market-based Scope 2 read from the same ledger.

Four hours: hours 0-1 in January 2025, hours 2-3 in February 2025 [kWh].

=====  ================================================  ====================================
A      load 100k/h; PV 0/60k/110k/0 from a registered    certificates G-A-2024 60 MWh (2024-12)
       roof whose exported certificates A keeps: self-   and G-A-2025 100 MWh (2025-01 40,
       use 0/60k/80k/0, export 30k in hour 2; grid       2025-02 60)
       100k/40k/20k/100k
B      load 50k/h; PV self-use 20k/20k/0/0 from an       certificates G-B 50 MWh: 2024-11 20,
       unregistered roof; grid 30k/30k/50k/50k;          2024-12 10, 2025-01 10, 2025-02 10
       wind contract W 10k/h (modelled hours),
       monthly matching
=====  ================================================  ====================================
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from greenpark.core.attribution import ContractDelivery, attribution_ledger
from greenpark.core.certificates import CertificateBatch
from greenpark.core.emissions import scope2_market_based_co2_kg
from greenpark.core.ledger import Ledger
from greenpark.core.shares import green_shares
from greenpark.messages import Param

pytestmark = pytest.mark.usefixtures("english")

RESIDUAL = 0.6096  # national excl. market-traded non-fossil, 2023 [kg/kWh]
LOAD = np.array([[100e3, 50e3]] * 4)
MONTH = np.array([1, 1, 2, 2])
BATCHES = [
    CertificateBatch("G-A-2024", 60, "2024-12", "2024-12", 0, 2025),
    CertificateBatch("G-A-2025", 100, "2025-01", "2025-02", 0, 2025,
                     monthly_mwh=(("2025-01", 40), ("2025-02", 60))),
    CertificateBatch("G-B", 50, "2024-11", "2025-02", 1, 2025,
                     monthly_mwh=(("2024-11", 20), ("2024-12", 10), ("2025-01", 10),
                                  ("2025-02", 10))),
]  # fmt: skip


def ledger(rule: str) -> Ledger:
    return attribution_ledger(
        ["A", "B"],
        load_kwh=LOAD,
        pv_self_kwh=np.array([[0.0, 20e3], [60e3, 20e3], [80e3, 0.0], [0.0, 0.0]]),
        storage_discharge_green_kwh=np.zeros((4, 2)),
        shared_out_kwh=np.zeros((4, 2)),
        shared_in_kwh=np.zeros((4, 2)),
        grid_import_kwh=np.array([[100e3, 30e3], [40e3, 30e3], [20e3, 50e3], [100e3, 50e3]]),
        certified_fraction=np.array([1.0, 0.0]),
        accounting_year=2025,
        contracts=[ContractDelivery("W", 1, np.full(4, 10e3))],
        certificates=BATCHES,
        matching_period_of_hour=np.array([0, 0, 1, 1]),
        export_kwh=np.array([[0.0, 0.0], [0.0, 0.0], [30e3, 0.0], [0.0, 0.0]]),
        export_fractions={"kept": np.array([1.0, 0.0])},
        claim_rule=rule,
    )


def market_based_kg(book: Ledger) -> np.ndarray:
    """As the accounting pipeline feeds it: purchase, its market and certificate claims."""
    return scope2_market_based_co2_kg(
        book.purchased_kwh,
        book.trade_kwh + book.contract_kwh,
        book.certificate_kwh + book.export_certificate_kwh,
        RESIDUAL,
    )


def test_same_year_rule_by_hand() -> None:
    book = ledger("same_year")
    # A: physical 140k; G-A-2025 100k (G-A-2024 is from 2024: not counted); its kept export
    # certificates 30k fit in what is left (260k purchase - 100k); green 270k
    assert book.physical_kwh == pytest.approx([140e3, 40e3])
    assert book.certificate_kwh == pytest.approx([100e3, 20e3])
    assert book.export_certificate_kwh == pytest.approx([30e3, 0.0])
    # B: physical 40k without certificate, contract 40k (10k/h < 30-50k room), G-B's 2025
    # months 10 + 10 MWh
    assert book.no_certificate_kwh == pytest.approx([0.0, 40e3])
    assert book.contract_kwh == pytest.approx([0.0, 40e3])
    assert book.green_kwh == pytest.approx([270e3, 100e3])
    # uncovered purchase: A 260k - 130k = 130k; B 160k - 40k - 20k = 100k
    assert book.uncovered_grid_kwh == pytest.approx([130e3, 100e3])
    assert market_based_kg(book) == pytest.approx([130e3 * RESIDUAL, 100e3 * RESIDUAL])
    excluded = _params(book, "certificates_other_vintage_excluded")
    assert {p["batch_id"] for p in excluded} == {"G-A-2024", "G-B"}
    assert {"batch_id": "G-B", "energy_mwh": 30.0, "production": "2024-11~2024-12"}.items() <= (
        next(p for p in excluded if p["batch_id"] == "G-B").items()
    )


def test_validity_2y_rule_by_hand() -> None:
    book = ledger("validity_2y")
    # A: 60 + 100 MWh, then 30k kept export certificates (left 260k - 160k = 100k)
    assert book.certificate_kwh == pytest.approx([160e3, 50e3])
    assert book.export_certificate_kwh == pytest.approx([30e3, 0.0])
    assert book.green_kwh == pytest.approx([330e3, 130e3])
    # uncovered purchase: A 260k - 190k = 70k; B 160k - 40k - 50k = 70k
    assert book.uncovered_grid_kwh == pytest.approx([70e3, 70e3])
    assert market_based_kg(book) == pytest.approx([70e3 * RESIDUAL, 70e3 * RESIDUAL])
    # certificates produced in 2024 count in the year, in no month of it
    assert book.certificate_other_year_kwh == pytest.approx([60e3, 30e3])
    assert "G-A-2024" in {p["batch_id"] for p in _params(book, "certificates_vintage_gap")}


@pytest.mark.parametrize("rule", ["same_year", "validity_2y"])
def test_shares_by_hand(rule: str) -> None:
    book = ledger(rule)
    shares = green_shares(book, LOAD, MONTH)
    annual = {"same_year": [270 / 400, 100 / 200], "validity_2y": [330 / 400, 130 / 200]}[rule]
    assert shares.annual_fraction == pytest.approx(annual)
    # certificate-based: B's 40k of unregistered PV do not count
    based = {"same_year": [270 / 400, 60 / 200], "validity_2y": [330 / 400, 90 / 200]}[rule]
    assert shares.annual_certificate_based_fraction == pytest.approx(based)
    # monthly by production month, the same under both rules (2024 months are in no month):
    # A Jan (60k PV + 40k G-A-2025) / 200k, Feb (80k + 60k + 30k export kept) / 200k;
    # B Jan (40k PV + 20k W + 10k G-B) / 100k, Feb (20k W + 10k G-B) / 100k
    np.testing.assert_allclose(shares.monthly_fraction[:2], [[0.5, 0.7], [0.85, 0.3]])
    # hourly matched: A 140k / 400k; B physical + W 30/30/10/10 = 80k / 200k; without W's
    # modelled hours B has its PV only, 40k / 200k
    assert shares.hourly_matched_fraction == pytest.approx([0.35, 0.4])
    assert shares.hourly_matched_settled_fraction == pytest.approx([0.35, 0.2])
    assert shares.park_hourly_matched_settled_fraction == pytest.approx(180 / 600)


def test_settled_contract_hours_count_without_modelled_ones() -> None:
    settled = attribution_ledger(
        ["B"],
        load_kwh=np.full((2, 1), 50e3),
        pv_self_kwh=np.zeros((2, 1)),
        storage_discharge_green_kwh=np.zeros((2, 1)),
        shared_out_kwh=np.zeros((2, 1)),
        shared_in_kwh=np.zeros((2, 1)),
        grid_import_kwh=np.full((2, 1), 50e3),
        certified_fraction=1.0,
        accounting_year=2025,
        contracts=[
            ContractDelivery("S", 0, np.array([10e3, 0.0]), modelled=False),
            ContractDelivery("M", 0, np.array([0.0, 20e3])),
        ],
    )
    shares = green_shares(settled, np.full((2, 1), 50e3), np.array([1, 1]))
    # with modelled hours (10k + 20k) / 100k; without, the settled 10k only
    assert shares.hourly_matched_fraction == pytest.approx([0.3])
    assert shares.hourly_matched_settled_fraction == pytest.approx([0.1])
    assert settled.hourly_contract_modelled_kwh[:, 0] == pytest.approx([0.0, 20e3])


def test_certificates_beyond_the_purchase_stay_held_and_both_views_agree() -> None:
    """Issue item 7: an enterprise with own PV holding more certificates than its purchase.

    Load 400k; PV self-use 300k (its certificates cannot have gone elsewhere); purchase 100k.
    Of 150 MWh of certificates only 100 MWh can cover anything: the ledger claims 100 MWh,
    keeps 50 MWh held (a message naming the batch), and the green share and market-based
    Scope 2 read the same claim. More than the year's whole use (400 MWh) is an over-claim.
    """
    flows = {
        "load_kwh": np.full((1, 1), 400e3),
        "pv_self_kwh": np.full((1, 1), 300e3),
        "storage_discharge_green_kwh": np.zeros((1, 1)),
        "shared_out_kwh": np.zeros((1, 1)),
        "shared_in_kwh": np.zeros((1, 1)),
        "grid_import_kwh": np.full((1, 1), 100e3),
    }

    def book(mwh: int) -> Ledger:
        batch = CertificateBatch("G", mwh, "2025-01", "2025-01", 0, 2025)
        return attribution_ledger(
            ["E"], **flows, certified_fraction=1.0, accounting_year=2025, certificates=[batch]
        )

    with pytest.raises(
        ValueError, match=r"over-claim.*claimed_kwh=401000\.0, available_kwh=400000\.0"
    ):
        book(401)
    for mwh in (100, 150):
        ledger = book(mwh)
        # green 400k = the whole load, market-based 0: share and emissions agree
        assert ledger.certificate_kwh == pytest.approx([100e3])
        assert ledger.green_kwh == pytest.approx([400e3])
        assert ledger.uncovered_grid_kwh == pytest.approx([0])
    (held,) = _params(book(150), "certificates_unclaimed")
    assert held["batch_ids"] == ("G",) and held["energy_mwh"] == pytest.approx(50.0)


def _params(book: Ledger, code: str) -> list[Mapping[str, Param]]:
    """The parameters of the ledger's messages with ``code``."""
    return [m.params for m in book.messages if m.code == code]
