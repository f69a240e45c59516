"""The accounting year of a park, as a readable list of steps (``greenpark run``).

load activity → rooftop PV → hourly balance with storage → green attribution ledger →
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
from greenpark.inputs.factor_table import Factor
from greenpark.inputs.factors import FactorRegistry
from greenpark.inputs.meters import year_hours
from greenpark.inputs.park import Park
from greenpark.inputs.schema import ParkConfig
from greenpark.inputs.weather import Weather, weather_for_year
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
    certificate_batches,
    contract_deliveries,
)
from greenpark.pipeline.park910_step import Park910, park_910
from greenpark.pipeline.physical_year import PhysicalYear, physical_year
from greenpark.pipeline.pv import PVResult
from greenpark.pipeline.rules import AccountingRules


@dataclass(frozen=True)
class AccountingResult:
    """Everything one accounting run computed, in enterprise order."""

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
    messages: tuple[str, ...]

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
    choice = FactorChoice(registry, config.park.accounting_year, rules.heating_value)
    year = physical_year(config, park.meters, weather, hours)
    contracts, contract_messages = contract_deliveries(config, weather, park.delivery_profiles)
    ledger = _ledger(config, year, contracts, matching_period_of_hour(hours, contract_matching))
    shares = green_shares(ledger, year.balance.load_kwh, hours.month.to_numpy())
    activity = annual_activities(config, park.meters)
    energy, carbon, basis = _energy_and_emissions(
        config, year.balance, ledger, activity, choice, rules
    )
    messages = (
        *park.messages,
        *year.electricity.messages,
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
    )


def _ledger(
    config: ParkConfig,
    year: PhysicalYear,
    contracts: list[ContractDelivery],
    period_of_hour: np.ndarray,
) -> Ledger:
    balance = year.balance
    return attribution_ledger(
        config.enterprise_ids(),
        load_kwh=balance.load_kwh,
        pv_self_kwh=balance.pv_self_kwh,
        storage_discharge_green_kwh=balance.storage_discharge_green_kwh,
        storage_discharge_pv_kwh=balance.storage_discharge_pv_kwh,
        shared_out_kwh=balance.shared_out_kwh,
        shared_in_kwh=balance.shared_in_kwh,
        grid_import_kwh=balance.grid_import_kwh,
        kept_fraction=year.kept_fraction,
        accounting_year=config.park.accounting_year,
        contracts=contracts,
        certificates=certificate_batches(config),
        matching_period_of_hour=period_of_hour,
    )


def electricity_of_year(balance: BalanceResult, ledger: Ledger) -> Electricity:
    """Annual electricity per enterprise from the balance and the green ledger.

    Reads ``ledger.contract_kwh``, ``certificate_kwh``, ``green_kwh`` (certificate-backed green
    power for the 能耗双控 basis), ``onsite_certificates_sold_kwh`` and
    ``shared_physical_kwh`` (shared PV received without its certificate = received − green).
    """
    shared_in_kwh = balance.shared_in_kwh.sum(axis=0)
    return Electricity(
        grid_import_kwh=balance.grid_import_kwh.sum(axis=0),
        onsite_renewable_kwh=(
            balance.pv_self_kwh + balance.storage_discharge_pv_kwh + balance.shared_in_kwh
        ).sum(axis=0),
        contract_kwh=ledger.contract_kwh,
        certificate_kwh=ledger.certificate_kwh,
        certified_nonfossil_kwh=ledger.green_kwh,
        attribute_sold_kwh=ledger.onsite_certificates_sold_kwh
        + (shared_in_kwh - ledger.shared_physical_kwh),
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
