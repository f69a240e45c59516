"""Planned use of an enterprise without meter readings (``enterprises[].planned_use``) on the
demo park: figures by hand from the base run, shapes, totals, coverage and the errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.core.load_profiles import china_holidays, china_makeup_workdays, shape_weights
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
TENANT = "E99"
OUTPUT_WAN_CNY = 50_000.0
BY_INTENSITY = {
    "id": TENANT,
    "name": "新电池厂",
    "industry_code": "C3841",
    "output_value_wan_cny": OUTPUT_WAN_CNY,
    "planned_use": {"scale_by_output_value": True, "profile": {"industry": "C38"}},
}
EXPLICIT = {
    "id": TENANT,
    "name": "数据中心",
    "industry_code": "I6450",
    "planned_use": {
        "annual": {"electricity": "12 GWh", "天然气": "100 万m³"},
        "profile": {"load_profile": "three_shift"},
    },
}


@pytest.fixture(scope="module")
def park() -> Park:
    return gp.load_park(DEMO)


@pytest.fixture(scope="module")
def base(park: Park) -> gp.RunResult:
    return gp.run(gp.RunSpec(park))


@pytest.fixture(scope="module")
def with_tenant(park: Park) -> gp.RunResult:
    return gp.run(gp.RunSpec(park.with_changes({"enterprises": [BY_INTENSITY]})))


def _c38(park: Park) -> list[str]:
    return [e.id for e in park.config.enterprises if e.industry_code.startswith("C38")]


def _load_by_enterprise(result: gp.RunResult) -> pd.DataFrame:
    hourly = result.hourly()
    return hourly.pivot(index="interval_start", columns="enterprise", values="load_kwh")


def test_intensity_of_the_industry_by_hand(
    park: Park, base: gp.RunResult, with_tenant: gp.RunResult
) -> None:
    ids = _c38(park)
    assert len(ids) >= 2  # the prefix gathers several enterprises
    output = sum(e.output_value_wan_cny or 0.0 for e in park.config.enterprises if e.id in ids)
    electricity = base.annual().loc[ids, "electricity_kwh"].sum()
    gas = base.fuel_use().loc[ids, "natural_gas"].sum()
    assert gas > 0
    tenant = with_tenant.annual().loc[TENANT, "electricity_kwh"]
    assert tenant == pytest.approx(electricity / output * OUTPUT_WAN_CNY, rel=1e-9)
    tenant_gas = with_tenant.fuel_use().loc[TENANT, "natural_gas"]
    assert tenant_gas == pytest.approx(gas / output * OUTPUT_WAN_CNY, rel=1e-9)


def test_hourly_shape_is_the_industrys_summed_load(
    park: Park, base: gp.RunResult, with_tenant: gp.RunResult
) -> None:
    profile = _load_by_enterprise(base)[_c38(park)].sum(axis=1).to_numpy()
    tenant = _load_by_enterprise(with_tenant)[TENANT].to_numpy()
    expected = tenant.sum() * profile / profile.sum()
    np.testing.assert_allclose(tenant, expected, rtol=1e-9, atol=0)


def test_others_unchanged_and_park_rises_by_the_tenant(
    base: gp.RunResult, with_tenant: gp.RunResult
) -> None:
    before, after = base.annual(), with_tenant.annual()
    others = [i for i in before.index if i != "park"]
    assert (after.loc[others, "electricity_kwh"] == before.loc[others, "electricity_kwh"]).all()
    assert (with_tenant.fuel_use().loc[others] == base.fuel_use().loc[others]).all().all()
    tenant = after.loc[TENANT, "electricity_kwh"]
    rise = after.loc["park", "electricity_kwh"] - before.loc["park", "electricity_kwh"]
    assert rise == pytest.approx(tenant, rel=1e-9)
    # the park's measured share falls by exactly the planned kWh: never passed off as metered
    measured_kwh = before.loc["park", "measured_fraction"] * before.loc["park", "electricity_kwh"]
    expected = measured_kwh / after.loc["park", "electricity_kwh"]
    assert after.loc["park", "measured_fraction"] == pytest.approx(expected, rel=1e-9)
    assert after.loc[TENANT, "measured_fraction"] == 0.0


def test_coverage_and_messages_say_planned(with_tenant: gp.RunResult) -> None:
    coverage = with_tenant.coverage()
    rows = coverage.loc[coverage["enterprise"] == TENANT].set_index("carrier")
    assert set(rows.index) == {"electricity", "natural_gas"}
    assert (rows["planned_fraction"] == 1.0).all() and (rows["measured_fraction"] == 0).all()
    assert (rows["planned_hours"] == 8_760).all() and (rows["planned_months"] == 12).all()
    assert (rows["files"] == "planned_use").all()
    others = coverage.loc[coverage["enterprise"] != TENANT]
    assert (others["planned_fraction"] == 0).all()
    planned = [m for m in with_tenant.message_items if m.code == "planned_use"]
    assert len(planned) == 1 and planned[0].severity == "warning"
    assert planned[0].params["enterprise"] == TENANT
    assert planned[0].params["fuels"] == ("natural_gas",)


def test_explicit_annual_use_with_units_and_a_shift_shape(park: Park) -> None:
    result = gp.run(gp.RunSpec(park.with_changes({"enterprises": [EXPLICIT]})))
    load = _load_by_enterprise(result)[TENANT]
    assert load.sum() == pytest.approx(12e6, rel=1e-9)
    hours = pd.DatetimeIndex(load.index)
    weights = shape_weights(
        ["three_shift"], hours, china_holidays(2025), china_makeup_workdays(2025)
    )
    np.testing.assert_allclose(
        load.to_numpy(), 12e6 * weights[:, 0] / weights[:, 0].sum(), rtol=1e-9
    )
    assert result.fuel_use().loc[TENANT, "natural_gas"] == pytest.approx(1e6, rel=1e-12)


@pytest.mark.usefixtures("english")
def test_every_mistake_at_once(park: Park) -> None:
    def tenant(number: int, **planned: object) -> dict[str, object]:
        return {"id": f"T{number}", "name": "t", "industry_code": "C3841", "planned_use": planned}

    patch = {
        "enterprises": [
            tenant(1, annual={"electricity": 1}, profile={"enterprise": "E1234"}),
            tenant(2, annual={"electricity": 1}, profile={"industry": "C99"}),
            tenant(3, scale_by_output_value=True, profile={"industry": "C38"}),
            tenant(4, annual={"electricity": "30 t"}),
            {"id": "E01", "planned_use": {"annual": {"electricity": 1}}},
        ]
    }
    with pytest.raises(InputError) as refused:
        park.with_changes(patch, label="t.yaml")
    problems = "\n".join(refused.value.problems)
    assert (
        "(T1).planned_use.profile.enterprise: the park has no such metered enterprise" in problems
    )
    assert (
        "(T2).planned_use.profile.industry: no metered enterprise of the park is in this"
        in problems
    )
    codes = sorted({e.industry_code for e in park.config.enterprises})
    assert ", ".join(codes) in problems  # the industries the park has
    assert "(T3).output_value_wan_cny: planned_use scales by output value" in problems
    assert (
        "(T4).planned_use.annual: electricity: cannot read '30 t' as a quantity in kWh" in problems
    )
    assert "(E01).planned_use: enterprise E01 has meter data" in problems
    assert len(refused.value.problems) >= 5


def _certificates_of_the_tenant(mwh: int) -> dict[str, object]:
    batch = {
        "id": "GEC-E99-2025",
        "quantity_mwh": mwh,
        "production_start": "2025-01",
        "production_end": "2025-12",
        "technology": "wind",
        "project": "示意风电项目",
        "holder": TENANT,
        "claim_year": 2025,
    }
    return {"enterprises": [EXPLICIT], "certificates": [batch]}


def test_certificates_of_a_planned_enterprise_are_judged_against_its_planned_use(
    park: Park,
) -> None:
    """Without meter data the loader cannot judge its batches (its metered use is 0): the run
    judges them against the planned 12 GWh — 6,000 MWh are claimed, 13,000 refused."""
    within = gp.run(gp.RunSpec(park.with_changes(_certificates_of_the_tenant(6_000))))
    ledger = within.ledger()
    claimed = ledger.loc[ledger["source_id"] == "GEC-E99-2025"]
    assert set(claimed["claimant"]) == {TENANT}
    assert claimed["kwh"].sum() == pytest.approx(6_000_000, rel=1e-9)
    over = park.with_changes(_certificates_of_the_tenant(13_000))
    with pytest.raises(InputError) as caught:
        gp.run(gp.RunSpec(over))
    (problem,) = caught.value.problems
    assert "E99 申领 GEC-E99-2025，共 13,000.000 MWh，超过其 2025 年模拟用电 12,000.000" in problem
