"""Hourly AC energy of a whole rooftop PV fleet at once: a vectorised PVWatts-class chain.

The chain is the one pvlib's ``ModelChain.with_pvwatts`` runs, step for step, and a test
holds every roof's hourly output to it within 1e-6 (relative), every hour of a year:

1. sky diffuse on the plane (Perez 1990 by default; Hay-Davies or isotropic selectable),
   beam on the plane, ground reflection with the roof's albedo;
2. incidence-angle loss on the beam (pvlib ``iam.physical``, the ModelChain PVWatts default);
3. cell temperature (SAPM; ``close_roof`` -> ``close_mount_glass_glass``, ``open_rack`` ->
   ``open_rack_glass_polymer``) from the plane-of-array irradiance;
4. DC power by ``pvwatts_dc`` with the roof's temperature coefficient;
5. DC derates ``(1 - losses)(1 - shading)(1 - soiling)`` (pvlib's PVWatts losses combine
   the same way, multiplicatively);
6. the PVWatts inverter with AC rating ``capacity_kw / dc_ac_ratio`` (clipping): its DC input
   limit is ``capacity_kw / (dc_ac_ratio * 0.96)``, 0.96 being the nominal efficiency;
7. ageing ``(1 - degradation)^age`` on the AC output, as SAM/PVWatts applies annual
   degradation to system output, so a roof n years old yields exactly ``(1 - d)^n`` of a new one.

Speed: everything that does not depend on orientation (sun, airmass, Perez brightness
coefficients) is computed once per site, and only for hours with light: night hours, with no
irradiance at all, yield nothing and are skipped. (Twilight hours whose mid-interval sun is
just below the horizon but which carry some diffuse light are kept, as pvlib does: the
isotropic and Hay-Davies skies count that light, Perez and pvlib's airmass do not.)
One deliberate difference: in an hour with GHI but neither DNI nor DHI (inconsistent data)
while the sun is above the horizon, pvlib's Perez computes its brightness index as 0/0, the
plane-of-array irradiance becomes NaN and ModelChain reports 0 kW; here the sky term is 0 and
the ground reflection of that GHI still counts. That is what pvlib itself does for the same
data once the sun is below the horizon (Perez sets the sky term to 0 where the airmass is
undefined and keeps the ground term), and what ModelChain gives with the isotropic or
Hay-Davies sky at any sun height, so the result no longer depends on which side of the
horizon the mid-interval sun is. (The CSWD Taiyuan file has one such hour with the sun up:
2005-02-02 17:00, zenith 86°.)
The sun, the weather of the lit hours and the sky models' weights are in
:mod:`greenpark.core.pv.sky`. Roofs are processed in blocks of consecutive roofs, and the lit
hours of a block a few dozen at a time as (hours x roofs) arrays of ~256 KiB, which stay in
the CPU's cache through the chain's dozen passes; within a block, irradiance and cell
temperature are computed once per unique (tilt, azimuth, albedo, mounting). Per-hour weights
(the sun's direction, the sky coefficients times DHI, the SAPM wind term per mounting) are
folded into small matrix products and broadcasts, so each array is written a few times, in
place; the per-roof constants of the DC and AC steps are computed once per block.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.blocks import row_blocks
from greenpark.core.pv.pvlib_models import iam, temperature
from greenpark.core.pv.sky import TRANSPOSITION_MODELS, SkyCoefficients, Sun, sun_for_lit_hours

FloatArray = npt.NDArray[np.float64]

WEATHER_COLUMNS = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
SAPM_MOUNTING = {"close_roof": "close_mount_glass_glass", "open_rack": "open_rack_glass_polymer"}
INVERTER_NOMINAL_EFFICIENCY = 0.96  # pvlib/PVWatts v5 default eta_inv_nom
_INVERTER_REFERENCE_EFFICIENCY = 0.9637  # pvlib/PVWatts v5 default eta_inv_ref
_K = INVERTER_NOMINAL_EFFICIENCY / _INVERTER_REFERENCE_EFFICIENCY  # PVWatts inverter's k
ORIENTATION_COLUMNS = ["tilt_deg", "azimuth_deg", "albedo", "mounting"]
# column -> (lowest, highest, lowest allowed?, highest allowed?). The same bounds as the park
# schema's Rooftop fields (greenpark/inputs/park/schema_rooftops.py; core cannot import inputs, so
# they are repeated here and a test holds the two equal); age_years is derived, not a schema field.
ROOF_RANGES: dict[str, tuple[float, float, bool, bool]] = {
    "capacity_kw": (0.0, np.inf, True, False),
    "tilt_deg": (0.0, 90.0, True, True),
    "azimuth_deg": (0.0, 360.0, True, True),
    "albedo": (0.0, 1.0, True, True),
    "dc_ac_ratio": (0.5, 2.0, False, True),
    "losses_fraction": (0.0, 1.0, True, False),
    "shading_fraction": (0.0, 1.0, True, False),
    "soiling_fraction": (0.0, 1.0, True, False),
    "degradation_per_year_fraction": (0.0, 0.05, True, False),
    "temp_coefficient_per_c": (-0.01, 0.0, True, True),
    "age_years": (0.0, np.inf, True, False),
}
ROOF_COLUMNS = (*ROOF_RANGES, "mounting")
# pvlib's physical IAM tabulated on a uniform grid of cos(aoi): linear interpolation on it
# differs from calling iam.physical by < 1e-6 and is several times faster on large arrays.
_IAM_GRID_POINTS = 4097
_IAM_ON_GRID = np.asarray(
    iam.physical(np.degrees(np.arccos(np.linspace(0.0, 1.0, _IAM_GRID_POINTS)))), dtype=float
)
_IAM_SLOPE = np.diff(_IAM_ON_GRID)
# bytes of one (hours x roofs) float64 array of the chain: the hours of a block of roofs go
# in chunks this large, which stay in the CPU's cache through the chain's dozen passes
_CHUNK_BYTES = 2**18


def roof_problems(roofs: pd.DataFrame) -> list[str]:
    """Every problem in a roof parameter table, one line each, naming the roof id."""
    missing = [c for c in ROOF_COLUMNS if c not in roofs.columns]
    if missing:
        return [f"roof table: missing columns {missing}"]
    problems = [f"roof {r}: duplicate roof id" for r in roofs.index[roofs.index.duplicated()]]
    for column, (low, high, low_ok, high_ok) in ROOF_RANGES.items():
        values = roofs[column].to_numpy(dtype=float)
        above = (values >= low) if low_ok else (values > low)
        below = (values <= high) if high_ok else (values < high)
        expected = f"{'[' if low_ok else '('}{low:g}, {high:g}{']' if high_ok else ')'}"
        bad = ~(np.isfinite(values) & above & below)
        problems += [
            f"roof {roof_id}: {column} must be a finite number in {expected}, got {value:g}"
            for roof_id, value in zip(roofs.index[bad], values[bad], strict=True)
        ]
    bad_mount = ~roofs["mounting"].isin(list(SAPM_MOUNTING))
    problems += [
        f"roof {roof_id}: mounting must be one of {sorted(SAPM_MOUNTING)}, got {value!r}"
        for roof_id, value in roofs["mounting"][bad_mount].items()
    ]
    return problems


def _weather_problems(weather: pd.DataFrame, solar_position: pd.DataFrame) -> list[str]:
    problems = [f"weather: missing column {c!r}" for c in WEATHER_COLUMNS if c not in weather]
    problems += [
        f"solar position: missing column {c!r}"
        for c in ("apparent_zenith", "azimuth")
        if c not in solar_position
    ]
    if len(weather) != len(solar_position):
        problems.append(
            f"solar position has {len(solar_position)} rows, weather has {len(weather)}"
        )
    if not problems:
        problems += [
            f"weather: column {c!r} has missing values"
            for c in WEATHER_COLUMNS
            if weather[c].isna().any()
        ]
    return problems


def _physical_iam(cos_aoi: FloatArray) -> FloatArray:
    """pvlib ``iam.physical`` (default glass) at cos(aoi) in [0, 1], from the table."""
    position = np.minimum(cos_aoi, 1.0)
    position *= _IAM_GRID_POINTS - 1
    index = position.astype(np.intp)
    np.minimum(index, _IAM_GRID_POINTS - 2, out=index)
    position -= index
    position *= np.take(_IAM_SLOPE, index)
    position += np.take(_IAM_ON_GRID, index)
    return position


class _Orientations(NamedTuple):
    """Per-orientation constants of a block: the roofs' normals (3, K), the sky-diffuse
    weights of the isotropic and horizon terms (2, K), the ground-reflection weight
    albedo·(1 − cos tilt) (K,), and each orientation's SAPM mounting (code into ``sapm``)."""

    normal: FloatArray
    sky: FloatArray
    ground: FloatArray
    mounting: npt.NDArray[np.intp]
    sapm: tuple[dict[str, float], ...]


