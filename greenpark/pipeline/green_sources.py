"""Green sources of a run in the core's shapes: rooftop PV per enterprise, contract
deliveries and certificate batches, with enterprise ids turned into column indices."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.attribution import ContractDelivery
from greenpark.core.certificates import CertificateBatch
from greenpark.core.delivery import shaped_delivery_kwh, wind_power_fraction
from greenpark.i18n import text
from greenpark.inputs.schema import PARK, Contract, ParkConfig
from greenpark.inputs.weather import Weather


def enterprise_pv_kwh(config: ParkConfig, roof_kwh: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """PV per enterprise (H,E) [kWh] and the kept-certificate fraction of it (H,E) [0-1].

    Where an enterprise produces nothing in an hour (night) the fraction is 1. Any value
    would do: it only weighs that hour's own PV (self-use, storage charging, sharing), and a
    battery carries the status of the PV it stored (:mod:`greenpark.core.balance`).
    """
    index = config.enterprise_index()
    roofs = {r.id: r for r in config.rooftops}
    hours, n = len(roof_kwh.index), len(index)
    total, sold = np.zeros((hours, n)), np.zeros((hours, n))
    for roof_id in roof_kwh.columns:
        roof = roofs[roof_id]
        column = index[roof.owner]
        values = roof_kwh[roof_id].to_numpy(dtype=float)
        total[:, column] += values
        if roof.certificates == "sold":
            sold[:, column] += values
    return total, 1.0 - ratio_or_zero(sold, total)


def _shape(
    contract: Contract, weather: Weather, park_dir_profiles: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, str | None]:
    data = weather.data
    if contract.delivery_shape == "solar":
        return data["ghi"].to_numpy(dtype=float), None
    if contract.delivery_shape == "wind":
        shape = wind_power_fraction(data["wind_speed"].to_numpy(dtype=float))
        if shape.sum() > 0:
            return shape, None
        return np.ones(len(data)), text(
            f"合同 {contract.id}：气象数据无可用风速，按平均曲线交付",
            f"contract {contract.id}: the weather has no usable wind, delivered flat",
        )
    if contract.delivery_shape == "profile":
        return park_dir_profiles[contract.id], None
    return np.ones(len(data)), None


def contract_deliveries(
    config: ParkConfig, weather: Weather, profiles: Mapping[str, np.ndarray]
) -> tuple[list[ContractDelivery], list[str]]:
    """Each contract's hourly delivery [kWh], shaped and scaled to its volumes exactly."""
    index = config.enterprise_index()
    month = pd.DatetimeIndex(weather.data.index).month.to_numpy()
    deliveries, messages = [], []
    for contract in config.contracts:
        shape, message = _shape(contract, weather, profiles)
        if message:
            messages.append(message)
        if contract.monthly_mwh is not None:
            kwh = shaped_delivery_kwh(
                shape, month, monthly_kwh=np.array(contract.monthly_mwh) * 1e3
            )
        else:
            kwh = shaped_delivery_kwh(shape, month, annual_kwh=(contract.annual_mwh or 0) * 1e3)
        buyer = None if contract.buyer == PARK else index[contract.buyer]
        deliveries.append(ContractDelivery(contract.id, buyer, kwh, contract.bundled_certificates))
    return deliveries, messages


def certificate_batches(config: ParkConfig) -> list[CertificateBatch]:
    """Certificate batches claimed for the accounting year, claimant as a column index.

    Batches claimed for other years are left out here; the park loader already says so.
    """
    index = config.enterprise_index()
    return [
        CertificateBatch(
            id=c.id,
            quantity_mwh=c.quantity_mwh,
            production_start=c.production_start,
            production_end=c.production_end,
            claimant=None if c.claimant == PARK else index[c.claimant],
            claim_year=c.claim_year,
        )
        for c in config.certificates
        if c.claim_year == config.park.accounting_year
    ]
