"""The result of one run: every number, where it came from, and what the run has to say.

:class:`RunResult` is what :func:`greenpark.run` returns and what reports, files and the
run store read. Its tables (pandas DataFrames) carry units in column names (described in
:mod:`greenpark.metrics`) and never NaN: a value that does not apply or cannot be computed is
``<NA>`` with a status and a reason (:mod:`greenpark.result_tables`):

- wide tables (``annual()``) give the reason codes in a companion (``annual_reasons()``);
- long tables (``park_910()``, ``direct_line()``, ``results()``, ``monthly_shares()``,
  ``products()``) carry ``status`` and ``reason`` columns beside the value.

Status ``ok`` (a value), ``not_applicable`` or ``no_data``; reason codes are listed in
:data:`greenpark.pipeline.availability.REASON_STATUS` and worded by
:mod:`greenpark.report.availability`. A result pickles and deep-copies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import cast

import numpy as np
import pandas as pd

from greenpark.inputs.park.schema import ParkConfig
from greenpark.messages import Message
from greenpark.metrics import metric
from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.availability import (
    annual_reasons,
    monthly_share_reasons,
    park_910_reasons,
    product_reasons,
    status_of,
)
from greenpark.pipeline.hourly import (
    HourlyMatrices,
    hourly_frame,
    hourly_matrices,
    park_hourly_frame,
)
from greenpark.pipeline.results import (
    annual_table,
    direct_line_table,
    monthly_share_table,
    park_910_overlay_table,
    park_910_table,
    product_intensity_table,
)
from greenpark.provenance import Provenance
from greenpark.result_tables import (
    PARK,
    ResultTuple,
    annual_reasons_of,
    factors_frame,
    messages_frame,
    metric_frame,
    ordered_annual,
    results_frame,
)


def _value(value: object) -> float | None:
    """A table cell as a number, None where there is none (``<NA>``, NaN)."""
    if value is None or value is pd.NA:
        return None
    number = float(cast(float, value))
    return None if math.isnan(number) else number


def _row(scope: str, name: str, value: object, reason: object) -> ResultTuple:
    why = reason if isinstance(reason, str) else None
    return (scope, name, _value(value), metric(name).unit, status_of(why), why)


def _annual_rows(annual: pd.DataFrame, reasons: pd.DataFrame) -> list[ResultTuple]:
    """The annual table as long rows, scope by scope, each metric with its unit, status and
    reason (``reasons``: :meth:`RunResult.annual_reasons`); made column by column, as plain
    lists (29,500 cells at 500 enterprises)."""
    names = [str(c) for c in annual.columns]
    units = [metric(name).unit for name in names]
    count = len(annual.index)
    values = annual.to_numpy(dtype=float, na_value=math.nan).ravel().tolist()
    why = reasons.reindex(index=annual.index, columns=annual.columns).to_numpy(dtype=object)
    codes = [code if isinstance(code, str) else None for code in why.ravel().tolist()]
    scopes = [str(scope) for scope in annual.index for _ in names]
    return list(
        zip(
            scopes,
            names * count,
            [None if math.isnan(number) else number for number in values],
            units * count,
            [status_of(code) for code in codes],
            codes,
            strict=True,
        )
    )


@dataclass(frozen=True)
class RunResult:
    """One computed run.

    ``accounting`` is the pipeline's result (for advanced use: its shape may change between
    versions; the methods below are the stable interface); ``provenance`` what the run read
    and which code computed it; ``message_items`` the soft messages as data
    (:class:`greenpark.messages.Message`; see :meth:`messages`).
    """

    accounting: AccountingResult
    provenance: Provenance
    message_items: tuple[Message, ...]

    @property
    def config(self) -> ParkConfig:
        """The park's configuration as run (with any overlay)."""
        return self.accounting.config

    @property
    def run_id(self) -> str:
        """The id the run is stored under."""
        return self.provenance.run_id

    @cached_property
    def _annual_values(self) -> pd.DataFrame:
        """The annual table as the pipeline makes it, made once per result (exports, the
        store and the terminal all read it); never handed out, only copies of it."""
        return annual_table(self.accounting)

    def annual(self) -> pd.DataFrame:
        """Annual results: a row per enterprise (park order) and ``park``; a ``Float64``
        column per metric of the catalogue, ``<NA>`` where unavailable (see
        :meth:`annual_reasons`)."""
        return ordered_annual(self._annual_values)

    def annual_reasons(self) -> pd.DataFrame:
        """For the metrics that can be unavailable: the reason code of each cell of
        :meth:`annual` that has no value, None where it has one."""
        return self._annual_reasons.copy()

    @cached_property
    def _annual_reasons(self) -> pd.DataFrame:
        """Made once per result (the terminal, the export and the store's rows all read it)."""
        return annual_reasons_of(annual_reasons(self._annual_values, self.config))

    def park_910(self) -> pd.DataFrame:
        """The 发改环资〔2025〕910号 park basis: a row per metric (value, unit, status, reason)."""
        values = park_910_table(self.accounting)
        reasons = park_910_reasons(values, self.accounting.park_910)
        why = reasons.to_dict()
        rows = [_row(PARK, str(k), v, why.get(k)) for k, v in values.items()]
        return metric_frame(results_frame(rows))

    def direct_line(self) -> pd.DataFrame:
        """The 绿电直连 tests (only for ``sharing_channel: direct_line``; no rows otherwise)."""
        rows = [_row(PARK, str(k), v, None) for k, v in direct_line_table(self.accounting).items()]
        return metric_frame(results_frame(rows))

    def results(self) -> pd.DataFrame:
        """Every annual number in one long table: scope, metric, value, unit, status, reason
        (the annual table scope by scope, then the 910号 basis and 绿电直连 tests as ``park``
        rows). This is what the run store keeps."""
        return results_frame(self.result_rows())

    def result_rows(self) -> list[ResultTuple]:
        """The rows of :meth:`results` as plain tuples, value None where there is none
        (the store writes these: 118,000 at 2,000 enterprises, ~0.35 s as a table)."""
        rows = _annual_rows(self.annual(), self.annual_reasons())
        for table in (self.park_910(), self.direct_line()):
            rows += [
                (PARK, str(name), _value(r["value"]), r["unit"], r["status"], r["reason"])
                for name, r in table.iterrows()
            ]
        return rows

    def monthly_shares(self) -> pd.DataFrame:
        """Green shares by calendar month: month, scope (enterprises then ``park``),
        ``green_share_fraction``, status, reason. Certificates carry no hour, so each
        enterprise's are spread over the months in proportion to its uncovered use."""
        return self._monthly_shares.copy()

    @cached_property
    def _monthly_shares(self) -> pd.DataFrame:
        """Made once per result (the terminal and the export both read it)."""
        wide = monthly_share_table(self.accounting)
        reasons = monthly_share_reasons(wide).to_numpy(dtype=object).T.ravel()
        why = [r if isinstance(r, str) else None for r in reasons]
        months, scopes = len(wide.index), [str(c) for c in wide.columns]
        values = wide.to_numpy(dtype=float).T.ravel()  # scope by scope, as melt stacks them
        return pd.DataFrame(
            {
                "month": np.tile(wide.index.to_numpy(), len(scopes)),
                "scope": pd.Series(np.repeat(np.array(scopes, dtype=object), months), dtype=str),
                "green_share_fraction": pd.Series(values).astype("Float64"),
                "status": pd.Series([status_of(r) for r in why], dtype=str),
                "reason": pd.Series(why, dtype=object),
            }
        )

    def products(self) -> pd.DataFrame:
        """Energy and CO2 per product unit, for enterprises that make exactly one product
        (``kgce_per_unit``, ``scope1_2_location_co2_kg_per_unit``), with status and reason."""
        table = product_intensity_table(self.accounting)
        why = [r if isinstance(r, str) else None for r in product_reasons(table)]
        for column in ("kgce_per_unit", "scope1_2_location_co2_kg_per_unit"):
            table[column] = table[column].astype("Float64")
        table["status"] = [status_of(r) for r in why]
        table["reason"] = pd.Series(why, index=table.index, dtype=object)
        return table

    def park_910_overlays(self) -> pd.DataFrame:
        """Provincial thresholds of the park's province against its 910号 indicator."""
        return park_910_overlay_table(self.accounting)

    def resources(self) -> pd.DataFrame:
        """Annual water [m³], solid waste [kg] and waste heat [GJ] per enterprise and the
        ``park`` (the sum over enterprises with data): a ``Float64`` column per carrier,
        ``<NA>`` where no data was given (never counted as zero)."""
        table = self.accounting.resources
        park = table.sum(min_count=1).to_frame(PARK).T
        return pd.concat([table, park]).astype("Float64").rename_axis("scope")

    def adjustments(self) -> pd.DataFrame:
        """What each of the park's ``adjustments`` changed, a row per id: electricity
        [kWh/year], the added electricity's peak [kW] (sum of each enterprise's highest
        hour), fuel [GJ/year] and fuel [kg or m³ a year]; no rows without adjustments."""
        return self.accounting.adjustments.copy()

    def fuel_use(self) -> pd.DataFrame:
        """Fuel burnt a year per enterprise (park order), a column per fuel the park uses,
        in the fuel's canonical unit (kg, or m³ for gases; adjustments applied)."""
        activity = self.accounting.activity
        ids = pd.Index(self.accounting.enterprise_ids, name="enterprise")
        return pd.DataFrame(activity.fuel, index=ids, columns=list(activity.fuels), dtype=float)

    def hourly(self) -> pd.DataFrame:
        """A row per (hour, enterprise): every balance flow [kWh], green by kind [kWh] and
        the modelled flags (meter hours filled by a load shape, contract hours modelled)."""
        return hourly_frame(self.accounting)

    def hourly_park(self) -> pd.DataFrame:
        """A row per hour (8,760 in a common year, Excel-sized at any park size): the park's
        totals of every flow and green kind of :meth:`hourly` [kWh], and the number of
        enterprises whose load (``load_modelled_enterprises``) or contract hour
        (``green_contract_modelled_enterprises``) is modelled."""
        return park_hourly_frame(self.accounting)

    def hourly_matrices(self, hours: slice = slice(None)) -> HourlyMatrices:
        """The columns of :meth:`hourly` as (hours × enterprises) arrays, for the hours in
        ``hours`` (positions in the year; all by default): what a writer streams from
        without making the long table (the arrays are the run's own: never write them)."""
        return hourly_matrices(self.accounting, hours)

    def ledger(self) -> pd.DataFrame:
        """The green ledger: who claims which green kWh (claimant, source_kind, source_id,
        kwh); each green kWh has exactly one claimant."""
        return self.accounting.ledger.entries.copy()

    def ledger_sources(self) -> pd.DataFrame:
        """Each green source (roof exports, contracts, certificate batches …): what it
        provided and what was claimed from it [kWh] (source_kind, source_id, provided_kwh,
        claimed_kwh)."""
        return self.accounting.ledger.sources.copy()

    def coverage(self) -> pd.DataFrame:
        """Data coverage per (enterprise, carrier): measured / billed / imputed /
        extrapolated shares, hours and months."""
        return self.accounting.coverage.copy()

    def factors(self) -> pd.DataFrame:
        """Every factor the run used, with its source and confidence mark."""
        return factors_frame(self.provenance.factors)

    def messages(self) -> pd.DataFrame:
        """The run's messages: code, severity, params (JSON text). In words:
        ``greenpark.report.messages.render_all(result.message_items, language)``."""
        return messages_frame(self.message_items)
