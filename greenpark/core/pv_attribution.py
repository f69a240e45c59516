"""On-site and park-shared PV in the attribution ledger (:mod:`greenpark.core.attribution`).

Physical green power by certificate status, park trade by sharing channel, and exported PV by
where its certificates went. Rules (rules-review-2026 R2, R9):

- self-consumed PV is physical green; PV of registered roofs (建档立卡) carries a non-tradable
  certificate to its consumer, PV of unregistered roofs none (1044号 [A]; NEA 2026 实施细则
  Art. 25 [B]);
- park sharing: ``physical`` (direct line, incremental distribution) makes received PV physical
  green of the receiver; ``trade`` (market trade over the public grid) makes it the sender's
  export and the receiver's purchase, its registered part carrying bundled certificates to the
  receiver (Art. 23 [B]); ``grid`` (no channel) export + purchase without certificates;
- exported PV's certificates (registered roofs) go where the roof says: ``kept`` by the owner,
  ``sold``, or to the provincial account for 136号 mechanism volumes (``provincial_mechanism``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.blocks import row_blocks

FloatArray = npt.NDArray[np.float64]

SHARING = ("physical", "trade", "grid")
EXPORT_DESTINATIONS = ("kept", "sold", "provincial_mechanism")


class PvFlows(NamedTuple):
    """The balance flows the ledger reads, each (H,E) [kWh], but the storage discharges:
    (H, columns), for the ``storage_columns`` of (H,E) (the other columns discharge nothing)."""

    load: FloatArray
    pv_self: FloatArray
    discharge_pv: FloatArray
    discharge_green: FloatArray
    shared_out: FloatArray
    shared_in: FloatArray
    grid_import: FloatArray
    export: FloatArray
    storage_columns: slice | list[int]


class PhysicalGreen(NamedTuple):
    """Physical green consumption and park trade, hourly (H,E) [kWh] unless stated."""

    onsite: FloatArray
    onsite_no_certificate: FloatArray  # (E,) annual: only its sum is read
    shared: FloatArray
    shared_no_certificate: FloatArray  # (E,) annual
    trade: FloatArray
    purchased: FloatArray  # grid import + shared kWh bought over the public grid
    sent: FloatArray  # (E,) physical shared PV credited to each sender


def checked_fraction(value: npt.ArrayLike, shape: tuple[int, ...], name: str) -> FloatArray:
    """``value`` broadcast to ``shape``; a ValueError outside [0, 1]."""
    fraction: FloatArray = np.broadcast_to(np.asarray(value, dtype=float), shape)
    if fraction.size and (fraction.min() < 0 or fraction.max() > 1 + 1e-12):
        raise ValueError(f"{name} must lie in [0, 1]")
    return fraction


def _onsite_no_certificate_kwh(
    flows: PvFlows, onsite: FloatArray, certified: FloatArray
) -> FloatArray:
    """Σ_h max(onsite − (pv_self × certified + discharge_green), 0) (E,) [kWh], hour block
    by hour block (no full-size temporary)."""
    total = np.zeros(onsite.shape[1])
    for rows in row_blocks(onsite.shape):
        part = flows.pv_self[rows] * certified[rows]  # the certified part first, then in place
        part[:, flows.storage_columns] += flows.discharge_green[rows]
        np.subtract(onsite[rows], part, out=part)
        np.maximum(part, 0.0, out=part)
        total += part.sum(axis=0)
    return total


def physical_green(flows: PvFlows, certified: FloatArray, sharing: str) -> PhysicalGreen:
    """On-site PV by certificate status, and shared PV by channel (hourly (H,E) [kWh])."""
    onsite = flows.pv_self.copy()  # + discharge_pv, in its columns only
    onsite[:, flows.storage_columns] += flows.discharge_pv
    no_cert_onsite = _onsite_no_certificate_kwh(flows, onsite, certified)
    shape = flows.load.shape
    if not (flows.shared_out.any() or flows.shared_in.any()):  # nothing shared: no splits
        shared, trade = np.zeros(shape), np.zeros(shape)
        return PhysicalGreen(
            onsite, no_cert_onsite, shared, np.zeros(shape[1]), trade, flows.grid_import,
            np.zeros(shape[1]),
        )  # fmt: skip
    out_total = flows.shared_out.sum(axis=1)
    pool_certified = ratio_or_zero((flows.shared_out * certified).sum(axis=1), out_total)
    shared_certified = flows.shared_in * pool_certified[:, None]
    zeros = np.zeros(flows.load.shape)
    if sharing == "physical":
        scale = ratio_or_zero(flows.shared_in.sum(axis=1), out_total)
        sent = (flows.shared_out * scale[:, None]).sum(axis=0)
        no_cert = np.subtract(flows.shared_in, shared_certified, out=shared_certified)
        shared, trade, purchased = flows.shared_in, zeros, flows.grid_import
        no_cert_kwh = no_cert.sum(axis=0)
    else:
        sent, shared, no_cert_kwh = np.zeros(shape[1]), zeros, np.zeros(shape[1])
        trade = shared_certified if sharing == "trade" else zeros
        purchased = flows.grid_import + flows.shared_in
    return PhysicalGreen(onsite, no_cert_onsite, shared, no_cert_kwh, trade, purchased, sent)


class AnnualFlows(NamedTuple):
    """Annual sums (E,) [kWh] of the hourly flows the ledger reads, and of the load left
    after physical green, max(load − onsite − shared, 0) per hour (``uncovered``)."""

    load: FloatArray
    onsite: FloatArray
    shared: FloatArray
    trade: FloatArray
    purchased: FloatArray
    uncovered: FloatArray


def annual_flows_and_room(
    load_kwh: FloatArray, physical: PhysicalGreen, *, with_room: bool
) -> tuple[AnnualFlows, FloatArray]:
    """:class:`AnnualFlows` and, ``with_room``, the cover room of green-power contracts
    (H,E) [kWh], max(min(purchased, uncovered) − trade, 0) (without, a zero array that is
    never written); in one pass over the hourly flows, hour block by hour block."""
    shape = np.shape(load_kwh)
    sums, room = np.zeros((6, shape[1])), np.zeros(shape)
    for rows in row_blocks(shape):
        load, onsite, shared = load_kwh[rows], physical.onsite[rows], physical.shared[rows]
        trade, purchased = physical.trade[rows], physical.purchased[rows]
        for i, values in enumerate((load, onsite, shared, trade, purchased)):
            sums[i] += values.sum(axis=0)
        left = load - onsite  # max(load - onsite - shared, 0)
        left -= shared
        np.maximum(left, 0.0, out=left)
        sums[5] += left.sum(axis=0)
        if with_room:
            part = np.minimum(purchased, left, out=room[rows])
            part -= trade
            np.maximum(part, 0.0, out=part)
    return AnnualFlows(*sums), room


def exported_by_certificate(
    flows: PvFlows, sharing: str, export_fractions: Mapping[str, npt.ArrayLike]
) -> tuple[dict[str, FloatArray], FloatArray]:
    """Exported PV by certificate destination (E,) [kWh], and the kept part per hour (H,E).

    Without a channel, PV shared over the grid is the sender's export too; under ``trade``
    it is not: its registered part's certificates go to the receiver with the trade. Summed
    hour block by hour block: only the kept part is kept per hour.
    """
    shape = flows.load.shape
    fractions = {
        d: checked_fraction(export_fractions[d], shape, f"export fraction {d}")
        for d in EXPORT_DESTINATIONS
        if d in export_fractions
    }
    exported = {d: np.zeros(shape[1]) for d in EXPORT_DESTINATIONS}
    total, kept = np.zeros(shape[1]), np.zeros(shape)  # kept: written only if "kept" is given
    for rows in row_blocks(shape):
        out = (
            flows.export[rows] + flows.shared_out[rows] if sharing == "grid" else flows.export[rows]
        )
        total += out.sum(axis=0)
        for d, f in fractions.items():
            part = np.multiply(out, f[rows], out=kept[rows] if d == "kept" else None)
            exported[d] += part.sum(axis=0)
    exported["none"] = np.maximum(total - sum(exported.values()), 0.0)
    return exported, kept
