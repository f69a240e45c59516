"""What the LP is built on: park-level hourly series of a base run, PV per kW by roof class,
prices, the base's annual green and 910号 numbers, and the cost inputs.

The park is one node: targets are park-level, and one node keeps the variable count to a few
per hour. Roofs are grouped into orientation classes (tilt × azimuth bins); a class's per-kW
profile is its roofs' potential-case output [kWh] over their potential [kWp] from the
engine's fleet PV (:func:`greenpark.pipeline.pv.run_pv` with ``potential=True``), its bound
the capacity still free on those roofs [kWp].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.api import load_weather
from greenpark.core.storage import tou_hours
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.prices import hourly_price, roof_export_price_cny_per_kwh
from greenpark.pipeline.pv import run_pv
from greenpark.run_result import RunResult
from greenpark.scenarios.costs import CostInputs

FloatArray = npt.NDArray[np.float64]
#: tilt bin edges [deg] and azimuth bin edges [deg, 0 = north, 180 = south]: flat, low,
#: medium, steep × E, SE, S, SW, W (greenpark's own grouping, issue 15: ~12 classes)
TILT_EDGES_DEG = (0.0, 5.0, 12.0, 20.0, 90.1)
AZIMUTH_EDGES_DEG = (0.0, 112.5, 157.5, 202.5, 247.5, 360.1)
CONVERSIONS = ("calorific", "primary")


@dataclass(frozen=True)
class RoofClass:
    """Roofs of one orientation class: ids, the capacity still free on each [kWp]."""

    name: str
    roof_ids: tuple[str, ...]
    free_kw: tuple[float, ...]

    @property
    def bound_kw(self) -> float:
        return float(sum(self.free_kw))


@dataclass(frozen=True)
class Park910Basis:
    """The base run's 910号 terms: total CO2 [kg], the part no electricity change touches
    (Scope 1 and heat, net) [kg], the electricity factor [kg/kWh], energy [kgce] and limit
    [t/tce] by conversion (None: no tier applies)."""

    total_co2_kg: float
    fixed_co2_kg: float
    electricity_co2_kg_per_kwh: float
    energy_kgce: dict[str, float]
    limit_t_per_tce: dict[str, float | None]


@dataclass(frozen=True)
class Basis:
    """Everything the LP reads [units in names]; hourly arrays are (H,), PV is (H, C)."""

    hours: pd.DatetimeIndex
    load_kwh: FloatArray
    grid_import_kwh: FloatArray
    green_hourly_kwh: FloatArray
    price_cny_per_kwh: FloatArray
    export_price_cny_per_kwh: float
    pv_kwh_per_kw: FloatArray
    classes: tuple[RoofClass, ...]
    green_total_kwh: float
    uncovered_kwh: float
    park_910: Park910Basis
    costs: CostInputs
    storage_round_trip_efficiency: float = 0.88
    storage_hours: float = 2.0

    @property
    def load_total_kwh(self) -> float:
        return float(self.load_kwh.sum())

    def battery_hours(self) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Hours a battery may charge from the grid and hours it may discharge (H,): the
        engine's ``tou_arbitrage`` rule (:func:`greenpark.core.storage.tou_hours`), which the
        plan's batteries follow."""
        cheap, expensive = tou_hours(self.price_cny_per_kwh, self.storage_round_trip_efficiency)
        return np.asarray(cheap, dtype=bool), np.asarray(expensive, dtype=bool)


def _bins(values: pd.Series, edges: tuple[float, ...]) -> npt.NDArray[np.intp]:
    return np.digitize(values.to_numpy(dtype=float) % 360.1, edges[1:-1]).astype(np.intp)