def _orientations(table: pd.DataFrame) -> _Orientations:
    """:class:`_Orientations` of a table with :data:`ORIENTATION_COLUMNS`; cos(aoi) is the
    product of the sun's direction and the normal, pvlib's ``aoi_projection`` with
    cos(Δazimuth) expanded."""
    tilt = np.radians(table["tilt_deg"].to_numpy(dtype=float))
    facing = np.radians(table["azimuth_deg"].to_numpy(dtype=float))
    cos_tilt, sin_tilt = np.cos(tilt), np.sin(tilt)
    normal = np.vstack((cos_tilt, sin_tilt * np.cos(facing), sin_tilt * np.sin(facing)))
    albedo = table["albedo"].to_numpy(dtype=float)
    kinds = sorted(set(table["mounting"]))
    return _Orientations(
        normal,
        np.vstack((0.5 * (1.0 + cos_tilt), sin_tilt)),
        albedo * (1.0 - cos_tilt),
        np.array([kinds.index(m) for m in table["mounting"]], dtype=np.intp),
        tuple(temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][SAPM_MOUNTING[m]] for m in kinds),
    )


def effective_irradiance_and_cell_temperature(
    sun: Sun, sky: SkyCoefficients, orientations: _Orientations
) -> tuple[FloatArray, FloatArray]:
    """Effective irradiance [W/m²] and cell temperature [°C], (sun's hours x orientations).

    Per-hour weights are folded into small matrix products and the (hours x orientations)
    arrays are worked on in place: pvlib's arithmetic, reordered (rounding differences ~1e-15).
    """
    zenith, azimuth = np.radians(sun.zenith_deg), np.radians(sun.azimuth_deg)
    sin_zenith = np.sin(zenith)
    sun_vector = np.column_stack(
        (np.cos(zenith), sin_zenith * np.cos(azimuth), sin_zenith * np.sin(azimuth))
    )
    facing = sun_vector @ orientations.normal  # cos(aoi)
    np.clip(facing, 0.0, 1.0, out=facing)
    # sky diffuse: dhi (isotropic (1 + cos tilt) / 2 + circumsolar cos aoi + horizon sin tilt)
    sky_weights = np.column_stack((sun.dhi * sky.isotropic, sun.dhi * sky.horizon))
    poa_diffuse = sky_weights @ orientations.sky
    poa_diffuse += (sun.dhi * sky.circumsolar)[:, None] * facing
    np.maximum(poa_diffuse, 0.0, out=poa_diffuse)
    poa_diffuse += (0.5 * sun.ghi)[:, None] * orientations.ground[None, :]
    poa_direct = sun.dni[:, None] * facing
    effective = _physical_iam(facing)
    effective *= poa_direct
    effective += poa_diffuse
    poa_global = np.add(poa_direct, poa_diffuse, out=poa_direct)
    return effective, _sapm_cell(poa_global, sun, orientations)


