"""Rooftops, green-power purchases, certificates, storage and tariffs of the illustrative park.

Rooftops are drawn from each enterprise's land area (reproducibly); installed PV systems, their
certificate status, the contract, the certificate batches and the two Shanxi tariffs are listed
by hand. All are illustrative (示意).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from demo_park.datafiles import stream
from demo_park.firms import Firm

M2_PER_MU = 10_000 / 15
ROOF_AREA_M2 = (1_500, 40_000)
ROOF_COVER_OF_LAND = (0.22, 0.32)  # roof area as a share of the enterprise's land
MAX_BUILDINGS = 6
MU_PER_BUILDING = 150
USABLE_FRACTION = (0.5, 0.8)
DATA_CENTRE_USABLE_FRACTION = 0.5  # roofs crowded with cooling plant

#: installed rooftop PV: owner -> (commissioning year, share of usable roof covered, where the
#: certificates of its exported kWh go; None: not registered (建档立卡), so no certificates)
PV_SYSTEMS: dict[str, tuple[int, float, str | None]] = {
    "E01": (2019, 0.8, "kept"),
    "E03": (2021, 1.0, "provincial_mechanism"),
    "E08": (2022, 0.9, "kept"),
    "E11": (2023, 0.7, "provincial_mechanism"),
    "E14": (2020, 0.6, "sold"),
    "E21": (2018, 0.35, None),
    "E24": (2024, 0.9, "kept"),
    "E30": (2022, 0.25, None),
}
MODULE_DENSITY_KW_PER_M2 = (0.15, 0.19)  # installed DC power per m² of covered roof


def _roof_faces(firm: Firm, number: int, area: float, rng: np.random.Generator) -> list[Any]:
    """One building: a flat roof, a south-facing pitched roof, or an east/west pitched pair."""
    firm_id = firm.id
    usable = round(float(rng.uniform(*USABLE_FRACTION)) * 20) / 20
    if firm.profile == "data_centre":
        usable = DATA_CENTRE_USABLE_FRACTION
    kind = rng.choice(["flat", "pitched", "east_west"], p=[0.55, 0.33, 0.12])
    if kind == "east_west" and area >= 2 * ROOF_AREA_M2[0]:
        tilt = int(rng.integers(5, 26))
        turn = int(rng.integers(-3, 4)) * 5
        half = round(area / 20) * 10
        return [
            {"id": f"{firm_id}-R{number}{side}", "owner": firm_id, "area_m2": half,
             "usable_fraction": usable, "tilt_deg": tilt, "azimuth_deg": azimuth + turn}
            for side, azimuth in (("E", 90), ("W", 270))
        ]  # fmt: skip
    tilt = int(rng.integers(0, 11)) if kind == "flat" else int(rng.integers(5, 26))
    azimuth = 180 + int(rng.integers(-12, 13)) * 5
    return [
        {"id": f"{firm_id}-R{number}", "owner": firm_id, "area_m2": round(area / 10) * 10,
         "usable_fraction": usable, "tilt_deg": tilt, "azimuth_deg": azimuth,
         "flat": kind == "flat"}
    ]  # fmt: skip


def _install_pv(roof: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    year, covered, exported = PV_SYSTEMS[roof["owner"]]
    density = rng.uniform(*MODULE_DENSITY_KW_PER_M2)
    capacity = roof["area_m2"] * roof["usable_fraction"] * covered * density
    status: dict[str, Any] = {"gec_registered": exported is not None}
    if exported is not None:
        status["export_certificates"] = exported
    return {
        **roof,
        "capacity_kw": round(capacity / 10) * 10,
        "dc_ac_ratio": round(float(rng.uniform(1.1, 1.3)), 2),
        "commissioning_year": year,
        "mounting": "open_rack" if roof["flat"] else "close_roof",
        **status,
    }


def rooftops(firms: Sequence[Firm], seed: int) -> list[dict[str, Any]]:
    """All roofs, PV installed on the largest roof of each owner in :data:`PV_SYSTEMS`."""
    roofs: list[dict[str, Any]] = []
    for firm in firms:
        rng = stream(seed, f"roofs-{firm.id}")
        land_m2 = firm.economics[3] * M2_PER_MU
        buildings = min(MAX_BUILDINGS, 1 + int(firm.economics[3] // MU_PER_BUILDING))
        total = land_m2 * rng.uniform(*ROOF_COVER_OF_LAND)
        areas = np.clip(total * rng.dirichlet(np.full(buildings, 2.0)), *ROOF_AREA_M2)
        own = [face for n, a in enumerate(areas, 1) for face in _roof_faces(firm, n, a, rng)]
        if firm.id in PV_SYSTEMS:
            largest = max(range(len(own)), key=lambda i: own[i]["area_m2"])
            own[largest] = _install_pv(own[largest], rng)
        roofs += [{k: v for k, v in roof.items() if k != "flat"} for roof in own]
    return roofs


#: settled monthly volumes (绿电消费凭证) of the wind contract [MWh]: windy spring and winter
CONTRACT_MONTHLY_MWH = [5_200, 5_000, 5_800, 6_000, 5_400, 3_900, 3_300, 3_000, 3_600, 4_300,
                        4_700, 4_800]  # fmt: skip
CONTRACTS: list[dict[str, Any]] = [
    {
        "id": "GPT-2025-E18-WIND",
        "buyer": "E18",
        "seller": "示意风电场（晋东南，示意项目）",
        "project": "示意风电场（晋东南，示意项目）",
        "technology": "wind",
        "monthly_mwh": CONTRACT_MONTHLY_MWH,
        "delivery_shape": "wind",
        "bundled_certificates": True,
        "price_cny_per_kwh": 0.36,
    }
]

#: 2025 wind certificates of E01 by production month [MWh] (4,200 in H1, 3,800 in H2)
E01_MONTHS = [800, 750, 850, 800, 550, 450, 400, 350, 500, 650, 900, 1_000]
CERTIFICATES: list[dict[str, Any]] = [
    {"id": "GEC-E01-2025", "quantity_mwh": 8_000, "production_start": "2025-01",
     "production_end": "2025-12", "technology": "wind", "project": "示意风电项目A（晋北）",
     "holder": "E01", "claim_year": 2025,
     "production_months": {f"2025-{m:02d}": q for m, q in enumerate(E01_MONTHS, start=1)},
     "serial_ranges": [["31140500001020250100000000000001", "31140500001020250100000000004200"],
                       ["31140500001020250700000000000001", "31140500001020250700000000003800"]],
     "status": "cancelled", "cancelled_on": "2026-01-20"},
    {"id": "GEC-E08-2025H1", "quantity_mwh": 3_000, "production_start": "2025-01",
     "production_end": "2025-06", "technology": "solar", "project": "示意集中式光伏电站B（晋中）",
     "holder": "E08", "claim_year": 2025,
     "production_months": {"2025-01": 380, "2025-02": 420, "2025-03": 520, "2025-04": 560,
                           "2025-05": 580, "2025-06": 540},
     "serial_ranges": [["21140400002020250100000000000001", "21140400002020250100000000003000"]]},
    # produced 2024-10..2025-03: under the same_year rule only the 2025 months (600 MWh) count
    {"id": "GEC-E16-2024Q4-2025Q1", "quantity_mwh": 1_500, "production_start": "2024-10",
     "production_end": "2025-03", "technology": "wind", "project": "示意风电项目C（吕梁）",
     "holder": "E16", "claim_year": 2025,
     "production_months": {"2024-10": 300, "2024-11": 300, "2024-12": 300, "2025-01": 200,
                           "2025-02": 200, "2025-03": 200}},
]  # fmt: skip

STORAGE: list[dict[str, Any]] = [
    {
        "id": "ESS-E03-01",
        "owner": "E03",
        "energy_kwh": 4_000,
        "power_kw": 2_000,
        "round_trip_efficiency": 0.88,
        "dispatch": "tou_arbitrage",  # PV surplus first, then valley-to-peak shifting
    }
]

PLACEHOLDER_FLAT_PRICE = 0.55
PLACEHOLDER_NOTE = (
    "示意占位值：未找到山西官方平段电价，0.55 元/kWh 仅为示意（参考资料 §7c：某公开仓库同样以"
    " 0.55 作占位）。Illustrative placeholder: no official Shanxi flat price was found."
)
#: exported PV by commissioning date, 发改价格〔2025〕136号 (2025-01-27) [A]: 存量 projects
#: (before 2025-06-01) keep a mechanism price, 增量 ones are market-priced. Shanxi's mechanism
#: and market prices were not found (rules-review-2026 §3), so both use the Shanxi coal-fired
#: benchmark 0.332 CNY/kWh [C] (china-factors §7c) as an illustrative placeholder.
EXPORT_PRICES: list[dict[str, Any]] = [
    {"commissioned_before": "2025-06-01", "price_cny_per_kwh": 0.332, "confidence": "C",
     "basis": "示意：存量项目机制电价，按山西燃煤基准价 0.332 元/kWh [C] 占位"},
    {"commissioned_from": "2025-06-01", "price_cny_per_kwh": 0.332, "confidence": "C",
     "basis": "示意：增量项目市场化电价（136号），未找到山西价格，按燃煤基准价占位"},
]  # fmt: skip

#: 晋发改商品发〔2021〕479号 (published 2022-01-05, in force until the 2026 tariff): windows [A],
#: multipliers [B] (rules-review-2026 R8; public code quoting the notice text)
TARIFF_2021: dict[str, Any] = {
    "name": "山西工商业分时电价（晋发改商品发〔2021〕479号）",
    "source": "山西省发展和改革委员会 晋发改商品发〔2021〕479号《关于完善分时电价机制有关事项的通知》"
              "（2022-01-05 发布；原文经公开代码转引，rules-review-2026 R8）",
    "effective_from": "2022-01-01",
    "effective_to": "2026-04-30",
    "confidence": "B",
    "export_prices": EXPORT_PRICES,
    "flat_price_cny_per_kwh": PLACEHOLDER_FLAT_PRICE,
    "flat_price_note": PLACEHOLDER_NOTE,
    "peak_multiplier": 1.60,
    "valley_multiplier": 0.45,
    "critical_peak_multiplier": 1.92,
    "seasons": [
        {"months": [1, 7, 8, 12], "peak_hours": [[8, 11], [17, 23]],
         "valley_hours": [[0, 7], [11, 13]], "critical_peak_hours": [[18, 20]]},
        {"months": [2, 3, 4, 5, 6, 9, 10, 11], "peak_hours": [[8, 11], [17, 23]],
         "valley_hours": [[0, 7], [11, 13]]},
    ],
}  # fmt: skip

#: 晋发改商品发〔2026〕15号 (2026-02-28, in force from 2026-05-01): multipliers [A], windows [B]
TARIFF_2026: dict[str, Any] = {
    "name": "山西代理购电工商业分时电价（晋发改商品发〔2026〕15号）",
    "source": (
        "山西省发展和改革委员会 晋发改商品发〔2026〕15号（2026-02-28 发布，2026-05-01 起执行）: "
        "https://fgw.shanxi.gov.cn/sxfgwzwgk/sxsfgwxxgk/xxgkml/tz/202602/t20260228_10069158.shtml"
    ),
    "effective_from": "2026-05-01",
    "confidence": "B",
    "export_prices": EXPORT_PRICES,
    "flat_price_cny_per_kwh": PLACEHOLDER_FLAT_PRICE,
    "flat_price_note": PLACEHOLDER_NOTE,
    "peak_multiplier": 1.60,
    "valley_multiplier": 0.45,
    "critical_peak_multiplier": 1.92,
    "deep_valley_multiplier": 0.36,
    "seasons": [
        {"months": [3, 4, 5], "peak_hours": [[6, 8], [17, 24]],
         "valley_hours": [[2, 5], [9, 15]], "deep_valley_hours": [[13, 15]]},
        {"months": [6, 7, 8], "peak_hours": [[6, 8], [18, 24]],
         "valley_hours": [[2, 5], [10, 15]], "critical_peak_hours": [[18, 21]],
         "deep_valley_hours": [[13, 15]]},
        {"months": [9, 10, 11], "peak_hours": [[6, 8], [17, 24]],
         "valley_hours": [[2, 5], [11, 15]], "deep_valley_hours": [[13, 15]]},
        {"months": [12, 1, 2], "peak_hours": [[6, 8], [16, 23]],
         "valley_hours": [[2, 5], [10, 15]], "critical_peak_hours": [[17, 20]],
         "deep_valley_hours": [[13, 15]]},
    ],
}  # fmt: skip

TARIFFS = [TARIFF_2021, TARIFF_2026]
