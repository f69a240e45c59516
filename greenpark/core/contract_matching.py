"""Green-power contracts (绿电交易, 证电合一) matched to their buyers' purchases per period.

A contract's hourly deliveries cover only its buyer's cover room (purchased electricity, never
more than the load left after physical green power), summed per matching period (hourly by
default, monthly as 绿电交易 is settled). The rest is unattributed surplus. Several contracts of
one buyer share the room pro rata (order-independent). A park-level contract (``buyer=None``) is
allocated to enterprises pro rata to the room still left in each period, so every kWh has one
enterprise claimant.

Settled monthly volumes (绿电消费凭证) are the primary input (rules-review-2026 R10); an hourly
shape spread over them is modelled unless the contract's hours come from the exchange's
settlement (``modelled=False``). The part of each claim from modelled hours is kept apart, so
hourly matching can be shown with and without modelled contract hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero, run_sums

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ContractDelivery:
    """One green-power contract: hourly delivered energy [kWh] (H,), buyer index or None (park).

    ``modelled``: the hourly shape is modelled (a solar/wind/flat shape or a modelled profile
    spread over the settled volumes), not the exchange's settled hours.
    """

    id: str
    buyer: int | None
    delivery_kwh: FloatArray
    bundled_certificates: bool = True
    modelled: bool = True


class Periods:
    """Matching periods: consecutive runs of equal labels in ``period_of_hour`` (hour, month,
    year or any other non-decreasing labelling); None is every hour on its own."""

    def __init__(self, period_of_hour: IntArray | None, hours: int) -> None:
        labels = np.arange(hours) if period_of_hour is None else np.asarray(period_of_hour)
        if labels.shape != (hours,) or np.any(np.diff(labels) < 0):
            raise ValueError(f"matching periods must be {hours} non-decreasing labels")
        change = np.r_[True, np.diff(labels) != 0]
        self.starts = np.flatnonzero(change)
        self.lengths = np.diff(np.r_[self.starts, hours])

    def total(self, hourly: FloatArray) -> FloatArray:
        return run_sums(hourly, self.starts)

    def spread(self, per_period: FloatArray) -> FloatArray:
        spread: FloatArray = np.repeat(per_period, self.lengths, axis=0)
        return spread


class ContractCover(NamedTuple):
    """Contract green per hour and enterprise (H,E) [kWh], its modelled-hour part (H,E), and
    (claimant, contract id, kWh) claims."""

    hourly_kwh: FloatArray
    hourly_modelled_kwh: FloatArray
    claims: list[tuple[int, str, float]]


def _pooled(
    pooled: Sequence[ContractDelivery], left_p: FloatArray, periods: Periods
) -> tuple[FloatArray, FloatArray, list[tuple[int, str, float]]]:
    """Park-level contracts: the hourly delivery share each enterprise gets, per contract."""
    delivered = np.sum([c.delivery_kwh for c in pooled], axis=0)
    park_p, left_total_p = periods.total(delivered), left_p.sum(axis=1)
    fraction = periods.spread(ratio_or_zero(np.minimum(park_p, left_total_p), park_p))
    share = periods.spread(ratio_or_zero(left_p, left_total_p[:, None]))
    hourly = np.zeros(share.shape)  # calloc: pages are touched only where written
    modelled = np.zeros(share.shape)
    claims: list[tuple[int, str, float]] = []
    for c in pooled:
        got = (c.delivery_kwh * fraction)[:, None] * share
        hourly += got
        if c.modelled:
            modelled += got
        claims.extend((int(e), c.id, float(got[:, e].sum())) for e in range(share.shape[1]))
    return hourly, modelled, claims


def contract_cover(
    contracts: Sequence[ContractDelivery], room_kwh: FloatArray, periods: Periods
) -> ContractCover:
    """Cover of every contract within its buyer's room (H,E) [kWh], per matching period.

    Direct contracts are matched in their buyers' columns only; a buyer's contracts share
    one delivery sum, so their cover ratio is the same."""
    direct = [(c, c.buyer) for c in contracts if c.buyer is not None]
    pooled = [c for c in contracts if c.buyer is None]
    buyers = sorted({buyer for _, buyer in direct})
    column = {buyer: j for j, buyer in enumerate(buyers)}
    delivered = np.zeros((room_kwh.shape[0], len(buyers)))
    modelled = np.zeros(delivered.shape)
    for c, buyer in direct:
        delivered[:, column[buyer]] += c.delivery_kwh
        if c.modelled:
            modelled[:, column[buyer]] += c.delivery_kwh
    delivered_p = periods.total(delivered)
    covered_p = np.minimum(delivered_p, periods.total(room_kwh[:, buyers]))
    ratio = periods.spread(ratio_or_zero(covered_p, delivered_p))
    claims = [(b, c.id, float(c.delivery_kwh @ ratio[:, column[b]])) for c, b in direct]
    hourly, hourly_modelled = np.zeros(room_kwh.shape), np.zeros(room_kwh.shape)
    hourly[:, buyers] = delivered * ratio
    hourly_modelled[:, buyers] = modelled * ratio
    if pooled:
        left_p = periods.total(room_kwh)
        left_p[:, buyers] -= covered_p
        park, park_modelled, park_claims = _pooled(pooled, left_p, periods)
        hourly += park
        hourly_modelled += park_modelled
        claims += park_claims
    return ContractCover(hourly, hourly_modelled, claims)
