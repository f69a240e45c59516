"""Roof PV potential: worked examples, properties and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenpark.core.pv.potential import roof_potential_kw, usable_area_m2
from greenpark.errors import InputError


def roofs(area_m2: list[float], existing_kw: list[float], usable: float = 0.7) -> pd.DataFrame:
    return pd.DataFrame(
        {"area_m2": area_m2, "usable_fraction": usable, "capacity_kw": existing_kw},
        index=[f"R{i}" for i in range(len(area_m2))],
    )


def test_worked_example_400_m2_roof_with_1_m_setback() -> None:
    # side 20 m -> 18 m inside the setback -> 324 m²; x 0.7 usable = 226.8 m²; x 0.2 = 45.36 kWp
    result = roof_potential_kw(
        roofs([400.0, 400.0, 400.0], [0.0, 20.0, 50.0]),
        setback_m=1.0,
        power_density_kw_per_m2=0.2,
    )
    assert result["usable_area_m2"].tolist() == pytest.approx([226.8] * 3)
    assert result["new_kw"].tolist() == pytest.approx([45.36, 25.36, 0.0])
    assert result["potential_kw"].tolist() == pytest.approx([45.36, 45.36, 50.0])
    assert result["existing_kw"].tolist() == [0.0, 20.0, 50.0]


def test_setback_larger_than_the_roof_leaves_nothing_and_zero_setback_keeps_all() -> None:
    assert usable_area_m2(np.array([3.0]), np.array([1.0]), 1.0).tolist() == [0.0]
    assert usable_area_m2(np.array([1000.0]), np.array([0.5]), 0.0).tolist() == [500.0]


@given(
    area=st.floats(1.0, 1e6),
    extra=st.floats(0.0, 1e5),
    existing=st.floats(0.0, 1e4),
    setback=st.floats(0.0, 5.0),
)
def test_potential_grows_with_area_and_never_drops_below_existing(
    area: float, extra: float, existing: float, setback: float
) -> None:
    result = roof_potential_kw(
        roofs([area, area + extra], [existing, existing]),
        setback_m=setback,
        power_density_kw_per_m2=0.2,
    )
    small, large = result["potential_kw"]
    assert small <= large
    assert (result["potential_kw"] >= existing).all()
    assert (result["new_kw"] >= 0).all()
    assert (result["usable_area_m2"] <= [area, area + extra]).all()


@pytest.mark.usefixtures("english")
def test_bad_roofs_and_defaults_are_all_reported() -> None:
    table = pd.DataFrame(
        {"area_m2": [-5.0, 100.0, 100.0], "usable_fraction": [0.7, 1.5, 0.7]},
        index=["R0", "R1", "R2"],
    ).assign(capacity_kw=[0.0, 0.0, -1.0])
    with pytest.raises(ValueError) as error:
        roof_potential_kw(table, setback_m=-1.0, power_density_kw_per_m2=0.0)
    assert tuple(str(error.value).split("\n")) == (
        "roof R0: area_m2 must be > 0, got -5",
        "roof R1: usable_fraction must be in [0, 1], got 1.5",
        "roof R2: capacity_kw must be >= 0, got -1",
        "pv_defaults.roof_setback_m must be >= 0, got -1.0",
        "pv_defaults.power_density_kw_per_m2 must be > 0, got 0.0",
    )


def test_bad_roofs_are_a_caller_error_not_a_user_one() -> None:
    with pytest.raises(ValueError) as error:
        roof_potential_kw(roofs([-5.0], [0.0]), setback_m=1.0, power_density_kw_per_m2=0.2)
    assert not isinstance(error.value, InputError)
    assert str(error.value) == "roof R0: area_m2 must be > 0, got -5"
