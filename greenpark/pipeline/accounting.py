"""The accounting year of a park, as a readable list of steps (``greenpark run``).

load activity → the park's adjustments (:mod:`greenpark.pipeline.adjustment_step`) →
rooftop PV → hourly balance with storage → green attribution ledger →
green shares → energy (GB/T 2589, 能耗双控) → emissions (Scope 1, Scope 2 on three bases) →
the 910号 park basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.attribution import ContractDelivery, Ledger, attribution_ledger
from greenpark.core.balance import BalanceResult
from greenpark.core.energy import EnergyTotals
from greenpark.core.shares import GreenShares, green_shares
from greenpark.errors import InputError
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.factors.table import Factor
from greenpark.inputs.meters.load import year_hours
from greenpark.inputs.park.certificate_rules import modelled_over_claim_problems
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.weather.files import Weather, weather_for_year
from greenpark.messages import Message
from greenpark.pipeline.activity import resource_totals
from greenpark.pipeline.adjustment_step import (
    adjusted_activity,
    adjustment_messages,
    adjustment_table,
)
from greenpark.pipeline.coverage import coverage_table
from greenpark.pipeline.emissions_step import (
    Activity,
    Electricity,
    Emissions,
    annual_activities,
    emissions,
    energy_use,
    fuel_factors,
)
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.pipeline.green_sources import (
    SHARING_OF_CHANNEL,
    certificate_batches,
    contract_deliveries,
)
from greenpark.pipeline.park910_step import Park910, park_910
from greenpark.pipeline.physical_year import PhysicalYear, physical_year
from greenpark.pipeline.planned import planned_fuel_totals, planned_messages, with_planned_fuels
from greenpark.pipeline.prices import export_value_cny
from greenpark.pipeline.pv import PVResult
from greenpark.pipeline.rules import AccountingRules


@dataclass(frozen=True)
class AccountingResult:
    """Everything one accounting run computed, in enterprise order; ``coverage`` is the
    data coverage per (enterprise, carrier) (:mod:`greenpark.pipeline.coverage`);
    ``resources`` the annual water, solid-waste and waste-heat totals per enterprise
    (:func:`greenpark.pipeline.activity.resource_totals`); ``adjustments`` what each of the
    park's adjustments changed (:func:`greenpark.pipeline.adjustment_step.adjustment_table`)."""

    config: ParkConfig
    hours: pd.DatetimeIndex
    modelled: np.ndarray
    pv: PVResult | None
    balance: BalanceResult
    ledger: Ledger
    shares: GreenShares
    activity: Activity
    energy: EnergyTotals
    emissions: Emissions
    park_910: Park910
    rules: AccountingRules
    factors: tuple[Factor, ...]
    messages: tuple[Message, ...]
    coverage: pd.DataFrame
    export_value_cny: np.ndarray
    resources: pd.DataFrame
    adjustments: pd.DataFrame

    @property
    def enterprise_ids(self) -> tuple[str, ...]:
        return self.config.enterprise_ids()


def matching_period_of_hour(hours: pd.DatetimeIndex, matching: str) -> np.ndarray:
    """Period number of every hour for contract settlement: hour, calendar month or year."""
    periods = {
        "hourly": np.arange(len(hours)),
        "monthly": hours.month.to_numpy() - 1,
        "annual": np.zeros(len(hours), dtype=int),
    }
    if matching not in periods:
        raise ValueError(f"contract_matching must be one of {list(periods)}, got {matching!r}")
    return periods[matching]


