"""CO2 emissions [kg]: Scope 1 fuels and processes, Scope 2 electricity and heat, 910号 park basis.

Factors arrive as plain numbers chosen by the caller (factor registry): fuel parameters per
enterprise and vintage, grid factors per year and region. Two electricity bases never mix:

- **Scope 2** (enterprise inventories, GHG Protocol dual reporting): location-based = grid
  import × provincial average; market-based = (grid import − contract − certificates, ≥ 0) ×
  national factor *excluding market-traded non-fossil* (china-factors §6 practical formula).
  On-site PV is not purchased, so it is not in Scope 2; exports never reduce it.
- **910号 park basis** (发改环资〔2025〕910号, reported on its own line): non-green grid
  electricity × national *fossil-only* factor, green (contract, certificate, physical) = 0,
  purchased heat × 0.11 t/GJ, plus Scope 1 CO2 (CO2 only, energy + process;
  assessment-criteria §1.1). Its indicator is t CO2 per tce of comprehensive energy use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greenpark.i18n import text

FloatArray = npt.NDArray[np.float64]

CO2_PER_CARBON = 44.0 / 12.0  # molar mass ratio CO2 / C
# 0.11 tCO2/GJ: NDRC 24-industry guides, GB/T 32151.x, GB/T 32150—2025 §7.5.6-7.5.7 [A]
DEFAULT_HEAT_CO2_KG_PER_GJ = 110.0
# 发改环资〔2025〕910号 core indicator [A]: (lower bound of annual use [kgce], limit [t/tce]);
# 200k-1M tce -> 0.20, >= 1M tce -> 0.30, below 200k tce no national threshold (not found).
ZERO_CARBON_PARK_TIERS: tuple[tuple[float, float], ...] = ((200_000e3, 0.20), (1_000_000e3, 0.30))


def fuel_co2_kg_per_unit(
    ncv_gj_per_unit: npt.ArrayLike,
    carbon_kg_per_gj: npt.ArrayLike,
    oxidation_fraction: npt.ArrayLike,
) -> FloatArray:
    """Combustion emission factor [kg CO2 per kg or m³] = NCV × CC × OF × 44/12.

    Parameters
    ----------
    ncv_gj_per_unit
        Net calorific value [GJ/kg or GJ/m³].
    carbon_kg_per_gj
        Carbon content per unit heat [kg C/GJ] (numerically equal to t C/TJ).
    oxidation_fraction
        Carbon oxidation rate [0-1].
    """
    return (
        np.asarray(ncv_gj_per_unit, dtype=np.float64)
        * np.asarray(carbon_kg_per_gj, dtype=np.float64)
        * np.asarray(oxidation_fraction, dtype=np.float64)
        * CO2_PER_CARBON
    )


def scope1_fuel_co2_kg(
    activity: npt.ArrayLike,
    ncv_gj_per_unit: npt.ArrayLike,
    carbon_kg_per_gj: npt.ArrayLike,
    oxidation_fraction: npt.ArrayLike,
) -> FloatArray:
    """Scope 1 combustion CO2 [kg], shape of ``activity`` (E, fuels).

    ``activity`` is in carrier canonical units [kg or m³]; the parameters broadcast against it,
    so the caller passes (fuels,) for one vintage or (E, fuels) when vintages differ.
    """
    factor = fuel_co2_kg_per_unit(ncv_gj_per_unit, carbon_kg_per_gj, oxidation_fraction)
    return np.asarray(activity, dtype=np.float64) * factor


def scope1_co2_kg(fuel_co2_kg: npt.ArrayLike, process_co2_kg: npt.ArrayLike) -> FloatArray:
    """Scope 1 CO2 per enterprise [kg] (E,): combustion (E, fuels) summed + process CO2 (E,)."""
    combustion: FloatArray = np.asarray(fuel_co2_kg, dtype=np.float64).sum(axis=-1)
    return combustion + np.asarray(process_co2_kg, dtype=np.float64)


def scope1_co2e_kg(scope1_co2: npt.ArrayLike, process_non_co2_co2e_kg: npt.ArrayLike) -> FloatArray:
    """Scope 1 CO2e [kg] (E,): Scope 1 CO2 + process non-CO2 gases given as CO2e."""
    return np.asarray(scope1_co2, dtype=np.float64) + np.asarray(
        process_non_co2_co2e_kg, dtype=np.float64
    )


def scope2_location_based_co2_kg(
    grid_import_kwh: npt.ArrayLike, grid_co2_kg_per_kwh: float
) -> FloatArray:
    """Location-based Scope 2 [kg CO2] = grid import [kWh] × average grid factor [kg/kWh]."""
    return np.asarray(grid_import_kwh, dtype=np.float64) * grid_co2_kg_per_kwh


def non_green_grid_kwh(
    grid_import_kwh: npt.ArrayLike, contract_kwh: npt.ArrayLike, certificate_kwh: npt.ArrayLike
) -> FloatArray:
    """Grid import not covered by contract or certificate green power [kWh], ≥ 0."""
    return np.maximum(
        np.asarray(grid_import_kwh, dtype=np.float64)
        - np.asarray(contract_kwh, dtype=np.float64)
        - np.asarray(certificate_kwh, dtype=np.float64),
        0.0,
    )


def scope2_market_based_co2_kg(
    grid_import_kwh: npt.ArrayLike,
    contract_kwh: npt.ArrayLike,
    certificate_kwh: npt.ArrayLike,
    residual_co2_kg_per_kwh: float,
    attribute_sold_kwh: npt.ArrayLike = 0.0,
) -> FloatArray:
    """Market-based Scope 2 [kg CO2]: (non-green grid import + PV consumed whose
    certificates were sold) [kWh] × residual factor [kg/kWh].

    The residual factor is the caller's choice; china-factors §6 uses the national factor
    excluding market-traded non-fossil electricity (0.6096 kg/kWh for 2023), so that green
    power sold to others is not counted twice. Attributed green power counts 0.
    ``attribute_sold_kwh`` is on-site or park-shared PV an enterprise consumed while the
    certificates of that PV were sold: its green attribute belongs to the buyer, so the
    consumer carries the residual mix for it (GEC is the sole proof of the attribute,
    1044号; the market-based method counts attributes, not electrons).
    """
    residual = non_green_grid_kwh(grid_import_kwh, contract_kwh, certificate_kwh)
    return (residual + np.asarray(attribute_sold_kwh, dtype=np.float64)) * residual_co2_kg_per_kwh


def heat_co2_kg(
    heat_gj: npt.ArrayLike, heat_co2_kg_per_gj: float = DEFAULT_HEAT_CO2_KG_PER_GJ
) -> FloatArray:
    """CO2 of heat [kg] = heat [GJ] × factor [kg/GJ]; measured factor first, else 110 kg/GJ."""
    return np.asarray(heat_gj, dtype=np.float64) * heat_co2_kg_per_gj


def net_heat_co2_kg(
    purchased_heat_gj: npt.ArrayLike,
    exported_heat_gj: npt.ArrayLike,
    purchased_co2_kg_per_gj: float = DEFAULT_HEAT_CO2_KG_PER_GJ,
    exported_co2_kg_per_gj: float = DEFAULT_HEAT_CO2_KG_PER_GJ,
) -> FloatArray:
    """Purchased-heat CO2 minus exported-heat CO2 [kg] (GB/T 32150—2025 §7.5.7); may be < 0.

    Gross is :func:`heat_co2_kg` of the purchased heat; report both.
    """
    return heat_co2_kg(purchased_heat_gj, purchased_co2_kg_per_gj) - heat_co2_kg(
        exported_heat_gj, exported_co2_kg_per_gj
    )


@dataclass(frozen=True)
class Park910Co2:
    """Park CO2 on the 910号 basis [kg]: electricity, heat, Scope 1 CO2 and their total."""

    electricity_co2_kg: float
    heat_co2_kg: float
    scope1_co2_kg: float
    total_co2_kg: float


def park_910_co2_kg(
    *,
    grid_import_kwh: npt.ArrayLike,
    contract_kwh: npt.ArrayLike,
    certificate_kwh: npt.ArrayLike,
    fossil_co2_kg_per_kwh: float,
    purchased_heat_gj: npt.ArrayLike,
    scope1_co2: npt.ArrayLike,
    exported_heat_gj: npt.ArrayLike = 0.0,
    heat_co2_kg_per_gj: float = DEFAULT_HEAT_CO2_KG_PER_GJ,
) -> Park910Co2:
    """Park CO2 [kg] on the 910号 basis, summed over enterprises (E,).

    Non-green grid import × the national fossil-only factor (0.8273 kg/kWh for 2023), green
    power 0; purchased heat × 110 kg/GJ; Scope 1 CO2 (combustion + process, CO2 only).
    Whether exported heat is deducted is not settled by a readable annex
    (assessment-criteria §1.1 (d)); it is deducted only if the caller passes it.
    """
    electricity = non_green_grid_kwh(grid_import_kwh, contract_kwh, certificate_kwh)
    electricity_co2 = float(electricity.sum() * fossil_co2_kg_per_kwh)
    heat = float(
        np.sum(
            net_heat_co2_kg(
                purchased_heat_gj, exported_heat_gj, heat_co2_kg_per_gj, heat_co2_kg_per_gj
            )
        )
    )
    scope1 = float(np.sum(scope1_co2))
    return Park910Co2(electricity_co2, heat, scope1, electricity_co2 + heat + scope1)


def co2_t_per_tce(co2_kg: float, energy_kgce: float) -> float:
    """CO2 per unit of energy consumed [t CO2/tce] (= kg/kgce); NaN when energy ≤ 0."""
    return co2_kg / energy_kgce if energy_kgce > 0 else float("nan")


def zero_carbon_park_limit_t_per_tce(
    energy_kgce: float, tiers: tuple[tuple[float, float], ...] = ZERO_CARBON_PARK_TIERS
) -> float | None:
    """The 910号 core-indicator limit [t CO2/tce] for a park's annual use; None below the tiers."""
    limits = [limit for lower_kgce, limit in tiers if energy_kgce >= lower_kgce]
    return limits[-1] if limits else None


