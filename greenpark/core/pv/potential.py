"""What PV capacity each factory roof could host.

Method (an assumption users should set in ``pv_defaults``, not a survey result):

* Usable area. The roof is taken as roughly square, so a fire/maintenance setback ``s`` along
  the whole perimeter leaves a square of side ``sqrt(area) - 2 s``. The roof's
  ``usable_fraction`` (skylights, HVAC, vents, load limits) applies to what is left:
  ``usable_area = max(sqrt(area) - 2 s, 0)^2 * usable_fraction``. Long narrow roofs lose
  more to a setback than this; give them a smaller ``usable_fraction``.
* Power density. 0.2 kWp per m² of usable roof by default: a typical 2.2-2.6 m² crystalline
  module of 450-550 Wp is about 0.21 kWp per m² of module area; flush-mounted rows on pitched
  metal roofs come close to that, while tilted rows on flat roofs need inter-row spacing and
  aisles and reach perhaps 0.1-0.15. ``pv_defaults.power_density_kw_per_m2`` sets it.
* Existing PV counts towards the potential: ``new = max(potential - existing, 0)``, and the
  roof's total is ``existing + new``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
POTENTIAL_COLUMNS = ("area_m2", "usable_fraction", "capacity_kw")


def usable_area_m2(
    area_m2: FloatArray, usable_fraction: FloatArray, setback_m: float
) -> FloatArray:
    """Usable roof area after a perimeter setback on a square-ish roof [m²].

    Parameters
    ----------
    area_m2 : array
        Roof area [m²].
    usable_fraction : array
        Share of the area inside the setback that can carry modules [0-1].
    setback_m : float
        Clear strip along the roof edge [m].
    """
    inner_side_m = np.maximum(np.sqrt(area_m2) - 2.0 * setback_m, 0.0)
    return np.asarray(inner_side_m**2 * usable_fraction, dtype=float)


def _potential_problems(
    roofs: pd.DataFrame, setback_m: float, power_density_kw_per_m2: float
) -> list[str]:
    missing = [c for c in POTENTIAL_COLUMNS if c not in roofs.columns]
    if missing:
        return [f"roof table: missing columns {missing}"]
    checks = {
        "area_m2": (roofs["area_m2"] > 0, "> 0"),
        "usable_fraction": (roofs["usable_fraction"].between(0, 1), "in [0, 1]"),
        "capacity_kw": (roofs["capacity_kw"] >= 0, ">= 0"),
    }
    problems = [
        f"roof {roof_id}: {column} must be {expected}, got {value:g}"
        for column, (ok, expected) in checks.items()
        for roof_id, value in roofs[column][~ok].astype(float).items()
    ]
    if not setback_m >= 0:
        problems.append(f"pv_defaults.roof_setback_m must be >= 0, got {setback_m}")
    if not power_density_kw_per_m2 > 0:
        problems.append(
            f"pv_defaults.power_density_kw_per_m2 must be > 0, got {power_density_kw_per_m2}"
        )
    return problems


def roof_potential_kw(
    roofs: pd.DataFrame, *, setback_m: float, power_density_kw_per_m2: float
) -> pd.DataFrame:
    """Potential DC capacity per roof [kWp], existing PV included.

    Parameters
    ----------
    roofs : DataFrame
        Indexed by roof id, columns ``area_m2`` [m²], ``usable_fraction`` [0-1] and
        ``capacity_kw`` (existing DC capacity [kWp], 0 where none).
    setback_m : float
        Perimeter setback [m].
    power_density_kw_per_m2 : float
        DC capacity per m² of usable area [kWp/m²].

    Returns
    -------
    DataFrame
        Same index; ``usable_area_m2`` [m²], ``existing_kw``, ``new_kw`` and
        ``potential_kw`` = existing + new [kWp].

    Raises
    ------
    ValueError
        Non-positive area, fraction outside [0, 1], negative capacity/setback, naming the roof.
    """
    problems = _potential_problems(roofs, setback_m, power_density_kw_per_m2)
    if problems:
        raise ValueError("\n".join(problems))
    area = usable_area_m2(
        roofs["area_m2"].to_numpy(dtype=float),
        roofs["usable_fraction"].to_numpy(dtype=float),
        setback_m,
    )
    existing_kw = roofs["capacity_kw"].to_numpy(dtype=float)
    new_kw = np.maximum(area * power_density_kw_per_m2 - existing_kw, 0.0)
    return pd.DataFrame(
        {
            "usable_area_m2": area,
            "existing_kw": existing_kw,
            "new_kw": new_kw,
            "potential_kw": existing_kw + new_kw,
        },
        index=roofs.index,
    )
