"""Rooftop PV, tariffs, storage and factor overrides of generated parks.

Roofs say what the registry knows (``gec_registered``, ``export_certificates`` for the
exported kWh of registered systems; README "How greenpark counts"). Tariffs are a single
``tariff:`` or dated ``tariffs:`` covering the accounting year, sometimes switching within
it, sometimes pricing exports by the roof's commissioning date (136号: before / from
2025-06-01), which then needs a ``commissioning_date`` for roofs commissioned in 2025.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from parkgen import Plan

EXPORT_DESTINATIONS = ("kept", "sold", "provincial_mechanism")
#: 发改价格〔2025〕136号: projects commissioned from this day sell at market prices (README)
MARKET_PRICED_FROM = "2025-06-01"
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
#: the two seasons of 晋发改商品发〔2021〕479号 as the demo park gives them
OLD_SEASONS = [
    {
        "months": [1, 7, 8, 12],
        "peak_hours": [[8, 11], [17, 23]],
        "valley_hours": [[0, 7], [11, 13]],
        "critical_peak_hours": [[18, 20]],
    },
    {
        "months": [2, 3, 4, 5, 6, 9, 10, 11],
        "peak_hours": [[8, 11], [17, 23]],
        "valley_hours": [[0, 7], [11, 13]],
    },
]


def _registry(plan: Plan, roof: dict[str, object], installed: bool) -> None:
    """``gec_registered`` (given or left to its default false) and, for a registered
    installed system, where its exported kWh's certificates go."""
    state = str(plan.rng.choice(["registered", "unregistered", "default"], p=[0.55, 0.25, 0.2]))
    if not installed:
        if state == "registered":
            roof["gec_registered"] = True
        return
    plan.flag(f"pv_{state}")
    if state == "unregistered":
        roof["gec_registered"] = False
    if state == "registered":
        destination = str(plan.rng.choice(EXPORT_DESTINATIONS))
        plan.flag(f"export_certificates_{destination}")
        roof |= {"gec_registered": True, "export_certificates": destination}


def _commissioned(plan: Plan, roof: dict[str, object]) -> None:
    year = int(plan.rng.integers(2012, plan.year + 1))
    roof["commissioning_year"] = year
    if year == 2025 or plan.chance(0.2):
        month, day = int(plan.rng.integers(1, 13)), int(plan.rng.integers(1, 29))
        roof["commissioning_date"] = f"{year}-{month:02d}-{day:02d}"
        plan.flag("commissioning_date")


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
        _commissioned(plan, roof)
        if plan.chance(0.3):
            roof["mounting"] = str(rng.choice(["close_roof", "open_rack"]))
            roof["dc_ac_ratio"] = round(float(rng.uniform(1.0, 1.3)), 2)
        plan.flag("pv_zero_use", plan.annual_kwh[column] == 0)
    elif plan.chance(0.5, "pv_zero_capacity"):
        roof["capacity_kw"] = 0
    _registry(plan, roof, capacity > 0)
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


def _tariff(plan: Plan, name: str, seasons: list[dict[str, object]]) -> dict[str, object]:
    tariff: dict[str, object] = {
        "name": name,
        "source": "晋发改商品发〔2026〕15号 结构（生成测试用）",
        "flat_price_cny_per_kwh": round(float(plan.rng.uniform(0.4, 0.8)), 3),
        "peak_multiplier": 1.6,
        "valley_multiplier": 0.45,
        "critical_peak_multiplier": 1.92,
        "deep_valley_multiplier": 0.36,
    }
    if plan.chance(0.3):
        tariff["export_price_cny_per_kwh"] = 0.2
    if plan.chance(0.3, "export_prices"):
        tariff["export_prices"] = [
            {"commissioned_before": MARKET_PRICED_FROM, "price_cny_per_kwh": 0.332},
            {"commissioned_from": MARKET_PRICED_FROM, "price_cny_per_kwh": 0.3},
        ]
        for window in tariff["export_prices"]:  # type: ignore[attr-defined]
            window |= {"basis": "示意（生成测试用）", "confidence": "C"}
    if plan.chance(0.7, "tariff_seasons"):
        tariff["seasons"] = [dict(season) for season in seasons]
    return tariff


def _tariffs(plan: Plan) -> bool:
    """No tariff, one ``tariff:``, or dated ``tariffs:`` (sometimes switching in the year)."""
    kind = str(plan.rng.choice(["none", "single", "dated", "switch"], p=[0.35, 0.3, 0.1, 0.25]))
    plan.flag(f"tariff_{kind}")
    if kind == "none":
        return False
    if kind == "single":
        plan.config["tariff"] = _tariff(plan, "生成测试分时电价", SHANXI_SEASONS)
        return True
    first = _tariff(plan, "生成测试分时电价（旧）", OLD_SEASONS)
    first["effective_from"] = f"{plan.year - 3}-01-01"
    if kind == "dated":  # in force all year, a later one from next year
        first["effective_to"] = f"{plan.year}-12-31"
        later = _tariff(plan, "生成测试分时电价（次年）", SHANXI_SEASONS)
        later["effective_from"] = f"{plan.year + 1}-01-01"
        plan.config["tariffs"] = [first, later]
        return True
    month, day = int(plan.rng.integers(2, 12)), int(plan.rng.integers(1, 29))
    switch = np.datetime64(f"{plan.year}-{month:02d}-{day:02d}")
    first["effective_to"] = str(switch - np.timedelta64(1, "D"))
    second = _tariff(plan, "生成测试分时电价（新）", SHANXI_SEASONS)
    second["effective_from"] = str(switch)
    plan.config["tariffs"] = [first, second]
    return True


def _soc_window(plan: Plan) -> dict[str, object]:
    low = round(float(plan.rng.uniform(0.0, 0.2)), 2)
    high = round(float(plan.rng.uniform(0.8, 1.0)), 2)
    start = round(float(plan.rng.uniform(low, high)), 2)
    return {"min_soc_fraction": low, "max_soc_fraction": high, "initial_soc_fraction": start}


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
            unit |= _soc_window(plan)
        tou = tariff and plan.chance(0.5)
        plan.flag("storage_tou" if tou else "storage_self")
        unit["dispatch"] = "tou_arbitrage" if tou else "self_consumption"
        plan.section("storage").append(unit)


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


def add_green_assets(plan: Plan) -> np.ndarray:
    """Roofs, tariffs, storage and overrides; installed PV per enterprise [kW] (E,)."""
    capacity = _rooftops(plan)
    _storage(plan, capacity, _tariffs(plan))
    _overrides(plan)
    return capacity
