"""Battery dispatch behind an enterprise's meter, hour by hour, with green-share tracking.

Rules (all energies per hour, so a power limit of ``power_kw`` allows ``power_kw × 1 h`` kWh):

- Efficiency is split symmetrically: η_c = η_d = √(round-trip efficiency). Charging ``c`` kWh
  (AC) stores ``η_c·c``; delivering ``d`` kWh (AC) takes ``d/η_d`` from the store.
- The power limit applies on the AC side, to charging and discharging alike.
- The state of charge (SOC) stays in ``[min_soc, max_soc] × energy_kwh``; the initial SOC
  must be inside that window.
- ``self_consumption``: charge from the owner's PV surplus, discharge into the owner's
  remaining deficit, every hour (a unit never charges and discharges in the same hour, since
  an owner has either a surplus or a deficit after its own PV).
- ``tou_arbitrage``: as above, but discharging only in *expensive* hours and, in *cheap*
  hours, also charging from the grid up to the power limit (after any PV surplus). Per local
  day (24 consecutive hours from the first hour, which must be local midnight), an hour is
  expensive if its price ≥ the day's ``high_quantile`` price, cheap if its price ≤ the day's
  ``low_quantile`` price, is below the expensive threshold, and is below round-trip × the
  day's highest price (so that buying it can pay back). On a flat-price day every hour is
  expensive and none is cheap, i.e. the unit behaves as in self-consumption mode.
- ``peak_shaving``: keeps the owner's hourly grid purchase at or below ``peak_limit_kw``
  where it can: it discharges only the part of the deficit above the limit, and charges from
  PV surplus and, in any hour, from the grid up to the room left below the limit (so
  charging never sets a new peak). The limit is on hourly mean power; a demand meter's
  15-minute peak can be higher.
- Battery energy is never exported: discharge is capped by the owner's deficit.
- Several units of one owner act in list order within an hour: the second sees the surplus
  and deficit left by the first.
- Green share: the store is one mixed pool. PV charging adds PV energy; a discharge takes PV
  energy in proportion to the PV share of the stored energy before that hour. The initial
  content counts as grid (not PV). Losses are never green. The pool tracks two PV parts:
  all PV, and the PV whose certificates the owner keeps (charged PV × that hour's
  ``kept_fraction``); only the second is green energy the owner may claim later.

Assumptions (greenpark's own dispatch rules, not taken from a tariff, standard or reference):

- the cheap/expensive split at the day's 25 % / 75 % price quantiles
  (:data:`LOW_QUANTILE`, :data:`HIGH_QUANTILE`) and the pay-back test "price below
  round-trip efficiency × the day's highest price" stand in for an operator's schedule;
- a unit starts the year at half charge (``initial_soc_fraction`` 0.5), as in park.yaml's
  default, unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero

DispatchMode = Literal["self_consumption", "tou_arbitrage", "peak_shaving"]

LOW_QUANTILE = 0.25  # a day's cheap hours: price <= this quantile (assumption, see above)
HIGH_QUANTILE = 0.75  # a day's expensive hours: price >= this quantile (assumption)


@dataclass(frozen=True)
class StorageUnit:
    """One battery; mirrors ``storage:`` in park.yaml with the owner as a column index.

    ``round_trip_efficiency`` (AC to AC) has no default: every battery states its own. The SOC
    window defaults to the full rating; the initial SOC of 0.5 is an assumption.
    """

    owner: int
    energy_kwh: float
    power_kw: float
    round_trip_efficiency: float
    min_soc_fraction: float = 0.0
    max_soc_fraction: float = 1.0
    initial_soc_fraction: float = 0.5
    dispatch: DispatchMode = "self_consumption"
    peak_limit_kw: float | None = None


@dataclass(frozen=True)
class StorageDispatch:
    """Storage flows of the owners, per-unit stores (hours+1, U) [kWh], and the same flows for
    every enterprise, (hours, E) [kWh], made when first read (zero outside ``owners``).

    Attributes
    ----------
    owner_flows : each flow of :data:`FLOW_NAMES` in the owners' columns, (hours, owners).
    soc_kwh : stored energy of each unit at each hour start and after the last hour.
    soc_green_kwh : the part of ``soc_kwh`` from PV whose certificates are kept.
    owners : sorted columns that own storage; every flow is zero in the other columns.
    enterprises : E, the number of columns.

    The flows (properties, (hours, E)): ``pv_to_storage_kwh`` own PV surplus charged (AC
    side); ``grid_to_storage_kwh`` grid energy charged (AC side), tou_arbitrage only;
    ``discharge_kwh`` energy delivered to the owner's load (AC side); ``discharge_pv_kwh`` the
    part of it that came from PV (certificates kept or sold); ``discharge_green_kwh`` the part
    of ``discharge_pv_kwh`` from PV whose certificates are kept; ``loss_kwh`` conversion
    losses, charged − discharged − Δstored, never green.
    """

    owner_flows: dict[str, np.ndarray]
    soc_kwh: np.ndarray
    soc_green_kwh: np.ndarray
    owners: list[int]
    enterprises: int

    def every_enterprise(self, name: str) -> np.ndarray:
        """Flow ``name`` for every enterprise, (hours, E) [kWh]: a new array at each call."""
        owner_values = self.owner_flows[name]
        flow = np.zeros((len(owner_values), self.enterprises))
        flow[:, self.owners] = owner_values
        return flow

    def annual_kwh(self, name: str) -> np.ndarray:
        """Flow ``name`` summed over the hours, per enterprise (E,) [kWh]."""
        total = np.zeros(self.enterprises)
        total[self.owners] = self.owner_flows[name].sum(axis=0)
        return total

    @cached_property
    def pv_to_storage_kwh(self) -> np.ndarray:
        return self.every_enterprise("pv_to_storage_kwh")

    @cached_property
    def grid_to_storage_kwh(self) -> np.ndarray:
        return self.every_enterprise("grid_to_storage_kwh")

    @cached_property
    def discharge_kwh(self) -> np.ndarray:
        return self.every_enterprise("discharge_kwh")

    @cached_property
    def discharge_pv_kwh(self) -> np.ndarray:
        return self.every_enterprise("discharge_pv_kwh")

    @cached_property
    def discharge_green_kwh(self) -> np.ndarray:
        return self.every_enterprise("discharge_green_kwh")

    @cached_property
    def loss_kwh(self) -> np.ndarray:
        return self.every_enterprise("loss_kwh")


def storage_problems(
    units: Sequence[StorageUnit], n_hours: int, n_enterprises: int, price: np.ndarray | None
) -> list[str]:
    """Everything wrong with ``units`` for a (n_hours, n_enterprises) park; empty if fine."""
    problems = []
    if price is not None and np.shape(price) != (n_hours,):
        problems.append(f"price_cny_per_kwh has shape {np.shape(price)}, expected ({n_hours},)")
    for i, unit in enumerate(units):
        problems += [f"storage[{i}]: {line}" for line in _unit_problems(unit, n_enterprises)]
        if unit.dispatch == "tou_arbitrage" and price is None:
            problems.append(f"storage[{i}]: tou_arbitrage dispatch needs an hourly tariff price")
    return problems


def _unit_problems(unit: StorageUnit, n_enterprises: int) -> list[str]:
    problems = []
    if not 0 <= unit.owner < n_enterprises:
        problems.append(f"owner column {unit.owner} outside 0..{n_enterprises - 1}")
    if unit.energy_kwh <= 0 or unit.power_kw <= 0:
        problems.append("energy_kwh and power_kw must be > 0")
    if (unit.dispatch == "peak_shaving") != (unit.peak_limit_kw is not None):
        problems.append("peak_limit_kw is given exactly when dispatch is peak_shaving")
    elif unit.peak_limit_kw is not None and unit.peak_limit_kw < 0:
        problems.append(f"peak_limit_kw must be >= 0, got {unit.peak_limit_kw}")
    if not 0 < unit.round_trip_efficiency <= 1:
        problems.append(
            f"round_trip_efficiency must be in (0, 1], got {unit.round_trip_efficiency}"
        )
    low, start, high = unit.min_soc_fraction, unit.initial_soc_fraction, unit.max_soc_fraction
    if not 0 <= low <= start <= high <= 1:
        rule = "0 <= min_soc_fraction <= initial_soc_fraction <= max_soc_fraction <= 1"
        problems.append(f"need {rule}, got {low}, {start}, {high}")
    return problems


def tou_hours(
    price_cny_per_kwh: np.ndarray,
    round_trip_efficiency: float,
    low_quantile: float = LOW_QUANTILE,
    high_quantile: float = HIGH_QUANTILE,
) -> tuple[np.ndarray, np.ndarray]:
    """Cheap (grid-charging) and expensive (discharging) hours, each a bool array (hours,).

    Days are consecutive blocks of 24 hours from the first hour (local midnight); a final
    partial day is its own block. The rules and their status as assumptions are in the
    module docstring.
    """
    price = np.asarray(price_cny_per_kwh, dtype=float)
    low, high, top = _daily_levels(price, (low_quantile, high_quantile))
    cheap = (price <= low) & (price < high) & (price < round_trip_efficiency * top)
    return cheap, price >= high


def _daily_levels(price: np.ndarray, quantiles: tuple[float, float]) -> np.ndarray:
    """The day's two price quantiles and its highest price, repeated to every hour (3, hours)."""
    full = len(price) // 24 * 24
    days = [d for d in (price[:full].reshape(-1, 24), price[full:].reshape(1, -1)) if d.size]
    levels = [
        np.repeat(np.vstack([np.quantile(d, quantiles, axis=1), d.max(axis=1)]), d.shape[1], 1)
        for d in days
    ]
    return np.concatenate(levels, axis=1) if levels else np.empty((3, 0))


