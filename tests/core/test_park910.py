"""The 910号 park basis (greenpark/core/park910.py): CO2, denominator, indicator, tiers,
overlays, hand-computed, and the properties the rule must have (rules-review-2026 R1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.core.energy import ByConversion, Coefficients, energy_totals_kgce
from greenpark.core.park910 import (
    Supplies,
    core_indicator,
    limit_t_per_tce,
    overlay_verdict,
    park_910_co2_kg,
    park_910_energy_kgce,
)

# 发改环资〔2025〕910号 size tiers [kgce]: 200k-1M tce -> 0.20, >= 1M tce -> 0.30
TIERS = [(200_000e3, 1_000_000e3, 0.20), (1_000_000e3, None, 0.30)]
COEFFICIENTS = Coefficients(electricity_primary_kgce_per_kwh=0.31)
GAS_CO2_KG = 2_162_188.809  # 1,000,000 Nm³ natural gas (test_emissions.py)


def test_co2_worked_example_with_supplies() -> None:
    # electricity: 40,000 non-green kWh × 0.8325 = 33,300 kg; boundary export 1,000 kWh
    # (832.5 kg) and supply to a park neighbour 2,000 kWh (1,665 kg) come off: net 30,802.5
    # heat: 1,000 GJ × 110 = 110,000 kg; exported 100 GJ (11,000), in park 50 GJ (5,500):
    # net 93,500; Scope 1 2,162,188.809; total 2,286,491.309 kg
    co2 = park_910_co2_kg(
        non_green_electricity_kwh=np.array([40_000.0]),
        electricity_co2_kg_per_kwh=0.8325,
        purchased_heat_gj=np.array([1_000.0]),
        heat_co2_kg_per_gj=110.0,
        scope1_co2=np.array([GAS_CO2_KG]),
        supplies=Supplies(100.0, 1_000.0, 50.0, 2_000.0),
    )
    assert co2.electricity_gross_co2_kg == pytest.approx(33_300.0)
    assert (co2.electricity_exported_co2_kg, co2.electricity_in_park_co2_kg) == pytest.approx(
        (832.5, 1_665.0)
    )
    assert co2.electricity_co2_kg == pytest.approx(30_802.5)
    assert (co2.heat_gross_co2_kg, co2.heat_exported_co2_kg) == pytest.approx((110_000.0, 11_000.0))
    assert co2.heat_co2_kg == pytest.approx(93_500.0)
    assert co2.total_co2_kg == pytest.approx(2_286_491.309)


def test_denominator_deducts_supplies_at_both_conversions() -> None:
    consumed = ByConversion(np.array([1_000_000.0, 500_000.0]), np.array([2_000_000.0, 900_000.0]))
    energy = park_910_energy_kgce(consumed, Supplies(100.0, 1_000.0, 50.0, 2_000.0), COEFFICIENTS)
    # exported: 100 GJ × 34.12 + 1,000 kWh × 0.1229 = 3,534.9 (当量值); 3,412 + 310 = 3,722
    # in park: 50 GJ × 34.12 + 2,000 kWh × 0.1229 = 1,951.8; 1,706 + 620 = 2,326
    assert float(energy.consumed.calorific) == pytest.approx(1_500_000.0)
    assert float(energy.exported.calorific) == pytest.approx(3_534.9)
    assert float(energy.exported.primary) == pytest.approx(3_722.0)
    assert float(energy.in_park.calorific) == pytest.approx(1_951.8)
    assert float(energy.net.calorific) == pytest.approx(1_500_000.0 - 3_534.9 - 1_951.8)
    assert float(energy.net.primary) == pytest.approx(2_900_000.0 - 3_722.0 - 2_326.0)


@pytest.mark.parametrize("conversion", ["calorific", "primary"])
@pytest.mark.parametrize(
    ("tce", "limit", "reason"),
    [
        (199_999.999, None, "below_910_scope"),
        (200_000.0, 0.20, None),
        (999_999.999, 0.20, None),
        (1_000_000.0, 0.30, None),
        (5_000_000.0, 0.30, None),
    ],
)
def test_tier_boundaries(conversion: str, tce: float, limit: float | None, reason: str) -> None:
    # 0.25 t/tce whatever the size: met in the 0.30 tier, not met in the 0.20 one
    indicator = core_indicator(0.25 * tce * 1000, tce * 1000, TIERS, conversion)
    assert indicator.conversion == conversion
    assert indicator.co2_t_per_tce == pytest.approx(0.25)
    assert (indicator.limit_t_per_tce, indicator.reason) == (limit, reason)
    assert indicator.meets == (None if limit is None else limit >= 0.25)
    # below the lowest tier: no national threshold, 0.20 shown for reference only
    assert indicator.reference_limit_t_per_tce == (0.20 if limit is None else None)


def test_no_energy_has_no_indicator() -> None:
    indicator = core_indicator(1_000.0, 0.0, TIERS, "calorific")
    assert (indicator.co2_t_per_tce, indicator.limit_t_per_tce) == (None, None)
    assert indicator.reason == "zero_energy" and indicator.meets is None
    assert limit_t_per_tce(0.0, TIERS) is None


@pytest.mark.parametrize(
    ("value", "tce", "tier", "upper", "verdict"),
    [
        # Hunan 湘工信节能〔2025〕467号, parks of 20,000-1,000,000 tce, 2027: ≤ 1.0
        (0.9, 50_000.0, (20_000e3, 1_000_000e3, 1.0), None, "met"),
        (1.05, 50_000.0, (20_000e3, 1_000_000e3, 1.0), None, "not_met"),
        (0.9, 10_000.0, (20_000e3, 1_000_000e3, 1.0), None, "outside_size"),
        # Inner Mongolia regional-level parks: 0.4-0.6, every size
        (0.3, 10_000.0, (0.0, None, 0.4), 0.6, "met"),
        (0.5, 10_000.0, (0.0, None, 0.4), 0.6, "within_range"),
        (0.7, 10_000.0, (0.0, None, 0.4), 0.6, "not_met"),
        (None, 10_000.0, (0.0, None, 0.4), 0.6, "no_value"),
    ],
)
def test_overlay_verdicts(
    value: float | None,
    tce: float,
    tier: tuple[float, float | None, float],
    upper: float | None,
    verdict: str,
) -> None:
    assert overlay_verdict(value, tce * 1000, tier, upper) == verdict


# ------------------------------------------------------------------ properties (R1)


def one_enterprise_indicator(
    load_kwh: float, pv_kwh: float, certificate_kwh: float, conversion: str, factor: float = 0.8325
) -> float | None:
    """The indicator of a park of one enterprise that uses ``load_kwh``, ``pv_kwh`` of it from
    its own roof (certificates kept), the rest from the grid, covered by ``certificate_kwh``
    of unbundled certificates, and burns 100,000 m³ of gas (132,835.85 kgce, 216,218.88 kg)."""
    grid = load_kwh - pv_kwh
    energy = energy_totals_kgce(
        fuel_kgce=np.array([132_835.85]),
        feedstock_kgce=np.zeros(1),
        grid_import_kwh=np.array([grid]),
        onsite_renewable_kwh=np.array([pv_kwh]),
        certified_nonfossil_kwh=np.array([pv_kwh + min(certificate_kwh, grid)]),
        purchased_heat_gj=np.zeros(1),
        exported_heat_gj=np.zeros(1),
        exported_electricity_kwh=np.zeros(1),
        coefficients=COEFFICIENTS,
    )
    co2 = park_910_co2_kg(
        non_green_electricity_kwh=np.array([max(grid - certificate_kwh, 0.0)]),
        electricity_co2_kg_per_kwh=factor,
        purchased_heat_gj=np.zeros(1),
        heat_co2_kg_per_gj=110.0,
        scope1_co2=np.array([216_218.88]),
        supplies=Supplies(),
    )
    denominator = park_910_energy_kgce(energy.consumed, Supplies(), COEFFICIENTS)
    return core_indicator(
        co2.total_co2_kg, float(denominator.net.get(conversion)), TIERS, conversion
    ).co2_t_per_tce


def test_review_example_pv_and_certificates_score_alike() -> None:
    # R1: 100 GWh of use, 90 GWh from own PV, at the 2023 fossil-only factor 0.8273 (no gas
    # here: subtract it by using the formula directly). Old denominator (PV left out):
    # 10 GWh × 0.8273 = 8,273 t over 10 GWh × 0.1229 = 1,229 tce -> 6.73 t/tce. Now PV is in
    # the denominator: 8,273 t over 100 GWh × 0.1229 = 12,290 tce -> 0.6731, the same as
    # buying 90 GWh of certificates.
    co2_kg, energy_kgce = 10e6 * 0.8273, 100e6 * 0.1229
    assert co2_kg / energy_kgce == pytest.approx(0.673149, rel=1e-6)
    with_gas_pv = one_enterprise_indicator(100e6, 90e6, 0.0, "calorific", 0.8273)
    with_gas_gec = one_enterprise_indicator(100e6, 0.0, 90e6, "calorific", 0.8273)
    # with the gas: (8,273,000 + 216,218.88) kg / (12,290,000 + 132,835.85) kgce = 0.683356
    assert with_gas_pv == pytest.approx((8_273_000 + 216_218.88) / 12_422_835.85, rel=1e-9)
    assert with_gas_gec == pytest.approx(with_gas_pv, rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(
    load=st.floats(1e3, 1e9),
    first=st.floats(0, 1),
    more=st.floats(0, 1),
    certificates=st.floats(0, 1),
    conversion=st.sampled_from(["calorific", "primary"]),
)
def test_more_onsite_pv_never_raises_the_indicator(
    load: float, first: float, more: float, certificates: float, conversion: str
) -> None:
    pv = load * first
    extra = pv + (load - pv) * more
    certificate_kwh = load * certificates
    before = one_enterprise_indicator(load, pv, certificate_kwh, conversion)
    after = one_enterprise_indicator(load, extra, certificate_kwh, conversion)
    assert before is not None and after is not None
    assert after <= before * (1 + 1e-12)


@settings(max_examples=80, deadline=None)
@given(
    load=st.floats(1e3, 1e9),
    part=st.floats(0, 1),
    conversion=st.sampled_from(["calorific", "primary"]),
)
def test_same_mwh_from_own_pv_or_certificates_gives_the_same_indicator(
    load: float, part: float, conversion: str
) -> None:
    own = one_enterprise_indicator(load, load * part, 0.0, conversion)
    bought = one_enterprise_indicator(load, 0.0, load * part, conversion)
    assert own == pytest.approx(bought, rel=1e-9)
