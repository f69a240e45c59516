"""pvlib's own ModelChain (PVWatts models) for one roof: the slow, direct reference that the
vectorised fleet engine is validated against, hour by hour, in tests and benchmarks."""

from __future__ import annotations

import pandas as pd
from pvlib.location import Location
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import PVSystem
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS

from greenpark.core.pv.fleet import INVERTER_NOMINAL_EFFICIENCY, SAPM_MOUNTING

#: PVWatts loss terms the roof table does not carry; set to 0 so only its own losses count
_UNUSED_LOSSES = ("snow", "wiring", "connections", "lid", "nameplate_rating", "age", "availability")


def modelchain(roof: pd.Series, site: Location, transposition_model: str = "perez") -> ModelChain:
    """A ``ModelChain.with_pvwatts`` set up with one roof's parameters (fleet-table columns)."""
    system = PVSystem(
        surface_tilt=roof["tilt_deg"],
        surface_azimuth=roof["azimuth_deg"],
        albedo=roof["albedo"],
        module_parameters={
            "pdc0": roof["capacity_kw"],
            "gamma_pdc": roof["temp_coefficient_per_c"],
        },
        inverter_parameters={
            "pdc0": roof["capacity_kw"] / (roof["dc_ac_ratio"] * INVERTER_NOMINAL_EFFICIENCY)
        },
        temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"][
            SAPM_MOUNTING[roof["mounting"]]
        ],
        losses_parameters={
            "soiling": 100 * roof["soiling_fraction"],
            "shading": 100 * roof["shading_fraction"],
            "mismatch": 100 * roof["losses_fraction"],
            **dict.fromkeys(_UNUSED_LOSSES, 0),
        },
    )
    return ModelChain.with_pvwatts(system, site, transposition_model=transposition_model)


def modelchain_ac_kw(
    roof: pd.Series, weather: pd.DataFrame, site: Location, transposition_model: str = "perez"
) -> pd.Series:
    """Hourly AC output [kW = kWh per hour] of one roof from ModelChain, aged like the fleet.

    ``weather`` is indexed by interval start; the chain runs at mid-interval times, as the
    fleet engine evaluates the sun, and the result is indexed like ``weather``.
    """
    chain = modelchain(roof, site, transposition_model)
    chain.run_model(weather.set_axis(weather.index + pd.Timedelta(minutes=30)))
    ageing = (1 - roof["degradation_per_year_fraction"]) ** roof["age_years"]
    ac: pd.Series = chain.results.ac.set_axis(weather.index) * ageing
    return ac
