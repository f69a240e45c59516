"""``overrides:`` in ``park.yaml``: the park's own values of factors, with their sources."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from greenpark.inputs.park.schema_base import Frozen


class FactorOverride(Frozen):
    """A park's own value for one factor id, with its source (replaces the table's value).

    ``confirmed`` (a reason) accepts a value outside a confirmable plausible range
    (:mod:`greenpark.inputs.factors.overrides`)."""

    factor_id: str
    """因子编号 / factor id"""
    value: Annotated[float, Field(gt=0)]
    """园区自有因子值 / the park's value"""
    unit: str
    """因子单位 / unit of the value"""
    source: Annotated[str, Field(min_length=3)]
    """来源文件 / source document"""
    note: str | None = None
    """备注 / note"""
    confirmed: Annotated[str, Field(min_length=2)] | None = None
    """超出合理范围时的确认理由 / reason confirming a value outside the plausible range"""