def run_accounting(
    park: Park,
    registry: FactorRegistry,
    weather: Weather,
    *,
    contract_matching: str = "monthly",
    rules: AccountingRules | None = None,
) -> AccountingResult:
    """Run the accounting year of ``park`` (see the module docstring for the steps).

    ``contract_matching`` is the period over which a green-power contract's delivery may
    cover its buyer's grid purchases: ``monthly`` (default; 绿电交易 volumes are settled per
    month), ``hourly`` (strict 24/7 view) or ``annual``. Hourly-matched shares are always
    computed hour by hour, whatever this is. ``rules`` are the run's choices where the
    Chinese rules are unsettled (:class:`~greenpark.pipeline.rules.AccountingRules`; the
    defaults when None).
    """
    config = park.config
    rules = AccountingRules() if rules is None else rules
    hours = year_hours(config.park.accounting_year, config.park.timezone)
    weather = weather_for_year(weather, config.park.accounting_year)
    choice = FactorChoice(
        registry,
        config.park.accounting_year,
        rules.heating_value,
        factor_year=config.park.factor_year,
    )
    planned = with_planned_fuels(config, annual_activities(config, park.meters))
    activity, changes, fuel_effects = adjusted_activity(config, planned, choice, hours)
    year = physical_year(config, park.meters, weather, hours, changes)
    contracts, contract_messages = contract_deliveries(config, weather, park.delivery_profiles)
    ledger = _ledger(config, year, contracts, matching_period_of_hour(hours, contract_matching))
    adjusted = adjustment_table(
        config, year.electricity.filled.load_kwh, changes, fuel_effects, hours
    )
    roof_kwh = year.pv.hourly_kwh.set_axis(hours, axis=0) if year.pv else pd.DataFrame(index=hours)
    shares = green_shares(ledger, year.balance.load_kwh, hours.month.to_numpy())
    energy, carbon, basis = _energy_and_emissions(
        config, year.balance, ledger, activity, choice, rules
    )
    filled = year.electricity.filled
    messages = (
        *park.messages,
        *planned_messages(config, filled.load_kwh, planned),
        *adjustment_messages(config, adjusted),
        *(year.pv.messages if year.pv else ()),
        *contract_messages,
        *ledger.messages,
        *choice.messages,
        *carbon.messages,
    )
    return AccountingResult(
        config=config,
        hours=hours,
        modelled=year.electricity.filled.modelled,
        pv=year.pv,
        balance=year.balance,
        ledger=ledger,
        shares=shares,
        activity=activity,
        energy=energy,
        emissions=carbon,
        park_910=basis,
        rules=rules,
        factors=tuple(choice.used.values()),
        messages=tuple(dict.fromkeys(messages)),
        coverage=coverage_table(
            park.meters, filled, config.enterprise_ids(), planned_fuel_totals(config, planned)
        ),
        export_value_cny=export_value_cny(config, roof_kwh, year.balance.export_kwh, hours),
        resources=resource_totals(park.meters, list(config.enterprise_ids())),
        adjustments=adjusted,
    )


def _ledger(
    config: ParkConfig,
    year: PhysicalYear,
    contracts: list[ContractDelivery],
    period_of_hour: np.ndarray,
) -> Ledger:
    balance = year.balance
    batches = certificate_batches(config)
    rule = (config.park.accounting_year, config.park.certificate_claim_rule)
    ids = config.enterprise_ids()
    over = modelled_over_claim_problems(batches, balance.load_kwh, ids, rule)
    if over:
        raise InputError(over)
    return attribution_ledger(
        ids,
        load_kwh=balance.load_kwh,
        pv_self_kwh=balance.pv_self_kwh,
        storage_discharge_green_kwh=balance.storage.owner_flows["discharge_green_kwh"],
        storage_discharge_pv_kwh=balance.storage.owner_flows["discharge_pv_kwh"],
        storage_owners=balance.storage.owners,
        shared_out_kwh=balance.shared_out_kwh,
        shared_in_kwh=balance.shared_in_kwh,
        grid_import_kwh=balance.grid_import_kwh,
        certified_fraction=year.pv_status.certified_fraction,
        accounting_year=config.park.accounting_year,
        contracts=contracts,
        certificates=batches,
        matching_period_of_hour=period_of_hour,
        sharing=SHARING_OF_CHANNEL[config.park.sharing_channel],
        export_kwh=balance.export_kwh,
        export_fractions=year.pv_status.export_fractions,
        claim_rule=config.park.certificate_claim_rule,
    )


def electricity_of_year(balance: BalanceResult, ledger: Ledger) -> Electricity:
    """Annual electricity per enterprise from the balance and the green ledger.

    Purchased electricity is the ledger's (grid import, plus PV shared over the public grid);
    on-site renewables are own PV and PV shared over a physical channel; every basis that
    gives claimed green power a zero factor reads the ledger's claims (market-traded shared PV
    and contracts; unbundled and kept export certificates), so that the non-green purchase
    those bases price is exactly ``ledger.uncovered_grid_kwh``. The 能耗双控 basis removes the
    certificate-backed green power (``ledger.certificate_based_kwh``).
    """
    return Electricity(
        grid_import_kwh=ledger.purchased_kwh,
        onsite_renewable_kwh=balance.pv_self_kwh.sum(axis=0)
        + balance.storage.annual_kwh("discharge_pv_kwh")
        + ledger.shared_physical_kwh,
        contract_kwh=ledger.trade_kwh + ledger.contract_kwh,
        certificate_kwh=ledger.certificate_kwh + ledger.export_certificate_kwh,
        certified_nonfossil_kwh=ledger.certificate_based_kwh,
    )


def _energy_and_emissions(
    config: ParkConfig,
    balance: BalanceResult,
    ledger: Ledger,
    activity: Activity,
    choice: FactorChoice,
    rules: AccountingRules,
) -> tuple[EnergyTotals, Emissions, Park910]:
    electricity = electricity_of_year(balance, ledger)
    fuels = fuel_factors(config, activity, choice)
    energy = energy_use(activity, fuels, electricity, choice)
    carbon = emissions(config, activity, fuels, electricity, choice, rules)
    basis = park_910(config, activity, electricity, energy, carbon.scope1_co2_kg, choice, rules)
    return energy, carbon, basis
