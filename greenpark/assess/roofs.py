"""New rooftop PV a park could add: the potential ``greenpark pv --potential`` computes, less
the PV in service (what the gap analysis proposes to build)."""

from __future__ import annotations

import pandas as pd

from greenpark.api import load_weather
from greenpark.pipeline.pv import run_pv
from greenpark.run_result import RunResult
from greenpark.run_spec import WeatherSource


def rooftop_potential(result: RunResult, weather: WeatherSource | None = None) -> pd.DataFrame:
    """New PV per roof with room for it: ``roof``, ``owner``, ``new_kw`` [kWp DC] and
    ``new_kwh`` [kWh a year] = the roof's potential yield (existing + new, as
    ``greenpark pv --potential``) − the yield of its PV in service in the run; the run's
    weather should be passed as ``weather`` (None: the synthetic typical year). Empty for a
    park without rooftops."""
    columns = ["roof", "owner", "new_kw", "new_kwh"]
    config = result.config
    if not config.rooftops:
        return pd.DataFrame(columns=columns)
    potential = run_pv(config, load_weather(config, weather), potential=True).roofs
    installed = result.accounting.pv
    existing = (
        installed.roofs["annual_kwh"] if installed is not None else pd.Series(dtype=float)
    ).reindex(potential.index, fill_value=0.0)
    frame = pd.DataFrame(
        {
            "roof": potential.index.astype(str),
            "owner": potential["owner"].astype(str).to_numpy(),
            "new_kw": potential["new_kw"].to_numpy(float),
            "new_kwh": (potential["annual_kwh"] - existing).clip(lower=0.0).to_numpy(float),
        }
    )
    return frame[frame["new_kw"] > 0].reset_index(drop=True)
