"""Hourly electricity balance of every enterprise in a park: own PV, storage, sharing, grid.

Per enterprise and hour, in this order:

1. own PV serves own load: ``pv_self = min(pv, load)``;
2. each storage unit charges from its owner's remaining PV surplus and discharges into its
   owner's remaining deficit (:mod:`greenpark.core.storage`; ``tou_arbitrage`` units may also
   charge from the grid in cheap hours, booked to the owner);
3. with ``share_surplus`` (park microgrid / 隔墙售电) the remaining PV surplus is pooled per
   hour and given to the other enterprises' remaining deficits pro rata to deficit; each
   surplus holder gives pro rata to its surplus;
4. the PV still left is exported;
5. the grid covers the rest of the load plus any grid charging of storage.

Identities that hold in every hour for every enterprise (to floating-point rounding):

- demand: ``load + grid_to_storage == pv_self + storage_discharge + shared_in + grid_import``
- supply: ``pv == pv_self + pv_to_storage + shared_out + export``
- storage (owner totals): ``pv_to_storage + grid_to_storage == storage_discharge +
  storage_loss + Δstored``, with ``Δstored = η_c·charged − discharged/η_d`` per unit
- ``storage_discharge_green <= storage_discharge_pv <= storage_discharge``
- park-wide: ``Σ_e shared_out == Σ_e shared_in``

Storage is given priority over sharing, so with ``share_surplus`` a battery can take PV that
another enterprise would have used; the owner's grid import never rises.

Certificates: ``kept_fraction`` is the share of each enterprise's PV, per hour, that carries a
certificate to its consumer (PV of registered roofs, 建档立卡; self-consumed PV can never have
its certificates sold, rules-review-2026 R2). A battery carries that share forward in time: the
certificate-backed part of its discharge (``storage_discharge_green``) is what was charged from
such PV, whatever the share of the hour it is released in. All PV discharge is physical green
power (``storage_discharge_pv``); :mod:`greenpark.core.attribution` splits it by certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.blocks import row_blocks
from greenpark.core.storage import (
    StorageDispatch,
    StorageUnit,
    dispatch_storage,
    storage_problems,
)


@dataclass(frozen=True)
class BalanceResult:
    """Hourly flows, each (hours, enterprises) [kWh] unless stated.

    Attributes
    ----------
    load_kwh : electricity used by the enterprise.
    pv_kwh : AC generation of the enterprise's own rooftop PV.
    pv_self_kwh : own PV used directly by own load.
    shared_out_kwh : own PV surplus given to other enterprises in the park.
    shared_in_kwh : other enterprises' PV surplus received.
    export_kwh : own PV sent to the public grid.
    grid_import_kwh : energy bought from the grid (load plus grid charging of storage).
    storage : the storage dispatch; its flows are kept for the battery owners' columns only
        (:class:`~greenpark.core.storage.StorageDispatch`).

    The storage flows for every enterprise, (hours, E), made when first read (properties):
    ``pv_to_storage_kwh`` own PV charged into own storage; ``grid_to_storage_kwh`` grid energy
    charged into own storage (part of ``grid_import_kwh``); ``storage_discharge_kwh`` storage
    output delivered to own load; ``storage_discharge_pv_kwh`` its PV-derived part (physical
    green, with or without certificate); ``storage_discharge_green_kwh`` the part of that
    charged from PV that carries a certificate (registered roofs); ``storage_loss_kwh``
    conversion losses, never green; and per unit, (hours+1, units): ``storage_soc_kwh`` energy
    stored at each hour start and at the end, ``storage_soc_green_kwh`` its part charged from
    PV that carries a certificate.
    """

    load_kwh: np.ndarray
    pv_kwh: np.ndarray
    pv_self_kwh: np.ndarray
    shared_out_kwh: np.ndarray
    shared_in_kwh: np.ndarray
    export_kwh: np.ndarray
    grid_import_kwh: np.ndarray
    storage: StorageDispatch

    @property
    def pv_to_storage_kwh(self) -> np.ndarray:
        return self.storage.pv_to_storage_kwh

    @property
    def grid_to_storage_kwh(self) -> np.ndarray:
        return self.storage.grid_to_storage_kwh

    @property
    def storage_discharge_kwh(self) -> np.ndarray:
        return self.storage.discharge_kwh

    @property
    def storage_discharge_pv_kwh(self) -> np.ndarray:
        return self.storage.discharge_pv_kwh

    @property
    def storage_discharge_green_kwh(self) -> np.ndarray:
        return self.storage.discharge_green_kwh

    @property
    def storage_loss_kwh(self) -> np.ndarray:
        return self.storage.loss_kwh

    @property
    def storage_soc_kwh(self) -> np.ndarray:
        return self.storage.soc_kwh

    @property
    def storage_soc_green_kwh(self) -> np.ndarray:
        return self.storage.soc_green_kwh


def hourly_energy_balance(
    load_kwh: np.ndarray,
    pv_kwh: np.ndarray,
    storage: Sequence[StorageUnit] = (),
    *,
    share_surplus: bool = False,
    price_cny_per_kwh: np.ndarray | None = None,
    kept_fraction: npt.ArrayLike = 1.0,
) -> BalanceResult:
    """Balance every enterprise's load against own PV, storage, park sharing and the grid.

    Parameters
    ----------
    load_kwh : np.ndarray
        (hours, E) electricity use per hour [kWh], >= 0.
    pv_kwh : np.ndarray
        (hours, E) own rooftop PV AC output per hour [kWh], >= 0.
    storage : Sequence[StorageUnit]
        Batteries, each owned by one enterprise column.
    share_surplus : bool
        Pool PV surplus across the park before exporting (``surplus_pv: park_sharing``).
    price_cny_per_kwh : np.ndarray, optional
        (hours,) grid price [CNY/kWh]; needed by ``tou_arbitrage`` storage. The first hour
        must be local midnight.
    kept_fraction : array_like
        Share of each enterprise's PV, per hour, that carries a certificate (registered roofs)
        [0-1], broadcastable to (hours, E); decides the certificate-backed part of storage
        discharge. Default 1 for callers without certificate information.

    Returns
    -------
    BalanceResult
        Every flow; the module docstring lists the identities they satisfy.
    """
    load, pv = np.asarray(load_kwh, dtype=float), np.asarray(pv_kwh, dtype=float)
    if load.ndim != 2 or load.shape != pv.shape:
        raise ValueError(f"load_kwh {load.shape} and pv_kwh {pv.shape} must be equal (hours, E)")
    pv_self, surplus, deficit, invalid = _own_pv(load, pv)
    _check(invalid, load.shape, storage, price_cny_per_kwh)
    stored = dispatch_storage(surplus, deficit, storage, price_cny_per_kwh, kept_fraction)
    owners, flows = stored.owners, stored.owner_flows
    surplus[:, owners] = np.maximum(surplus[:, owners] - flows["pv_to_storage_kwh"], 0)
    deficit[:, owners] = np.maximum(deficit[:, owners] - flows["discharge_kwh"], 0)
    if share_surplus:
        shared_out, shared_in = _share_surplus(surplus, deficit)
    else:
        shared_out, shared_in = np.zeros(load.shape), np.zeros(load.shape)
    deficit[:, owners] += flows["grid_to_storage_kwh"]
    return BalanceResult(
        load_kwh=load,
        pv_kwh=pv,
        pv_self_kwh=pv_self,
        shared_out_kwh=shared_out,
        shared_in_kwh=shared_in,
        export_kwh=surplus,
        grid_import_kwh=deficit,
        storage=stored,
    )


def _share_surplus(surplus: np.ndarray, deficit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PV given and received per enterprise when each hour's surplus is pooled [kWh].

    Takes what is shared out of ``surplus`` and ``deficit`` in place.
    """
    pool = surplus.sum(axis=1, keepdims=True)
    need = deficit.sum(axis=1, keepdims=True)
    moved = np.minimum(pool, need)
    give = np.minimum(ratio_or_zero(moved, pool), 1.0)
    take = np.minimum(ratio_or_zero(moved, need), 1.0)
    shared_out, shared_in = surplus * give, deficit * take
    for values, taken in ((surplus, shared_out), (deficit, shared_in)):
        np.subtract(values, taken, out=values)
        np.maximum(values, 0.0, out=values)  # rounding residue
    return shared_out, shared_in


