"""The ``park:`` section of ``park.yaml``: the park's identity, location, accounting year and
green-power rules."""

from __future__ import annotations

from typing import Annotated, Literal, TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.schema_base import Frozen, checked
from greenpark.inputs.quantity import KM2, MU, M


def known_timezone(name: object) -> TypeGuard[str]:
    """Whether ``name`` is an IANA time zone (``"Asia/Shanghai"``)."""
    if not isinstance(name, str):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class Location(Frozen):
    latitude_deg: Annotated[float, Field(ge=-90, le=90)]
    """纬度，北纬为正 / latitude, north positive"""
    longitude_deg: Annotated[float, Field(ge=-180, le=180)]
    """经度，东经为正 / longitude, east positive"""
    altitude_m: M | None = None
    """海拔 / altitude above sea level"""


class ParkInfo(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    """园区编号，小写字母、数字、- 和 _ / park id: lower-case letters, digits, - and _"""
    name: str
    """园区名称 / park name"""
    name_en: str | None = None
    """英文名称 / English name"""
    province: str
    """省份，如 山西 / province, e.g. 山西"""
    grid_region: str
    """区域电网，如 华北（由省份决定）/ regional grid, e.g. 华北 (follows the province)"""
    location: Location
    """园区位置（纬度、经度、海拔）/ park location (latitude, longitude, altitude)"""
    land_area_mu: MU | None = None
    """园区用地面积 / park land area"""
    land_area_km2: KM2 | None = None
    """园区面积 / park area"""
    accounting_year: Annotated[int, Field(ge=2000, le=2100)]
    """核算年度 / accounting year"""
    factor_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    """排放因子年份：按该年公布的电网、电力碳足迹因子核算（不填为核算年度）/ use the grid and electricity-footprint factors published for this year (default: the accounting year)"""
    timezone: str = "Asia/Shanghai"
    """时区 / IANA time zone"""
    surplus_pv: Literal["export", "park_sharing"] = "export"
    """余电去向：上网 export 或园区内共享 park_sharing / surplus PV: exported or shared in the park"""
    # green-power rules (README "How greenpark counts"; rules-review-2026 R3, R9)
    sharing_channel: green.SharingChannel | None = None
    """园区共享的途径（直供线、增量配网、市场交易）/ how PV is shared in the park"""
    certificate_claim_rule: green.ClaimRule = "same_year"
    """绿证计入规则：当年 same_year 或两年有效期 validity_2y / which certificates count for the year"""

    @property
    def factor_year_used(self) -> int:
        """The year grid and footprint factors are looked up for: ``factor_year``, else the
        accounting year (the meter data, hours and certificates keep the accounting year)."""
        return self.accounting_year if self.factor_year is None else self.factor_year

    @model_validator(mode="after")
    def _channel_needs_sharing(self) -> ParkInfo:
        return checked(self, green.sharing_channel_problem(self.sharing_channel, self.surplus_pv))

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if not known_timezone(value):
            raise ValueError(
                text(
                    "未知的时区（例如 'Asia/Shanghai'）", "unknown time zone (e.g. 'Asia/Shanghai')"
                )
            )
        return value

    @model_validator(mode="after")
    def _has_land_area(self) -> ParkInfo:
        if self.land_area_mu is None and self.land_area_km2 is None:
            raise ValueError(
                text(
                    "请填写 land_area_mu 或 land_area_km2（或两者）",
                    "give land_area_mu or land_area_km2 (or both)",
                )
            )
        return self
