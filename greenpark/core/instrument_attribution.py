"""Contractual instruments in the attribution ledger (:mod:`greenpark.core.attribution`).

Rules 3 and 4, each on what the rules before left: green-power contracts with bundled
certificates (:mod:`greenpark.core.contract_matching`), unbundled certificate batches
(:mod:`greenpark.core.certificate_claims`) and the kept certificates of an enterprise's own
exported PV; and the soft issues they raise (unbundled contracts, contract surplus, certificate
vintages and other years, export certificates held beyond what is left).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.certificate_claims import certificate_claims
from greenpark.core.certificates import (
    KWH_PER_CERTIFICATE,
    CertificateBatch,
    claimable_mwh,
    other_year_messages,
    vintage_messages,
)
from greenpark.core.contract_matching import ContractDelivery, Periods, contract_cover
from greenpark.messages import Message

FloatArray = npt.NDArray[np.float64]


class Claimed(NamedTuple):
    """Green energy of one source kind: per enterprise, claim rows and provided rows."""

    kwh: FloatArray  # (E,) [kWh]
    claims: list[tuple[str, int, str, float]]  # (kind, claimant, source id, kWh)
    provided: list[tuple[str, str, float]]  # (kind, source id, kWh)
    messages: tuple[Message, ...] = ()


def contract_green(
    contracts: Sequence[ContractDelivery], room_kwh: FloatArray, periods: Periods
) -> tuple[FloatArray, FloatArray, Claimed]:
    """Rule 3: hourly contract green and its modelled part (H,E) [kWh]; only bundled count.
    ``room_kwh`` is read only when a contract has bundled certificates."""
    green = [c for c in contracts if c.bundled_certificates]
    if not green:  # nothing to cover: no hourly work (the zeros are never written)
        shape = np.shape(room_kwh)
        return np.zeros(shape), np.zeros(shape), Claimed(np.zeros(shape[1]), [], [])
    cover = contract_cover(green, room_kwh, periods)
    provided = [("contract", c.id, float(c.delivery_kwh.sum())) for c in green]
    claimed = Claimed(
        cover.hourly_kwh.sum(axis=0), [("contract", *c) for c in cover.claims], provided
    )
    return cover.hourly_kwh, cover.hourly_modelled_kwh, claimed


def certificate_green(
    certificates: Sequence[CertificateBatch],
    year: int,
    left_use_kwh: tuple[FloatArray, FloatArray],
    names: Sequence[str],
    rule: str,
) -> Claimed:
    """Rule 4: the batches claimed for ``year`` against what is left (E,) [kWh]; the year's
    use (E,) [kWh] bounds them (the over-claim rule, also applied at load)."""
    left_kwh, use_kwh = left_use_kwh
    batches = [b for b in certificates if b.claim_year == year]
    kwh, claims, messages = certificate_claims(batches, left_kwh, names, use_kwh, rule)
    provided = [
        ("certificate", b.id, claimable_mwh(b, rule) * KWH_PER_CERTIFICATE) for b in batches
    ]
    return Claimed(kwh, [("certificate", *c) for c in claims], provided, tuple(messages))


def export_certificate_green(
    kept_kwh: FloatArray, left_kwh: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, Claimed]:
    """Rule 4: kept certificates of own exports, claimed up to what is left; hourly (H,E)."""
    available = kept_kwh.sum(axis=0)
    claimed = np.minimum(available, np.maximum(left_kwh, 0.0))
    if available.any():
        hourly = kept_kwh * ratio_or_zero(claimed, available)
    else:  # nothing kept: zeros, never written
        hourly = np.zeros(kept_kwh.shape)
    rows = [(e, f"export_certificates:{n}") for e, n in enumerate(names) if available[e] > 0]
    claims = [("export_certificate", e, sid, float(claimed[e])) for e, sid in rows]
    provided = [("export_certificate", sid, float(available[e])) for e, sid in rows]
    return hourly, Claimed(claimed, claims, provided)


def instrument_messages(
    contracts: Sequence[ContractDelivery],
    certificates: Sequence[CertificateBatch],
    year_rule: tuple[int, str],
    surplus: dict[str, float],
    export: Claimed,
    names: Sequence[str],
) -> tuple[Message, ...]:
    """Soft issues: unbundled contracts, surplus, vintages, other years, held export GECs."""
    year, rule = year_rule
    lines = [
        Message("contract_unbundled", {"contract_id": c.id})
        for c in contracts
        if not c.bundled_certificates
    ]
    lines += [
        Message("contract_surplus_unattributed", {"contract_id": cid, "energy_mwh": kwh / 1000})
        for cid, kwh in surplus.items()
        if kwh > 1e-6
    ]
    for b in certificates:
        if b.claim_year == year:
            lines += vintage_messages(b, rule)
    provided = {sid: kwh for _, sid, kwh in export.provided}
    for _, e, sid, kwh in export.claims:
        held = provided[sid] - kwh
        if held > 1e-6:
            lines.append(
                Message(
                    "export_certificates_held", {"enterprise": names[e], "energy_mwh": held / 1000}
                )
            )
    return (*lines, *other_year_messages(certificates, year))
