"""End-to-end invariants over hundreds of generated parks (``conftest.py`` runs them once).

Each test asserts one invariant on every park it could be checked on; a failure lists, kind
by kind, how many parks fail, the generated features that go with it, a minimal seed and the
violation (with the innermost greenpark frames of an exception).
"""

from __future__ import annotations

import pytest
from gen_catalogue import Generated, catalogue
from parkgen_broken import BROKEN_KINDS

pytestmark = pytest.mark.slow


def assert_holds(generated: Generated, name: str, *hows: str) -> None:
    reports = generated.of(*(hows or ("in_process",)))
    checked = [r for r in reports if r.checked(name)]
    assert checked, f"{name}: no park could be checked ({reports[0].not_checked.get(name)})"
    failing = [r for r in checked if r.failed(name)]
    assert not failing, catalogue(name, failing, checked)


def test_every_generated_park_passes_check_and_runs(generated: Generated) -> None:
    assert_holds(generated, "runs_cleanly")


def test_a_park_check_passes_is_never_refused_by_run(generated: Generated) -> None:
    assert_holds(generated, "check_passes_run_accepts", "in_process", "broken")


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


def test_fuel_gaps_are_not_counted_as_zero(generated: Generated) -> None:
    assert_holds(generated, "fuel_gaps_not_counted_as_zero")


def test_the_stored_run_equals_the_files(generated: Generated) -> None:
    assert_holds(generated, "store_equals_files")


@pytest.mark.parametrize(
    "name",
    [
        "runs_cleanly",
        "finite_outputs",
        "energy_conserved",
        "green_claimed_once",
        "green_within_load",
        "store_equals_files",
        "fuel_gaps_not_counted_as_zero",
    ],
)
def test_real_greenpark_commands_on_a_sample(generated: Generated, name: str) -> None:
    assert_holds(generated, name, "subprocess")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "name",
    [
        "runs_cleanly",
        "store_equals_files",
        "finite_outputs",
        "energy_conserved",
    ],
)
def test_postgresql_store_on_a_sample(generated: Generated, name: str) -> None:
    if not generated.of("postgres"):
        pytest.skip("GREENPARK_TEST_PG_URL not set (.ci/run starts a PostgreSQL and sets it)")
    assert_holds(generated, name, "postgres")


@pytest.mark.parametrize(
    "name", ["runs_cleanly", "fuel_gaps_not_counted_as_zero", "energy_conserved"]
)
def test_partial_year_hourly_data_with_bills_for_the_other_months(
    generated: Generated, name: str
) -> None:
    assert_holds(generated, name, "partial")


def test_check_names_the_file_and_field_of_every_broken_variant(generated: Generated) -> None:
    assert_holds(generated, "check_names_the_mistake", "broken")
    kinds = {r.how for r in generated.of("broken")}
    assert kinds == {f"broken:{kind}" for kind in BROKEN_KINDS}


#: what the default set must exercise (see parkgen.py); the 910号 tiers are checked on the
#: energy the runs report, not on what the generator drew
MUST_SEE = {
    *(f"enterprises_{size}" for size in ("1-5", "6-20", "21-60")),
    *(f"electricity_{mode}" for mode in ("hourly", "15min", "monthly", "partial")),
    *("gaps", "gap_rows_dropped", "zero_use", "interval_end", "bom", "mwh_unit"),
    *("xlsx_hourly", "xlsx_monthly", "bills_wide", "chinese_carrier", "leap_year"),
    *("bills_fill_gaps", "allow_gaps", "electricity_months_missing", "fuel_months_missing"),
    *("electricity_bill_missing", "partial_months_missing"),
    *("pv_installed", "pv_zero_capacity", "pv_registered", "pv_unregistered", "pv_default"),
    *(f"export_certificates_{d}" for d in ("kept", "sold", "provincial_mechanism")),
    *("commissioning_date", "export_prices", "storage_self", "storage_tou", "storage_soc_window"),
    *(f"tariff_{kind}" for kind in ("none", "single", "dated", "switch")),
    *("tariff_seasons", "override", "park_land_km2", "quantity_strings"),
    *("contract_annual", "contract_monthly", "contract_park_buyer", "contract_unbundled"),
    *(f"contract_shape_{shape}" for shape in ("solar", "wind", "flat", "profile")),
    *("contract_settled", "contract_modelled", "contract_hydro_tradable"),
    *("contract_hydro_not_tradable", "profile_zero_month"),
    *(f"claim_rule_{rule}" for rule in ("default", "same_year", "validity_2y")),
    *("certificates_claimed", "certificate_park_holder", "certificate_claimed_by"),
    *("certificate_other_year", "certificate_histogram", "certificate_serials"),
    *("certificate_cancelled", "certificate_beyond_room", "certificate_prior_year_months"),
    *(f"sharing_{c}" for c in ("none", "direct_line", "incremental_distribution", "market_trade")),
    *("heat_purchased", "heat_hourly", "heat_exported", "process_co2", "steam_purchased"),
    *("fuel_natural_gas", "fuel_coal_anthracite", "fuel_diesel", "fuel_hourly", "fuel_ncv"),
    *("fuel_gap_billed", "fuel_gap_imputed", "fuel_meter_months_billed"),
    *("feedstock", "feedstock_own_file", "feedstock_use_column", "ndrc_vintage"),
    *("no_output_value_wan_cny", "no_value_added_wan_cny", "no_land_mu", "no_tax_wan_cny"),
    *("no_employees", "no_products", "product_zero_output"),
    *("matching_monthly", "matching_hourly", "matching_annual", "tables_shown"),
    "overlay_province",
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