def _own_pv(
    load: np.ndarray, pv: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[bool, bool]]:
    """Own PV used by own load, ``min(pv, load)``, the PV surplus and the load deficit left
    (hours, E) [kWh], and whether load and PV have a negative, NaN or infinite value; in one
    pass, hour block by hour block."""
    pv_self, surplus, deficit = (np.empty(load.shape) for _ in range(3))
    invalid = [False, False]
    for rows in row_blocks(load.shape):
        for i, values in enumerate((load[rows], pv[rows])):
            invalid[i] |= bool(values.size) and not (
                values.min() >= 0 and np.isfinite(values.max())
            )
        own = np.minimum(pv[rows], load[rows], out=pv_self[rows])
        np.subtract(pv[rows], own, out=surplus[rows])
        np.subtract(load[rows], own, out=deficit[rows])
    return pv_self, surplus, deficit, (invalid[0], invalid[1])


def _check(
    invalid: tuple[bool, bool],
    shape: tuple[int, ...],
    storage: Sequence[StorageUnit],
    price: np.ndarray | None,
) -> None:
    problems = [
        f"{name} must be finite and >= 0; it has negative or NaN values"
        for name, bad in zip(("load_kwh", "pv_kwh"), invalid, strict=True)
        if bad
    ]
    if not problems:
        problems += storage_problems(storage, shape[0], shape[1], price)
    if problems:
        raise ValueError("\n".join(problems))
