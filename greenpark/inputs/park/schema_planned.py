"""``enterprises[].planned_use`` in ``park.yaml``: the planned annual use of an enterprise
that has no meter readings (a tenant moving in), for scenarios and for a real park's planned
tenant.

The annual quantities are given by carrier (electricity and fuels, a bare number in the
carrier's unit of ``carriers.csv`` or a string with a unit: ``"30 GWh"``, ``"120 万Nm3"``), or,
with ``scale_by_output_value: true``, taken from the profile enterprises' use per output value
(their summed annual use ÷ their summed ``output_value_wan_cny``, × this enterprise's output
value). The electricity is spread over the year's hours by ``profile``: the summed hourly
electricity of the metered enterprises of an ``industry`` (GB/T 4754 code prefix), of one metered
``enterprise``, or a ``load_profile`` shape (default: the enterprise's own ``load_profile``).
Fuels are annual totals, as a year of monthly bills is. Every figure is marked planned, never
measured (:mod:`greenpark.pipeline.planned`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.carriers import carrier_lookup, load_carriers, unknown_carrier_hint
from greenpark.inputs.park.schema_base import Frozen, checked
from greenpark.units import to_canonical

ELECTRICITY = "electricity"
#: working patterns with a load shape (:mod:`greenpark.core.load_profiles`)
LoadProfile = Literal[
    "continuous_process", "three_shift", "two_shift", "one_shift", "office", "data_centre"
]


def planned_carriers() -> tuple[str, ...]:
    """Carriers a planned use may name: electricity and every fuel of ``carriers.csv``."""
    return (ELECTRICITY, *(c.id for c in load_carriers().values() if c.kind == "fuel"))


class PlannedProfile(Frozen):
    """Where the planned electricity's hourly shape comes from (at most one key)."""

    industry: Annotated[str, Field(pattern=r"^[A-T]?\d{0,4}$", min_length=1)] | None = None
    """计量企业的行业代码或其前缀（GB/T 4754-2017，如 C38）/ industry code or prefix of metered enterprises (e.g. C38)"""
    enterprise: str | None = None
    """一家计量企业的编号 / one metered enterprise"""
    load_profile: LoadProfile | None = None
    """班制形状（不填则用本企业的 load_profile）/ a working-pattern shape (default: the enterprise's own)"""

    @model_validator(mode="after")
    def _one_source(self) -> PlannedProfile:
        given = [k for k in ("industry", "enterprise", "load_profile") if getattr(self, k)]
        problem = None
        if len(given) > 1:
            problem = text(
                f"industry、enterprise、load_profile 只能给出其一，实际为 {', '.join(given)}",
                f"give one of industry, enterprise or load_profile, got {', '.join(given)}",
            )
        return checked(self, problem)

    @property
    def from_metered(self) -> bool:
        """Whether the shape (and intensities) come from metered enterprises."""
        return self.industry is not None or self.enterprise is not None


def _canonical(carrier: str, value: object) -> float:
    unit = load_carriers()[carrier].canonical_unit
    try:
        amount = to_canonical(value, unit)
    except UnitError as exc:
        shown = unit.replace("**3", "³")
        raise ValueError(
            text(
                f"{carrier}：无法读作 {shown} 的数量（{value!r}）",
                f"{carrier}: cannot read {value!r} as a quantity in {shown}",
            )
        ) from exc
    if amount < 0:
        raise ValueError(text(f"{carrier}：不能为负数", f"{carrier}: cannot be negative"))
    return amount


class PlannedUse(Frozen):
    """The planned annual use of an enterprise without meter readings (module docstring)."""

    annual: dict[str, float] = Field(default_factory=dict)
    """年度计划用量，按能源品种（electricity 或燃料），如 {electricity: "30 GWh"} / planned annual use by carrier"""
    scale_by_output_value: bool = False
    """按 profile 企业的单位产值用能 × 本企业产值推算 / use per output value of the profile enterprises × this one's output value"""
    profile: PlannedProfile = PlannedProfile()
    """逐时用电形状的来源 / where the hourly electricity shape comes from"""

    @field_validator("annual", mode="before")
    @classmethod
    def _carriers_in_canonical_units(cls, value: object) -> object:
        """Keys are electricity or fuels (id, Chinese or English name); values convert."""
        if not isinstance(value, dict):
            return value
        lookup, known = carrier_lookup(), planned_carriers()
        problems: list[str] = []
        amounts: dict[str, float] = {}
        for name, amount in value.items():
            carrier = lookup.get(str(name).strip().casefold())
            if carrier is None:
                problems.append(unknown_carrier_hint(str(name)))
                continue
            if carrier not in known:
                problems.append(
                    text(f"{carrier}：应为电力或燃料", f"{carrier}: expected electricity or a fuel")
                )
                continue
            try:
                amounts[carrier] = _canonical(carrier, amount)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return amounts

    @model_validator(mode="after")
    def _one_basis(self) -> PlannedUse:
        problem = None
        if self.scale_by_output_value == bool(self.annual):
            problem = text(
                "须且只须给出 annual 或 scale_by_output_value: true 之一",
                "give exactly one of annual or scale_by_output_value: true",
            )
        elif self.scale_by_output_value and not self.profile.from_metered:
            problem = text(
                "scale_by_output_value 需要 profile 的 industry 或 enterprise（取其单位产值用能）",
                "scale_by_output_value needs a profile industry or enterprise (their use per "
                "output value)",
            )
        return checked(self, problem)
