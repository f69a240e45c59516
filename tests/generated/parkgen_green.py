"""Rooftop PV, tariff, storage, green-power contracts, certificates and factor overrides of
generated parks.

Certificate batches are sized below what their claimant has left to claim, bounded from
above without running the park: load minus every kWh of own PV a year could give
(:data:`PV_YIELD_BOUND`), minus all park PV when surplus is shared, minus every contract that
could cover the claimant. A batch therefore never over-claims (only the broken variant does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from parkgen_meters import clock

if TYPE_CHECKING:
    from parkgen import Plan

#: upper bound of a year's AC yield per installed kW [kWh/kW] (Shanxi rooftops give about
#: 1,100-1,500); generous on purpose, it only keeps generated batches below the claimable
PV_YIELD_BOUND = 2000.0
TECHNOLOGIES = ("solar", "wind", "hydro", "biomass")
SHANXI_SEASONS = [
    {"months": [3, 4, 5], "peak_hours": [[6, 8], [17, 24]], "valley_hours": [[2, 5], [9, 15]]},
    {
        "months": [6, 7, 8],
        "peak_hours": [[6, 8], [18, 24]],
        "valley_hours": [[2, 5], [10, 15]],
        "critical_peak_hours": [[18, 21]],
        "deep_valley_hours": [[13, 15]],
    },
    {"months": [9, 10, 11], "peak_hours": [[6, 8], [17, 24]], "valley_hours": [[2, 5], [11, 15]]},
    {"months": [12, 1, 2], "peak_hours": [[6, 8], [16, 23]], "valley_hours": [[2, 5], [10, 15]]},
]


def _roof(plan: Plan, column: int, number: int) -> tuple[dict[str, object], float]:
    rng, enterprise = plan.rng, plan.ids[column]
    usable = round(float(rng.uniform(0.5, 0.8)), 2)
    roof: dict[str, object] = {
        "id": f"{enterprise}-R{number}",
        "owner": enterprise,
        "usable_fraction": usable,
        "tilt_deg": round(float(rng.uniform(0, 30)), 1),
        "azimuth_deg": round(float(rng.uniform(90, 270))),
    }
    capacity = 0.0
    if plan.chance(0.75):
        base = plan.annual_kwh[column] or 1e5
        capacity = round(float(np.clip(base * 10 ** rng.uniform(-1.7, 0.2) / 1300, 5, 5e4)), 1)
        roof["capacity_kw"] = capacity
        roof["commissioning_year"] = int(rng.integers(2012, plan.year + 1))
        if plan.chance(0.2, "pv_sold"):
            roof["certificates"] = "sold"
        if plan.chance(0.3):
            roof["mounting"] = str(rng.choice(["close_roof", "open_rack"]))
            roof["dc_ac_ratio"] = round(float(rng.uniform(1.0, 1.3)), 2)
        plan.flag("pv_zero_use", plan.annual_kwh[column] == 0)
    elif plan.chance(0.5, "pv_zero_capacity"):
        roof["capacity_kw"] = 0
    roof["area_m2"] = round(max(capacity, 50.0) / (0.2 * usable) * float(rng.uniform(1, 1.5)))
    return roof, capacity


def _rooftops(plan: Plan) -> np.ndarray:
    """Roofs of some enterprises; installed capacity per enterprise [kW] (E,)."""
    capacity = np.zeros(len(plan.ids))
    if not plan.chance(0.55, "pv"):
        return capacity
    roofs = plan.section("rooftops")
    for column in range(len(plan.ids)):
        if plan.rng.random() < 0.45:
            for number in range(1, int(plan.rng.integers(1, 3)) + 1):
                roof, kw = _roof(plan, column, number)
                roofs.append(roof)
                capacity[column] += kw
    plan.flag("pv_installed", capacity.sum() > 0)
    return capacity


def _tariff(plan: Plan) -> bool:
    if not plan.chance(0.6, "tariff"):
        plan.flag("no_tariff")
        return False
    tariff: dict[str, object] = {
        "name": "生成测试分时电价",
        "source": "晋发改商品发〔2026〕15号 结构（生成测试用）",
        "flat_price_cny_per_kwh": round(float(plan.rng.uniform(0.4, 0.8)), 3),
        "peak_multiplier": 1.6,
        "valley_multiplier": 0.45,
        "critical_peak_multiplier": 1.92,
        "deep_valley_multiplier": 0.36,
    }
    if plan.chance(0.3):
        tariff["export_price_cny_per_kwh"] = 0.2
    if plan.chance(0.7, "tariff_seasons"):
        tariff["seasons"] = SHANXI_SEASONS
    plan.config["tariff"] = tariff
    return True


def _storage(plan: Plan, capacity: np.ndarray, tariff: bool) -> None:
    if not plan.chance(0.25, "storage"):
        return
    rng = plan.rng
    candidates = np.flatnonzero(capacity > 0) if capacity.any() else np.flatnonzero(plan.annual_kwh)
    for number in range(1, int(rng.integers(1, 3)) + 1):
        if not len(candidates):
            return
        column = int(rng.choice(candidates))
        power = round(max(float(plan.load_kwh[:, column].max()) * rng.uniform(0.05, 0.5), 10.0))
        unit: dict[str, object] = {
            "id": f"ESS-{number}",
            "owner": plan.ids[column],
            "energy_kwh": round(power * float(rng.uniform(1, 4))),
            "power_kw": f"{power / 1000} MW" if plan.chance(0.2, "quantity_strings") else power,
            "round_trip_efficiency": round(float(rng.uniform(0.8, 0.95)), 2),
        }
        if plan.chance(0.3, "storage_soc_window"):
            unit |= {"min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.4}
        tou = tariff and plan.chance(0.5)
        plan.flag("storage_tou" if tou else "storage_self")
        unit["dispatch"] = "tou_arbitrage" if tou else "self_consumption"
        plan.section("storage").append(unit)


def _volumes(plan: Plan, base_mwh: float, fraction: float) -> dict[str, object]:
    if plan.chance(0.6, "contract_annual"):
        mwh = round(base_mwh * fraction, 1)
        if plan.chance(0.15, "quantity_strings"):
            return {"annual_mwh": f"{mwh / 10} 万kWh"}
        return {"annual_mwh": mwh}
    plan.flag("contract_monthly")
    months = base_mwh * fraction / 12 * plan.rng.uniform(0.5, 1.5, 12)
    months[plan.rng.random(12) < 0.1] = 0.0
    return {"monthly_mwh": [round(float(m), 1) for m in months]}


def _contract(plan: Plan, number: int, contracted: np.ndarray) -> dict[str, object]:
    rng, annual_mwh = plan.rng, plan.annual_kwh / 1e3
    cid = f"GPT-{number}"
    park = len(plan.ids) > 1 and plan.chance(0.25, "contract_park_buyer")
    column = int(rng.integers(len(plan.ids)))
    buyer = "park" if park else plan.ids[column]
    base = float(annual_mwh.sum()) if park else float(annual_mwh[column])
    fraction = 10 ** rng.uniform(-2.0, -0.5) if park else 10 ** rng.uniform(-1.5, 0.1)
    contract = {"id": cid, "buyer": buyer, "technology": str(rng.choice(TECHNOLOGIES))}
    contract |= _volumes(plan, max(base, 1.0), fraction)
    shape = str(rng.choice(["solar", "wind", "flat", "profile"]))
    plan.flag(f"contract_shape_{shape}")
    contract["delivery_shape"] = shape
    if shape == "profile":
        weights = rng.gamma(2.0, size=len(clock(plan.year).hours))
        if plan.chance(0.2, "profile_zero_month"):
            weights[clock(plan.year).month == int(rng.integers(1, 13))] = 0.0
        plan.profiles[cid] = weights
        contract["profile_file"] = f"data/profile_{cid}.csv"
    if plan.chance(0.15, "contract_unbundled"):
        contract["bundled_certificates"] = False
    if plan.chance(0.5):
        contract["seller"] = "示意新能源场站"
        contract["price_cny_per_kwh"] = round(float(rng.uniform(0.25, 0.45)), 3)
    volume = contract.get("annual_mwh", contract.get("monthly_mwh"))
    total = float(np.sum(volume)) if not isinstance(volume, str) else float(volume.split()[0]) * 10
    contracted[len(plan.ids) if park else column] += total
    return contract


def _contracts(plan: Plan) -> np.ndarray:
    """Contracts; contracted MWh per enterprise, then the park's (E+1,)."""
    contracted = np.zeros(len(plan.ids) + 1)
    if plan.chance(0.35, "contracts"):
        for number in range(1, int(plan.rng.integers(1, 4)) + 1):
            plan.section("contracts").append(_contract(plan, number, contracted))
    return contracted


