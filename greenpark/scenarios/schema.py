"""The scenario file (``scenarios/*.yaml``): a name, cost inputs and a list of measures.

Each measure is a mapping with exactly one kind key::

    name: 屋顶光伏 2027
    economics: {discount_rate_fraction: 0.05}      # optional: replaces shipped defaults
    measures:
    - pv: {enterprise: E17, share_of_potential_fraction: 0.8}
    - storage: {id: ESS-NEW, owner: E01, energy_kwh: 8000, power_kw: 4000,
                round_trip_efficiency: 0.88}
    - contract: {id: GPT-2025-E18-WIND, annual_mwh: 80000, monthly_mwh: null}
    - certificate: {id: GEC-NEW, quantity_mwh: 20000, ...}   # a park.yaml batch
    - tariffs: [{name: ..., ...}]                  # replaces the park's tariffs
    - factor_override: {factor_id: ..., value: ..., unit: ..., source: ...}
    - efficiency: {enterprise: E01, carrier: electricity, saving_fraction: 0.1,
                   hours_of_day: [8, 9, 10]}         # or industry: C39, or neither: the park
    - electrification: {enterprise: E15, carrier: coal_anthracite, equipment: heat_pump,
                        fuel_efficiency_fraction: 0.8, cop: 3.0, shape: flat}
    - sharing: {channel: direct_line}              # surplus PV shared in the park
    - tenant: {id: E99, name: 新入驻企业, industry_code: C3841, output_value_wan_cny: 50000,
               profile: {industry: C38}}           # a new enterprise with planned use
    - factor_year: 2022                            # factors published for another year

``pv`` fills named roofs, every roof of an enterprise or every roof of the park to a share of
the potential ``greenpark pv --potential`` computes (never lowering installed capacity).
``sharing`` sets ``park.surplus_pv: park_sharing`` with its ``sharing_channel`` (the channel
itself is not priced, having no sourced cost; the bill and export income change through the
run). ``factor_year`` sets ``park.factor_year``: grid and electricity-footprint factors
published for that year instead of the accounting year's. ``efficiency`` and
``electrification`` become ``park.yaml``
``adjustments`` items
(:mod:`greenpark.inputs.park.schema_adjust`). ``tenant`` adds an enterprise with a
``planned_use`` (:mod:`greenpark.inputs.park.schema_planned`): its ``annual`` use as given, or
(without ``annual``) the use per output value of its ``profile`` enterprises × its
``output_value_wan_cny``; any other key is a ``park.yaml`` enterprise key, and its
``rooftops`` are roofs it owns. The other kinds are ``park.yaml`` items, checked
when the measure is applied to the park.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.schema_base import Fraction, Frozen, NonNegative
from greenpark.inputs.problems import close_match, did_you_mean

#: measure kinds, in the order they are documented
KINDS = (
    "pv",
    "storage",
    "contract",
    "certificate",
    "tariffs",
    "factor_override",
    "efficiency",
    "electrification",
    "sharing",
    "tenant",
    "factor_year",
)
#: electrification equipment -> whether its ``cop`` is a heat pump's (above 1 allowed)
EQUIPMENT = {"heat_pump": True, "electric_boiler": False, "electric_kiln": False}


class PVMeasure(Frozen):
    """PV on named roofs, on every roof of an enterprise, or on every roof of the park."""

    roofs: tuple[str, ...] = ()
    enterprise: str | None = None
    whole_park: bool = False
    share_of_potential_fraction: Fraction
    commissioning_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    commissioning_date: date | None = None
    gec_registered: bool = True
    export_certificates: green.ExportDestination = "kept"

    @model_validator(mode="after")
    def _one_scope(self) -> PVMeasure:
        scopes = [bool(self.roofs), self.enterprise is not None, self.whole_park]
        if sum(scopes) != 1:
            raise ValueError(
                text(
                    "须且只须给出 roofs、enterprise 或 whole_park: true 之一",
                    "give exactly one of roofs, enterprise or whole_park: true",
                )
            )
        return self


class Scope(Frozen):
    """Whose use a measure changes: one ``enterprise``, an ``industry`` (code or prefix) or,
    with neither, the whole park."""

    enterprise: str | None = None
    industry: str | None = None


class EfficiencyMeasure(Scope):
    """A share of one carrier's use saved (optionally only in some hours of the day)."""

    carrier: str = "electricity"
    use: Literal["fuel", "feedstock"] = "fuel"
    saving_fraction: Annotated[float, Field(gt=0, le=1)]
    hours_of_day: tuple[Annotated[int, Field(ge=0, le=23)], ...] = ()


