"""``enterprises:`` in ``park.yaml``: each enterprise, its products and how its energy is split
between them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from greenpark.inputs.factors.heating_values import (
    MeasuredHeatingValue,
    fuel_ncv_by_carrier_id,
    gj_per_unit,
)
from greenpark.inputs.park.schema_base import Fraction, Frozen, NonNegative
from greenpark.inputs.park.schema_charges import EnterpriseBasicCharge
from greenpark.inputs.park.schema_planned import LoadProfile, PlannedUse
from greenpark.inputs.quantity import KWH, MU, quantity


class Product(Frozen):
    name: str
    """产品名称 / product name"""
    annual_output: NonNegative
    """年产量，单位见 unit / annual output, in unit"""
    unit: str
    """产量单位，如 t、万件 / unit of output, e.g. t"""
    share_fraction: Fraction | None = None
    """申报的能耗分摊比例（product_allocation: declared_shares）/ declared share of the energy"""
    meter_line: str | None = None
    """生产本产品的分表产线（product_allocation: metered_lines）/ the sub-metered line making it"""
    mass_kg_per_unit: Annotated[float, quantity("kg", "kg", "1.2 t"), Field(gt=0)] | None = None
    """每单位产品质量（按件计的产品导出 PACT 时必填）/ mass of one unit (PACT, for pieces)"""


#: ISO 14044:2006 §4.3.4.2 allocation procedure: divide the process (each product's own
#: sub-metered line, step 1), a physical relationship (output in one unit, step 2) or another
#: relationship the enterprise declares (shares, step 3)
ProductAllocation = Literal["physical_output", "declared_shares", "metered_lines"]


class Enterprise(Frozen):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    """企业编号，字母、数字、- 和 _ / enterprise id: letters, digits, - and _"""
    name: str
    """企业名称 / enterprise name"""
    industry_code: Annotated[str, Field(pattern=r"^[A-T]?\d{2,4}$")]
    """行业代码（GB/T 4754-2017），如 C3976 / industry code (GB/T 4754-2017)"""
    load_profile: LoadProfile = "two_shift"
    """用电班制（无逐时数据时的负荷形状）/ working pattern (load shape when no hourly data)"""
    fuel_factor_vintage: Literal["gbt32151", "ndrc_guide"] = "gbt32151"
    """燃料排放因子版本 / vintage of fuel emission factors"""
    output_value_wan_cny: NonNegative | None = None
    """工业总产值 / gross output value"""
    value_added_wan_cny: NonNegative | None = None
    """工业增加值 / value added"""
    tax_wan_cny: NonNegative | None = None
    """税收 / tax paid"""
    land_mu: Annotated[MU, Field(ge=0)] | None = None
    """用地面积 / land used"""
    employees: Annotated[int, Field(ge=0)] | None = None
    """从业人数 / employees"""
    products: tuple[Product, ...] = ()
    """主要产品及年产量 / main products and annual output"""
    product_allocation: ProductAllocation | None = None
    """多产品能耗分摊：按产量、申报比例或分表产线 / how energy is split between products"""
    meter_lines_kwh: dict[str, KWH] = Field(default_factory=dict)
    """各分表产线的年用电量 / annual electricity of each sub-metered line"""
    fuel_ncv: dict[str, MeasuredHeatingValue] = Field(default_factory=dict)
    """实测低位发热量，按燃料 / measured net calorific values, by fuel"""
    accounts: tuple[str, ...] = Field(
        default=(),
        description=(
            "供电户号（电费账户号），计量文件的户号列据此对应到本企业 | the utility account "
            "numbers (户号) of this enterprise; rows of a meter file with an account column map "
            "to it"
        ),
    )
    planned_use: PlannedUse | None = None
    """计划用量（无计量数据的新入驻企业）/ planned use (a new tenant without meter readings)"""

    basic_charge: EnterpriseBasicCharge | None = None
    """两部制基本电费的计费方式（不填为单一制）/ two-part tariff basic charge (none: single-part)"""

    @field_validator("accounts", mode="before")
    @classmethod
    def _accounts_as_text(cls, value: object) -> object:
        """YAML reads ``[3101234567]`` as numbers; an account number is text."""
        if isinstance(value, list | tuple):
            return tuple(str(item) if isinstance(item, int) else item for item in value)
        return value

    @field_validator("fuel_ncv")
    @classmethod
    def _fuel_ncv_of_fuels(
        cls, value: dict[str, MeasuredHeatingValue]
    ) -> dict[str, MeasuredHeatingValue]:
        """Keys are fuels (id, Chinese or English name; kept as the id); units convertible."""
        return fuel_ncv_by_carrier_id(value)

    def measured_ncv_gj_per_unit(self) -> dict[str, float]:
        """Measured heating values [GJ per the carrier's canonical unit] by carrier id."""
        return gj_per_unit(self.fuel_ncv)
