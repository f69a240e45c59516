"""CO2 emissions [kg]: Scope 1 fuels and processes, Scope 2 electricity on three bases, heat.

Factors arrive as plain numbers chosen by the caller (factor registry): fuel parameters per
enterprise and vintage, grid factors per year and region. The electricity bases never mix
(rules-review-2026 R4):

- **location-based** (GHG Protocol): grid import × the provincial average factor.
- **market-based** (GHG Protocol, *CN national residual proxy*): (grid import − contract −
  certificates, ≥ 0) × the national factor *excluding market-traded non-fossil power*
  (china-factors §6 practical formula). It is the only official residual-like factor and is
  published nationally only; it removes all market-traded non-fossil power, not only claimed
  MWh, so it is not a true residual mix and can come out below a provincial location-based
  value for an enterprise with no instruments (R4). ``fossil_only`` is the conservative
  alternative the GHG Protocol revision points to for unmatched kWh (R4 item 5).
- **China inventory basis** (GB/T 32150/32151): green power with proof (contract, settlement,
  certificate) × 0, the rest of purchased electricity × the MEE average factor, national or
  provincial (GB/T 32151.34-2024 §5.2.6.1 and Appendix D [B]; china-factors §6).

On-site PV is not purchased, so it is in no Scope 2 basis (market-based alone prices PV whose
certificates were sold, as the attribute went to the buyer); exports never reduce Scope 2.
The 910号 park basis is in :mod:`greenpark.core.park910`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

CO2_PER_CARBON = 44.0 / 12.0  # molar mass ratio CO2 / C
# 0.11 tCO2/GJ: NDRC 24-industry guides, GB/T 32151.x, GB/T 32150—2025 §7.5.6-7.5.7 [A]
DEFAULT_HEAT_CO2_KG_PER_GJ = 110.0


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
) -> FloatArray:
    """Market-based Scope 2 [kg CO2]: non-green purchased electricity [kWh] × residual
    factor [kg/kWh].

    The residual factor is the caller's choice; china-factors §6 uses the national factor
    excluding market-traded non-fossil electricity (0.6096 kg/kWh for 2023), so that green
    power sold to others is not counted twice. Attributed green power counts 0. Self-consumed
    PV is not purchased and carries its own (non-tradable) certificate, so it is not here
    (NEA 绿证实施细则 2026 Art. 25, rules-review R2).
    """
    residual = non_green_grid_kwh(grid_import_kwh, contract_kwh, certificate_kwh)
    return residual * residual_co2_kg_per_kwh


def scope2_inventory_co2_kg(
    grid_import_kwh: npt.ArrayLike,
    contract_kwh: npt.ArrayLike,
    certificate_kwh: npt.ArrayLike,
    average_co2_kg_per_kwh: float,
) -> FloatArray:
    """China inventory basis (GB/T 32150/32151) [kg CO2]: (grid import − contract green −
    certificate green, ≥ 0) [kWh] × the MEE average factor (national or provincial) [kg/kWh].

    Green power with proof counts 0 (GB/T 32151.34-2024 §5.2.6.1, Appendix D.1.1: market-traded
    green power or self-generated power, with the proof of D.2); everything else bought is
    priced at the published average, not at a residual factor.
    """
    return non_green_grid_kwh(grid_import_kwh, contract_kwh, certificate_kwh) * (
        average_co2_kg_per_kwh
    )


def market_below_location_without_instruments(
    location_co2_kg: npt.ArrayLike,
    market_co2_kg: npt.ArrayLike,
    instruments_kwh: npt.ArrayLike,
) -> npt.NDArray[np.bool_]:
    """Enterprises whose market-based Scope 2 is below location-based although they hold no
    green instruments (``instruments_kwh`` = contract + certificate + physical green = 0).

    Such a gap is an artefact of comparing a national residual proxy with a provincial average
    (rules-review-2026 R4) and must be disclosed.
    """
    market = np.asarray(market_co2_kg, dtype=np.float64)
    location = np.asarray(location_co2_kg, dtype=np.float64)
    none_held = np.asarray(instruments_kwh, dtype=np.float64) <= 0
    flagged: npt.NDArray[np.bool_] = none_held & (market < location)
    return flagged


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
