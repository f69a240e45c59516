"""Green-power shares (绿色电力消费比例) per enterprise and for the park, from the ledger.

Views of the same ledger, every share in [0, 1] (NaN where the load is zero):

- **annual volumetric**: attributed green ÷ load, summed over the year (the Chinese indicator,
  china-factors §6: certificates held and claimed + on-site renewable ÷ consumption); split into
  physical (on-site + park-shared PV, with or without certificate), contract, certificate;
- **certificate-based** (669号 "完成情况核算以绿证为主" [A]): only green backed by a certificate,
  i.e. without physical PV of unregistered roofs (rules-review-2026 R2);
- **monthly** (12, E), month-matched: physical, park-trade and contract green of the month, plus
  the certificates *produced* in that month (a batch's production months; kept certificates of
  own exports in their export month), each month capped at its load. Certificates produced in
  other years (``validity_2y``) count in the annual share only (rules-review-2026 R3);
- **hourly matched** (24/7 CFE, assessment-criteria §5.2): Σ_h min(green_h, load_h) ÷ Σ_h load_h,
  where green_h is physical + park trade + contract deliveries. Unbundled certificates carry no
  hour and are excluded. Shown with and without contract hours that are modelled (a shape
  spread over settled volumes, rules-review-2026 R10). The park view aggregates all enterprises
  per hour before matching.
- **绿电直连 tests** (direct line, rules-review-2026 R9, 发改能源〔2025〕650号 [C number],
  content [B]): self-use ≥ 60 % of the generation and ≥ 30 % of the load (≥ 35 % from 2030).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.attribution import Ledger
from greenpark.core.blocks import labelled_blocks

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
    annual_certificate_based_fraction: FloatArray
    park_annual_certificate_based_fraction: float
    hourly_matched_settled_fraction: FloatArray
    park_hourly_matched_settled_fraction: float


def share_fraction(green_kwh: FloatArray, load_kwh: FloatArray) -> FloatArray:
    """min(green, load) ÷ load [0-1], element-wise; NaN where the load is not positive."""
    green = np.asarray(green_kwh, dtype=float)
    load = np.asarray(load_kwh, dtype=float)
    out: FloatArray = np.full(np.broadcast(green, load).shape, np.nan)
    np.divide(np.clip(green, 0.0, load), load, out=out, where=load > 0)
    return out


def hourly_matched_kwh(green_kwh: FloatArray, load_kwh: FloatArray) -> FloatArray:
    """Σ_h min(green_h, load_h) [kWh] over the first axis (hours)."""
    clipped = np.maximum(green_kwh, 0.0)
    np.minimum(clipped, load_kwh, out=clipped)  # in place: one temporary, not two
    matched: FloatArray = clipped.sum(axis=0)
    return matched


class _HourSums(NamedTuple):
    """What the shares read of the hourly arrays, summed hour block by hour block.

    ``months``: month totals (4, 12, E) [kWh] of load, physical green, timed green and kept
    export certificates; ``matched``: Σ_h min(green_h, load_h) (3, E) [kWh] and ``park``: the
    park's total per hour (4, H) [kWh], each of timed, physical and settled green (timed
    without modelled contract hours) and, last in ``park``, of the load.
    """

    months: FloatArray
    matched: FloatArray
    park: FloatArray


def _hour_sums(ledger: Ledger, load_kwh: FloatArray, month_of_hour: IntArray) -> _HourSums:
    """The sums of :class:`_HourSums`, with no full-size temporary."""
    hours, enterprises = load_kwh.shape
    months, matched = np.zeros((4, 12, enterprises)), np.zeros((3, enterprises))
    park = np.zeros((4, hours))
    for rows, month in labelled_blocks(month_of_hour, load_kwh.shape):
        load = load_kwh[rows]
        physical = ledger.hourly_onsite_physical_kwh[rows] + ledger.hourly_shared_physical_kwh[rows]
        timed = physical + ledger.hourly_trade_kwh[rows]
        timed += ledger.hourly_contract_kwh[rows]
        kept = ledger.hourly_export_certificate_kwh[rows]
        for i, values in enumerate((load, physical, timed, kept)):
            months[i, month - 1] += values.sum(axis=0)
        for i, green in enumerate((timed, physical)):
            matched[i] += hourly_matched_kwh(green, load)
            park[i, rows] = green.sum(axis=1)
        timed -= ledger.hourly_contract_modelled_kwh[rows]  # in place: the settled hours
        matched[2] += hourly_matched_kwh(timed, load)
        park[2, rows], park[3, rows] = timed.sum(axis=1), load.sum(axis=1)
    return _HourSums(months, matched, park)


def _park_fraction(green_kwh: FloatArray, load: FloatArray) -> float:
    return float(share_fraction(np.asarray(green_kwh.sum()), np.asarray(load.sum())))


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
    months = np.asarray(month_of_hour)
    if months.size and (months.min() < 1 or months.max() > 12):
        raise ValueError("month_of_hour must be calendar months 1-12")
    sums = _hour_sums(ledger, load_kwh, months)
    month_load, month_physical, month_timed, month_kept = sums.months
    load = month_load.sum(axis=0)
    month_certificate = ledger.monthly_certificate_kwh + month_kept
    month_green = np.minimum(month_timed + month_certificate, month_load)
    park_load = np.asarray(load.sum())
    matched, physical, settled = (share_fraction(kwh, load) for kwh in sums.matched)
    park_matched, park_physical, park_settled = (
        float(share_fraction(hourly_matched_kwh(green_h, sums.park[3]), park_load))
        for green_h in sums.park[:3]
    )
    return GreenShares(
        annual_fraction=share_fraction(ledger.green_kwh, load),
        annual_physical_fraction=share_fraction(ledger.physical_kwh, load),
        annual_contract_fraction=share_fraction(ledger.contract_kwh, load),
        annual_certificate_fraction=share_fraction(
            ledger.certificate_kwh + ledger.export_certificate_kwh, load
        ),
        park_annual_fraction=_park_fraction(ledger.green_kwh, load),
        park_annual_physical_fraction=_park_fraction(ledger.physical_kwh, load),
        monthly_fraction=share_fraction(month_green, month_load),
        monthly_physical_fraction=share_fraction(month_physical, month_load),
        park_monthly_fraction=share_fraction(month_green.sum(axis=1), month_load.sum(axis=1)),
        hourly_matched_fraction=matched,
        hourly_matched_physical_fraction=physical,
        park_hourly_matched_fraction=park_matched,
        park_hourly_matched_physical_fraction=park_physical,
        annual_certificate_based_fraction=share_fraction(ledger.certificate_based_kwh, load),
        park_annual_certificate_based_fraction=_park_fraction(ledger.certificate_based_kwh, load),
        hourly_matched_settled_fraction=settled,
        park_hourly_matched_settled_fraction=park_settled,
    )


#: 绿电直连 thresholds (youfuw.com guide to 发改能源〔2025〕650号 [B]; number [C])
DIRECT_LINE_SELF_USE_MIN = 0.60  # self-used share of the available generation
DIRECT_LINE_LOAD_SHARE_MIN = 0.30  # share of the load (0.35 from 2030)


@dataclass(frozen=True)
class DirectLineTests:
    """绿电直连 tests of a park: self-used share of generation and green share of load [0-1]."""

    self_use_fraction: float
    load_share_fraction: float
    meets_self_use: bool
    meets_load_share: bool


def direct_line_tests(
    generation_kwh: float, exported_kwh: float, green_used_kwh: float, load_kwh: float
) -> DirectLineTests:
    """Self-use = (generation − export) ÷ generation; load share = PV used ÷ load [0-1].

    Generation not exported is used behind the connection point (directly, through storage,
    or shared over the direct line); storage losses of PV count as used. NaN without
    generation or load (the tests then do not apply and are not met).
    """
    self_use = float(
        share_fraction(np.asarray(generation_kwh - exported_kwh), np.asarray(generation_kwh))
    )
    load_share = float(share_fraction(np.asarray(green_used_kwh), np.asarray(load_kwh)))
    return DirectLineTests(
        self_use,
        load_share,
        bool(self_use >= DIRECT_LINE_SELF_USE_MIN),
        bool(load_share >= DIRECT_LINE_LOAD_SHARE_MIN),
    )
