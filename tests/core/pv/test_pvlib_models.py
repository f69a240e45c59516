"""pvlib's model modules without pvlib/__init__ (greenpark/core/pv/pvlib_models.py): what is
imported, that a later ``import pvlib`` is the whole package, and that the numbers are pvlib's.

Each check runs in a fresh interpreter: this test process has imported pvlib long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SITE = Path(__file__).resolve().parents[3] / "sites" / "jincheng-edz"

#: imported by ``import pvlib`` and never needed to compute: pvlib.spectrum's scipy.integrate,
#: pvlib.iotools' requests, and pvlib's own __init__; and the scipy modules pvlib's model
#: modules import for functions greenpark does not call, and h5py (clear-sky turbidity lookup)
NOT_FOR_A_RUN = (
    "scipy.integrate",
    "requests",
    "pvlib",
    "pvlib.iotools",
    "pvlib.modelchain",
    "scipy.optimize",
    "scipy.linalg",
    "scipy.interpolate",
    "scipy.constants",
    "h5py",
)


def _fresh(code: str) -> str:
    """The standard output of ``code`` run by a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout


LOADED = "import json, sys; print(json.dumps(sorted(m for m in sys.modules if m in {names}))); "


def test_the_pv_core_imports_no_more_of_pvlib_than_it_calls() -> None:
    code = "import greenpark.core.pv.fleet, greenpark.core.pv.sun; "
    loaded = json.loads(_fresh(code + LOADED.format(names=NOT_FOR_A_RUN)))
    assert loaded == []


WHOLE_PACKAGE = """
import greenpark.core.pv.pvlib_models as fast
import pvlib
from pvlib.modelchain import ModelChain
from pvlib.iotools import read_epw
assert pvlib.__version__ and ModelChain is pvlib.modelchain.ModelChain and read_epw
assert pvlib.irradiance is fast.irradiance and pvlib.spa is fast.spa  # loaded once, reused
assert pvlib.solarposition.spa_python  # the whole package, every module bound
import types, scipy.optimize
assert type(scipy.optimize) is types.ModuleType  # the real one, not a deferred stand-in
assert scipy.optimize.bisect.__module__.startswith("scipy.optimize.")
print("whole")
"""


def test_a_later_import_pvlib_is_the_whole_package() -> None:
    assert _fresh(WHOLE_PACKAGE).strip() == "whole"


def test_pvsystem_imported_first_after_the_fast_path() -> None:
    """pvlib.pvsystem and pvlib.ivtools import each other; only pvlib's __init__ order works,
    and ``from pvlib.pvsystem import ...`` runs it (the stand-in is gone)."""
    code = (
        "import greenpark.core.pv.pvlib_models\n"
        "from pvlib.pvsystem import PVSystem\n"
        "import pvlib.ivtools\n"
        "print(PVSystem.__name__)\n"
    )
    assert _fresh(code).strip() == "PVSystem"


#: the same pvlib calls, on the modules given as ``m`` (a namespace of pvlib modules), and
#: greenpark's solar position against pvlib's; every result as a list of floats
SAME_NUMBERS = """
import json
import numpy as np
import pandas as pd
times = pd.date_range("2025-01-01 00:30", periods=8760, freq="h", tz="Asia/Shanghai")
sun = m.solarposition.get_solarposition(times, 35.5, 112.8, altitude=700, method="nrel_numpy")
zenith, azimuth = sun["apparent_zenith"], sun["azimuth"]
dni_extra = m.irradiance.get_extra_radiation(times)
airmass = m.atmosphere.get_relative_airmass(zenith)
clear = m.clearsky.ineichen(zenith, m.atmosphere.get_absolute_airmass(airmass),
                            m.clearsky.lookup_linke_turbidity(times, 35.5, 112.8), 700)
split = m.irradiance.erbs(clear["ghi"] * 0.8, zenith, times)
poa = m.irradiance.get_total_irradiance(30, 180, zenith, azimuth, split["dni"],
                                        clear["ghi"] * 0.8, split["dhi"], dni_extra=dni_extra,
                                        airmass=airmass, model="perez", surface_type="grass")
aoi = m.irradiance.aoi(30, 180, zenith, azimuth)
cell = m.temperature.sapm_cell(poa["poa_global"], 20.0, 2.0, -3.56, -0.075, 3)
out = {"sun": sun, "poa": poa, "iam": m.iam.physical(aoi), "cell": cell}
# functions that call scipy (interp1d, splev, hankel, bisect, minimize, scipy.constants)
out["iam_interp"] = m.iam.interp(aoi, [0, 30, 60, 90], [1.0, 0.99, 0.9, 0.0])
out["driesse"] = m.irradiance.perez_driesse(30, 180, split["dhi"], split["dni"], dni_extra,
                                            zenith, azimuth, airmass)
noon = pd.date_range("2025-06-01 09:00", periods=240, freq="1min", tz="Asia/Shanghai")
day = m.solarposition.get_solarposition(noon, 35.5, 112.8)
day_clear = m.clearsky.ineichen(day["apparent_zenith"], m.atmosphere.get_relative_airmass(
    day["apparent_zenith"]), 3.0)["ghi"]
out["clear_flags"] = m.clearsky.detect_clearsky(day_clear * 0.98, day_clear, noon)
out["ghi_from_poa"] = m.irradiance.ghi_from_poa_driesse_2024(
    30, 180, day["apparent_zenith"][:20], day["azimuth"][:20], day_clear[:20] * 1.1, 1361.0)
fit = m.iam.fit(np.array([0.0, 30, 60, 80]), np.array([1.0, 0.99, 0.9, 0.6]), "martin_ruiz")
out["fit"] = list(fit.values())
out["faiman_rad"] = m.temperature.faiman_rad(poa["poa_global"], 20.0, 2.0, ir_down=300.0)
if greenpark:
    from greenpark.core.pv.sun import solar_position
    out["greenpark_sun"] = solar_position(times, 35.5, 112.8, 700)[list(sun.columns)]
print(json.dumps({k: np.asarray(v, dtype=float).ravel().tolist() for k, v in out.items()}))
"""
FAST = "import greenpark.core.pv.pvlib_models as m; greenpark = True\n"
WHOLE = "import pvlib as m; greenpark = False\n"


def test_pvlib_gives_the_same_numbers_either_way() -> None:
    fast = json.loads(_fresh(FAST + SAME_NUMBERS))
    whole = json.loads(_fresh(WHOLE + SAME_NUMBERS))
    for name, values in whole.items():
        np.testing.assert_array_equal(fast[name], values, err_msg=name)  # bit for bit
    np.testing.assert_array_equal(fast["greenpark_sun"], whole["sun"])  # spa called directly
    assert np.nanmax(whole["poa"]) > 500  # a real year of sun, not empty frames


@pytest.mark.slow
def test_greenpark_run_of_the_demo_loads_no_more_of_pvlib(tmp_path: Path) -> None:
    """The real command, in-process in a fresh interpreter, then its ``sys.modules``."""
    argv = ["greenpark", "run", str(SITE), "--out", str(tmp_path / "out")]
    argv += ["--db", f"sqlite:///{tmp_path / 'runs.db'}"]
    code = (
        f"import sys\nfrom greenpark.cli.app import main\nsys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "sys.stdout = sys.__stdout__\n"
    )
    printed = _fresh(code + LOADED.format(names=NOT_FOR_A_RUN)).strip().splitlines()
    assert json.loads(printed[-1]) == []
    assert (tmp_path / "out" / "annual.csv").is_file()  # the run did compute and export
