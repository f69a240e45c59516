"""Rooftops, green-power purchases, certificates, storage and tariff of the illustrative park.

Rooftops are drawn from each enterprise's land area (reproducibly); installed PV systems,
the contract and certificate batches are listed by hand. All are illustrative (示意).
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

#: installed rooftop PV: owner -> (commissioning year, share of usable roof covered, certs)
PV_SYSTEMS: dict[str, tuple[int, float, str]] = {
    "E01": (2019, 0.8, "kept"),
    "E03": (2021, 1.0, "kept"),
    "E08": (2022, 0.9, "kept"),
    "E11": (2023, 0.7, "kept"),
    "E14": (2020, 0.6, "sold"),
    "E21": (2018, 0.35, "kept"),
    "E24": (2024, 0.9, "kept"),
    "E30": (2022, 0.25, "kept"),
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
    year, covered, certificates = PV_SYSTEMS[roof["owner"]]
    density = rng.uniform(*MODULE_DENSITY_KW_PER_M2)
    capacity = roof["area_m2"] * roof["usable_fraction"] * covered * density
    return {
        **roof,
        "capacity_kw": round(capacity / 10) * 10,
        "dc_ac_ratio": round(float(rng.uniform(1.1, 1.3)), 2),
        "commissioning_year": year,
        "mounting": "open_rack" if roof["flat"] else "close_roof",
        "certificates": certificates,
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


CONTRACTS: list[dict[str, Any]] = [
    {
        "id": "GPT-2025-E18-WIND",
        "buyer": "E18",
        "seller": "示意风电场（晋东南，示意项目）",
        "technology": "wind",
        "annual_mwh": 55_000,
        "delivery_shape": "wind",
        "bundled_certificates": True,
        "price_cny_per_kwh": 0.36,
    }
]

CERTIFICATES: list[dict[str, Any]] = [
    {"id": "GEC-E01-2024H2", "quantity_mwh": 8_000, "production_start": "2024-07",
     "production_end": "2024-12", "technology": "wind", "project": "示意风电项目A（晋北）",
     "holder": "E01", "claim_year": 2025},
    {"id": "GEC-E08-2025H1", "quantity_mwh": 3_000, "production_start": "2025-01",
     "production_end": "2025-06", "technology": "solar", "project": "示意集中式光伏电站B（晋中）",
     "holder": "E08", "claim_year": 2025},
    {"id": "GEC-E16-2025", "quantity_mwh": 1_500, "production_start": "2024-10",
     "production_end": "2025-03", "technology": "wind", "project": "示意风电项目C（吕梁）",
     "holder": "E16", "claim_year": 2025},
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

TARIFF_SOURCE = (
    "山西省发展和改革委员会 晋发改商品发〔2026〕15号（2026-02-28 发布，2026-05-01 起执行）: "
    "https://fgw.shanxi.gov.cn/sxfgwzwgk/sxsfgwxxgk/xxgkml/tz/202602/t20260228_10069158.shtml"
)
TARIFF: dict[str, Any] = {
    "name": "山西代理购电工商业分时电价结构（2026-05-01 起）",
    "source": TARIFF_SOURCE,
    "flat_price_cny_per_kwh": 0.55,
    "flat_price_note": (
        "示意占位值：未找到山西官方平段电价，0.55 元/kWh 仅为示意（参考资料 §7c：某公开仓库同样以"
        " 0.55 作占位）。Illustrative placeholder: no official Shanxi flat price was found."
    ),
    "peak_multiplier": 1.60,
    "valley_multiplier": 0.45,
    "critical_peak_multiplier": 1.92,
    "deep_valley_multiplier": 0.36,
    "export_price_cny_per_kwh": 0.0,
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