#: the storage flows of :class:`StorageDispatch`, by name
FLOW_NAMES = (
    "pv_to_storage_kwh",
    "grid_to_storage_kwh",
    "discharge_kwh",
    "discharge_pv_kwh",
    "discharge_green_kwh",
    "loss_kwh",
)


def dispatch_storage(
    surplus_kwh: np.ndarray,
    deficit_kwh: np.ndarray,
    units: Sequence[StorageUnit],
    price_cny_per_kwh: np.ndarray | None = None,
    kept_fraction: npt.ArrayLike = 1.0,
) -> StorageDispatch:
    """Dispatch every unit against its owner's PV surplus and load deficit.

    Parameters
    ----------
    surplus_kwh : np.ndarray
        (hours, E) PV left after own load [kWh].
    deficit_kwh : np.ndarray
        (hours, E) load left after own PV [kWh]; zero wherever ``surplus_kwh`` > 0.
    units : Sequence[StorageUnit]
        Units; :func:`storage_problems` lists what is wrong with them.
    price_cny_per_kwh : np.ndarray, optional
        (hours,) grid price [CNY/kWh]; needed by ``tou_arbitrage`` units.
    kept_fraction : array_like
        Share of each owner's PV, per hour, whose certificates it keeps [0-1], broadcastable
        to (hours, E); 1 (all kept) without certificate information. Only hours with PV
        surplus use it.

    Raises
    ------
    ValueError
        Whatever :func:`storage_problems` finds.
    ValueError
        ``kept_fraction`` not broadcastable to (hours, E) or outside [0, 1].
    """
    n_hours, n_ent = surplus_kwh.shape
    problems = storage_problems(units, n_hours, n_ent, price_cny_per_kwh)
    if problems:
        raise ValueError("\n".join(problems))
    kept = np.broadcast_to(np.asarray(kept_fraction, dtype=float), surplus_kwh.shape)
    if kept.size and (kept.min() < 0 or kept.max() > 1):
        raise ValueError("kept_fraction must lie in [0, 1]")
    owners = sorted({unit.owner for unit in units})
    column = {owner: i for i, owner in enumerate(owners)}
    surplus, deficit, kept = surplus_kwh[:, owners], deficit_kwh[:, owners], kept[:, owners]
    owner_flows = {name: np.zeros((n_hours, len(owners))) for name in FLOW_NAMES}
    bought = np.zeros_like(deficit)  # grid charging of the units already dispatched
    soc = np.zeros((n_hours + 1, len(units)))
    green = np.zeros((n_hours + 1, len(units)))
    for rank in _ranks(units):
        group = [units[i] for i in rank]
        cols = [column[u.owner] for u in group]
        cheap, expensive = _mode_hours(group, n_hours, price_cny_per_kwh)
        unit_flows, soc[:, rank], green[:, rank] = _dispatch_group(
            group,
            (surplus[:, cols], deficit[:, cols], kept[:, cols], bought[:, cols]),
            cheap,
            expensive,
        )
        for name in FLOW_NAMES:
            owner_flows[name][:, cols] += unit_flows[name]
        surplus[:, cols] -= unit_flows["pv_to_storage_kwh"]
        deficit[:, cols] -= unit_flows["discharge_kwh"]
        bought[:, cols] += unit_flows["grid_to_storage_kwh"]
    return StorageDispatch(owner_flows, soc, green, owners, n_ent)


