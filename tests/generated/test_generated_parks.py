"""End-to-end invariants over hundreds of generated parks (``conftest.py`` runs them once).

Each test asserts one invariant on every park it could be checked on; a failure lists, kind
by kind, how many parks fail, the generated features that go with it, a minimal seed and the
violation (with the innermost greenpark frames of an exception).

The ``xfail`` marks below are TEMPORARY: each names the bug, being fixed on another branch,
that makes its invariant fail on main today. Remove a mark once its fix is merged (the test
then XPASSes).
"""

from __future__ import annotations

import pytest
from gen_catalogue import Generated, catalogue

pytestmark = pytest.mark.slow

NAN_STORE = "NaN results crash the store (ResultRow refuses NaN; run_steps._record passes it)"
NAN_FILES = "unavailable results are written as empty cells / NaN without a status or reason"
SIX_DIGITS = "annual.csv and park_910.csv are written with float_format %.6g"
CHECK_MISSES = (
    "check misses what run refuses: missing bills, part-year hourly data without bills, "
    "certificate over-claims, unknown override ids, TOU storage without a tariff, an initial "
    "charge outside the SoC window, fuels without emission parameters"
)
FUEL_GAPS = "fuel gaps are summed as zero (pipeline.activity.annual_activity skips NaN)"
PARTIAL = "partial-year hourly data with bills for the other months is refused"


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(reason=reason, strict=False)


def assert_holds(generated: Generated, name: str, *hows: str) -> None:
    reports = generated.of(*(hows or ("in_process",)))
    checked = [r for r in reports if r.checked(name)]
    assert checked, f"{name}: no park could be checked ({reports[0].not_checked.get(name)})"
    failing = [r for r in checked if r.failed(name)]
    assert not failing, catalogue(name, failing, checked)


@xfail(f"{NAN_STORE}; {PARTIAL}")
def test_every_generated_park_passes_check_and_runs(generated: Generated) -> None:
    assert_holds(generated, "runs_cleanly")


@xfail(CHECK_MISSES)
def test_a_park_check_passes_is_never_refused_by_run(generated: Generated) -> None:
    assert_holds(generated, "check_passes_run_accepts", "in_process", "broken")


@xfail(NAN_FILES)
def test_no_nan_or_inf_in_any_file_or_stored_value(generated: Generated) -> None:
    assert_holds(generated, "finite_outputs")


def test_energy_is_conserved_every_hour_for_every_enterprise(generated: Generated) -> None:
    assert_holds(generated, "energy_conserved")


def test_every_green_kwh_is_claimed_once(generated: Generated) -> None:
    assert_holds(generated, "green_claimed_once")


def test_no_claimant_claims_more_green_than_it_uses(generated: Generated) -> None:
    assert_holds(generated, "green_within_load")


def test_market_based_scope2_is_never_negative(generated: Generated) -> None:
    assert_holds(generated, "market_scope2_nonnegative")


def test_adding_certificates_never_raises_market_based_scope2(generated: Generated) -> None:
    assert_holds(generated, "certificates_never_raise_market_scope2")


@xfail(FUEL_GAPS)
def test_fuel_gaps_are_not_counted_as_zero(generated: Generated) -> None:
    assert_holds(generated, "fuel_gaps_not_counted_as_zero")


@xfail(f"{SIX_DIGITS}; {NAN_STORE} (so almost no run is stored)")
def test_the_stored_run_equals_the_files(generated: Generated) -> None:
    assert_holds(generated, "store_equals_files")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("runs_cleanly", marks=xfail(NAN_STORE)),
        pytest.param("finite_outputs", marks=xfail(NAN_FILES)),
        "energy_conserved",
        "green_claimed_once",
        pytest.param("store_equals_files", marks=xfail(SIX_DIGITS)),
    ],
)
def test_real_greenpark_commands_on_a_sample(generated: Generated, name: str) -> None:
    assert_holds(generated, name, "subprocess")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "name",
    [
        pytest.param("runs_cleanly", marks=xfail(NAN_STORE)),
        pytest.param("store_equals_files", marks=xfail(f"{NAN_STORE}; {SIX_DIGITS}")),
        "energy_conserved",
    ],
)
def test_postgresql_store_on_a_sample(generated: Generated, name: str) -> None:
    if not generated.of("postgres"):
        pytest.skip("GREENPARK_TEST_PG_URL not set (.ci/run starts a PostgreSQL and sets it)")
    assert_holds(generated, name, "postgres")


@xfail(PARTIAL)
def test_partial_year_hourly_data_with_bills_for_the_other_months(generated: Generated) -> None:
    assert_holds(generated, "runs_cleanly", "partial")


@xfail(CHECK_MISSES)
def test_check_names_the_file_and_field_of_every_broken_variant(generated: Generated) -> None:
    assert_holds(generated, "check_names_the_mistake", "broken")


#: what the default set must exercise (see parkgen.py); the 910号 tiers are checked on the
#: energy the runs report, not on what the generator drew
MUST_SEE = {
    *(f"enterprises_{size}" for size in ("1-5", "6-20", "21-60")),
    *(f"electricity_{mode}" for mode in ("hourly", "15min", "monthly")),
    *("gaps", "gap_rows_dropped", "zero_use", "interval_end", "bom", "mwh_unit"),
    *("xlsx_hourly", "xlsx_monthly", "bills_wide", "chinese_carrier", "leap_year"),
    *("pv_installed", "pv_zero_capacity", "pv_sold", "storage_self", "storage_tou"),
    *("contract_annual", "contract_monthly", "contract_park_buyer", "contract_unbundled"),
    *(f"contract_shape_{shape}" for shape in ("solar", "wind", "flat", "profile")),
    *("certificates_claimed", "certificate_park_holder", "certificate_claimed_by"),
    *("certificate_other_year", "park_sharing", "heat_purchased", "heat_exported"),
    *("fuel_natural_gas", "fuel_coal_anthracite", "fuel_diesel", "fuel_hourly", "fuel_gap"),
    *("process_co2", "no_tariff", "tariff_seasons", "override", "park_land_km2"),
    *("no_output_value_wan_cny", "no_value_added_wan_cny", "no_land_mu", "no_tax_wan_cny"),
    *("no_employees", "no_products", "product_zero_output", "quantity_strings"),
    *("matching_monthly", "matching_hourly", "matching_annual", "tables_shown"),
}


def test_the_generated_set_covers_what_users_parks_do(generated: Generated) -> None:
    parks = generated.of("in_process")
    if len(parks) < 200:
        pytest.skip(f"only {len(parks)} parks generated (PARKGEN_COUNT)")
    seen = set().union(*(r.features for r in parks))
    assert seen >= MUST_SEE, sorted(MUST_SEE - seen)
    tce = [r.evaluation.energy_tce for r in parks if r.evaluation.energy_tce is not None]
    reached = {"<200k" if t < 2e5 else "200k-1M" if t < 1e6 else ">=1M" for t in tce}
    assert reached == {"<200k", "200k-1M", ">=1M"}, f"{min(tce):,.0f}-{max(tce):,.0f} tce"
