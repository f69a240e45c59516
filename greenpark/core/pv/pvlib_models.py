"""The pvlib model modules greenpark calls, imported without running ``pvlib/__init__``.

``import pvlib`` imports every pvlib module: spectrum (with scipy.integrate), ivtools,
bifacial, modelchain, iotools (requests and every web service's reader) — about half a second
of every command's start that a run never uses. The modules the PV core calls (solarposition,
irradiance, clearsky, atmosphere, iam, temperature, spa, and tools, which they import) import
none of that, so they are imported without pvlib's ``__init__``
(:func:`greenpark.core.package_parts.without_package_init`); a later ``import pvlib``
(ModelChain in :mod:`greenpark.core.pv.reference`, pvlib's file readers, tests, users) is the
whole package, with these same modules.

A pvlib function that imports ``from pvlib`` when called (``solarposition.spa_python``: ``from
pvlib import spa``) imports the whole package then; :func:`greenpark.core.pv.sun.solar_position`
therefore calls ``spa`` itself.

Those modules also import scipy.optimize, scipy.linalg, scipy.interpolate and h5py at the top,
for functions a run calls rarely or never: these are :func:`~greenpark.core.package_parts.deferred_modules`
while pvlib's modules are imported, so those functions import them when first called.
"""

from __future__ import annotations

from greenpark.core.package_parts import deferred_modules, without_package_init

#: imported at the top of those pvlib modules, called only by functions a run does not call
#: (bisection, spline and Hankel-matrix helpers), or only when it reads a weather file (h5py:
#: the Linke turbidity lookup of its clear-sky check); ~0.5 s of imports (scipy.linalg and
#: scipy.optimize with their dependencies) and ~0.04 s (h5py)
CALLED_LATER = ("scipy.optimize", "scipy.linalg", "scipy.interpolate", "scipy.constants", "h5py")

with without_package_init("pvlib"), deferred_modules(*CALLED_LATER):
    from pvlib import atmosphere, clearsky, iam, irradiance, solarposition, spa, temperature

__all__ = ["atmosphere", "clearsky", "iam", "irradiance", "solarposition", "spa", "temperature"]
