"""Green-power shares (绿色电力消费比例) per enterprise and for the park, from the ledger.

Three views of the same ledger, every share in [0, 1] (NaN where the load is zero):

- **annual volumetric**: attributed green ÷ load, summed over the year (the Chinese indicator,
  china-factors §6: certificates held and claimed + on-site renewable ÷ consumption);
- **monthly** (12, E): certificates have no timestamp, so each enterprise's certificate kWh are
  spread over the months pro rata to the load each month still had uncovered after physical
  and contract green power; a month's green is capped at its load (a contract matched over the
  year does not carry a surplus from one month into another);
- **hourly matched** (24/7 CFE, assessment-criteria §5.2): Σ_h min(green_h, load_h) ÷ Σ_h load_h,
  where green_h is physical + contract deliveries. Unbundled certificates carry no hour, so
  they are excluded from hourly matching. Physical green is matched first, contracts fill
  what is left. The park view aggregates all enterprises per hour before matching.

Each view is split into physical (on-site + park-shared PV) and market (contract, certificate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import month_totals, ratio_or_zero
from greenpark.core.attribution import Ledger

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class GreenShares:
    """Green shares [0-1]: per enterprise (E,), monthly (12,E), park scalars and (12,)."""

    annual_fraction: FloatArray
    annual_physical_fraction: FloatArray
    annual_contract_fraction: FloatArray
    annual_certificate_fraction: FloatArray
    park_annual_fraction: float
    park_annual_physical_fraction: float
    monthly_fraction: FloatArray
    monthly_physical_fraction: FloatArray
    park_monthly_fraction: FloatArray
    hourly_matched_fraction: FloatArray
    hourly_matched_physical_fraction: FloatArray
    park_hourly_matched_fraction: float
    park_hourly_matched_physical_fraction: float


def share_fraction(green_kwh: FloatArray, load_kwh: FloatArray) -> FloatArray:
    """min(green, load) ÷ load [0-1], element-wise; NaN where the load is not positive."""
    green = np.asarray(green_kwh, dtype=float)
    load = np.asarray(load_kwh, dtype=float)
    out: FloatArray = np.full(np.broadcast(green, load).shape, np.nan)
    np.divide(np.clip(green, 0.0, load), load, out=out, where=load > 0)
    return out


def monthly_certificate_kwh(certificate_kwh: FloatArray, uncovered_kwh: FloatArray) -> FloatArray:
    """Annual certificate kWh (E,) spread over months (12,E) pro rata to uncovered load [kWh]."""
    uncovered = np.maximum(uncovered_kwh, 0.0)
    return ratio_or_zero(uncovered, uncovered.sum(axis=0)) * certificate_kwh


def hourly_matched_kwh(green_kwh: FloatArray, load_kwh: FloatArray) -> FloatArray:
    """Σ_h min(green_h, load_h) [kWh] over the first axis (hours)."""
    matched: FloatArray = np.minimum(np.maximum(green_kwh, 0.0), load_kwh).sum(axis=0)
    return matched


def _hourly_matched(
    ledger: Ledger, load_kwh: FloatArray
) -> tuple[FloatArray, FloatArray, float, float]:
    """Hourly-matched shares: enterprise total and physical (E,), park total and physical."""
    physical, green = ledger.hourly_physical_kwh, ledger.hourly_green_kwh
    load, park_load_h = load_kwh.sum(axis=0), load_kwh.sum(axis=1)
    park_load = np.asarray(load.sum())
    return (
        share_fraction(hourly_matched_kwh(green, load_kwh), load),
        share_fraction(hourly_matched_kwh(physical, load_kwh), load),
        float(share_fraction(hourly_matched_kwh(green.sum(axis=1), park_load_h), park_load)),
        float(share_fraction(hourly_matched_kwh(physical.sum(axis=1), park_load_h), park_load)),
    )


def green_shares(ledger: Ledger, load_kwh: FloatArray, month_of_hour: IntArray) -> GreenShares:
    """Annual, monthly and hourly-matched green shares of every enterprise and the park.

    Parameters
    ----------
    ledger
        The attribution ledger of the accounting year.
    load_kwh
        Hourly consumption (H,E) [kWh], the same the ledger was built from.
    month_of_hour
        Month 1-12 of every hour (H,).
    """
    load = load_kwh.sum(axis=0)
    park_load = np.asarray(load.sum())
    month_load = month_totals(load_kwh, month_of_hour)
    month_physical = month_totals(ledger.hourly_physical_kwh, month_of_hour)
    month_timed = month_physical + month_totals(ledger.hourly_contract_kwh, month_of_hour)
    month_certificate = monthly_certificate_kwh(ledger.certificate_kwh, month_load - month_timed)
    month_green = np.minimum(month_timed + month_certificate, month_load)
    matched, matched_physical, park_matched, park_matched_physical = _hourly_matched(
        ledger, load_kwh
    )
    return GreenShares(
        annual_fraction=share_fraction(ledger.green_kwh, load),
        annual_physical_fraction=share_fraction(ledger.physical_kwh, load),
        annual_contract_fraction=share_fraction(ledger.contract_kwh, load),
        annual_certificate_fraction=share_fraction(ledger.certificate_kwh, load),
        park_annual_fraction=float(share_fraction(np.asarray(ledger.green_kwh.sum()), park_load)),
        park_annual_physical_fraction=float(
            share_fraction(np.asarray(ledger.physical_kwh.sum()), park_load)
        ),
        monthly_fraction=share_fraction(month_green, month_load),
        monthly_physical_fraction=share_fraction(month_physical, month_load),
        park_monthly_fraction=share_fraction(month_green.sum(axis=1), month_load.sum(axis=1)),
        hourly_matched_fraction=matched,
        hourly_matched_physical_fraction=matched_physical,
        park_hourly_matched_fraction=park_matched,
        park_hourly_matched_physical_fraction=park_matched_physical,
    )
