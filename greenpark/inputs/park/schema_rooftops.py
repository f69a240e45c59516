"""``rooftops:`` and ``pv_defaults:`` in ``park.yaml``: the roofs, the PV on them and the
assumptions for the PV roofs without it could host."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from greenpark.i18n import text
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.schema_base import Fraction, Frozen, checked
from greenpark.inputs.quantity import DEG, KW, M2, M


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
