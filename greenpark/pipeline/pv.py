"""Rooftop PV for a whole park: park config + weather -> hourly, per-roof, per-enterprise yields.

Steps: stamp the weather onto the accounting year (skipped when it is already on it); the sun
at mid-interval for the park's location (park.yaml, not the weather station's: the roofs are
in the park; altitude from park.yaml, else the weather's; the weather's own solar position when
the two coincide, as for the synthetic year made for the park); the roofs as a parameter
table (age = accounting year - commissioning year); the fleet engine
(:func:`greenpark.core.pv.fleet.fleet_ac_kwh`); with ``potential=True`` also the capacity every
roof could add (:func:`greenpark.core.pv.potential.roof_potential_kw`), run with the roof's own
orientation and derates, ``pv_defaults.potential_dc_ac_ratio`` and no ageing; then annual,
specific-yield and monthly sums per roof and per enterprise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from greenpark.core.pv.fleet import fleet_ac_kwh
from greenpark.core.pv.potential import roof_potential_kw
from greenpark.core.pv.sky import TRANSPOSITION_MODELS
from greenpark.core.pv.sun import solar_position
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.schema import ParkConfig, Rooftop
from greenpark.inputs.weather.files import Weather, weather_for_year
from greenpark.messages import Message

_PARAMETERS = (
    "tilt_deg",
    "azimuth_deg",
    "albedo",
    "mounting",
    "dc_ac_ratio",
    "losses_fraction",
    "shading_fraction",
    "soiling_fraction",
    "degradation_per_year_fraction",
    "temp_coefficient_per_c",
)


@dataclass(frozen=True)
class PVResult:
    """Rooftop PV yields of one park for one year.

    ``hourly_kwh``: interval-start hours x roof ids [kWh]. ``roofs``: per roof ``owner``,
    ``tilt_deg``, ``azimuth_deg``, ``capacity_kw`` [kWp DC] (with ``potential``: also
    ``usable_area_m2``, ``existing_kw``, ``new_kw``), ``annual_kwh``, ``kwh_per_kwp``,
    ``capacity_factor`` (on DC kWp). ``enterprise_names``: enterprise id -> name. The
    summaries only ``greenpark pv`` shows are computed when first read: ``enterprises`` (the
    roofs' sums per owner, with ``name`` and ``roofs`` (count)), ``monthly_roof_kwh`` /
    ``monthly_enterprise_kwh`` (month 1-12 x roofs / owners [kWh]).
    """

    park_id: str
    year: int
    potential: bool
    transposition_model: str
    hourly_kwh: pd.DataFrame
    roofs: pd.DataFrame
    enterprise_names: dict[str, str]
    weather_source: str
    annual_ghi_kwh_per_m2: float
    messages: tuple[Message, ...]

    @cached_property
    def enterprises(self) -> pd.DataFrame:
        """Per owner: ``name``, ``roofs`` (count), ``capacity_kw``, ``annual_kwh``,
        ``kwh_per_kwp``, ``capacity_factor``."""
        return _enterprise_summary(self.enterprise_names, self.hourly_kwh, self.roofs)

    @cached_property
    def monthly_roof_kwh(self) -> pd.DataFrame:
        """Month 1-12 x roof ids [kWh]."""
        return _monthly(self.hourly_kwh)

    @cached_property
    def monthly_enterprise_kwh(self) -> pd.DataFrame:
        """Month 1-12 x owners [kWh]."""
        return _monthly(_by_owner(self.hourly_kwh, self.roofs["owner"]))


def roof_table(rooftops: tuple[Rooftop, ...], year: int) -> pd.DataFrame:
    """Engine parameters per roof (indexed by roof id), with ``age_years`` in ``year``."""
    rows = {
        r.id: {
            "owner": r.owner,
            "area_m2": r.area_m2,
            "usable_fraction": r.usable_fraction,
            "capacity_kw": r.capacity_kw,
            "age_years": float(year - (r.commissioning_year or year)),
            **{name: getattr(r, name) for name in _PARAMETERS},
        }
        for r in rooftops
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def _installed(roofs: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[Message]]:
    """Roofs with PV in service during ``year``, and notes on the ones left out."""
    has_pv = roofs["capacity_kw"] > 0
    future = has_pv & (roofs["age_years"] < 0)
    messages = [
        Message(
            "pv_commissioned_after_year",
            {"roof_id": str(roof_id), "commissioned_year": year - int(age), "year": year},
            "info",
        )
        for roof_id, age in roofs.loc[future, "age_years"].items()
    ]
    bare = int((~has_pv).sum())
    if bare:
        messages.append(Message("roofs_without_pv", {"roofs": bare}, "info"))
    return roofs[has_pv & ~future], messages


def _potential_tables(
    roofs: pd.DataFrame, config: ParkConfig
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Existing PV, new PV (parameter tables) and the sizes per roof for the potential case."""
    defaults = config.pv_defaults
    sizes = roof_potential_kw(
        roofs,
        setback_m=defaults.roof_setback_m,
        power_density_kw_per_m2=defaults.power_density_kw_per_m2,
    )
    existing = roofs[roofs["capacity_kw"] > 0]
    existing = existing.assign(age_years=existing["age_years"].clip(lower=0.0))
    new = roofs.assign(
        capacity_kw=sizes["new_kw"], dc_ac_ratio=defaults.potential_dc_ac_ratio, age_years=0.0
    )
    return existing, new, sizes


def _yields(hourly_kwh: pd.DataFrame, capacity_kw: pd.Series) -> pd.DataFrame:
    """Annual energy [kWh], specific yield [kWh/kWp] and capacity factor on DC kWp."""
    annual_kwh = hourly_kwh.sum()
    per_kwp = annual_kwh / capacity_kw.where(capacity_kw > 0)
    return pd.DataFrame(
        {
            "capacity_kw": capacity_kw,
            "annual_kwh": annual_kwh,
            "kwh_per_kwp": per_kwp,
            "capacity_factor": per_kwp / len(hourly_kwh),
        }
    )


def _by_owner(table: pd.DataFrame, owners: pd.Series) -> pd.DataFrame:
    """Columns (roof ids) summed per owner."""
    return table.T.groupby(owners.reindex(table.columns)).sum().T


def _enterprise_summary(
    names: dict[str, str], hourly_kwh: pd.DataFrame, roofs: pd.DataFrame
) -> pd.DataFrame:
    owners = roofs["owner"]
    summary = _yields(_by_owner(hourly_kwh, owners), roofs["capacity_kw"].groupby(owners).sum())
    summary.insert(0, "name", [names.get(str(owner), str(owner)) for owner in summary.index])
    summary.insert(1, "roofs", roofs.groupby("owner").size())
    summary.index.name = "owner"
    return summary


def _monthly(hourly_kwh: pd.DataFrame) -> pd.DataFrame:
    monthly = hourly_kwh.groupby(pd.DatetimeIndex(hourly_kwh.index).month).sum()
    monthly.index.name = "month"
    return monthly.reindex(range(1, 13), fill_value=0.0)


#: solar positions already computed in this process, by site and times (a sweep, a pathway
#: and every run of a park re-stamp the same weather onto the same year: the same sun)
_SUNS: dict[tuple[object, ...], pd.DataFrame] = {}
_SUNS_KEPT = 8


def _park_solar_position(weather: Weather, config: ParkConfig) -> pd.DataFrame:
    """The sun at mid-interval over the park: the weather's own (computed once per Weather)
    when the park sits where the weather is, else computed for the park; either is kept for
    later runs on the same site and times (the ``_SUNS_KEPT`` latest)."""
    location = config.park.location
    altitude_m = location.altitude_m if location.altitude_m is not None else weather.altitude_m
    site = (location.latitude_deg, location.longitude_deg, altitude_m)
    times = pd.DatetimeIndex(weather.sun_times)
    digest = hashlib.blake2b(np.ascontiguousarray(times.asi8).tobytes()).hexdigest()
    key = (*site, str(times.tz), digest)
    sun = _SUNS.get(key)
    if sun is None:
        if site == (weather.latitude_deg, weather.longitude_deg, weather.altitude_m):
            sun = weather.solar_position
        else:
            sun = solar_position(times, *site)
        if len(_SUNS) >= _SUNS_KEPT:
            del _SUNS[next(iter(_SUNS))]
        _SUNS[key] = sun
    return sun


Case = tuple[pd.DataFrame, pd.DataFrame, list[Message]]


def _installed_case(
    roofs: pd.DataFrame, config: ParkConfig, weather: Weather, sun: pd.DataFrame, model: str
) -> Case:
    """Hourly kWh, per-roof sizes and notes for the PV in service."""
    existing, messages = _installed(roofs, config.park.accounting_year)
    hourly = fleet_ac_kwh(weather.data, sun, existing, transposition_model=model)
    return hourly, existing[["owner", "tilt_deg", "azimuth_deg", "capacity_kw"]], messages


def _potential_case(
    roofs: pd.DataFrame, config: ParkConfig, weather: Weather, sun: pd.DataFrame, model: str
) -> Case:
    """Hourly kWh, per-roof sizes and notes for existing + new PV on every roof."""
    existing, new, sizes = _potential_tables(roofs, config)
    both = pd.concat([existing, new])  # a roof id twice: existing and new, run as two systems
    hourly = fleet_ac_kwh(weather.data, sun, both.reset_index(drop=True), transposition_model=model)
    hourly = hourly.T.groupby(both.index.to_numpy()).sum().T[roofs.index]
    per_roof = roofs[["owner", "tilt_deg", "azimuth_deg"]].join(sizes)
    return hourly, per_roof.assign(capacity_kw=sizes["potential_kw"]), []


def run_pv(
    config: ParkConfig,
    weather: Weather,
    *,
    potential: bool = False,
    transposition_model: str = "perez",
) -> PVResult:
    """Hourly and annual rooftop PV yields of a park in its accounting year.

    Parameters
    ----------
    config : ParkConfig
        The park; its ``rooftops``, ``pv_defaults`` and location are used.
    weather : Weather
        Hourly weather of any year: it is stamped onto ``config.park.accounting_year``
        (unless already on it, as after :func:`weather_for_year`).
    potential : bool
        False: installed PV only. True: what every roof could host, existing PV included.
    transposition_model : str
        ``perez`` (default), ``haydavies`` or ``isotropic``.

    Raises
    ------
    InputError
        No rooftops; impossible roof parameters or pv_defaults, naming the roof.
    """
    if not config.rooftops:
        raise InputError(
            [text("park.yaml: 没有 rooftops（屋顶）条目", "park.yaml: no rooftops listed")]
        )
    if transposition_model not in TRANSPOSITION_MODELS:
        models = sorted(TRANSPOSITION_MODELS)
        raise InputError(
            [
                text(
                    f"斜面辐射模型须为 {models} 之一，实际为 {transposition_model!r}",
                    f"transposition model must be one of {models}, got {transposition_model!r}",
                )
            ]
        )
    year = config.park.accounting_year
    weather = weather_for_year(weather, year)  # the same Weather if already on the year
    sun = _park_solar_position(weather, config)
    roofs = roof_table(config.rooftops, year)
    case = _potential_case if potential else _installed_case
    hourly, per_roof, messages = case(roofs, config, weather, sun, transposition_model)
    summary = per_roof.join(_yields(hourly, per_roof["capacity_kw"]).drop(columns="capacity_kw"))
    return PVResult(
        park_id=config.park.id,
        year=year,
        potential=potential,
        transposition_model=transposition_model,
        hourly_kwh=hourly,
        roofs=summary,
        enterprise_names={e.id: e.name for e in config.enterprises},
        weather_source=weather.source,
        annual_ghi_kwh_per_m2=weather.annual_ghi_kwh_per_m2,
        messages=(*weather.messages, *messages),
    )