def _window(plan: Plan, first: int, last: int) -> tuple[str, str]:
    """Production months start..end (``YYYY-MM``), start among month indices first..last."""
    start = int(plan.rng.integers(first, last + 1))
    end = min(start + int(plan.rng.integers(0, 6)), plan.year * 12 + 11)
    return tuple(f"{m // 12}-{m % 12 + 1:02d}" for m in (start, end))  # type: ignore[return-value]


def _batch(plan: Plan, number: int, holder: str, mwh: int) -> dict[str, object]:
    start, end = _window(plan, (plan.year - 1) * 12, plan.year * 12 + 5)
    return {
        "id": f"GEC-{number}",
        "quantity_mwh": mwh,
        "production_start": start,
        "production_end": end,
        "technology": str(plan.rng.choice(TECHNOLOGIES)),
        "project": "示意风电项目",
        "holder": holder,
        "claim_year": plan.year,
    }


def room_kwh(plan: Plan, capacity: np.ndarray, contracted: np.ndarray) -> np.ndarray:
    """What each enterprise surely has left to claim with certificates [kWh] (E,)."""
    pv = capacity * PV_YIELD_BOUND
    shared = pv.sum() if plan.config["park"].get("surplus_pv") == "park_sharing" else 0.0
    covered = pv + shared + (contracted[:-1] + contracted[-1]) * 1e3
    return np.maximum(plan.annual_kwh - covered, 0.0)