@dataclass(frozen=True)
class CoreIndicator:
    """910号 单位能耗碳排放: value, applicable limit (None: not applicable), pass/fail, words."""

    co2_t_per_tce: float
    limit_t_per_tce: float | None
    meets: bool | None
    message: str


def zero_carbon_park_core_indicator(
    co2_kg: float,
    energy_kgce: float,
    tiers: tuple[tuple[float, float], ...] = ZERO_CARBON_PARK_TIERS,
) -> CoreIndicator:
    """Park CO2 (910号 basis) per tce of comprehensive energy use, against its size tier."""
    value = co2_t_per_tce(co2_kg, energy_kgce)
    limit = zero_carbon_park_limit_t_per_tce(energy_kgce, tiers)
    tce = energy_kgce / 1000.0
    if limit is None:
        lowest = tiers[0][0] / 1000.0
        message = text(
            f"年综合能耗 {tce:,.0f} tce 低于 {lowest:,.0f} tce，国家级核心指标不适用",
            f"annual energy use {tce:,.0f} tce is below {lowest:,.0f} tce: the national core "
            "indicator does not apply",
        )
        return CoreIndicator(value, None, None, message)
    meets = bool(value <= limit)
    message = text(
        f"单位能耗碳排放 {value:.3f} tCO2/tce，限值 ≤{limit:.2f}（年综合能耗 {tce:,.0f} tce）："
        + ("达标" if meets else "未达标"),
        f"CO2 per energy {value:.3f} tCO2/tce, limit ≤{limit:.2f} (annual use {tce:,.0f} tce): "
        + ("met" if meets else "not met"),
    )
    return CoreIndicator(value, limit, meets, message)
