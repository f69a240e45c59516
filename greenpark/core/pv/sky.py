"""What the fleet engine (:mod:`greenpark.core.pv.fleet`) computes once per site and hour,
whatever the roofs' orientation: the sun and the weather of the hours with light, and the
per-hour weights of the sky-diffuse models (Perez 1990, Hay-Davies, isotropic) in one form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.pv.pvlib_models import atmosphere, irradiance
from greenpark.core.pv.sun import extraterrestrial_dni_w_per_m2

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Sun:
    """Orientation-independent inputs for the lit hours of one site (1-D, same length)."""

    zenith_deg: FloatArray  # apparent solar zenith at mid-interval
    azimuth_deg: FloatArray
    ghi: FloatArray
    dni: FloatArray
    dhi: FloatArray
    temp_air: FloatArray
    wind_speed: FloatArray
    dni_extra: FloatArray
    airmass_relative: FloatArray

    def rows(self, hours: slice) -> Sun:
        """The same inputs for the lit hours in ``hours`` only (views)."""
        return replace(self, **{f.name: getattr(self, f.name)[hours] for f in fields(self)})


@dataclass(frozen=True)
class SkyCoefficients:
    """Per-hour weights of a sky-diffuse model written in one common form.

    ``poa_sky_diffuse = max(0, dhi * (isotropic * (1 + cos tilt) / 2
    + circumsolar * max(cos aoi, 0) + horizon * sin tilt))``.
    """

    isotropic: FloatArray
    circumsolar: FloatArray
    horizon: FloatArray

    def rows(self, hours: slice) -> SkyCoefficients:
        """The weights of the lit hours in ``hours`` only (views)."""
        return SkyCoefficients(self.isotropic[hours], self.circumsolar[hours], self.horizon[hours])


def _isotropic_sky(sun: Sun) -> SkyCoefficients:
    zero = np.zeros_like(sun.dhi)
    return SkyCoefficients(np.ones_like(sun.dhi), zero, zero)


def _haydavies_sky(sun: Sun) -> SkyCoefficients:
    anisotropy = sun.dni / sun.dni_extra
    # 0.01745 = cos(89°), the floor pvlib.irradiance.haydavies puts under cos(zenith) (pvlib
    # GH 432): without it the circumsolar ratio explodes as the sun reaches the horizon
    cos_zenith = np.maximum(np.cos(np.radians(sun.zenith_deg)), 0.01745)
    return SkyCoefficients(1.0 - anisotropy, anisotropy / cos_zenith, np.zeros_like(sun.dhi))


def _perez_sky(sun: Sun) -> SkyCoefficients:
    """Perez 1990 brightness coefficients F1, F2, exactly as ``pvlib.irradiance.perez``."""
    kappa = 1.041
    z = np.radians(sun.zenith_deg)
    delta = sun.dhi * sun.airmass_relative / sun.dni_extra
    with np.errstate(invalid="ignore", divide="ignore"):
        eps = ((sun.dhi + sun.dni) / sun.dhi + kappa * z**3) / (1 + kappa * z**3)
    ebin = np.digitize(eps, (0.0, 1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2)) - 1
    ebin[np.isnan(eps)] = -1
    f1c, f2c = irradiance._get_perez_coefficients("allsitescomposite1990")
    nans = np.full(3, np.nan)
    f1c, f2c = np.vstack((f1c, nans)), np.vstack((f2c, nans))
    f1 = np.maximum(f1c[ebin, 0] + f1c[ebin, 1] * delta + f1c[ebin, 2] * z, 0.0)
    f2 = f2c[ebin, 0] + f2c[ebin, 1] * delta + f2c[ebin, 2] * z
    cos_zenith = np.maximum(np.cos(z), np.cos(np.radians(85.0)))
    return SkyCoefficients(
        np.nan_to_num(1.0 - f1), np.nan_to_num(f1 / cos_zenith), np.nan_to_num(f2)
    )


TRANSPOSITION_MODELS: dict[str, Callable[[Sun], SkyCoefficients]] = {
    "perez": _perez_sky,
    "haydavies": _haydavies_sky,
    "isotropic": _isotropic_sky,
}


def sun_for_lit_hours(
    weather: pd.DataFrame, solar_position: pd.DataFrame
) -> tuple[npt.NDArray[np.bool_], Sun]:
    """The mask of hours with light, and the orientation-independent inputs for those hours.

    Parameters
    ----------
    weather : DataFrame
        Hourly ``ghi``, ``dni``, ``dhi`` [W/m², mean over the hour], ``temp_air`` [°C],
        ``wind_speed`` [m/s].
    solar_position : DataFrame
        pvlib's columns (``apparent_zenith``, ``azimuth`` [deg]) at mid-interval, indexed by
        the mid-interval times, one row per weather row.
    """
    zenith = solar_position["apparent_zenith"].to_numpy(dtype=float)
    lit: npt.NDArray[np.bool_] = np.any(weather[["ghi", "dni", "dhi"]].to_numpy(float) > 0, axis=1)
    sun_times = pd.DatetimeIndex(solar_position.index)[lit]
    zenith_lit = zenith[lit]

    def column(name: str) -> FloatArray:
        return np.asarray(weather[name].to_numpy(dtype=float)[lit])

    return lit, Sun(
        zenith_deg=zenith_lit,
        azimuth_deg=solar_position["azimuth"].to_numpy(dtype=float)[lit],
        ghi=column("ghi"),
        dni=column("dni"),
        dhi=column("dhi"),
        temp_air=column("temp_air"),
        wind_speed=column("wind_speed"),
        dni_extra=extraterrestrial_dni_w_per_m2(sun_times).to_numpy(),
        airmass_relative=np.asarray(
            atmosphere.get_relative_airmass(zenith_lit, "kastenyoung1989"), dtype=float
        ),
    )
