"""``contracts:`` and ``certificates:`` in ``park.yaml``: green power bought with its
certificates (绿电交易) and unbundled certificates (绿证), by an enterprise or the park."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.schema_base import Frozen, NonNegative, ParkPath, checked
from greenpark.inputs.quantity import MWH

PARK = "park"  # a buyer/holder/claimant that is the park itself, not one enterprise

YEAR_MONTH = green.YEAR_MONTH


class Contract(Frozen):
    """A green-power purchase (绿电交易 / PPA)."""

    id: str
    """合同编号 / contract id"""
    buyer: str
    """购电方（企业编号或 park）/ buyer: enterprise id or park"""
    seller: str | None = None
    """售电方 / seller"""
    technology: Literal["solar", "wind", "hydro", "biomass", "mixed"]
    """电源类型 / generating technology"""
    annual_mwh: Annotated[MWH, Field(ge=0)] | None = None
    """年度合同电量 / annual volume"""
    monthly_mwh: tuple[Annotated[MWH, Field(ge=0)], ...] | None = None
    """逐月结算电量（12 个数）/ settled volume per month (12 values)"""
    delivery_shape: Literal["solar", "wind", "flat", "profile"] = "flat"
    """逐时交付形状 / hourly delivery shape"""
    profile_file: ParkPath | None = None
    """交付曲线文件（delivery_shape 为 profile 时）/ delivery profile file"""
    bundled_certificates: bool = True
    """是否证电合一 / certificates bundled with the power"""
    price_cny_per_kwh: NonNegative | None = None
    """合同电价 / contract price"""
    # settlement and certificates (rules-review-2026 R10): the generating project, whether
    # the profile file holds the exchange's settled hours, hydro facts for tradable GECs
    project: str | None = None
    """发电项目 / generating project"""
    profile_settled: bool = False
    """曲线文件是否为交易中心结算值 / profile holds the settled hours"""
    commissioning_date: date | None = None
    """发电项目投产日期（水电）/ project commissioning date (hydro)"""
    market_based: bool | None = None
    """是否市场化交易（水电）/ sold on the market (hydro)"""

    @model_validator(mode="after")
    def _certificates_and_settlement(self) -> Contract:
        problem = green.contract_problem(
            self.technology,
            self.bundled_certificates,
            (self.commissioning_date, self.market_based),
            (self.profile_settled, self.delivery_shape),
        )
        return checked(self, problem)

    @model_validator(mode="after")
    def _volume(self) -> Contract:
        if (self.annual_mwh is None) == (self.monthly_mwh is None):
            raise ValueError(
                text(
                    "annual_mwh 与 monthly_mwh 须且只须填写一个",
                    "give exactly one of annual_mwh or monthly_mwh",
                )
            )
        if self.monthly_mwh is not None and len(self.monthly_mwh) != 12:
            count = len(self.monthly_mwh)
            raise ValueError(
                text(
                    f"monthly_mwh 需要 12 个数值，实际为 {count} 个",
                    f"monthly_mwh needs 12 values, got {count}",
                )
            )
        if (self.delivery_shape == "profile") != (self.profile_file is not None):
            raise ValueError(
                text(
                    "当且仅当 delivery_shape 为 'profile' 时需要 profile_file",
                    "profile_file is needed exactly when delivery_shape is 'profile'",
                )
            )
        return self


class Certificate(Frozen):
    """A batch of unbundled green certificates (绿证, 1 certificate = 1 MWh)."""

    id: str
    """绿证批次编号 / batch id"""
    quantity_mwh: Annotated[float, Field(gt=0)]
    """绿证数量（1 张 = 1 MWh）/ quantity (1 certificate = 1 MWh)"""
    production_start: str
    """生产起始月 YYYY-MM / first production month"""
    production_end: str
    """生产结束月 YYYY-MM / last production month"""
    technology: Literal["solar", "wind", "hydro", "biomass", "other"]
    """电源类型 / generating technology"""
    project: str
    """发电项目 / generating project"""
    holder: str
    """持有方（企业编号或 park）/ holder: enterprise id or park"""
    claimed_by: str | None = None
    """使用方（默认为持有方）/ claimant (default: the holder)"""
    claim_year: Annotated[int, Field(ge=2000, le=2100)]
    """计入年度 / year claimed"""
    # what the registry knows (rules-review-2026 R3): MWh per production month, serial
    # ranges (绿证编号起止), status (held, or cancelled 核销 on a date)
    production_months: dict[str, Annotated[int, Field(gt=0)]] | None = None
    """按生产月份的数量 / MWh per production month"""
    serial_ranges: tuple[tuple[green.SerialNumber, green.SerialNumber], ...] = ()
    """绿证编号起止 / serial number ranges"""
    status: Literal["held", "cancelled"] = "held"
    """状态：持有 held 或已核销 cancelled / status: held or cancelled"""
    cancelled_on: date | None = None
    """核销日期 / date cancelled"""

    @model_validator(mode="after")
    def _registry_facts(self) -> Certificate:
        problem = green.production_months_problem(
            self.production_months, self.production_start, self.production_end, self.quantity_mwh
        ) or green.batch_status_problem(self.status, self.cancelled_on, self.serial_ranges)
        return checked(self, problem)

    @field_validator("production_start", "production_end")
    @classmethod
    def _year_month(cls, value: str) -> str:
        if not YEAR_MONTH.match(value):
            raise ValueError(
                text("月份须写作 YYYY-MM（加引号）", "a month must be written YYYY-MM (quoted)")
            )
        return value

    @field_validator("quantity_mwh")
    @classmethod
    def _whole_certificates(cls, value: float) -> float:
        if value != int(value):
            raise ValueError(
                text(
                    "绿证须为整数 MWh（1 张 = 1 MWh）",
                    "certificates are whole MWh (1 certificate = 1 MWh)",
                )
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Certificate:
        if self.production_end < self.production_start:
            raise ValueError(
                text(
                    "production_end 早于 production_start",
                    "production_end is before production_start",
                )
            )
        return self

    @property
    def claimant(self) -> str:
        return self.claimed_by or self.holder
