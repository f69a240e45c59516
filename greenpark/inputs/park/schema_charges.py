"""Basic charges of a two-part tariff (两部制电价): the rates a tariff charges and, per
enterprise, what it is billed on.

A large industrial user pays, besides the energy charges, a monthly basic charge (基本电费)
either on its maximum demand (需量, CNY per kW of the month's highest demand) or on its
transformer capacity (容量, CNY per kVA). No official Shanxi table of these rates was found
(reference china-factors §7c), so greenpark ships none: a park that pays them gives its own
rates with their source.

``high_use_discount`` is the rule of the fourth regulatory period of transmission and
distribution prices (from 2026-08-01; reference china-factors §7c [B]): in a month whose use
reaches 260 kWh per kVA of transformer capacity, the demand charge is 90 % of its rate.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from greenpark.i18n import text
from greenpark.inputs.park.schema_base import Frozen
from greenpark.inputs.quantity import quantity

KVA = Annotated[float, quantity("kVA", "kVA", "2 MVA")]
Rate = Annotated[float, Field(gt=0)]


class BasicCharges(Frozen):
    """The basic-charge rates of a tariff; at least one rate, and their source."""

    demand_cny_per_kw_month: Rate | None = None
    """需量电价（按当月最大需量）/ demand charge on the month's maximum demand"""
    capacity_cny_per_kva_month: Rate | None = None
    """容量电价（按变压器容量）/ capacity charge on the transformer capacity"""
    source: str
    """基本电价来源文件 / source document of these rates"""
    high_use_discount: bool = False
    """当月每千伏安用电量 ≥ 260 kWh 时需量电价按 90% 执行（第四监管周期输配电价）/ demand charge ×0.9 in a month with ≥ 260 kWh per kVA"""

    @model_validator(mode="after")
    def _has_a_rate(self) -> BasicCharges:
        if self.demand_cny_per_kw_month is None and self.capacity_cny_per_kva_month is None:
            raise ValueError(
                text(
                    "basic_charges 须给出 demand_cny_per_kw_month 或 capacity_cny_per_kva_month",
                    "basic_charges needs demand_cny_per_kw_month or capacity_cny_per_kva_month",
                )
            )
        if self.high_use_discount and self.demand_cny_per_kw_month is None:
            raise ValueError(
                text(
                    "high_use_discount 只适用于需量电价，请给出 demand_cny_per_kw_month",
                    "high_use_discount applies to the demand charge: give demand_cny_per_kw_month",
                )
            )
        return self


BasicChargeBasis = Literal["demand", "capacity"]


class EnterpriseBasicCharge(Frozen):
    """What an enterprise's basic charge is billed on (a two-part-tariff user)."""

    basis: BasicChargeBasis
    """计费方式：按需量 demand 或按容量 capacity / billed on maximum demand or on capacity"""
    transformer_kva: Annotated[KVA, Field(gt=0)] | None = None
    """受电变压器容量（按容量计费时必填）/ transformer capacity (required for capacity billing)"""

    @model_validator(mode="after")
    def _capacity_has_kva(self) -> EnterpriseBasicCharge:
        if self.basis == "capacity" and self.transformer_kva is None:
            raise ValueError(
                text(
                    "按容量计费（basis: capacity）须给出 transformer_kva",
                    "capacity billing (basis: capacity) needs transformer_kva",
                )
            )
        return self