def _certificates(plan: Plan, room: np.ndarray) -> None:
    rng, batches = plan.rng, []
    if not plan.chance(0.35, "certificates"):
        return
    for number in range(1, int(rng.integers(1, 4)) + 1):
        park = plan.chance(0.25, "certificate_park_holder")
        column = int(rng.choice(len(room), p=room / room.sum())) if room.sum() else 0
        left = room.sum() if park else room[column]
        mwh = int(left * rng.uniform(0.05, 0.6) / 1e3)
        if mwh < 1:
            continue
        holder = "park" if park else plan.ids[column]
        batch = _batch(plan, number, holder, mwh)
        if park:
            room *= 1 - mwh * 1e3 / left
        elif len(plan.ids) > 1 and plan.chance(0.15, "certificate_claimed_by"):
            batch["holder"] = "park" if plan.chance(0.5) else plan.ids[(column + 1) % len(room)]
            batch["claimed_by"] = plan.ids[column]
        room[column] -= 0 if park else mwh * 1e3
        batches.append(batch)
    if plan.chance(0.15, "certificate_other_year"):  # produced this year, claimed next year
        start, end = _window(plan, plan.year * 12, plan.year * 12 + 8)
        batch = _batch(plan, 9, plan.ids[0], int(rng.integers(1, 1000)))
        batches.append(
            batch | {"production_start": start, "production_end": end, "claim_year": plan.year + 1}
        )
    plan.flag("certificates_claimed", any(b["claim_year"] == plan.year for b in batches))
    plan.section("certificates").extend(batches)


def _overrides(plan: Plan) -> None:
    if not plan.chance(0.15, "override"):
        return
    plan.section("overrides").append(
        {
            "factor_id": "coal_equiv.electricity.equivalent",
            "value": 0.3,
            "unit": "kgce/kWh",
            "source": "某省统计局 2024 年火电供电标准煤耗（生成测试用）",
        }
    )


def add_green_assets(plan: Plan) -> None:
    """Roofs, tariff, storage, contracts, certificates and overrides, in that order."""
    capacity = _rooftops(plan)
    _storage(plan, capacity, _tariff(plan))
    contracted = _contracts(plan)
    _certificates(plan, room_kwh(plan, capacity, contracted))
    _overrides(plan)
