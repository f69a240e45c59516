"""The park configuration schema (``sites/<park>/park.yaml``), as immutable typed objects.

Every key carries its unit in its name; quantities accept a bare number in that unit or a
string with a unit (``capacity_kw: "2.5 MW"``). Cross-references between sections (owners,
buyers, holders) and data files are checked by :mod:`greenpark.inputs.park.load`, which reports
every problem at once.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.factors.heating_values import (
    MeasuredHeatingValue,
    fuel_ncv_by_carrier_id,
    gj_per_unit,
)
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.schema_adjust import Adjustment
from greenpark.inputs.park.schema_base import Fraction, Frozen, NonNegative, ParkPath, checked
from greenpark.inputs.park.schema_charges import EnterpriseBasicCharge
from greenpark.inputs.park.schema_data import DataSource as DataSource
from greenpark.inputs.park.schema_planned import LoadProfile as LoadProfile
from greenpark.inputs.park.schema_planned import PlannedUse
from greenpark.inputs.park.schema_tariff import Tariff
from greenpark.inputs.quantity import DEG, KM2, KW, KWH, M2, MU, MWH, M, quantity

PARK = "park"  # a buyer/holder/claimant that is the park itself, not one enterprise

YEAR_MONTH = green.YEAR_MONTH


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


class Rooftop(Frozen):
    """A roof and the PV on it (``capacity_kw: 0`` if none yet).

    Every default is to be replaced by the system's own data. Defaults with a published basis:

    - ``losses_fraction`` 0.14 — PVWatts v5 default total system loss (Dobos 2014,
      NREL/TP-6A20-62641; pvlib ``pvwatts_losses``), which already contains 2 % soiling and
      3 % shading. ``soiling_fraction`` and ``shading_fraction`` are therefore *extra*,
      roof-specific derates and default to 0.
    - ``temp_coefficient_per_c`` −0.0035 /°C — within the −0.002…−0.005 /°C range pvlib
      gives for crystalline modules; take it from the module datasheet.

    Defaults that are greenpark modelling assumptions (no standard or reference document
    gives them; the reason for each value is stated):

    - ``usable_fraction`` 0.7 — a round share of an industrial roof left for modules once
      skylights, HVAC units, vents and walkways are kept clear; a roof survey replaces it.
    - ``dc_ac_ratio`` 1.15 — a modest DC oversizing, so that the inverter limits output only
      in the brightest hours; the system's nameplate DC and AC ratings replace it.
    - ``degradation_per_year_fraction`` 0.005 — 0.5 %/year, a round value for the yearly
      power loss of crystalline-silicon modules after their first year; the module
      warranty's figure replaces it.
    - ``albedo`` 0.2 — a neutral ground reflectance for ordinary surfaces when nothing is
      known; it matters little for the low tilts of factory roofs.
    """

    id: str
    """屋顶编号 / roof id"""
    owner: str
    """所属企业编号 / owning enterprise id"""
    area_m2: Annotated[M2, Field(gt=0)]
    """屋顶面积 / roof area"""
    usable_fraction: Fraction = 0.7
    """可用比例（可装光伏的面积份额）/ share of the roof usable for PV"""
    tilt_deg: Annotated[DEG, Field(ge=0, le=90)]
    """倾角，水平为 0 / tilt, 0 = horizontal"""
    azimuth_deg: Annotated[DEG, Field(ge=0, le=360)]
    """方位角，正南 180 / azimuth, south = 180"""
    capacity_kw: Annotated[KW, Field(ge=0)] = 0.0
    """光伏装机容量（直流），未装为 0 / installed PV capacity (DC), 0 if none"""
    dc_ac_ratio: Annotated[float, Field(gt=0.5, le=2.0)] = 1.15
    """容配比（直流/交流）/ DC/AC ratio"""
    commissioning_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    """投产年份 / year commissioned"""
    losses_fraction: Annotated[float, Field(ge=0, lt=1)] = 0.14
    """系统损失比例 / total system losses"""
    shading_fraction: Annotated[float, Field(ge=0, lt=1)] = 0.0
    """额外遮挡损失 / extra shading loss"""
    soiling_fraction: Annotated[float, Field(ge=0, lt=1)] = 0.0
    """额外积灰损失 / extra soiling loss"""
    degradation_per_year_fraction: Annotated[float, Field(ge=0, lt=0.05)] = 0.005
    """年衰减率 / yearly degradation"""
    temp_coefficient_per_c: Annotated[float, Field(ge=-0.01, le=0)] = -0.0035
    """功率温度系数 / power temperature coefficient"""
    albedo: Fraction = 0.2
    """地面反射率 / ground albedo"""
    mounting: Literal["close_roof", "open_rack"] = "close_roof"
    """安装方式：贴屋面 close_roof 或支架 open_rack / mounting"""
    # green certificates: what the registry knows about the system (rules-review-2026 R2)
    commissioning_date: date | None = None
    """投产日期 / date commissioned"""
    gec_registered: bool = False
    """是否建档立卡 / registered for green certificates"""
    export_certificates: green.ExportDestination | None = None
    """上网电量绿证去向 / where certificates of exported kWh go"""

    @model_validator(mode="before")
    @classmethod
    def _no_certificates_key(cls, data: Any) -> Any:
        if isinstance(data, dict) and "certificates" in data:
            raise ValueError(green.legacy_certificates_key())
        return data

    @model_validator(mode="after")
    def _certificate_status(self) -> Rooftop:
        problem = green.rooftop_certificate_problem(
            self.gec_registered,
            self.capacity_kw > 0,
            self.export_certificates,
            self.commissioning_date.year if self.commissioning_date else None,
            self.commissioning_year,
        )
        return checked(self, problem)

    @model_validator(mode="after")
    def _installed_needs_year(self) -> Rooftop:
        if self.capacity_kw > 0 and self.commissioning_year is None:
            raise ValueError(
                text(
                    "已安装的系统（capacity_kw > 0）需要 commissioning_year",
                    "an installed system (capacity_kw > 0) needs commissioning_year",
                )
            )
        return self


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


class PVDefaults(Frozen):
    """Assumptions for rooftop PV potential (what roofs without PV could host); all three
    defaults are greenpark modelling assumptions without a published source (see
    :mod:`greenpark.core.pv.potential`):

    - ``power_density_kw_per_m2`` 0.2 — about what 450–550 Wp modules of 2.2–2.6 m² give per
      m² when laid flush (tilted rows on flat roofs need spacing and reach less); capped at
      0.3, well above that, to catch a value typed in the wrong unit.
    - ``roof_setback_m`` 1.0 — a clear strip along the roof edge for access and maintenance.
    - ``potential_dc_ac_ratio`` 1.15 — the same modest oversizing as ``Rooftop.dc_ac_ratio``.
    """

    power_density_kw_per_m2: Annotated[float, Field(gt=0, le=0.3)] = 0.2
    """光伏功率密度 / PV power per m² of module area"""
    roof_setback_m: Annotated[M, Field(ge=0)] = 1.0
    """屋顶边缘留空 / clear strip along the roof edge"""
    potential_dc_ac_ratio: Annotated[float, Field(gt=0.5, le=2.0)] = 1.15
    """潜力测算容配比 / DC/AC ratio for potential"""


class ParkConfig(Frozen):
    park: ParkInfo
    """园区基本信息 / the park"""
    pv_defaults: PVDefaults = PVDefaults()
    """屋顶光伏潜力假设 / PV potential assumptions"""
    enterprises: tuple[Enterprise, ...]
    """企业 / enterprises"""
    data: tuple[DataSource, ...] = ()
    """计量数据文件 / meter data files"""
    rooftops: tuple[Rooftop, ...] = ()
    """屋顶与光伏 / roofs and their PV"""
    contracts: tuple[Contract, ...] = ()
    """绿电交易合同 / green-power purchases"""
    certificates: tuple[Certificate, ...] = ()
    """单独购买的绿证 / unbundled green certificates"""
    storage: tuple[Storage, ...] = ()
    """储能 / battery storage"""
    tariff: Tariff | None = None
    """分时电价（单个）/ one time-of-use tariff"""
    tariffs: tuple[Tariff, ...] = ()
    """按执行期的分时电价 / dated time-of-use tariffs"""
    overrides: tuple[FactorOverride, ...] = ()
    """因子覆盖 / factor overrides"""
    confirmed_readings: tuple[ReadingConfirmation, ...] = ()
    """已核实的异常读数 / confirmed unusual readings"""
    adjustments: tuple[Adjustment, ...] = ()
    """用能调整（节能、增长、燃料改电），按顺序作用于计量用量 / changes to metered use (efficiency, growth, electrification), applied in order"""

    @model_validator(mode="after")
    def _one_tariff_key(self) -> ParkConfig:
        problem = green.one_tariff_key_problem(self.tariff is not None, bool(self.tariffs))
        return checked(self, problem)

    @property
    def all_tariffs(self) -> tuple[Tariff, ...]:
        """Every tariff of the park: ``tariffs``, or the single ``tariff``."""
        return self.tariffs or ((self.tariff,) if self.tariff is not None else ())

    def enterprise_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.enterprises)

    def enterprise_index(self) -> dict[str, int]:
        """Enterprise id -> its column in (hours, enterprises) arrays."""
        return {e.id: i for i, e in enumerate(self.enterprises)}

    def accounts(self) -> dict[str, str]:
        """Utility account number (户号) -> enterprise id."""
        return {account: e.id for e in self.enterprises for account in e.accounts}

    @model_validator(mode="after")
    def _accounts_belong_to_one_enterprise(self) -> ParkConfig:
        owners: dict[str, list[str]] = {}
        for enterprise in self.enterprises:
            for account in enterprise.accounts:
                owners.setdefault(account, []).append(enterprise.id)
        shared = {account: ids for account, ids in owners.items() if len(ids) > 1}
        problem = None
        if shared:
            listed = "; ".join(f"{a}: {', '.join(ids)}" for a, ids in shared.items())
            problem = text(
                f"同一户号属于多个企业（{listed}）",
                f"an account (户号) belongs to more than one enterprise ({listed})",
            )
        return checked(self, problem)