def roof_classes(
    roofs: pd.DataFrame, hourly_kwh: pd.DataFrame
) -> tuple[list[RoofClass], FloatArray]:
    """Orientation classes of roofs with free capacity and their per-kW profiles (H, C).

    ``roofs``: the potential case's table (``tilt_deg``, ``azimuth_deg``, ``capacity_kw`` =
    potential, ``new_kw``); ``hourly_kwh``: its hourly output per roof [kWh].
    """
    free = roofs[roofs["new_kw"] > 0]
    keys = pd.Series(
        [
            f"t{t}-a{a}"
            for t, a in zip(
                _bins(free["tilt_deg"], TILT_EDGES_DEG),
                _bins(free["azimuth_deg"], AZIMUTH_EDGES_DEG),
                strict=True,
            )
        ],
        index=free.index,
    )
    classes, profiles = [], []
    for name, ids in keys.groupby(keys).groups.items():
        members = [str(i) for i in ids]
        output = hourly_kwh[members].to_numpy(dtype=float).sum(axis=1)
        profiles.append(output / float(roofs.loc[members, "capacity_kw"].sum()))
        free_kw = tuple(float(v) for v in free.loc[members, "new_kw"])
        classes.append(RoofClass(str(name), tuple(members), free_kw))
    return classes, np.column_stack(profiles) if profiles else np.zeros((len(hourly_kwh), 0))


def _export_price(config: ParkConfig) -> float:
    """Export price of PV commissioned on 1 January of the accounting year under the tariff
    in force that day [CNY/kWh] (the plan's new PV carries that date); 0 without tariffs."""
    day = date(config.park.accounting_year, 1, 1)
    for tariff in config.all_tariffs:
        start = tariff.effective_from or date.min
        end = tariff.effective_to or date.max
        if start <= day <= end:
            roof = config.rooftops[0].model_copy(
                update={"commissioning_year": day.year, "commissioning_date": day}
            )
            return roof_export_price_cny_per_kwh(tariff, roof)
    return 0.0


def _park_910(result: RunResult) -> Park910Basis:
    values = result.park_910()["value"]

    def value(name: str) -> float:
        number = values[name]
        if number is pd.NA:
            raise InputError(
                [text(f"基准运行没有 {name} 的值", f"the base run has no value of {name}")]
            )
        return float(number)

    total = value("park_910_total_co2_kg")
    limits = {c: values[f"park_910_limit_t_per_tce_{c}"] for c in CONVERSIONS}
    return Park910Basis(
        total_co2_kg=total,
        fixed_co2_kg=total - value("park_910_electricity_gross_co2_kg"),
        electricity_co2_kg_per_kwh=value("park_910_electricity_factor_kg_per_kwh"),
        energy_kgce={c: value(f"park_910_energy_{c}_kgce") for c in CONVERSIONS},
        limit_t_per_tce={c: None if v is pd.NA else float(v) for c, v in limits.items()},
    )


def _park_hourly(result: RunResult) -> pd.DataFrame:
    """Park sums per hour of load, grid import and timed green (physical, trade, contract)."""
    hourly = result.hourly()
    hourly["green_kwh"] = hourly[
        ["green_physical_kwh", "green_trade_kwh", "green_contract_kwh"]
    ].sum(axis=1)
    columns = ["load_kwh", "grid_import_kwh", "green_kwh"]
    return hourly.groupby("interval_start", sort=True)[columns].sum()


def basis_of(result: RunResult, costs: CostInputs) -> Basis:
    """The LP's basis from a base run (its park as run, the park's typical-year weather).

    Raises
    ------
    InputError
        The park has no tariff, or the base run lacks a 910号 value.
    """
    config = result.config
    park = _park_hourly(result)
    hours = pd.DatetimeIndex(park.index)
    price = hourly_price(config, hours)
    if price is None:
        raise InputError(
            [
                text(
                    "park.yaml: 没有电价（tariff），无法计算电费",
                    "park.yaml: no tariff to price the bill",
                )
            ]
        )
    pv = run_pv(config, load_weather(config), potential=True)
    classes, profiles = roof_classes(pv.roofs, pv.hourly_kwh)
    green = result.annual().loc["park"].to_dict()["green_total_kwh"]
    p910 = _park_910(result)
    return Basis(
        hours=hours,
        load_kwh=park["load_kwh"].to_numpy(dtype=float),
        grid_import_kwh=park["grid_import_kwh"].to_numpy(dtype=float),
        green_hourly_kwh=park["green_kwh"].to_numpy(dtype=float),
        price_cny_per_kwh=np.asarray(price, dtype=float),
        export_price_cny_per_kwh=_export_price(config),
        pv_kwh_per_kw=profiles[: len(hours)],
        classes=tuple(classes),
        green_total_kwh=float(green),
        uncovered_kwh=(p910.total_co2_kg - p910.fixed_co2_kg) / p910.electricity_co2_kg_per_kwh,
        park_910=p910,
        costs=costs,
    )
