"""Coverage rules of a park's meter data, run at load time (``load_park``).

``greenpark check`` and ``greenpark run`` both load a park through these rules, so ``check``
refuses exactly the parks ``run`` would refuse, with the same words. How a month is completed
is decided by :func:`greenpark.core.coverage.month_sources` (one copy of the rule, also used
by the run): a fully metered month is *measured*; a month with a bill and missing hours is
*billed*; a month with some metered hours and no bill is *imputed* from those hours; a month
with neither is a gap — *extrapolated* with ``--allow-gaps``, an error otherwise. Zero is a
reading; an empty cell is a gap.

Errors (all collected, then raised together):

- an enterprise without any electricity data (every enterprise uses electricity), unless it
  has a planned use (``enterprises[].planned_use``, :mod:`greenpark.pipeline.planned`);
- a series (enterprise, carrier) whose file cells are all empty: nothing to complete it from,
  even with ``--allow-gaps`` (write 0 for a carrier an enterprise does not use);
- months with neither readings nor a bill, unless gaps are allowed;
- a bill smaller than the metered hours of its partly metered month.

Messages (soft; ``--strict`` makes them errors): how each series' missing hours are completed,
and fully metered months whose bill disagrees with the metered sum by more than
:data:`BILL_TOLERANCE_FRACTION`. Such a month keeps its metered hours: they are what the
hourly balance needs, and a bill may legitimately differ from a sub-meter (transformer losses
变损 added to the bill, a revenue meter on the other side of the transformer).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.allocation import month_totals
from greenpark.core.coverage import (
    BILLED,
    EXTRAPOLATED,
    IMPUTED,
    MEASURED,
    MISSING,
    bill_shortfall,
    month_sources,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.load import MeterData
from greenpark.messages import Message, Param

#: A fully metered month whose bill differs from its metered sum by more than this share of
#: the larger of the two gets a message. 2% is the accuracy class of the least accurate static
#: active-energy meters (class 2, IEC 62053-21:2020 = GB/T 17215.321, percentage error limit
#: ±2.0% at unity power factor) [B]; a larger gap points at something else (missing readings,
#: a unit, transformer losses). greenpark uses the same threshold for every carrier [C].
BILL_TOLERANCE_FRACTION = 0.02


@dataclass(frozen=True)
class _Series:
    """One (enterprise, carrier) series summarised by calendar month."""

    enterprise: str
    carrier: str
    use: str  # fuel (burnt, and every non-fuel carrier) or feedstock
    hourly_files: str
    monthly_files: str
    metered_hours: np.ndarray  # (12,) hours with a reading [h]
    metered_sum: np.ndarray  # (12,) sum of those readings
    billed: np.ndarray  # (12,) bill, NaN where none
    source: np.ndarray  # (12,) month source code

    @property
    def files(self) -> str:
        return "; ".join(f for f in (self.hourly_files, self.monthly_files) if f)

    @property
    def name(self) -> str:
        """``E07 natural_gas`` (``（原料）`` / `` (feedstock)`` added for feedstock)."""
        feedstock = text("（原料）", " (feedstock)") if self.use == "feedstock" else ""
        return f"{self.enterprise} {self.carrier}{feedstock}"

    @property
    def has_reading(self) -> bool:
        return bool(self.metered_hours.sum() > 0 or (~np.isnan(self.billed)).any())


def check_coverage(
    meters: MeterData,
    enterprise_ids: Collection[str],
    *,
    allow_gaps: bool = False,
    planned: Collection[str] = (),
) -> MeterData:
    """Apply the coverage rules; the meter data with their messages, or InputError.

    Parameters
    ----------
    meters
        Meter data as loaded by :func:`~greenpark.inputs.meters.load.load_meter_data`.
    enterprise_ids
        Every enterprise of the park, in order.
    allow_gaps
        Extrapolate months without data (flagged) instead of refusing them.
    planned
        Enterprises with a planned use (``enterprises[].planned_use``): they need no data.
    """
    hours = meters.hours
    month_hours = month_totals(np.ones(len(hours)), hours.month.to_numpy())
    year = int(hours[0].year)
    series = _all_series(meters, enterprise_ids, month_hours, allow_gaps)
    without_data = set(planned)
    metered = [e for e in enterprise_ids if e not in without_data]
    problems = _no_electricity(series, metered, meters.quality, year)
    messages: list[Message] = []
    for one in series:
        problems += _series_problems(one, year)
        messages += _series_messages(one, month_hours, year)
    if problems:
        raise InputError(problems)
    return dataclasses.replace(
        meters, messages=(*meters.messages, *messages), allow_gaps=allow_gaps
    )


def _all_series(
    meters: MeterData, ids: Collection[str], month_hours: np.ndarray, allow_gaps: bool
) -> list[_Series]:
    """Every (enterprise, carrier) with a column in some file, enterprise-major."""
    found = [
        series
        for use in ("fuel", "feedstock")
        for carrier in load_carriers()
        if any(carrier in frames for frames in meters.frames(use))
        for series in _carrier_series(meters, (carrier, use), ids, month_hours, allow_gaps)
    ]
    order = {e: i for i, e in enumerate(ids)}
    return sorted(found, key=lambda s: order[s.enterprise])


def _carrier_series(
    meters: MeterData,
    key: tuple[str, str],
    ids: Collection[str],
    month_hours: np.ndarray,
    allow_gaps: bool,
) -> list[_Series]:
    carrier, use = key
    hourly, monthly = (frames.get(carrier) for frames in meters.frames(use))
    columns = [e for e in ids if any(f is not None and e in f.columns for f in (hourly, monthly))]
    metered = _matrix(hourly, columns, len(meters.hours))
    metered_hours, metered_sum = _metered_months(metered, meters.hours.month.to_numpy())
    billed = _matrix(monthly, columns, 12)
    source = month_sources(metered_hours, month_hours, billed, extrapolate=allow_gaps)
    files = _files(meters.quality, carrier, use)
    return [
        _Series(
            enterprise,
            carrier,
            use,
            files.get((enterprise, False), ""),
            files.get((enterprise, True), ""),
            metered_hours[:, i],
            metered_sum[:, i],
            billed[:, i],
            source[:, i],
        )
        for i, enterprise in enumerate(columns)
    ]


def _metered_months(
    metered: np.ndarray, month_of_hour: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(12, S) hours with a reading and their sum in each calendar month (the hours of a
    year run month after month), a month at a time: the sums of
    :func:`~greenpark.core.allocation.month_totals` of the readings with gaps as 0, without
    two full-size (hours × series) copies."""
    hours = np.zeros((12, metered.shape[1]))
    sums = np.zeros((12, metered.shape[1]))
    counts = np.bincount(month_of_hour, minlength=13)[1:13]
    for month, (start, count) in enumerate(zip(np.cumsum(counts) - counts, counts, strict=True)):
        part = metered[start : start + count]
        present = ~np.isnan(part)
        hours[month] = present.sum(axis=0)
        sums[month] = np.where(present, part, 0.0).sum(axis=0)
    return hours, sums


