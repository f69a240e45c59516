"""pvlib's private ``irradiance._get_perez_coefficients``, which the fleet model's Perez sky
(``greenpark.core.pv.sky._perez_sky``) reads, exists and still gives the 1990 coefficients.

It is private: pvlib may rename or change it in any release, so ``pyproject.toml`` pins pvlib
to the versions checked here, and this test fails loudly (instead of the fleet model turning
silently wrong) when it changes.

The values are the "allsitescomposite1990" set, Perez R., Ineichen P., Seals R., Michalsky J.,
Stewart R. (1990), "Modeling daylight availability and irradiance components from direct and
global irradiance", Solar Energy 44(5):271-289, Table 6 — as pvlib 0.16.1 returns them
(rows: the eight sky-clearness bins; columns: the coefficients of 1, Δ and zenith [rad]).
"""

from __future__ import annotations

import numpy as np
from pvlib import irradiance

F1 = [
    [-0.008, 0.588, -0.062],
    [0.130, 0.683, -0.151],
    [0.330, 0.487, -0.221],
    [0.568, 0.187, -0.295],
    [0.873, -0.392, -0.362],
    [1.132, -1.237, -0.412],
    [1.060, -1.600, -0.359],
    [0.678, -0.327, -0.250],
]
F2 = [
    [-0.060, 0.072, -0.022],
    [-0.019, 0.066, -0.029],
    [0.055, -0.064, -0.026],
    [0.109, -0.152, -0.014],
    [0.226, -0.462, 0.001],
    [0.288, -0.823, 0.056],
    [0.264, -1.127, 0.131],
    [0.156, -1.377, 0.251],
]


def test_perez_coefficients_are_there_and_unchanged() -> None:
    assert hasattr(irradiance, "_get_perez_coefficients"), (
        "pvlib no longer has irradiance._get_perez_coefficients: greenpark.core.pv.fleet "
        "needs a new source for the Perez 1990 coefficients (and the pvlib pin a new range)"
    )
    f1, f2 = irradiance._get_perez_coefficients("allsitescomposite1990")
    np.testing.assert_array_equal(np.asarray(f1), F1)
    np.testing.assert_array_equal(np.asarray(f2), F2)
