"""Green shares: worked example (annual, monthly, hourly-matched) and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenpark.core.attribution import ContractDelivery, attribution_ledger
from greenpark.core.certificates import CertificateBatch
from greenpark.core.shares import (
    direct_line_tests,
    green_shares,
    hourly_matched_kwh,
    share_fraction,
)

LOAD = np.full((4, 1), 100_000.0)
MONTH = np.array([1, 1, 2, 2])


def example_shares():
    """One enterprise, four hours [kWh] (the ledger worked example in test_attribution):

    load 100k/h; physical green 0/60k/80k/10k; contract (capped) 30k/30k/20k/30k;
    certificates 100 MWh; hours 1-2 in January, 3-4 in February.
    """
    ledger = attribution_ledger(
        ["E1"],
        load_kwh=LOAD,
        pv_self_kwh=np.array([[0.0], [60_000.0], [80_000.0], [0.0]]),
        storage_discharge_green_kwh=np.array([[0.0], [0.0], [0.0], [10_000.0]]),
        shared_out_kwh=np.zeros((4, 1)),
        shared_in_kwh=np.zeros((4, 1)),
        grid_import_kwh=np.array([[100_000.0], [40_000.0], [20_000.0], [90_000.0]]),
        certified_fraction=np.ones(1),
        accounting_year=2023,
        contracts=[ContractDelivery("C1", 0, np.full(4, 30_000.0))],
        certificates=[CertificateBatch("G1", 100, "2023-01", "2023-06", 0, 2023)],
    )
    return green_shares(ledger, LOAD, MONTH)


def test_month_labels_outside_1_to_12_are_refused() -> None:
    ledger = attribution_ledger(
        ["E1"],
        load_kwh=LOAD,
        pv_self_kwh=np.zeros((4, 1)),
        storage_discharge_green_kwh=np.zeros((4, 1)),
        shared_out_kwh=np.zeros((4, 1)),
        shared_in_kwh=np.zeros((4, 1)),
        grid_import_kwh=LOAD,
        certified_fraction=np.ones(1),
        accounting_year=2023,
    )
    with pytest.raises(ValueError, match="1-12"):
        green_shares(ledger, LOAD, MONTH - 1)  # 0-based months would put January in December


def test_annual_shares_worked_example() -> None:
    shares = example_shares()
    # green 150k + 110k + 100k = 360k of 400k
    assert shares.annual_fraction == pytest.approx([0.9])
    assert shares.annual_physical_fraction == pytest.approx([150 / 400])
    assert shares.annual_contract_fraction == pytest.approx([110 / 400])
    assert shares.annual_certificate_fraction == pytest.approx([100 / 400])
    assert shares.park_annual_fraction == pytest.approx(0.9)
    assert shares.park_annual_physical_fraction == pytest.approx(0.375)


def test_monthly_shares_worked_example() -> None:
    shares = example_shares()
    # Jan: load 200k, physical 60k, contract 60k -> uncovered 80k
    # Feb: load 200k, physical 90k, contract 50k -> uncovered 60k
    # certificates land in their production month: G1's 100 MWh are produced 2023-01..06
    # with no histogram, 16,666.7 kWh a month; March-June have no load here
    january = (120_000 + 100_000 / 6) / 200_000
    february = (140_000 + 100_000 / 6) / 200_000
    assert shares.monthly_fraction[:2, 0] == pytest.approx([january, february])
    assert shares.monthly_physical_fraction[:2, 0] == pytest.approx([0.3, 0.45])
    assert np.isnan(shares.monthly_fraction[2:]).all()  # no load in March-December
    assert shares.park_monthly_fraction[:2] == pytest.approx([january, february])


def test_hourly_matched_worked_example() -> None:
    shares = example_shares()
    # green with an hour: 30k, 90k, 100k, 40k -> all <= load -> 260k / 400k; certificates out
    assert shares.hourly_matched_fraction == pytest.approx([0.65])
    assert shares.hourly_matched_physical_fraction == pytest.approx([0.375])
    assert shares.park_hourly_matched_fraction == pytest.approx(0.65)


def test_hourly_matching_caps_each_hour() -> None:
    # 24/7: 50 green in an hour of 10 load counts 10; the surplus does not move hours
    green = np.array([[50.0], [0.0]])
    load = np.array([[10.0], [10.0]])
    assert hourly_matched_kwh(green, load) == pytest.approx([10.0])
    assert share_fraction(hourly_matched_kwh(green, load), load.sum(0)) == pytest.approx([0.5])


def test_zero_load_gives_nan_not_division_error() -> None:
    assert np.isnan(share_fraction(np.array([0.0, 5.0]), np.array([0.0, 0.0]))).all()


def test_direct_line_tests_by_hand() -> None:
    # generation 1,000, exported 300 -> self-use 0.7 >= 0.6; PV used 600 of load 1,500 -> 0.4
    tests = direct_line_tests(1_000.0, 300.0, 600.0, 1_500.0)
    assert (tests.self_use_fraction, tests.load_share_fraction) == pytest.approx((0.7, 0.4))
    assert tests.meets_self_use and tests.meets_load_share
    # exporting half of it fails the self-use test; 400 of 1,500 fails the load test
    failing = direct_line_tests(1_000.0, 500.0, 400.0, 1_500.0)
    assert (failing.self_use_fraction, failing.load_share_fraction) == pytest.approx(
        (0.5, 0.4 * 2 / 3)
    )
    assert not failing.meets_self_use and not failing.meets_load_share


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, (6, 3), elements=st.floats(0, 1e6)),
    arrays(np.float64, (6, 3), elements=st.floats(0, 1e6)),
)
def test_share_fraction_in_unit_interval(green: np.ndarray, load: np.ndarray) -> None:
    shares = share_fraction(green, load)
    finite = shares[~np.isnan(shares)]
    assert np.all((finite >= 0) & (finite <= 1))
    assert np.array_equal(np.isnan(shares), load <= 0)
    matched = share_fraction(hourly_matched_kwh(green, load), load.sum(0))
    assert np.all((matched[~np.isnan(matched)] >= 0) & (matched[~np.isnan(matched)] <= 1))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_all_shares_in_unit_interval(seed: int, annual_contracts: bool) -> None:
    rng = np.random.default_rng(seed)
    hours, enterprises = 48, 3
    load = rng.uniform(0, 10_000, (hours, enterprises))
    pv_self = np.minimum(rng.uniform(0, 12_000, (hours, enterprises)), load) * 0.5  # room for G
    ledger = attribution_ledger(
        ["A", "B", "C"],
        load_kwh=load,
        pv_self_kwh=pv_self,
        storage_discharge_green_kwh=np.zeros_like(load),
        shared_out_kwh=np.zeros_like(load),
        shared_in_kwh=np.zeros_like(load),
        grid_import_kwh=load - pv_self,
        certified_fraction=rng.random(enterprises),
        accounting_year=2024,
        contracts=[
            ContractDelivery("P", None, rng.uniform(0, 2_000, hours)),
            ContractDelivery("A1", 0, rng.uniform(0, 9_000, hours)),
        ],
        certificates=[CertificateBatch("G", 1, "2024-01", "2024-01", 1, 2024)],
        matching_period_of_hour=np.zeros(hours, dtype=np.int64) if annual_contracts else None,
    )
    month = np.repeat([1, 2], hours // 2)
    shares = green_shares(ledger, load, month)
    for value in vars(shares).values():
        array = np.asarray(value)
        finite = array[~np.isnan(array)]
        assert np.all((finite >= 0) & (finite <= 1 + 1e-12))