def _sapm_cell(poa_global: FloatArray, sun: Sun, orientations: _Orientations) -> FloatArray:
    """pvlib ``temperature.sapm_cell`` per mounting: the wind term exp(a + b·wind) is
    computed once per hour and mounting, not per orientation (in place on ``poa_global``)."""
    per_kind = np.column_stack(
        [np.exp(p["a"] + p["b"] * sun.wind_speed) + p["deltaT"] / 1000.0 for p in orientations.sapm]
    )
    poa_global *= np.take(per_kind, orientations.mounting, axis=1)
    poa_global += sun.temp_air[:, None]
    return poa_global


class _RoofAc(NamedTuple):
    """Per-roof constants of the DC and AC steps (roofs,): temperature coefficient γ [1/°C],
    DC kW per W/m² with the derates, the inverter curve's square and constant terms, the AC
    limit [kW] and the ageing factor."""

    gamma: FloatArray
    dc_kw_per_w: FloatArray
    square: FloatArray
    constant_kw: FloatArray
    limit_ac_kw: FloatArray
    ageing: FloatArray


def _roof_ac(roofs: pd.DataFrame) -> _RoofAc:
    """pvlib's ``pvwatts_dc`` and PVWatts inverter, with the derates folded into the DC
    rating and the inverter's efficiency curve times DC power expanded:
    ``eta·pdc = k (0.9858 pdc - 0.0162 pdc²/pdc0 - 0.0059 pdc0)``, k = nominal/reference
    efficiency, which is 0 after the floor where pdc is 0 (pvlib's special case)."""

    def column(name: str) -> FloatArray:
        return np.asarray(roofs[name].to_numpy(dtype=float))

    capacity_kw = column("capacity_kw")
    derate = (
        (1.0 - column("losses_fraction"))
        * (1.0 - column("shading_fraction"))
        * (1.0 - column("soiling_fraction"))
    )
    limit_kw = capacity_kw / (column("dc_ac_ratio") * INVERTER_NOMINAL_EFFICIENCY)
    return _RoofAc(
        column("temp_coefficient_per_c"),
        0.001 * capacity_kw * derate,
        np.divide(-0.0162 * _K, limit_kw, out=np.zeros_like(limit_kw), where=limit_kw > 0),
        0.0059 * _K * limit_kw,
        INVERTER_NOMINAL_EFFICIENCY * limit_kw,
        (1.0 - column("degradation_per_year_fraction")) ** column("age_years"),
    )


