"""Green-power attribution ledger: worked examples, errors and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenpark.core.attribution import ContractDelivery, Ledger, attribution_ledger
from greenpark.core.balance import hourly_energy_balance
from greenpark.core.certificates import CertificateBatch
from greenpark.core.storage import StorageUnit
from greenpark.messages import Message

pytestmark = pytest.mark.usefixtures("english")
ZEROS = np.zeros((4, 1))


def single(contracts=(), certificates=(), periods=None) -> Ledger:
    """One enterprise, four hours [kWh]:

    load 100k each hour; PV self-use 0/60k/80k/0; storage discharge of PV 10k in hour 4;
    grid 100k/40k/20k/90k; all PV from registered roofs.
    """
    return attribution_ledger(
        ["E1"],
        load_kwh=np.full((4, 1), 100_000.0),
        pv_self_kwh=np.array([[0.0], [60_000.0], [80_000.0], [0.0]]),
        storage_discharge_green_kwh=np.array([[0.0], [0.0], [0.0], [10_000.0]]),
        shared_out_kwh=ZEROS,
        shared_in_kwh=ZEROS,
        grid_import_kwh=np.array([[100_000.0], [40_000.0], [20_000.0], [90_000.0]]),
        certified_fraction=np.ones(1),
        accounting_year=2023,
        contracts=contracts,
        certificates=certificates,
        matching_period_of_hour=periods,
    )


FLAT = ContractDelivery("C1", 0, np.full(4, 30_000.0))
G1 = CertificateBatch("G1", 100, "2023-01", "2023-06", 0, 2023)


def test_single_enterprise_worked_example() -> None:
    ledger = single([FLAT], [G1])
    # on-site: 60k + 80k + 10k (green discharge) = 150k
    assert ledger.onsite_physical_kwh == pytest.approx([150_000.0])
    # contract 30k/h capped by min(grid, load - physical) = 100k/40k/20k/90k:
    # 30k + 30k + 20k + 30k = 110k, surplus 10k in hour 3
    assert ledger.contract_kwh == pytest.approx([110_000.0])
    assert ledger.contract_surplus_kwh == pytest.approx({"C1": 10_000.0})
    # non-green left = 400k - 150k - 110k = 140k >= 100 MWh of certificates
    assert ledger.certificate_kwh == pytest.approx([100_000.0])
    assert ledger.green_kwh == pytest.approx([360_000.0])
    assert (
        Message("contract_surplus_unattributed", {"contract_id": "C1", "energy_mwh": 10.0})
        in ledger.messages
    )


def test_matching_periods_change_the_contract_cap() -> None:
    # annual: delivered 120k <= annual cap 250k -> all covered
    assert single([FLAT], periods=np.zeros(4, dtype=np.int64)).contract_kwh == pytest.approx(
        [120_000.0]
    )
    # monthly [1,1,2,2]: caps 140k and 110k, deliveries 60k each -> 120k
    monthly = single([FLAT], periods=np.array([1, 1, 2, 2]))
    assert monthly.contract_kwh == pytest.approx([120_000.0])
    assert monthly.contract_surplus_kwh["C1"] == pytest.approx(0.0)
    with pytest.raises(ValueError, match="non-decreasing"):
        single([FLAT], periods=np.array([2, 1, 1, 1]))


PARK_CONTRACT = (ContractDelivery("P", None, np.array([5_000.0, 5_000.0])),)
TWO_BATCHES = (
    CertificateBatch("G-E1", 5, "2023-01", "2023-01", 1, 2023),
    CertificateBatch("G-park", 4, "2023-02", "2023-03", None, 2023),
)


def two(contracts=PARK_CONTRACT, certificates=TWO_BATCHES, order=(0, 1)) -> Ledger:
    """Two enterprises, two hours [kWh]. E0 has PV, half of it from an unregistered roof.

    E0: load 10k/10k, PV self-use 10k/4k, shares 6k in hour 1, grid 0/6k, registered 0.5.
    E1: load 10k/10k, receives 6k in hour 1, grid 4k/10k.
    """
    columns = list(order)
    flows = {
        "load_kwh": np.array([[10_000.0, 10_000.0], [10_000.0, 10_000.0]]),
        "pv_self_kwh": np.array([[10_000.0, 0.0], [4_000.0, 0.0]]),
        "storage_discharge_green_kwh": np.zeros((2, 2)),
        "shared_out_kwh": np.array([[6_000.0, 0.0], [0.0, 0.0]]),
        "shared_in_kwh": np.array([[0.0, 6_000.0], [0.0, 0.0]]),
        "grid_import_kwh": np.array([[0.0, 4_000.0], [6_000.0, 10_000.0]]),
    }
    position = {old: new for new, old in enumerate(columns)}

    def moved(who: int | None) -> int | None:
        return None if who is None else position[who]

    return attribution_ledger(
        [["E0", "E1"][i] for i in columns],
        **{name: array[:, columns] for name, array in flows.items()},
        certified_fraction=np.array([0.5, 1.0])[columns],
        accounting_year=2023,
        contracts=[ContractDelivery(c.id, moved(c.buyer), c.delivery_kwh) for c in contracts],
        certificates=[
            CertificateBatch(
                b.id,
                b.quantity_mwh,
                b.production_start,
                b.production_end,
                moved(b.claimant),
                b.claim_year,
            )
            for b in certificates
        ],
    )


def test_two_enterprises_worked_example() -> None:
    ledger = two()
    # on-site E0: all 14k is physical green; half (7k) from the unregistered roof has no
    # certificate (self-consumed PV is never "sold", R2)
    assert ledger.onsite_physical_kwh == pytest.approx([14_000.0, 0.0])
    assert ledger.onsite_no_certificate_kwh == pytest.approx([7_000.0, 0.0])
    # pool hour 1: 6k out, registered 0.5 -> E1 gets 6k physical, 3k without certificate
    assert ledger.shared_physical_kwh == pytest.approx([0.0, 6_000.0])
    assert ledger.shared_no_certificate_kwh == pytest.approx([0.0, 3_000.0])
    assert ledger.shared_sent_green_kwh == pytest.approx([6_000.0, 0.0])
    # park contract 5k/h; room min(grid, load - physical): hour 1 E0 0, E1 min(4k, 4k) = 4k
    # -> 4k to E1; hour 2 E0 min(6k, 6k) = 6k, E1 10k -> 5k split 6/16 and 10/16
    assert ledger.contract_kwh == pytest.approx([1_875.0, 4_000.0 + 3_125.0])
    assert ledger.contract_surplus_kwh == pytest.approx({"P": 1_000.0})
    # left: E0 min(6k uncovered, 6k purchased) - 1.875k = 4.125k; E1 14k - 7.125k = 6.875k,
    # minus own 5 MWh = 1.875k; park 4 MWh split 4.125/6 and 1.875/6 = 2,750 / 1,250
    assert ledger.certificate_kwh == pytest.approx([2_750.0, 5_000.0 + 1_250.0])
    assert ledger.green_kwh == pytest.approx([18_625.0, 19_375.0])
    assert ledger.certificate_based_kwh == pytest.approx([11_625.0, 16_375.0])
    # purchase not covered: E0 6k - 1.875k - 2.75k = 1.375k = 20k - 18.625k of load;
    # E1 14k - 7.125k - 6.25k = 0.625k = 20k - 19.375k
    assert ledger.uncovered_grid_kwh == pytest.approx([1_375.0, 625.0])
    entries = ledger.entries.set_index(["claimant", "source_id"])["kwh"]
    assert entries[("E0", "onsite_pv:E0")] == pytest.approx(7_000.0)
    assert entries[("E0", "onsite_pv_no_certificate:E0")] == pytest.approx(7_000.0)
    assert entries[("E1", "park_shared_pv")] == pytest.approx(3_000.0)
    assert entries[("E0", "G-park")] == pytest.approx(2_750.0)
    assert entries[("E1", "G-E1")] == pytest.approx(5_000.0)


@pytest.mark.parametrize(
    ("registered", "without_certificate"), [([0.0, 1.0], 8.1), ([1.0, 0.0], 1.0)]
)
def test_battery_keeps_the_certificate_status_of_its_charging_hour(
    registered: list[float], without_certificate: float
) -> None:
    # One enterprise, battery 10 kWh / 10 kW, rt 0.81 (eta 0.9), starts empty.
    # h0: PV 10, load 0 -> charges 10, stores 9. h1: load 11, PV 1 -> own PV 1, battery 8.1.
    # Both are physical green: 9.1 kWh in h1. registered [0, 1]: h0's PV had no certificate,
    # so the battery's 8.1 kWh have none either; only h1's own 1 kWh has one.
    # registered [1, 0]: the battery's 8.1 kWh carry h0's certificates; h1's own 1 kWh not.
    load, pv = np.array([[0.0], [11.0]]), np.array([[10.0], [1.0]])
    status = np.array(registered)[:, None]
    unit = StorageUnit(0, 10.0, 10.0, 0.81, initial_soc_fraction=0.0)
    b = hourly_energy_balance(load, pv, [unit], kept_fraction=status)
    ledger = attribution_ledger(
        ["E1"],
        load_kwh=b.load_kwh,
        pv_self_kwh=b.pv_self_kwh,
        storage_discharge_green_kwh=b.storage_discharge_green_kwh,
        shared_out_kwh=b.shared_out_kwh,
        shared_in_kwh=b.shared_in_kwh,
        grid_import_kwh=b.grid_import_kwh,
        certified_fraction=status,
        accounting_year=2025,
        storage_discharge_pv_kwh=b.storage_discharge_pv_kwh,
    )
    np.testing.assert_allclose(ledger.hourly_onsite_physical_kwh[:, 0], [0.0, 9.1], atol=1e-12)
    assert ledger.onsite_physical_kwh == pytest.approx([9.1])
    assert ledger.onsite_no_certificate_kwh == pytest.approx([without_certificate])


def test_storage_given_for_its_owners_only_gives_the_same_ledger() -> None:
    # E0 has no battery, E1 the one of the example above (registered PV in h0 only)
    load, pv = np.array([[5.0, 0.0], [7.0, 11.0]]), np.array([[9.0, 10.0], [0.0, 1.0]])
    status = np.array([[1.0, 1.0], [1.0, 0.0]])
    b = hourly_energy_balance(load, pv, [StorageUnit(1, 10.0, 10.0, 0.81, 0.0, 1.0, 0.0)])
    flows = {
        "load_kwh": b.load_kwh,
        "pv_self_kwh": b.pv_self_kwh,
        "shared_out_kwh": b.shared_out_kwh,
        "shared_in_kwh": b.shared_in_kwh,
        "grid_import_kwh": b.grid_import_kwh,
        "export_kwh": b.export_kwh,
        "certified_fraction": status,
        "accounting_year": 2025,
    }
    whole = attribution_ledger(
        ["E0", "E1"],
        storage_discharge_green_kwh=b.storage_discharge_green_kwh,
        storage_discharge_pv_kwh=b.storage_discharge_pv_kwh,
        **flows,
    )
    owners = attribution_ledger(
        ["E0", "E1"],
        storage_discharge_green_kwh=b.storage.owner_flows["discharge_green_kwh"],
        storage_discharge_pv_kwh=b.storage.owner_flows["discharge_pv_kwh"],
        storage_owners=b.storage.owners,
        **flows,
    )
    assert b.storage.owners == [1] and whole.onsite_physical_kwh[1] > 0
    np.testing.assert_array_equal(
        owners.hourly_onsite_physical_kwh, whole.hourly_onsite_physical_kwh
    )
    np.testing.assert_array_equal(owners.onsite_no_certificate_kwh, whole.onsite_no_certificate_kwh)
    with pytest.raises(ValueError, match="storage owner 2"):
        attribution_ledger(
            ["E0", "E1"],
            storage_discharge_green_kwh=np.zeros((2, 1)),
            storage_owners=[2],
            **flows,
        )


def test_independent_of_enterprise_order() -> None:
    forward, backward = two(), two(order=(1, 0))
    for name in ("onsite_physical_kwh", "shared_physical_kwh", "contract_kwh", "certificate_kwh"):
        assert getattr(backward, name)[::-1] == pytest.approx(getattr(forward, name))


def test_over_claim_names_the_certificates() -> None:
    # E1 uses 20 MWh in the year; its batches claim 30 MWh
    batches = [
        CertificateBatch("G-a", 20, "2023-01", "2023-01", 1, 2023),
        CertificateBatch("G-b", 10, "2023-01", "2023-01", 1, 2023),
    ]
    with pytest.raises(ValueError, match="over-claim") as error:
        two(certificates=batches)
    assert "id='G-a'" in str(error.value) and "id='G-b'" in str(error.value)
    assert "claimed_kwh=30000.0, available_kwh=20000.0" in str(error.value)


def test_park_over_claim() -> None:
    # the park's enterprises use 40 MWh in all
    with pytest.raises(ValueError, match="G-big"):
        two(certificates=[CertificateBatch("G-big", 41, "2023-01", "2023-01", None, 2023)])


def test_certificates_beyond_the_green_left_stay_unclaimed() -> None:
    # E1 uses 20 MWh; of its 14 MWh purchase the park contract covers 7.125 MWh, leaving
    # 6.875 MWh (see the worked example). A 15 MWh batch is within its use, so no error:
    # 6.875 MWh claimed, 8.125 MWh stay held, unclaimed.
    ledger = two(certificates=[CertificateBatch("G-a", 15, "2023-01", "2023-01", 1, 2023)])
    assert ledger.certificate_kwh[1] == pytest.approx(6_875.0)
    row = ledger.sources.set_index("source_id").loc["G-a"]
    assert (row["provided_kwh"], row["claimed_kwh"]) == pytest.approx((15_000.0, 6_875.0))
    (held,) = [m for m in ledger.messages if m.code == "certificates_unclaimed"]
    assert held.params["batch_ids"] == ("G-a",)
    assert held.params["energy_mwh"] == pytest.approx(8.125)


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [("2021-01", "2021-06", 2026), ("2024-03", "2024-05", 2027), ("2024-01", "2024-02", 2023)],
)
def test_certificate_outside_validity_is_an_error(start: str, end: str, year: int) -> None:
    batch = CertificateBatch("G-old", 1, start, end, 0, year)
    with pytest.raises(ValueError, match=r"G-old.*(expired_before|produced_after)_claim_year"):
        attribution_ledger(
            ["E1"],
            load_kwh=np.ones((1, 1)),
            pv_self_kwh=np.zeros((1, 1)),
            storage_discharge_green_kwh=np.zeros((1, 1)),
            shared_out_kwh=np.zeros((1, 1)),
            shared_in_kwh=np.zeros((1, 1)),
            grid_import_kwh=np.ones((1, 1)),
            certified_fraction=np.ones(1),
            accounting_year=year,
            certificates=[batch],
        )


def test_every_problem_reported_at_once() -> None:
    batches = [G1, G1, CertificateBatch("C1", 1, "2024-01", "2024-02", 0, 2023)]
    with pytest.raises(ValueError) as error:
        single([FLAT], batches)
    lines = str(error.value).split("\n")
    assert [line.split(" ")[:2] for line in lines] == [
        ["certificates[G1].id:", "duplicate_id"],
        ["certificates[C1].id:", "contract_id_reused"],
        ["certificates[C1].claim_year:", "produced_after_claim_year"],
    ]


def test_unbundled_contract_and_other_years() -> None:
    unbundled = ContractDelivery("C2", 0, np.full(4, 30_000.0), bundled_certificates=False)
    later = CertificateBatch("G24", 50, "2024-01", "2024-01", 0, 2024)
    ledger = single([unbundled], [later])
    assert ledger.contract_kwh == pytest.approx([0.0])
    assert ledger.certificate_kwh == pytest.approx([0.0])
    assert Message("contract_unbundled", {"contract_id": "C2"}) in ledger.messages
    other_year = {"batch_id": "G24", "claim_year": 2024, "year": 2023}
    assert Message("certificates_other_year", other_year, "info") in ledger.messages


def test_bad_buyer_index_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="C9"):
        single([ContractDelivery("C9", 3, np.ones(4))])


# ---------------------------------------------------------------- properties


@st.composite
def parks(draw: st.DrawFn) -> dict:
    hours = draw(st.integers(1, 12))
    enterprises = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    load = rng.uniform(0, 50_000, (hours, enterprises)) * (rng.random((hours, enterprises)) > 0.1)
    pv = rng.uniform(0, 60_000, (hours, enterprises)) * (rng.random(enterprises) > 0.3)
    pv_self = np.minimum(pv, load)
    out = (pv - pv_self) * rng.random(enterprises)
    deficit = load - pv_self
    weight = np.divide(
        deficit,
        deficit.sum(1, keepdims=True),
        out=np.zeros_like(deficit),
        where=deficit.sum(1, keepdims=True) > 0,
    )
    shared_in = np.minimum(deficit, out.sum(1, keepdims=True) * weight)
    discharge = (deficit - shared_in) * rng.random((hours, enterprises)) * 0.3
    contracts = [
        ContractDelivery(
            f"C{i}",
            draw(st.one_of(st.none(), st.integers(0, enterprises - 1))),
            rng.uniform(0, 40_000, hours),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return {
        "names": [f"E{i}" for i in range(enterprises)],
        "load_kwh": load,
        "pv_self_kwh": pv_self,
        "storage_discharge_green_kwh": discharge * rng.random((hours, enterprises)),
        "storage_discharge_pv_kwh": discharge,
        "shared_out_kwh": out,
        "shared_in_kwh": shared_in,
        "grid_import_kwh": deficit - shared_in - discharge + rng.uniform(0, 500),
        "kept_fraction": rng.random(enterprises),
        "contracts": contracts,
        "fractions": rng.random(enterprises + 1),
        "park_claim": draw(st.booleans()),
    }


def build(park: dict, contracts=None, certificates=(), order=None) -> Ledger:
    names = park["names"]
    cols = list(order) if order is not None else list(range(len(names)))
    where = {old: new for new, old in enumerate(cols)}
    keys = (
        "load_kwh",
        "pv_self_kwh",
        "storage_discharge_green_kwh",
        "storage_discharge_pv_kwh",
        "shared_out_kwh",
        "shared_in_kwh",
        "grid_import_kwh",
    )
    deals = park["contracts"] if contracts is None else contracts
    return attribution_ledger(
        [names[c] for c in cols],
        **{k: park[k][:, cols] for k in keys},
        certified_fraction=park["kept_fraction"][cols],
        accounting_year=2024,
        contracts=[
            ContractDelivery(c.id, None if c.buyer is None else where[c.buyer], c.delivery_kwh)
            for c in deals
        ],
        certificates=[
            CertificateBatch(
                b.id,
                b.quantity_mwh,
                b.production_start,
                b.production_end,
                None if b.claimant is None else where[b.claimant],
                b.claim_year,
            )
            for b in certificates
        ],
    )


def certificates_for(park: dict, ledger: Ledger) -> list[CertificateBatch]:
    """Whole-MWh batches that fit in what each enterprise (or the park) has left."""
    left = park["load_kwh"].sum(0) - ledger.physical_kwh - ledger.contract_kwh
    mwh = np.floor(np.maximum(left, 0) * park["fractions"][:-1] / 1000 / 2)
    batches = [
        CertificateBatch(f"G{e}", float(q), "2024-01", "2024-12", e, 2024)
        for e, q in enumerate(mwh)
        if q > 0
    ]
    park_mwh = float(np.floor(np.maximum(left, 0).sum() * park["fractions"][-1] / 1000 / 2))
    if park["park_claim"] and park_mwh > 0:
        batches.append(CertificateBatch("Gpark", park_mwh, "2024-01", "2024-06", None, 2024))
    return batches


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(parks())
def test_every_green_kwh_has_one_claimant_and_never_exceeds_load(park: dict) -> None:
    ledger = build(park)
    ledger = build(park, certificates=certificates_for(park, ledger))
    load = park["load_kwh"]
    assert np.all(ledger.green_kwh <= load.sum(0) * (1 + 1e-9) + 1e-6)
    assert np.all(ledger.hourly_green_kwh <= load * (1 + 1e-9) + 1e-6)
    entries, sources = ledger.entries, ledger.sources
    assert not entries.duplicated(["claimant", "source_kind", "source_id"]).any()
    assert not sources.duplicated(["source_kind", "source_id"]).any()
    assert (entries.groupby("source_id")["source_kind"].nunique() <= 1).all()
    by_source = entries.groupby(["source_kind", "source_id"])["kwh"].sum()
    claimed = sources.set_index(["source_kind", "source_id"])["claimed_kwh"]
    assert np.allclose(by_source.reindex(claimed.index, fill_value=0.0), claimed)
    assert np.all(sources["claimed_kwh"] <= sources["provided_kwh"] * (1 + 1e-9) + 1e-6)
    unbounded = sources[~sources["source_kind"].isin(["contract", "export_certificate"])]
    assert np.allclose(unbounded["claimed_kwh"], unbounded["provided_kwh"])
    per_enterprise = entries.groupby("claimant")["kwh"].sum().reindex(park["names"], fill_value=0)
    assert np.allclose(per_enterprise.to_numpy(), ledger.green_kwh)
    assert ledger.shared_sent_green_kwh.sum() == pytest.approx(ledger.shared_physical_kwh.sum())
    own_use = (park["pv_self_kwh"] + park["storage_discharge_pv_kwh"]).sum(0)
    np.testing.assert_allclose(ledger.onsite_physical_kwh, own_use, rtol=1e-12)
    assert np.all(ledger.no_certificate_kwh <= ledger.physical_kwh * (1 + 1e-12) + 1e-9)
    # the purchase left uncovered is exactly purchase minus claimed instruments, never < 0
    claimed = ledger.trade_kwh + ledger.contract_kwh + ledger.certificate_kwh
    np.testing.assert_allclose(
        ledger.uncovered_grid_kwh, park["grid_import_kwh"].sum(0) - claimed, rtol=1e-9, atol=1e-6
    )


@SETTINGS
@given(parks(), st.permutations(range(4)))
def test_results_independent_of_enterprise_order(park: dict, permutation: list[int]) -> None:
    order = [i for i in permutation if i < len(park["names"])]
    first = build(park)
    batches = certificates_for(park, first)
    forward, shuffled = (
        build(park, certificates=batches),
        build(park, certificates=batches, order=order),
    )
    for name in ("onsite_physical_kwh", "shared_physical_kwh", "contract_kwh", "certificate_kwh"):
        assert np.allclose(getattr(shuffled, name), getattr(forward, name)[order])
