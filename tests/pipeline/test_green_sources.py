"""Rooftop PV per enterprise (``enterprise_pv``): roofs summed per owner, certificate shares."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.green_sources import enterprise_pv
from tests.pipeline.test_accounting import park_spec

#: hourly kWh of three roofs over four hours
R1 = np.array([0.0, 2.0, 4.0, 1.0])
R2 = np.array([0.0, 3.0, 0.0, 5.0])
R3 = np.array([0.0, 6.0, 4.0, 0.0])


def roof(roof_id: str, owner: str) -> dict[str, Any]:
    return {"id": roof_id, "owner": owner, "area_m2": 100.0, "tilt_deg": 20, "azimuth_deg": 180}


def config(*roofs: dict[str, Any]) -> ParkConfig:
    """The tiny park (enterprises A, B, C) with ``roofs``; its data files are not read."""
    return ParkConfig.model_validate(park_spec() | {"rooftops": list(roofs)})


def test_roofs_are_summed_per_owner_in_any_column_order() -> None:
    # B owns R1 (registered, certificates of exports kept) and R3 (unregistered), listed
    # apart, after A's R2 (registered, exported certificates sold); C has no roof
    park = config(
        roof("R1", "B") | {"gec_registered": True, "export_certificates": "kept"},
        roof("R2", "A") | {"gec_registered": True, "export_certificates": "sold"},
        roof("R3", "B"),
    )
    hourly = pd.DataFrame({"R1": R1, "R2": R2, "R3": R3})
    pv = enterprise_pv(park, hourly)
    np.testing.assert_array_equal(pv.pv_kwh, np.column_stack([R2, R1 + R3, np.zeros(4)]))
    b_registered = np.array([0.0, 2 / 8, 4 / 8, 1.0])  # R1 / (R1 + R3), 0 without PV
    a_registered = np.array([0.0, 1.0, 0.0, 1.0])  # all of A's PV, where there is some
    expected = np.column_stack([a_registered, b_registered, np.zeros(4)])
    np.testing.assert_allclose(pv.certified_fraction, expected, rtol=1e-15)
    assert set(pv.export_fractions) == {"kept", "sold"}
    kept = np.column_stack([np.zeros(4), b_registered, np.zeros(4)])
    np.testing.assert_allclose(pv.export_fractions["kept"], kept, rtol=1e-15)
    sold = np.column_stack([a_registered, np.zeros(4), np.zeros(4)])
    np.testing.assert_allclose(pv.export_fractions["sold"], sold, rtol=1e-15)


def test_one_registered_roof_per_enterprise_in_order() -> None:
    park = config(*(roof(f"R{e}", e) | {"gec_registered": True} for e in "ABC"))
    hourly = pd.DataFrame({"RA": R1, "RB": R2, "RC": R3})
    pv = enterprise_pv(park, hourly)
    np.testing.assert_array_equal(pv.pv_kwh, np.column_stack([R1, R2, R3]))
    # every kWh registered: share 1 in hours with PV (hours without PV weigh nothing)
    assert pv.certified_fraction.shape == pv.pv_kwh.shape
    assert (pv.certified_fraction[pv.pv_kwh > 0] == 1.0).all()
    assert pv.export_fractions == {}


def test_no_pv_gives_zeros() -> None:
    pv = enterprise_pv(config(), pd.DataFrame(index=range(4)))
    assert pv.pv_kwh.shape == pv.certified_fraction.shape == (4, 3)
    assert not pv.pv_kwh.any() and not pv.certified_fraction.any()