def roof_ac_kw(
    effective: FloatArray, cell_c: FloatArray, roofs: _RoofAc, out: FloatArray
) -> FloatArray:
    """AC power [kW] per roof into ``out`` from effective irradiance [W/m²] and cell
    temperature [°C], each hours x roofs (``cell_c`` is overwritten); see :func:`_roof_ac`."""
    dc_kw = cell_c  # pvwatts_dc: G·0.001·pdc0·(1 + γ(T - 25)), then the derates
    dc_kw -= 25.0
    dc_kw *= roofs.gamma
    dc_kw += 1.0
    dc_kw *= effective
    dc_kw *= roofs.dc_kw_per_w
    ac_kw = np.multiply(dc_kw, roofs.square, out=out)
    ac_kw += 0.9858 * _K
    ac_kw *= dc_kw
    ac_kw -= roofs.constant_kw
    np.clip(ac_kw, 0.0, roofs.limit_ac_kw, out=ac_kw)
    ac_kw *= roofs.ageing
    return ac_kw


def _orientation_codes(roofs: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Code of each roof's (tilt, azimuth, albedo, mounting), numbered by first appearance."""
    mounting = roofs["mounting"].to_numpy()
    kinds = {m: float(i) for i, m in enumerate(sorted(set(mounting)))}
    keys = np.column_stack(
        [roofs[c].to_numpy(dtype=float) for c in ORIENTATION_COLUMNS[:3]]
        + [np.array([kinds[m] for m in mounting])]
    )
    _, first, codes = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    by_appearance = np.empty(len(first), dtype=np.intp)
    by_appearance[np.argsort(first)] = np.arange(len(first))
    return by_appearance[np.asarray(codes).reshape(-1)]


def _block_ac_kw(
    sun: Sun,
    sky: SkyCoefficients,
    block: pd.DataFrame,
    out: tuple[npt.NDArray[np.intp], FloatArray],
) -> None:
    """AC power [kW] of a block of roofs, a few dozen lit hours at a time so that every
    (hours x roofs) array stays in cache, into ``out``: (the rows of the lit hours, the
    block's columns of the hours x roofs result); irradiance and cell temperature once per
    unique orientation of the block."""
    lit_rows, columns = out
    keys = _orientation_codes(block)
    first = np.unique(keys, return_index=True)[1]  # one roof per code, in code order
    orientations = _orientations(block.iloc[first][ORIENTATION_COLUMNS])
    roofs = _roof_ac(block)
    chunk = np.empty(0)
    for hours in row_blocks((len(sun.ghi), len(block)), _CHUNK_BYTES):
        effective, cell_c = effective_irradiance_and_cell_temperature(
            sun.rows(hours), sky.rows(hours), orientations
        )
        if len(first) < len(block):
            effective, cell_c = effective[:, keys], cell_c[:, keys]
        if chunk.shape != cell_c.shape:  # the last chunk may be shorter
            chunk = np.empty(cell_c.shape)
        columns[lit_rows[hours]] = roof_ac_kw(effective, cell_c, roofs, chunk)


def fleet_ac_kwh(
    weather: pd.DataFrame,
    solar_position: pd.DataFrame,
    roofs: pd.DataFrame,
    *,
    transposition_model: str = "perez",
    block_size: int = 128,
) -> pd.DataFrame:
    """Hourly AC energy of every roof [kWh per hour = mean kW], hours x roof ids.

    Parameters
    ----------
    weather : DataFrame
        Hourly weather indexed by interval start (see :func:`sun_for_lit_hours`).
    solar_position : DataFrame
        Sun position at mid-interval, one row per weather row.
    roofs : DataFrame
        One row per roof, indexed by roof id, with the columns of :data:`ROOF_COLUMNS`:
        ``capacity_kw`` [kWp DC], ``tilt_deg``, ``azimuth_deg`` (180 = south), ``albedo``,
        ``mounting``, ``dc_ac_ratio``, ``losses_fraction``, ``shading_fraction``,
        ``soiling_fraction``, ``degradation_per_year_fraction``,
        ``temp_coefficient_per_c`` [1/°C], ``age_years`` [years since commissioning].
    transposition_model : str
        A key of :data:`TRANSPOSITION_MODELS`.
    block_size : int
        Roofs per block (orientations are shared within a block); the hours of a block go
        a few dozen at a time, so memory is the output and a few small arrays.

    Raises
    ------
    ValueError
        Every impossible roof value (naming the roof), unknown model, or bad weather.
    """
    problems = roof_problems(roofs) + _weather_problems(weather, solar_position)
    if transposition_model not in TRANSPOSITION_MODELS:
        problems.append(
            f"transposition model must be one of {sorted(TRANSPOSITION_MODELS)}, "
            f"got {transposition_model!r}"
        )
    if problems:
        raise ValueError("\n".join(problems))
    lit, sun = sun_for_lit_hours(weather, solar_position)
    sky = TRANSPOSITION_MODELS[transposition_model](sun)
    out, lit_rows = np.zeros((len(weather), len(roofs))), np.flatnonzero(lit)
    for start in range(0, len(roofs), block_size):
        block = roofs.iloc[start : start + block_size]
        _block_ac_kw(sun, sky, block, (lit_rows, out[:, start : start + len(block)]))
    return pd.DataFrame(out, index=weather.index, columns=roofs.index, copy=False)