class ElectrificationMeasure(Scope):
    """A fuel's heat from electricity: a coal/gas boiler to a heat pump, a gas kiln to an
    electric one; ``share_fraction`` of the fuel is moved."""

    carrier: str
    equipment: Literal["heat_pump", "electric_boiler", "electric_kiln"] = "heat_pump"
    share_fraction: Annotated[float, Field(gt=0, le=1)] = 1.0
    fuel_efficiency_fraction: Annotated[float, Field(gt=0, le=1)]
    cop: Annotated[float, Field(gt=0, le=10)]
    shape: (
        Literal["flat", "electricity"]
        | Annotated[tuple[NonNegative, ...], Field(min_length=24, max_length=24)]
    ) = "flat"

    @model_validator(mode="after")
    def _cop_of_equipment(self) -> ElectrificationMeasure:
        if not EQUIPMENT[self.equipment] and self.cop > 1:
            raise ValueError(
                text(
                    f"{self.equipment} 的 cop 是其热效率，不能大于 1",
                    f"the cop of an {self.equipment} is its efficiency, at most 1",
                )
            )
        return self


class SharingMeasure(Frozen):
    """Surplus PV shared in the park instead of exported, through ``channel``."""

    channel: green.SharingChannel


class TenantMeasure(Frozen):
    """A new enterprise without meter readings (a tenant moving in). Keys beyond these are
    ``park.yaml`` enterprise keys (``value_added_wan_cny``, ``land_mu``, ``employees``,
    ``load_profile`` …), checked when the measure is applied to the park."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    industry_code: str
    output_value_wan_cny: NonNegative | None = None
    profile: dict[str, Any] = Field(default_factory=dict)
    annual: dict[str, Any] | None = None
    rooftops: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="after")
    def _annual_or_intensity(self) -> TenantMeasure:
        if self.annual is None and not {"industry", "enterprise"} & set(self.profile):
            raise ValueError(
                text(
                    "没有 annual 时按 profile 企业的单位产值用能推算，profile 须给出 industry "
                    "或 enterprise",
                    "without annual the use comes from the profile enterprises' use per output "
                    "value: give profile industry or enterprise",
                )
            )
        if self.annual is None and self.output_value_wan_cny is None:
            raise ValueError(
                text(
                    "没有 annual 时按单位产值用能 × 产值推算，须给出 output_value_wan_cny",
                    "without annual the use is the use per output value × the output value: "
                    "give output_value_wan_cny",
                )
            )
        return self

    @property
    def extra_keys(self) -> dict[str, Any]:
        """The ``park.yaml`` enterprise keys given beside the measure's own."""
        return dict(self.model_extra or {})


class Measure(Frozen):
    """One measure: an optional ``name`` and exactly one kind key (:data:`KINDS`)."""

    name: str | None = None
    pv: PVMeasure | None = None
    storage: dict[str, Any] | None = None
    contract: dict[str, Any] | None = None
    certificate: dict[str, Any] | None = None
    tariffs: Annotated[tuple[dict[str, Any], ...], Field(min_length=1)] | None = None
    factor_override: dict[str, Any] | None = None
    efficiency: EfficiencyMeasure | None = None
    electrification: ElectrificationMeasure | None = None
    sharing: SharingMeasure | None = None
    tenant: TenantMeasure | None = None
    factor_year: Annotated[int, Field(ge=2000, le=2100)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Measure:
        given = [kind for kind in KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError(
                text(
                    f"每项措施须且只须有一个类型键（{', '.join(KINDS)}），实际为 {given}",
                    f"a measure needs exactly one kind key ({', '.join(KINDS)}), got {given}",
                )
            )
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in KINDS if getattr(self, kind) is not None)


class Economics(Frozen):
    """Cost inputs replacing the shipped illustrative defaults
    (``greenpark/criteria/scenario_costs.csv``); units in the key names."""

    pv_capex_cny_per_kw: NonNegative | None = None
    pv_opex_cny_per_kw_year: NonNegative | None = None
    storage_capex_cny_per_kwh: NonNegative | None = None
    storage_opex_cny_per_kwh_year: NonNegative | None = None
    contract_premium_cny_per_kwh: float | None = None
    certificate_price_cny_per_mwh: NonNegative | None = None
    efficiency_capex_cny_per_mwh_year: NonNegative | None = None
    heat_pump_capex_cny_per_kw: NonNegative | None = None
    electric_heating_capex_cny_per_kw: NonNegative | None = None
    fuel_prices_cny_per_t_or_m3: dict[str, NonNegative] | None = None
    discount_rate_fraction: Annotated[float, Field(gt=-0.5, lt=1.0)] | None = None
    analysis_years: Annotated[int, Field(ge=1, le=60)] | None = None

    @field_validator("fuel_prices_cny_per_t_or_m3")
    @classmethod
    def _fuels(cls, prices: dict[str, float] | None) -> dict[str, float] | None:
        known = [c.id for c in load_carriers().values() if c.kind == "fuel"]
        unknown = [fuel for fuel in prices or {} if fuel not in known]
        if unknown:
            raise ValueError(
                text(f"不是燃料品种：{unknown}", f"not fuels: {unknown}")
                + did_you_mean(close_match(unknown[0], known))
            )
        return prices


class ScenarioFile(Frozen):
    name: Annotated[str, Field(min_length=1)]
    name_en: str | None = None
    description: str | None = None
    economics: Economics = Economics()
    measures: tuple[Measure, ...] = ()
