"""The LP on the tiny hand-solvable park (see conftest): optimum by hand, a target already
met, infeasible targets and what binds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from greenpark.optimize.basis import Basis, RoofClass
from greenpark.optimize.model import Limits
from greenpark.optimize.optimum import least_cost
from greenpark.optimize.periods import full_year
from greenpark.optimize.target import Target, parse_target

NO_MARKET = Limits(contract_kwh=0.0, certificate_kwh=0.0)
REL = 1e-4  # interior point without crossover: optimal to HiGHS's tolerances


def test_green_share_optimum_by_hand(tiny_basis: Callable[..., Basis]) -> None:
    # Half of 2,400 kWh green without contracts or certificates. PV used directly is capped
    # by the load of the 4 sunny hours: 4 × 100 = 400 kWh from 100 kWp. The other 800 kWh
    # must come through the battery at 81 %: 800 / 0.81 kWh of PV stored, 4 hours of
    # s = 800 / (0.81 × 4) kWp beyond the first 100. The store fills by 90 % of what is
    # charged: 0.9 × 4 × s kWh (power s ≤ E/2 then holds). Extra PV costs more (3 CNY/kWp
    # for 4 kWh) than the grid it displaces (0.5 CNY/kWh), so nothing beyond the target.
    s = 800 / (0.81 * 4)
    solution = least_cost(tiny_basis(), parse_target("green-share=0.5"), full_year(24), NO_MARKET)
    assert solution.feasible
    assert solution.pv_kw["t0-a2"] == pytest.approx(100 + s, rel=REL)
    assert solution.storage_kwh == pytest.approx(0.9 * 4 * s, rel=REL)
    assert s <= solution.storage_kw * (1 + REL)
    # cost = 3 × kWp + 1 × kWh − 0.5 × (400 + 800) kWh of grid avoided
    expected = 3 * (100 + s) + 0.9 * 4 * s - 0.5 * 1200
    assert solution.total_cost_cny == pytest.approx(expected, rel=REL)
    assert solution.target_values["green_share_fraction"] == pytest.approx(0.5, rel=REL)


def test_certificates_are_the_cheapest_green_when_offered(tiny_basis: Callable[..., Basis]) -> None:
    # 5 CNY/MWh certificates beat PV at 3 CNY per 4 kWh: 1,200 kWh of certificates, no PV
    solution = least_cost(tiny_basis(), parse_target("green-share=0.5"), full_year(24))
    assert solution.certificate_kwh == pytest.approx(1200, rel=REL)
    assert sum(solution.pv_kw.values()) == pytest.approx(0, abs=1e-3)
    assert solution.total_cost_cny == pytest.approx(1200 * 5 / 1000, rel=REL)


@pytest.mark.parametrize("pv_capex", [3.0, 1.0])
def test_a_target_already_met_costs_nothing_extra(
    tiny_basis: Callable[..., Basis], pv_capex: float
) -> None:
    # 1,500 kWh green already (62.5 %): the 50 % target changes nothing. PV at 3 CNY/kWp is
    # not worth building (cost 0); at 1 CNY/kWp, 100 kWp pay for themselves either way
    # (100 × 1 − 0.5 × 400 = −100 CNY): the target adds nothing to the untargeted optimum.
    costs = replace(tiny_basis().costs, pv_capex_cny_per_kw=pv_capex)
    met = tiny_basis(green_total_kwh=1500.0, costs=costs)
    with_target = least_cost(met, parse_target("green-share=0.5"), full_year(24))
    free = least_cost(met, parse_target("green-share=0.01"), full_year(24))
    assert with_target.total_cost_cny == pytest.approx(free.total_cost_cny, abs=1e-3)
    expected = 0.0 if pv_capex == 3.0 else -100.0
    assert with_target.total_cost_cny == pytest.approx(expected, abs=1e-3)
    assert with_target.certificate_kwh == pytest.approx(0, abs=1e-3)


def test_hourly_matching_without_contracts_is_bound_by_the_sunny_hours(
    tiny_basis: Callable[..., Basis],
) -> None:
    # Certificates carry no hour and the battery's discharge is not counted as matched, so
    # only PV used in the 4 sunny hours matches: at most 400 of 2,400 kWh, 1/6.
    solution = least_cost(tiny_basis(), parse_target("cfe=0.5"), full_year(24), NO_MARKET)
    assert not solution.feasible
    assert solution.best_values["green_share_hourly_matched_fraction"] == pytest.approx(
        1 / 6, rel=REL
    )
    assert "contract_limit" in {b.code for b in solution.binding}


def test_roof_potential_binds(tiny_basis: Callable[..., Basis]) -> None:
    # a 50 kWp roof yields 200 kWh: 1/12 of the load at most, whatever the battery
    small = tiny_basis(classes=(RoofClass("t0-a2", ("R1",), (50.0,)),))
    solution = least_cost(small, parse_target("green-share=0.5"), full_year(24), NO_MARKET)
    assert not solution.feasible
    assert solution.best_values["green_share_fraction"] == pytest.approx(200 / 2400, rel=REL)
    codes = {b.code for b in solution.binding}
    assert codes == {"roof_potential_used", "contract_limit", "certificate_limit"}


def test_fuels_alone_over_the_910_limit(tiny_basis: Callable[..., Basis]) -> None:
    # fixed CO2 500 kg over 1,000 kgce (calorific) = 0.5 t/tce > 0.2; over 1,500 kgce
    # (primary) 0.333 > 0.2: no electricity can meet it; the best covers all 2,400 kWh
    solution = least_cost(tiny_basis(), Target("zero-carbon-core"), full_year(24))
    assert not solution.feasible
    codes = {b.code: b.params for b in solution.binding}
    assert codes["fixed_co2_over_limit_calorific"]["co2_t_per_tce"] == pytest.approx(0.5)
    assert codes["fixed_co2_over_limit_primary"]["co2_t_per_tce"] == pytest.approx(1 / 3)
    assert solution.best_values["park_910_co2_t_per_tce_calorific"] == pytest.approx(0.5, rel=REL)
    assert "all_electricity_green" in codes


def test_zero_carbon_core_reached_with_certificates(tiny_basis: Callable[..., Basis]) -> None:
    # no fixed CO2: 1,920 kg from 2,400 kWh at 0.8; the limit 0.2 × 1,000 kgce = 200 kg
    # (calorific, the stricter) leaves (1,920 − 200) / 0.8 = 2,150 kWh to cover, by
    # certificates at 5 CNY/MWh
    basis = tiny_basis()
    p910 = replace(basis.park_910, total_co2_kg=1920.0, fixed_co2_kg=0.0)
    solution = least_cost(tiny_basis(park_910=p910), Target("zero-carbon-core"), full_year(24))
    assert solution.feasible
    assert solution.certificate_kwh == pytest.approx(2150, rel=REL)
    assert solution.target_values["park_910_co2_t_per_tce_calorific"] == pytest.approx(0.2, rel=REL)


def test_the_solver_prints_nothing(
    tiny_basis: Callable[..., Basis], capfd: pytest.CaptureFixture[str]
) -> None:
    # HiGHS writes its banner from C++ to the process's standard output
    least_cost(tiny_basis(), parse_target("green-share=0.5"), full_year(24))
    assert capfd.readouterr().out == ""


def test_hourly_matching_with_a_flat_contract_by_hand(tiny_basis: Callable[..., Basis]) -> None:
    # a flat contract of V kWh a "year" (the 24 modelled hours) delivers V/24 each hour, all
    # matched while V/24 ≤ 100: half the load matched needs V = 1,200 kWh, at 0.02 CNY/kWh
    # (PV's net 0.25 CNY per matched kWh costs more)
    solution = least_cost(tiny_basis(), parse_target("cfe=0.5"), full_year(24))
    assert solution.contract_kwh == pytest.approx(1200, rel=REL)
    assert solution.total_cost_cny == pytest.approx(1200 * 0.02, rel=REL)
    matched = solution.target_values["green_share_hourly_matched_fraction"]
    assert matched == pytest.approx(0.5, rel=REL)
