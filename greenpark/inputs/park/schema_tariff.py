"""The time-of-use tariff of ``park.yaml``: prices, seasons and their clock-hour windows.

Windows are ``[start, end)`` clock hours, 0–24, start before end (a window across midnight
is written as two: ``[22, 24]`` and ``[0, 6]``). :mod:`greenpark.core.tariff` prices an hour
by the last period that lists it, in the order flat, peak, valley, critical peak, deep
valley. By design critical peak lies inside peak (it is peak's dearest part), and deep
valley, which applies only on major holidays, replaces whatever period those hours have on
other days. Peak and valley, or critical peak and valley, sharing an hour is a contradiction
the precedence would hide (the hour would silently be valley, or critical peak), so a season
with such an overlap is refused.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, model_validator

from greenpark.i18n import text
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.schema_base import Frozen, NonNegative, checked
from greenpark.inputs.park.schema_charges import BasicCharges

PERIOD_KEYS = ("peak_hours", "valley_hours", "critical_peak_hours", "deep_valley_hours")
#: periods that may not share an hour in one season
EXCLUSIVE_PERIODS = (("peak_hours", "valley_hours"), ("critical_peak_hours", "valley_hours"))

HourRange = tuple[Annotated[int, Field(ge=0, le=24)], Annotated[int, Field(ge=0, le=24)]]


class TariffSeason(Frozen):
    """Clock-hour windows of one season. Deep-valley windows apply only on major holidays
    (Spring Festival, Labour Day, National Day), as in 晋发改商品发〔2026〕15号."""

    months: tuple[Annotated[int, Field(ge=1, le=12)], ...]
    """适用月份 / months"""
    peak_hours: tuple[HourRange, ...] = ()
    """峰段 [起, 止) / peak windows [start, end)"""
    valley_hours: tuple[HourRange, ...] = ()
    """谷段 [起, 止) / valley windows"""
    critical_peak_hours: tuple[HourRange, ...] = ()
    """尖峰 [起, 止) / critical-peak windows"""
    deep_valley_hours: tuple[HourRange, ...] = ()
    """深谷（重大节假日）/ deep-valley windows (major holidays)"""

    @model_validator(mode="after")
    def _windows(self) -> TariffSeason:
        problems = [
            text(
                f"{key} 的时段起点须早于终点，实际为 [{start}, {end}]，应为 [起, 止)，"
                "跨午夜的写成两段，如 [22, 24] 与 [0, 6]",
                f"a {key} window must start before it ends, got [{start}, {end}], expected "
                "[start, end), a window across midnight written as two, like [22, 24] and [0, 6]",
            )
            for key in PERIOD_KEYS
            for start, end in getattr(self, key)
            if start >= end
        ]
        for first, second in EXCLUSIVE_PERIODS:
            shared = _hours(getattr(self, first)) & _hours(getattr(self, second))
            if shared:
                problems.append(_overlap(first, second, shared, self))
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Tariff(Frozen):
    """Time-of-use grid tariff. Hour ranges are [start, end) in local clock hours.

    ``effective_from`` / ``effective_to`` (inclusive) date it; each hour is priced by the tariff
    in force (rules-review-2026 R8). ``export_prices`` price exported PV by the roof's
    commissioning date; a roof no window covers gets ``export_price_cny_per_kwh``.
    """

    name: str
    """电价名称 / tariff name"""
    source: str
    """来源文件 / source document"""
    effective_from: date | None = None
    """执行起始日 / in force from"""
    effective_to: date | None = None
    """执行截止日 / in force until"""
    confidence: green.Confidence | None = None
    """可信度 A/B/C / confidence A/B/C"""
    export_prices: tuple[green.ExportPrice, ...] = ()
    """按投产日期的上网电价 / export prices by commissioning date"""
    flat_price_cny_per_kwh: Annotated[float, Field(gt=0)]
    """平段电价 / flat-period price"""
    flat_price_note: str | None = None
    """平段电价说明 / note on the flat price"""
    peak_multiplier: Annotated[float, Field(gt=0)] = 1.0
    """峰段倍率 / peak multiplier"""
    valley_multiplier: Annotated[float, Field(gt=0)] = 1.0
    """谷段倍率 / valley multiplier"""
    critical_peak_multiplier: Annotated[float, Field(gt=0)] = 1.0
    """尖峰倍率 / critical-peak multiplier"""
    deep_valley_multiplier: Annotated[float, Field(gt=0)] = 1.0
    """深谷倍率 / deep-valley multiplier"""
    export_price_cny_per_kwh: NonNegative = 0.0
    """上网电价（单一）/ single export price"""
    seasons: tuple[TariffSeason, ...] = ()
    """季节与时段 / seasons and their hours"""
    basic_charges: BasicCharges | None = None
    """两部制基本电价（需量、容量）/ basic charges of a two-part tariff (demand, capacity)"""

    @model_validator(mode="after")
    def _dates_ordered(self) -> Tariff:
        return checked(self, green.tariff_dates_problem(self.effective_from, self.effective_to))

    @model_validator(mode="after")
    def _months_once(self) -> Tariff:
        months = [m for season in self.seasons for m in season.months]
        if self.seasons and sorted(months) != list(range(1, 13)):
            raise ValueError(
                text(
                    f"分时电价的季节须恰好覆盖 1–12 月各一次，实际为 {months}",
                    f"tariff seasons must cover months 1-12 once each, got {months}",
                )
            )
        return self


def _hours(windows: tuple[tuple[int, int], ...]) -> set[int]:
    return {hour for start, end in windows for hour in range(start, end)}


def _overlap(first: str, second: str, shared: set[int], season: TariffSeason) -> str:
    """``peak_hours and valley_hours share 07:00–08:00, got …, expected …``."""
    starts = [hour for hour in sorted(shared) if hour - 1 not in shared]
    ends = [hour + 1 for hour in sorted(shared) if hour + 1 not in shared]
    listed = ", ".join(f"{a:02d}:00–{b:02d}:00" for a, b in zip(starts, ends, strict=True))
    got = (
        f"{first} {_windows(getattr(season, first))}, {second} {_windows(getattr(season, second))}"
    )
    return text(
        f"{first} 与 {second} 有重叠时段 {listed}：一个小时只能属于一个时段"
        f"（尖峰应在高峰之内，深谷只在重大节假日替代原时段），实际为 {got}，应为互不重叠的时段",
        f"{first} and {second} share {listed}: an hour belongs to one period only "
        "(critical peak lies inside peak; deep valley replaces a period on major holidays "
        f"only), got {got}, expected windows that share no hour",
    )


def _windows(windows: tuple[tuple[int, int], ...]) -> str:
    return "[" + ", ".join(f"[{start}, {end}]" for start, end in windows) + "]"