def _matrix(frame: pd.DataFrame | None, columns: list[str], rows: int) -> np.ndarray:
    """The frame's columns as floats (rows × columns); all NaN without a frame."""
    if frame is None:
        return np.full((rows, len(columns)), np.nan)
    return frame.reindex(columns=columns).to_numpy(dtype=float)


def _files(quality: pd.DataFrame, carrier: str, use: str) -> dict[tuple[str, bool], str]:
    """(enterprise, monthly?) -> the files of its (``carrier``, ``use``) series, joined."""
    rows = quality.loc[(quality["carrier"] == carrier) & (quality["use"] == use)]
    files: dict[tuple[str, bool], list[str]] = {}
    for enterprise, resolution, file in zip(
        rows["enterprise"], rows["resolution"], rows["file"], strict=True
    ):
        files.setdefault((str(enterprise), resolution == "monthly"), []).append(str(file))
    return {key: "; ".join(found) for key, found in files.items()}


def _no_electricity(
    series: list[_Series], ids: Collection[str], quality: pd.DataFrame, year: int
) -> list[str]:
    """Every enterprise uses electricity: one without a single reading is an error."""
    with_data = {s.enterprise for s in series if s.carrier == "electricity" and s.has_reading}
    joined = quality.loc[quality["carrier"] == "electricity", "file"]
    files = sorted({file for files in joined for file in str(files).split("; ")})
    where = text(
        f"（{', '.join(files)} 中都没有它的电力读数）"
        if files
        else "（park.yaml 的 data: 中没有电力数据文件）",
        f" (none of its readings in {', '.join(files)})"
        if files
        else " (no file under data: in park.yaml gives electricity)",
    )
    return [
        text(
            f"企业 {e} 在 {year} 年没有任何电量数据{where}；请补充逐时数据或全部 12 个月的电费账单",
            f"enterprise {e} has no electricity data for {year}{where}; add hourly data or "
            "bills for all 12 months",
        )
        for e in ids
        if e not in with_data
    ]