def _ranks(units: Sequence[StorageUnit]) -> list[list[int]]:
    """Unit indices grouped so each group has at most one unit per owner, in list order."""
    ranks: list[list[int]] = []
    seen: dict[int, int] = {}
    for i, unit in enumerate(units):
        rank = seen.get(unit.owner, 0)
        seen[unit.owner] = rank + 1
        if rank == len(ranks):
            ranks.append([])
        ranks[rank].append(i)
    return ranks


def _mode_hours(
    group: Sequence[StorageUnit], n_hours: int, price: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (hours, U): may charge from the grid; may discharge."""
    cheap = np.zeros((n_hours, len(group)), dtype=bool)
    expensive = np.ones((n_hours, len(group)), dtype=bool)
    for j, unit in enumerate(group):
        if unit.dispatch == "tou_arbitrage":
            assert price is not None, "checked by storage_problems"
            cheap[:, j], expensive[:, j] = tou_hours(price, unit.round_trip_efficiency)
    return cheap, expensive


def _dispatch_group(
    group: Sequence[StorageUnit],
    owner: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    cheap: np.ndarray,
    expensive: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Flows (hours, U), stored energy and its kept-green part (hours+1, U), distinct owners.

    ``owner`` holds each unit's owner's surplus, deficit, kept fraction and what earlier units
    of the owner charge from the grid (hours, U): a peak-shaving unit keeps the owner's whole
    purchase (deficit + that charging) below its limit, discharging into the deficit only.
    ``cheap`` and ``expensive`` never overlap (cheap hours are below the expensive level).
    """
    surplus, deficit, kept, bought = owner
    eta = np.sqrt([u.round_trip_efficiency for u in group])
    power = np.array([u.power_kw for u in group])
    energy = np.array([u.energy_kwh for u in group])
    low = energy * [u.min_soc_fraction for u in group]
    high = energy * [u.max_soc_fraction for u in group]
    shaving = np.array([u.peak_limit_kw is not None for u in group])
    limit = np.array([u.peak_limit_kw or 0.0 for u in group])
    pv_request = np.minimum(surplus, power)
    purchase = deficit + bought
    room = np.where(shaving, np.maximum(limit - purchase, 0.0), np.where(cheap, np.inf, 0.0))
    grid_request = np.minimum(power - pv_request, room)
    above = np.where(shaving, np.clip(purchase - limit, 0.0, deficit), deficit)
    discharge_request = np.where(expensive, np.minimum(above, power), 0.0)
    step = eta * (pv_request + grid_request) - discharge_request / eta
    soc = _bounded_cumulative(energy * [u.initial_soc_fraction for u in group], step, low, high)
    delta = np.diff(soc, axis=0)
    charged = np.maximum(delta, 0.0) / eta
    pv_in = np.minimum(charged, pv_request)
    grid_in = np.clip(charged - pv_in, 0.0, grid_request)
    taken = np.maximum(-delta, 0.0)
    discharge = np.minimum(taken * eta, discharge_request)
    retained = np.where(soc[:-1] > 0, ratio_or_zero(soc[:-1] - taken, soc[:-1]), 1.0)
    stored_pv = eta * pv_in
    pools = _pool_content(np.hstack([retained, retained]), np.hstack([stored_pv * kept, stored_pv]))
    green, pv = np.hsplit(pools, 2)
    flows = {
        "pv_to_storage_kwh": pv_in,
        "grid_to_storage_kwh": grid_in,
        "discharge_kwh": discharge,
        "discharge_pv_kwh": np.minimum(ratio_or_zero(pv[:-1], soc[:-1]), 1.0) * discharge,
        "discharge_green_kwh": np.minimum(ratio_or_zero(green[:-1], soc[:-1]), 1.0) * discharge,
        "loss_kwh": np.maximum(pv_in + grid_in - discharge - delta, 0.0),
    }
    return flows, soc, green


def _bounded_cumulative(
    start: np.ndarray, step: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """s[0] = start, s[h+1] = clip(s[h] + step[h], low, high); shape (hours+1, U)."""
    out = np.empty((len(step) + 1, len(start)))
    out[0] = start
    for hour in range(len(step)):
        level = out[hour + 1]
        np.add(out[hour], step[hour], out=level)
        np.maximum(level, low, out=level)
        np.minimum(level, high, out=level)
    return out


def _pool_content(retained_fraction: np.ndarray, added: np.ndarray) -> np.ndarray:
    """c[0] = 0, c[h+1] = c[h]·retained[h] + added[h]: one part of a mixed pool (hours+1, U)."""
    out = np.zeros((len(retained_fraction) + 1, retained_fraction.shape[1]))
    for hour in range(len(retained_fraction)):
        level = out[hour + 1]
        np.multiply(out[hour], retained_fraction[hour], out=level)
        np.add(level, added[hour], out=level)
    return out
