"""Green sources of a run in the core's shapes: rooftop PV per enterprise, contract
deliveries and certificate batches, with enterprise ids turned into column indices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.attribution import ContractDelivery
from greenpark.core.certificates import CertificateBatch
from greenpark.core.delivery import shaped_delivery_kwh, wind_power_fraction
from greenpark.core.pv_attribution import EXPORT_DESTINATIONS
from greenpark.inputs.park.green_rules import certificate_batch
from greenpark.inputs.park.schema import PARK, Contract, ParkConfig
from greenpark.inputs.weather.files import Weather
from greenpark.messages import Message

#: park.sharing_channel -> how the ledger treats shared PV (greenpark.core.pv_attribution)
SHARING_OF_CHANNEL: dict[str | None, str] = {
    "direct_line": "physical",
    "incremental_distribution": "physical",
    "market_trade": "trade",
    None: "grid",
}


@dataclass(frozen=True)
class EnterprisePv:
    """Rooftop PV per enterprise (H,E) [kWh] and the certificate status of its generation.

    ``certified_fraction``: share from registered roofs (建档立卡), whose self-consumed kWh
    carry a non-tradable certificate to the consumer; ``export_fractions``: per destination of
    exported kWh's certificates some roof names (``kept``, ``sold``, ``provincial_mechanism``;
    a destination no roof names is left out: its share is 0), the share from
    registered roofs with that destination. The shares only weigh an hour's own PV (a
    battery carries the status of the PV it stored, :mod:`greenpark.core.balance`): where an
    enterprise produces nothing they are immaterial, 0, or 1 when every roof of the park has
    that status (then a share is one read-only array of ones, not a (H,E) array).
    """

    pv_kwh: np.ndarray
    certified_fraction: np.ndarray
    export_fractions: dict[str, np.ndarray]


def enterprise_pv(config: ParkConfig, roof_kwh: pd.DataFrame) -> EnterprisePv:
    """Roof generation (H, roofs) summed per owner, with its certificate status."""
    index = config.enterprise_index()
    roofs = {r.id: r for r in config.rooftops}
    listed = [roofs[roof_id] for roof_id in roof_kwh.columns]
    values = roof_kwh.to_numpy(dtype=float)
    owner = np.array([index[r.owner] for r in listed], dtype=np.intp)
    shape = (len(roof_kwh.index), len(index))
    total = _per_owner(values, owner, shape)

    def fraction(of_roof: list[bool]) -> np.ndarray:
        """Share of each owner's PV per hour from the roofs ``of_roof`` marks."""
        mask = np.array(of_roof, dtype=bool)
        if not mask.any():  # no roof (or none marked): no share
            return np.zeros(shape)
        if mask.all():  # x / x is exactly 1 wherever there is PV
            return np.broadcast_to(1.0, shape)
        return ratio_or_zero(_per_owner(values[:, mask], owner[mask], shape), total)

    used = {roof.export_certificates for roof in roofs.values()}
    return EnterprisePv(
        total,
        fraction([r.gec_registered for r in listed]),
        {
            d: fraction([r.export_certificates == d for r in listed])
            for d in EXPORT_DESTINATIONS
            if d in used
        },
    )


def _per_owner(values: np.ndarray, owner: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Columns of ``values`` (H, roofs) summed per owner column ``owner`` (roofs,), in roof
    order, into an (H, E) array (``values`` itself when each enterprise has one roof, in
    enterprise order)."""
    if not len(owner):
        return np.zeros(shape)
    order = np.argsort(owner, kind="stable")
    ranked = owner[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    block = values if np.array_equal(order, np.arange(len(order))) else values[:, order]
    sums = block if len(starts) == len(owner) else np.add.reduceat(block, starts, axis=1)
    if np.array_equal(ranked[starts], np.arange(shape[1])):  # every enterprise, in order
        return sums
    out = np.zeros(shape)
    out[:, ranked[starts]] = sums
    return out


def _shape(
    contract: Contract, weather: Weather, park_dir_profiles: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, Message | None]:
    data = weather.data
    if contract.delivery_shape == "solar":
        return data["ghi"].to_numpy(dtype=float), None
    if contract.delivery_shape == "wind":
        shape = wind_power_fraction(data["wind_speed"].to_numpy(dtype=float))
        if shape.sum() > 0:
            return shape, None
        return np.ones(len(data)), Message("contract_wind_flat", {"contract_id": contract.id})
    if contract.delivery_shape == "profile":
        return park_dir_profiles[contract.id], None
    return np.ones(len(data)), None


def contract_deliveries(
    config: ParkConfig, weather: Weather, profiles: Mapping[str, np.ndarray]
) -> tuple[list[ContractDelivery], list[Message]]:
    """Each contract's hourly delivery [kWh], shaped and scaled to its volumes exactly.

    Settled monthly volumes (``monthly_mwh``, 绿电消费凭证) are the primary input; an annual
    volume is spread over the months by the shape, which the messages say. Hours are modelled
    unless a profile file holds the exchange's settled hours (``profile_settled``).
    """
    index = config.enterprise_index()
    month = pd.DatetimeIndex(weather.data.index).month.to_numpy()
    deliveries: list[ContractDelivery] = []
    messages: list[Message] = []
    for contract in config.contracts:
        shape, message = _shape(contract, weather, profiles)
        if message:
            messages.append(message)
        if contract.monthly_mwh is None:
            messages.append(Message("contract_months_modelled", {"contract_id": contract.id}))
        if contract.monthly_mwh is not None:
            kwh = shaped_delivery_kwh(
                shape, month, monthly_kwh=np.array(contract.monthly_mwh) * 1e3
            )
        else:
            kwh = shaped_delivery_kwh(shape, month, annual_kwh=(contract.annual_mwh or 0) * 1e3)
        buyer = None if contract.buyer == PARK else index[contract.buyer]
        deliveries.append(
            ContractDelivery(
                contract.id,
                buyer,
                kwh,
                contract.bundled_certificates,
                modelled=not contract.profile_settled,
            )
        )
    return deliveries, messages


def certificate_batches(config: ParkConfig) -> list[CertificateBatch]:
    """Certificate batches claimed for the accounting year, claimant as a column index.

    Batches claimed for other years are left out here; the park loader already says so.
    """
    index = config.enterprise_index()
    return [
        certificate_batch(c, None if c.claimant == PARK else index[c.claimant])
        for c in config.certificates
        if c.claim_year == config.park.accounting_year
    ]
