from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenpark.core.delivery import shaped_delivery_kwh, wind_power_fraction

MONTHS = np.repeat(np.arange(1, 13), 730)  # 12 equal 730-hour months (8760 h)


def test_wind_curve_hand_points() -> None:
    scale = (100 / 10) ** (1 / 7)  # 10 m -> 100 m: x1.389
    hub = np.array([0.0, 6.0, 12.0, 20.0, 24.99, 30.0])
    # hub speeds 0 (calm), 6 (cubic: (6/12)^3), 12 (rated), 20 and 24.99 (rated), 30 (cut out)
    expected = [0.0, 0.125, 1.0, 1.0, 1.0, 0.0]
    np.testing.assert_allclose(wind_power_fraction(hub / scale), expected, atol=1e-12)


def test_wind_cut_out_at_25_m_s_hub_speed() -> None:
    # exactly 25 m/s at the hub (built from the same 10 m value the function scales up)
    at_10m = 25.0 / (100 / 10) ** (1 / 7)
    below, at = wind_power_fraction(np.array([np.nextafter(at_10m, 0.0), at_10m]))
    assert below == 1.0 and at == 0.0


def test_annual_volume_follows_shape() -> None:
    shape = np.zeros(8760)
    shape[10] = 1.0
    shape[20] = 3.0
    delivered = shaped_delivery_kwh(shape, MONTHS, annual_kwh=4000.0)
    assert delivered[10] == 1000.0 and delivered[20] == 3000.0
    assert delivered.sum() == 4000.0


def test_monthly_volumes_exact_and_flat_when_shape_is_zero() -> None:
    shape = np.where(MONTHS == 2, 0.0, 1.0 + (np.arange(8760) % 24))
    monthly = np.arange(1, 13) * 1000.0
    delivered = shaped_delivery_kwh(shape, MONTHS, monthly_kwh=monthly)
    per_month = np.bincount(MONTHS, weights=delivered)[1:]
    np.testing.assert_allclose(per_month, monthly, rtol=1e-12)
    february = delivered[MONTHS == 2]
    np.testing.assert_allclose(february, 2000.0 / 730)


@given(
    arrays(np.float64, 8760, elements=st.floats(0, 1e3, allow_nan=False)),
    st.floats(0, 1e8),
)
def test_annual_delivery_conserves_volume(shape: np.ndarray, volume: float) -> None:
    delivered = shaped_delivery_kwh(shape, MONTHS, annual_kwh=volume)
    assert np.all(delivered >= 0)
    assert np.isclose(delivered.sum(), volume, rtol=1e-9, atol=1e-6)
