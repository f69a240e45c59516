"""The attribution ledger of an accounting year, as data: who claims which green kWh.

Built by :func:`greenpark.core.attribution.attribution_ledger` (the rules are there); read by
green shares, emissions and reports. ``uncovered_grid_kwh`` is the one number every basis that
gives claimed green power a zero factor prices (market-based Scope 2, the 910号 basis), so a
green share and those emissions always read the same attribution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.messages import Message

FloatArray = npt.NDArray[np.float64]

ENTRY_COLUMNS = ["claimant", "source_kind", "source_id", "kwh"]
SOURCE_COLUMNS = ["source_kind", "source_id", "provided_kwh", "claimed_kwh"]


@dataclass(frozen=True)
class Ledger:
    """Who claims which green energy [kWh]; (E,) annual, (H,E) hourly, (12,E) monthly.

    ``entries`` has one row per (claimant, source) with ``ENTRY_COLUMNS``; ``sources`` one row
    per source with what it provided and what was claimed from it. ``exported_kwh`` splits each
    enterprise's exported PV by where its certificates went (``EXPORT_DESTINATIONS`` and
    ``none``, no certificate). ``monthly_certificate_kwh`` is the claimed certificates by
    production month of the accounting year; ``certificate_other_year_kwh`` those produced in
    other years (``validity_2y``).
    """

    enterprise_ids: tuple[str, ...]
    onsite_physical_kwh: FloatArray
    onsite_no_certificate_kwh: FloatArray
    shared_physical_kwh: FloatArray
    shared_no_certificate_kwh: FloatArray
    trade_kwh: FloatArray
    contract_kwh: FloatArray
    certificate_kwh: FloatArray
    export_certificate_kwh: FloatArray
    purchased_kwh: FloatArray
    hourly_onsite_physical_kwh: FloatArray
    hourly_shared_physical_kwh: FloatArray
    hourly_trade_kwh: FloatArray
    hourly_contract_kwh: FloatArray
    hourly_contract_modelled_kwh: FloatArray
    hourly_export_certificate_kwh: FloatArray
    monthly_certificate_kwh: FloatArray
    certificate_other_year_kwh: FloatArray
    exported_kwh: Mapping[str, FloatArray]
    shared_sent_green_kwh: FloatArray
    contract_surplus_kwh: dict[str, float]
    entries: pd.DataFrame
    sources: pd.DataFrame
    messages: tuple[Message, ...]

    @property
    def physical_kwh(self) -> FloatArray:
        """Physical green consumption per enterprise, with or without certificate [kWh] (E,)."""
        return self.onsite_physical_kwh + self.shared_physical_kwh

    @property
    def no_certificate_kwh(self) -> FloatArray:
        """Physical green consumption without a certificate (unregistered roofs) [kWh] (E,)."""
        return self.onsite_no_certificate_kwh + self.shared_no_certificate_kwh

    @property
    def green_kwh(self) -> FloatArray:
        """All attributed green consumption per enterprise [kWh] (E,)."""
        return (
            self.physical_kwh
            + self.trade_kwh
            + self.contract_kwh
            + self.certificate_kwh
            + self.export_certificate_kwh
        )

    @property
    def certificate_based_kwh(self) -> FloatArray:
        """Green consumption backed by a certificate (669号 "以绿证为主") [kWh] (E,)."""
        return self.green_kwh - self.no_certificate_kwh

    @property
    def uncovered_grid_kwh(self) -> FloatArray:
        """Purchased electricity not covered by claimed instruments [kWh] (E,), ≥ 0."""
        claimed = (
            self.trade_kwh + self.contract_kwh + self.certificate_kwh + self.export_certificate_kwh
        )
        return np.maximum(self.purchased_kwh - claimed, 0.0)

    @cached_property
    def hourly_physical_kwh(self) -> FloatArray:
        """Physical green consumption per hour and enterprise [kWh] (H,E)."""
        return self.hourly_onsite_physical_kwh + self.hourly_shared_physical_kwh

    @property
    def hourly_green_kwh(self) -> FloatArray:
        """Green with an hour (physical + trade + contract) per hour and enterprise [kWh] (H,E);
        computed at each read, not kept with the result (the green shares read it once)."""
        return self.hourly_physical_kwh + self.hourly_trade_kwh + self.hourly_contract_kwh
