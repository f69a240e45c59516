"""Annual results of a run as one table: a row per enterprise plus the park, unit-suffixed
columns. This is what reports show, files export and the run store keeps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from greenpark.core.energy import CONVERSIONS, energy_intensities, intensity_per_unit
from greenpark.core.shares import (
    DIRECT_LINE_LOAD_SHARE_MIN,
    DIRECT_LINE_SELF_USE_MIN,
    direct_line_tests,
    share_fraction,
)
from greenpark.pipeline.accounting import AccountingResult

PARK_ROW = "park"


def _flows(r: AccountingResult) -> dict[str, np.ndarray]:
    b, ledger = r.balance, r.ledger
    stored = b.storage.annual_kwh  # sums of the owners' columns, no (H,E) arrays made
    return {
        "electricity_kwh": b.load_kwh.sum(axis=0),
        "pv_generation_kwh": b.pv_kwh.sum(axis=0),
        "pv_self_consumed_kwh": b.pv_self_kwh.sum(axis=0) + stored("discharge_pv_kwh"),
        "pv_shared_out_kwh": b.shared_out_kwh.sum(axis=0),
        "pv_shared_in_kwh": b.shared_in_kwh.sum(axis=0),
        "pv_export_kwh": b.export_kwh.sum(axis=0),
        "storage_charge_kwh": stored("pv_to_storage_kwh") + stored("grid_to_storage_kwh"),
        "storage_discharge_kwh": stored("discharge_kwh"),
        "storage_loss_kwh": stored("loss_kwh"),
        "grid_import_kwh": b.grid_import_kwh.sum(axis=0),
        "green_onsite_kwh": ledger.onsite_physical_kwh,
        "green_shared_kwh": ledger.shared_physical_kwh,
        "green_contract_kwh": ledger.contract_kwh,
        "green_certificate_kwh": ledger.certificate_kwh,
        "green_total_kwh": ledger.green_kwh,
        "pv_certificates_sold_kwh": ledger.exported_kwh["sold"],
        **_green_instruments(r),
    }


def _green_instruments(r: AccountingResult) -> dict[str, np.ndarray]:
    """What the ledger says beyond the totals: certificate status, exports' certificates,
    modelled contract hours, and the purchase left for market-based bases (rules-review-2026
    R2, R3, R9, R10)."""
    ledger = r.ledger
    return {
        "electricity_purchased_kwh": ledger.purchased_kwh,
        "green_no_certificate_kwh": ledger.no_certificate_kwh,
        "green_trade_kwh": ledger.trade_kwh,
        "green_export_certificate_kwh": ledger.export_certificate_kwh,
        "green_certificate_based_kwh": ledger.certificate_based_kwh,
        "green_contract_modelled_hours_kwh": ledger.hourly_contract_modelled_kwh.sum(axis=0),
        "uncovered_grid_kwh": ledger.uncovered_grid_kwh,
        "pv_export_certificates_kept_kwh": ledger.exported_kwh["kept"],
        "pv_export_provincial_mechanism_kwh": ledger.exported_kwh["provincial_mechanism"],
        "pv_export_no_certificate_kwh": ledger.exported_kwh["none"],
        "pv_export_value_cny": r.export_value_cny,
    }


def _carbon(r: AccountingResult) -> dict[str, np.ndarray]:
    e = r.emissions
    return {
        "scope1_fuel_co2_kg": e.scope1_fuel_co2_kg,
        "process_co2_kg": e.process_co2_kg,
        "scope1_co2_kg": e.scope1_co2_kg,
        "scope1_co2e_kg": e.scope1_co2e_kg,
        "scope2_location_co2_kg": e.scope2_location_co2_kg,
        "scope2_market_co2_kg": e.scope2_market_co2_kg,
        "scope2_inventory_co2_kg": e.scope2_inventory_co2_kg,
        "heat_co2_kg": e.heat_gross_co2_kg,
        "heat_net_co2_kg": e.heat_net_co2_kg,
    }


def _energy(r: AccountingResult) -> dict[str, np.ndarray]:
    """The three energy totals (the 910号 one is the park's, in :func:`park_910_table`), each
    by 当量值 (``calorific``) and 等价值 (``primary``, electricity only), and their parts."""
    energy = r.energy
    columns: dict[str, np.ndarray] = {}
    for conversion in CONVERSIONS:
        columns |= {
            f"energy_gbt2589_{conversion}_kgce": energy.gbt2589.get(conversion),
            f"energy_dual_control_{conversion}_kgce": energy.dual_control.get(conversion),
            f"energy_onsite_renewable_{conversion}_kgce": energy.onsite_renewable.get(conversion),
        }
    columns["energy_feedstock_kgce"] = energy.feedstock_kgce
    columns["nonfossil_certified_kwh"] = r.ledger.green_kwh
    return columns


def _denominators(r: AccountingResult) -> pd.DataFrame:
    rows = [
        {
            "output_value_wan_cny": e.output_value_wan_cny,
            "value_added_wan_cny": e.value_added_wan_cny,
            "land_mu": e.land_mu,
        }
        for e in r.config.enterprises
    ]
    return pd.DataFrame(rows, index=list(r.enterprise_ids), dtype=float)


#: intensity column -> the denominator it divides energy by
_INTENSITIES = {
    "kgce_per_wan_cny_output_value": "output_value_wan_cny",
    "kgce_per_wan_cny_value_added": "value_added_wan_cny",
    "kgce_per_mu": "land_mu",
}
MU_PER_KM2 = 1500.0  # 1 km² = 1,000,000 m²; 1 亩 = 10,000/15 m²


def _park_land_mu(r: AccountingResult) -> float | None:
    park = r.config.park
    if park.land_area_mu is not None:
        return park.land_area_mu
    return None if park.land_area_km2 is None else park.land_area_km2 * MU_PER_KM2


def _intensities(energy_kgce: pd.Series, r: AccountingResult) -> pd.DataFrame:
    """Energy intensities per enterprise and for the park.

    The park row divides the energy of the enterprises that report a denominator by the sum
    of their denominators, so an enterprise without output value does not inflate it; per
    亩 the park row uses the park's own land area when park.yaml gives it.
    """
    denominators = _denominators(r)
    columns: dict[str, np.ndarray] = {}
    for column, name in _INTENSITIES.items():
        d = denominators[name]
        reporting = (d > 0).to_numpy()
        per_enterprise = intensity_per_unit(energy_kgce.to_numpy(), d.to_numpy())
        park_denominator = d[reporting].sum() if reporting.any() else None
        park_energy = energy_kgce[reporting].sum()
        if name == "land_mu" and _park_land_mu(r) is not None:
            park_denominator, park_energy = _park_land_mu(r), energy_kgce.sum()
        park = intensity_per_unit(park_energy, park_denominator)
        columns[column] = np.r_[per_enterprise, park]
    return pd.DataFrame(columns, index=[*energy_kgce.index, PARK_ROW])


def _measured_fraction(r: AccountingResult) -> np.ndarray:
    """Share of electricity [kWh] that was metered, not modelled; enterprises then park."""
    load = r.balance.load_kwh
    measured = np.where(r.modelled, 0.0, load)
    fractions: np.ndarray = np.r_[
        share_fraction(measured.sum(axis=0), load.sum(axis=0)),
        share_fraction(np.asarray(measured.sum()), np.asarray(load.sum())),
    ]
    return fractions


def annual_table(r: AccountingResult) -> pd.DataFrame:
    """Annual results: one row per enterprise and a ``park`` row; units in column names."""
    ids = list(r.enterprise_ids)
    table = pd.DataFrame({**_flows(r), **_carbon(r), **_energy(r)}, index=ids)
    intensities = _intensities(table["energy_gbt2589_calorific_kgce"], r)
    table.loc[PARK_ROW] = table.sum()
    table = table.join(intensities)
    s = r.shares
    table["measured_fraction"] = _measured_fraction(r)
    table["green_share_fraction"] = np.r_[s.annual_fraction, s.park_annual_fraction]
    table["green_share_physical_fraction"] = np.r_[
        s.annual_physical_fraction, s.park_annual_physical_fraction
    ]
    load = table["electricity_kwh"].to_numpy()
    for source in ("trade", "contract", "certificate", "export_certificate"):
        table[f"green_share_{source}_fraction"] = share_fraction(
            table[f"green_{source}_kwh"].to_numpy(), load
        )
    table["green_share_hourly_matched_fraction"] = np.r_[
        s.hourly_matched_fraction, s.park_hourly_matched_fraction
    ]
    table["green_share_hourly_matched_physical_fraction"] = np.r_[
        s.hourly_matched_physical_fraction, s.park_hourly_matched_physical_fraction
    ]
    table["green_share_certificate_based_fraction"] = np.r_[
        s.annual_certificate_based_fraction, s.park_annual_certificate_based_fraction
    ]
    table["green_share_no_certificate_fraction"] = share_fraction(
        table["green_no_certificate_kwh"].to_numpy(), load
    )
    table["green_share_hourly_matched_settled_fraction"] = np.r_[
        s.hourly_matched_settled_fraction, s.park_hourly_matched_settled_fraction
    ]
    table.index.name = "scope"
    return table


def monthly_share_table(r: AccountingResult) -> pd.DataFrame:
    """Green shares by calendar month: one row per month, a column per enterprise and the park.

    Certificates carry no hour, so each enterprise's are spread over the months in
    proportion to the consumption the other green sources leave uncovered.
    """
    s = r.shares
    table = pd.DataFrame(
        s.monthly_fraction, index=pd.RangeIndex(1, 13, name="month"), columns=list(r.enterprise_ids)
    )
    table[PARK_ROW] = s.park_monthly_fraction
    return table


def park_910_table(r: AccountingResult) -> pd.Series:
    """The 发改环资〔2025〕910号 park basis, on its own, never mixed with Scope 2.

    CO2 gross, what boundary exports and intra-park supplies take off, and net; the
    denominator likewise; the indicator and its size-tier limit at 当量值 and 等价值 (NaN where
    the denominator is not positive, and the limit NaN below the lowest national tier).
    """
    p = r.park_910
    co2, energy = p.co2, p.energy
    values: dict[str, float] = {
        "park_910_electricity_factor_kg_per_kwh": p.electricity_co2_kg_per_kwh,
        "park_910_electricity_gross_co2_kg": co2.electricity_gross_co2_kg,
        "park_910_electricity_exported_co2_kg": co2.electricity_exported_co2_kg,
        "park_910_electricity_in_park_co2_kg": co2.electricity_in_park_co2_kg,
        "park_910_electricity_co2_kg": co2.electricity_co2_kg,
        "park_910_heat_gross_co2_kg": co2.heat_gross_co2_kg,
        "park_910_heat_exported_co2_kg": co2.heat_exported_co2_kg,
        "park_910_heat_in_park_co2_kg": co2.heat_in_park_co2_kg,
        "park_910_heat_co2_kg": co2.heat_co2_kg,
        "park_910_scope1_co2_kg": co2.scope1_co2_kg,
        "park_910_total_co2_kg": co2.total_co2_kg,
    }
    for c in CONVERSIONS:
        indicator = p.indicators[c]
        values |= {
            f"park_910_energy_consumed_{c}_kgce": float(energy.consumed.get(c)),
            f"park_910_energy_exported_{c}_kgce": float(energy.exported.get(c)),
            f"park_910_energy_in_park_{c}_kgce": float(energy.in_park.get(c)),
            f"park_910_energy_{c}_kgce": float(energy.net.get(c)),
            f"park_910_co2_t_per_tce_{c}": _or_nan(indicator.co2_t_per_tce),
            f"park_910_limit_t_per_tce_{c}": _or_nan(indicator.limit_t_per_tce),
        }
    return pd.Series(values)


def _or_nan(value: float | None) -> float:
    return np.nan if value is None else value


#: columns of :func:`park_910_overlay_table`
OVERLAY_COLUMNS = (
    "threshold",
    "jurisdiction",
    "park_level",
    "target_year",
    "conversion",
    "energy_kgce",
    "co2_t_per_tce",
    "limit_t_per_tce",
    "limit_upper_t_per_tce",
    "verdict",
    "source",
    "confidence",
)


def park_910_overlay_table(r: AccountingResult) -> pd.DataFrame:
    """Provincial thresholds of the park's province against its indicator, per conversion.

    ``verdict``: ``met``, ``within_range``, ``not_met``, ``outside_size`` (the park's energy
    use is outside the row's size band) or ``no_value``; cells that do not apply are empty.
    """
    rows = [
        {
            "threshold": o.threshold.id,
            "jurisdiction": o.threshold.jurisdiction,
            "park_level": o.threshold.park_level,
            "target_year": o.threshold.target_year,
            "conversion": o.conversion,
            "energy_kgce": o.energy_kgce,
            "co2_t_per_tce": o.co2_t_per_tce,
            "limit_t_per_tce": o.threshold.limit_t_per_tce,
            "limit_upper_t_per_tce": o.threshold.limit_upper_t_per_tce,
            "verdict": o.verdict,
            "source": f"{o.threshold.source_document} {o.threshold.source_number}".strip(),
            "confidence": o.threshold.confidence,
        }
        for o in r.park_910.overlays
    ]
    return pd.DataFrame(rows, columns=list(OVERLAY_COLUMNS), dtype=object)


def direct_line_table(r: AccountingResult) -> pd.Series:
    """The 绿电直连 tests of a park with ``sharing_channel: direct_line`` (empty otherwise):
    self-used share of the PV generation and PV share of the load, with their minimums
    (:func:`greenpark.core.shares.direct_line_tests`). A test that cannot be computed (no
    generation) is left out."""
    if r.config.park.sharing_channel != "direct_line":
        return pd.Series(dtype=float)
    b = r.balance
    tests = direct_line_tests(
        float(b.pv_kwh.sum()),
        float(b.export_kwh.sum()),
        float(r.ledger.physical_kwh.sum()),
        float(b.load_kwh.sum()),
    )
    values = {
        "direct_line_self_use_fraction": tests.self_use_fraction,
        "direct_line_self_use_min_fraction": DIRECT_LINE_SELF_USE_MIN,
        "direct_line_load_share_fraction": tests.load_share_fraction,
        "direct_line_load_share_min_fraction": DIRECT_LINE_LOAD_SHARE_MIN,
    }
    return pd.Series({k: v for k, v in values.items() if np.isfinite(v)}, dtype=float)


def product_intensity_table(r: AccountingResult) -> pd.DataFrame:
    """Energy and CO2 per product unit, for enterprises that make exactly one product.

    An enterprise with several products is left out: splitting its energy between them
    needs an allocation rule the park has not given.
    """
    single = [(i, e) for i, e in enumerate(r.config.enterprises) if len(e.products) == 1]
    rows = []
    for i, enterprise in single:
        product = enterprise.products[0]
        co2_kg = r.emissions.scope1_co2_kg[i] + r.emissions.scope2_location_co2_kg[i]
        rows.append(
            {
                "enterprise": enterprise.id,
                "product": product.name,
                "unit": product.unit,
                "annual_output": product.annual_output,
                "kgce_per_unit": energy_intensities(
                    r.energy.gbt2589.calorific[i], product_units=product.annual_output
                ).kgce_per_product_unit.item(),
                "scope1_2_location_co2_kg_per_unit": co2_kg / product.annual_output
                if product.annual_output > 0
                else np.nan,
            }
        )
    columns = [
        "enterprise",
        "product",
        "unit",
        "annual_output",
        "kgce_per_unit",
        "scope1_2_location_co2_kg_per_unit",
    ]
    return pd.DataFrame(rows, columns=columns)