def _series_problems(series: _Series, year: int) -> list[str]:
    """Empty series, months without data, bills below their metered hours."""
    if (series.source == MEASURED).all():
        return []  # every month fully metered (the usual series): nothing missing or short
    name = series.name
    if not series.has_reading:
        if series.carrier == "electricity":
            return []  # reported as an enterprise without electricity data
        return [
            text(
                f"{name}：{series.files} 中没有它的任何读数（空单元格是缺测，不是 0）；"
                "没有使用该能源请填 0",
                f"{name}: {series.files} has no reading for it at all (an empty cell is a gap, "
                "not 0); write 0 where nothing was used",
            )
        ]
    problems = []
    gaps = _months(series.source == MISSING)
    if gaps:
        problems.append(_gap_problem(series, gaps, year))
    shortfall = bill_shortfall(series.metered_sum, series.billed, series.source)
    unit = _unit(series.carrier)
    for month in np.nonzero(shortfall)[0]:
        bill, metered = series.billed[month], series.metered_sum[month]
        hours = int(series.metered_hours[month])
        problems.append(
            text(
                f"{name} {year}-{month + 1:02d}：月度账单 {bill:.6g} {unit}（{series.monthly_files}）"
                f"小于同月已计量的 {hours} 小时之和 {metered:.6g} {unit}（{series.hourly_files}）；"
                "账单应包含已计量的小时，请核对两份数据",
                f"{name} {year}-{month + 1:02d}: the monthly bill of {bill:.6g} {unit} "
                f"({series.monthly_files}) is less than the {metered:.6g} {unit} already metered "
                f"in {hours} hours of that month ({series.hourly_files}); a bill includes the "
                "metered hours, check both",
            )
        )
    return problems


def _gap_problem(series: _Series, gaps: str, year: int) -> str:
    name = series.name
    fix = text(
        "请补充这些月份的月度账单，或加 --allow-gaps 按已知月份的水平外推（标记为外推值）",
        "add monthly bills for them, or use --allow-gaps to extrapolate them from the known "
        "months (flagged as extrapolated)",
    )
    if series.hourly_files:
        bills = (
            text(
                f"，{series.monthly_files} 中也没有这些月份的账单",
                f" and {series.monthly_files} has no bill for them",
            )
            if series.monthly_files
            else text("，也没有这些月份的月度账单", " and there is no monthly bill for them")
        )
        return text(
            f"{name}：{series.hourly_files} 的逐时数据在 {year} 年 {gaps} 月没有任何读数{bills}；{fix}",
            f"{name}: the hourly data in {series.hourly_files} has no reading in month(s) "
            f"{gaps} of {year}{bills}; {fix}",
        )
    return text(
        f"{name}：{series.monthly_files} 缺少 {year} 年 {gaps} 月的月度数据；{fix}",
        f"{name}: {series.monthly_files} has no monthly total for month(s) {gaps} of {year}; {fix}",
    )


