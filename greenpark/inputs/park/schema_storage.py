"""``storage:`` in ``park.yaml``: the batteries, their ratings and dispatch rule."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.park.schema_base import Fraction, Frozen
from greenpark.inputs.quantity import KW, KWH


class Storage(Frozen):
    """A battery. The round-trip efficiency has no default: give the unit's own (AC-AC).
    The state-of-charge window defaults to the full energy rating.

    ``initial_soc_fraction`` 0.5 is a greenpark modelling assumption (no source): starting
    the year half full favours neither charging nor discharging in the first hours, and
    shifts the year's totals by at most half the battery's energy rating.
    """

    id: str
    """储能编号 / storage id"""
    owner: str
    """所属企业编号 / owning enterprise id"""
    energy_kwh: Annotated[KWH, Field(gt=0)]
    """额定容量 / energy rating"""
    power_kw: Annotated[KW, Field(gt=0)]
    """额定功率 / power rating"""
    round_trip_efficiency: Annotated[float, Field(gt=0, le=1)]
    """往返效率（交流侧）/ round-trip efficiency (AC-AC)"""
    min_soc_fraction: Fraction = 0.0
    """最低荷电状态 / minimum state of charge"""
    max_soc_fraction: Fraction = 1.0
    """最高荷电状态 / maximum state of charge"""
    initial_soc_fraction: Annotated[Fraction, Field(validate_default=True)] = 0.5
    """年初荷电状态 / state of charge at the start of the year"""
    dispatch: Literal["self_consumption", "tou_arbitrage", "peak_shaving"] = "self_consumption"
    """调度策略：自用 self_consumption、峰谷套利 tou_arbitrage 或削峰 peak_shaving（需量电费）
    / dispatch rule"""
    peak_limit_kw: Annotated[KW, Field(ge=0)] | None = None
    """削峰目标：企业逐时购电功率上限（peak_shaving 时必填）/ grid purchase limit"""

    @model_validator(mode="after")
    def _soc_window(self) -> Storage:
        if not self.min_soc_fraction < self.max_soc_fraction:
            raise ValueError(
                text(
                    "min_soc_fraction 必须小于 max_soc_fraction",
                    "min_soc_fraction must be below max_soc_fraction",
                )
            )
        return self

    @model_validator(mode="after")
    def _peak_limit_with_shaving(self) -> Storage:
        if (self.dispatch == "peak_shaving") != (self.peak_limit_kw is not None):
            raise ValueError(
                text(
                    "peak_limit_kw 须且只须与 dispatch: peak_shaving 同时给出",
                    "peak_limit_kw goes with dispatch: peak_shaving (and only with it)",
                )
            )
        return self

    @field_validator("initial_soc_fraction")
    @classmethod
    def _starts_in_window(cls, value: float, info: ValidationInfo) -> float:
        """The year starts within the state-of-charge window (the balance refuses it else)."""
        low = info.data.get("min_soc_fraction", 0.0)
        high = info.data.get("max_soc_fraction", 1.0)
        if not low <= value <= high:
            raise ValueError(
                text(
                    f"初始荷电状态须在 min_soc_fraction 与 max_soc_fraction 之间（{low:g}～{high:g}）",
                    f"the initial state of charge must lie between min_soc_fraction and "
                    f"max_soc_fraction ({low:g}-{high:g})",
                )
            )
        return value
