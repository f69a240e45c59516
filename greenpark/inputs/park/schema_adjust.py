"""``adjustments:`` in ``park.yaml``: changes to metered use, for scenarios and pathways.

Each item scales one carrier's use of one enterprise, of the enterprises of an industry, or of
the whole park (``scale_factor``: 0.9 is 10 % less, 1.03 is 3 % more), optionally only in
some hours of the day. With ``to_electricity`` the fuel no longer used (``1 − scale_factor``
of it) is replaced by electricity giving the same useful heat (fuel efficiency ÷ COP), in a
stated hourly shape. Adjustments apply in list order, after the meter data are completed and
before the balance: the meter data and their coverage stay the meters'
(:mod:`greenpark.core.adjustment`, :mod:`greenpark.pipeline.adjustment_step`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.park.schema_base import Frozen, NonNegative, checked
from greenpark.inputs.problems import close_match, did_you_mean

ELECTRICITY = "electricity"
HourOfDay = Annotated[int, Field(ge=0, le=23)]


def adjustable_carriers() -> tuple[str, ...]:
    """Carriers an adjustment may change: electricity and every fuel of ``carriers.csv``."""
    return (ELECTRICITY, *(c.id for c in load_carriers().values() if c.kind == "fuel"))


class ToElectricity(Frozen):
    """What replaces the fuel no longer used: electricity for the same useful heat."""

    fuel_efficiency_fraction: Annotated[float, Field(gt=0, le=1)]
    """燃料设备热效率（如燃煤锅炉 0.8）/ useful heat per unit of fuel energy (e.g. a coal boiler 0.8)"""
    cop: Annotated[float, Field(gt=0, le=10)] = 1.0
    """热泵性能系数，电窑炉/电锅炉填其热效率 / heat-pump COP; an electric kiln or boiler: its efficiency"""
    shape: (
        Literal["flat", "electricity"]
        | Annotated[tuple[NonNegative, ...], Field(min_length=24, max_length=24)]
    ) = "flat"
    """新增用电的逐时形状：flat 均匀、electricity 本企业用电形状，或 24 个按小时的权重 / hourly shape of the added electricity: flat, the enterprise's own electricity use, or 24 weights by hour of day"""

    @field_validator("shape")
    @classmethod
    def _some_weight(cls, value: object) -> object:
        if isinstance(value, tuple) and sum(value) <= 0:
            raise ValueError(text("24 个权重不能全为 0", "the 24 weights cannot all be 0"))
        return value


class Adjustment(Frozen):
    """One change of metered use (see the module docstring)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    """调整编号 / adjustment id"""
    enterprise: str | None = None
    """所调整的企业（不填则按 industry 或全园区）/ the enterprise changed (none: industry or whole park)"""
    industry: Annotated[str, Field(pattern=r"^[A-T]?\d{0,4}$", min_length=1)] | None = None
    """行业代码或其前缀（GB/T 4754-2017，如 C39）/ industry code or its prefix (GB/T 4754-2017, e.g. C39)"""
    carrier: str
    """能源品种：electricity 或燃料（如 coal_anthracite、natural_gas）/ carrier: electricity or a fuel"""
    use: Literal["fuel", "feedstock"] = "fuel"
    """燃料用途：燃烧 fuel 或原料 feedstock / fuel burnt or used as feedstock"""
    scale_factor: NonNegative
    """调整后用量为原用量的倍数（0.9 即节约 10 %）/ use becomes this multiple of the metered use (0.9: 10 % less)"""
    hours_of_day: tuple[HourOfDay, ...] = ()
    """只调整这些钟点（0–23，不填则全天）/ only these hours of the day (0-23; none: all day)"""
    to_electricity: ToElectricity | None = None
    """燃料改电：减少的燃料由电替代 / electrification: the fuel no longer used is replaced by electricity"""

    @field_validator("carrier")
    @classmethod
    def _adjustable(cls, value: str) -> str:
        known = adjustable_carriers()
        if value not in known:
            raise ValueError(
                text("应为 electricity 或燃料品种", "expected electricity or a fuel")
                + did_you_mean(close_match(value, known))
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Adjustment:
        return checked(self, _scope_problem(self) or _shift_problem(self))


def _scope_problem(item: Adjustment) -> str | None:
    if item.enterprise is not None and item.industry is not None:
        return text("enterprise 与 industry 只能给出其一", "give enterprise or industry, not both")
    if item.carrier == ELECTRICITY and item.use == "feedstock":
        return text("电力没有原料用途", "electricity has no feedstock use")
    return None


def _shift_problem(item: Adjustment) -> str | None:
    if item.to_electricity is None:
        return None
    if item.carrier == ELECTRICITY or item.use == "feedstock":
        return text(
            "to_electricity 只用于燃烧的燃料", "to_electricity applies to a fuel that is burnt"
        )
    if item.scale_factor > 1:
        return text(
            "to_electricity 时 scale_factor 应在 0～1 之间（剩余燃料的比例）",
            "with to_electricity, scale_factor must lie between 0 and 1 (the fuel kept)",
        )
    if item.hours_of_day:
        return text(
            "to_electricity 作用于全年，不能限定 hours_of_day（用 shape 给出新增用电的形状）",
            "to_electricity acts on the whole year, without hours_of_day (give the added "
            "electricity's hours in shape)",
        )
    return None