def _series_messages(series: _Series, month_hours: np.ndarray, year: int) -> list[Message]:
    """How the series' missing hours are completed, and bills that disagree with meters."""
    if (series.source == MEASURED).all() and np.isnan(series.billed).all():
        return []  # the usual series: every month fully metered, no bill to compare
    messages = _bill_disagreements(series, year)
    sources = series.source
    if not series.has_reading or (sources == MEASURED).all():
        return messages
    about = {**_series_params(series), "files": series.files}
    if not series.hourly_files and (sources == BILLED).all():
        if series.carrier == "electricity":
            hours = float(month_hours.sum())
            messages.append(Message("monthly_electricity_shaped", {**about, "hours": hours}))
        return messages  # other carriers: a bill for every month is complete as it is
    spread = "load_profile" if series.carrier == "electricity" else "evenly"
    steps = _completion_steps(series, month_hours)
    messages.append(Message("months_completed", {**about, "year": year, **steps, "spread": spread}))
    return messages


def _series_params(series: _Series) -> dict[str, Param]:
    """Who and what a series is: ``E07 natural_gas`` (feedstock said as such)."""
    return {
        "enterprise": series.enterprise,
        "carrier": series.carrier,
        "use": "feedstock" if series.use == "feedstock" else (),
    }


def _completion_steps(series: _Series, month_hours: np.ndarray) -> dict[str, Param]:
    """Each way the series' months are completed (billed, imputed, extrapolated): the
    ``steps`` to say, and their months and hours."""
    missing_h = month_hours - series.metered_hours
    steps: list[str] = []
    params: dict[str, Param] = {}
    for code, name in ((BILLED, "billed"), (IMPUTED, "imputed"), (EXTRAPOLATED, "extrapolated")):
        chosen = series.source == code
        params[f"{name}_months"] = _months(chosen) if chosen.any() else None
        params[f"{name}_hours"] = float(missing_h[chosen].sum()) if chosen.any() else None
        if chosen.any():
            steps.append(name)
    params["known_fraction"] = None
    if (series.source == EXTRAPOLATED).any():
        known = month_hours[np.isin(series.source, (MEASURED, BILLED, IMPUTED))].sum()
        params["known_fraction"] = float(known / month_hours.sum())
        steps.append("known_share")
    return {"steps": tuple(steps), **params}


def _bill_disagreements(series: _Series, year: int) -> list[Message]:
    """Fully metered months whose bill differs from the metered sum beyond the tolerance."""
    metered, billed = series.metered_sum, series.billed
    larger = np.maximum(np.abs(metered), np.abs(np.nan_to_num(billed)))
    deviation = np.divide(np.abs(metered - billed), larger, out=np.zeros(12), where=larger > 0)
    off = (series.source == MEASURED) & ~np.isnan(billed) & (deviation > BILL_TOLERANCE_FRACTION)
    about = {
        **_series_params(series),
        "year": year,
        "unit": _unit(series.carrier),
        "hourly_files": series.hourly_files,
        "monthly_files": series.monthly_files,
        "tolerance_fraction": BILL_TOLERANCE_FRACTION,
    }
    return [
        Message(
            "bill_disagrees_with_meters",
            {
                **about,
                "month": int(m) + 1,
                "metered": float(metered[m]),
                "billed": float(billed[m]),
                "deviation_fraction": float(deviation[m]),
            },
        )
        for m in np.nonzero(off)[0]
    ]


def _months(chosen: np.ndarray) -> str:
    """Months 1-12 where ``chosen`` (12,) is True, runs joined: ``1,3,7-12``."""
    months = [int(m) + 1 for m in np.nonzero(chosen)[0]]
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _unit(carrier: str) -> str:
    return load_carriers()[carrier].canonical_unit.replace("**3", "³").replace("**2", "²")
