"""Meter readings that are impossible or far outside their own series (plausibility.csv).

Two rules, on every reading as read (before 15-min readings are summed), in the carrier's
canonical unit:

- **absolute cap** (``reading_hour_max``, by carrier kind): one enterprise-hour at most the
  cap, an interval at most the cap × its hours (15 min: ¼; a month: its hours). For fuels the
  cap is heat [GJ], turned into the fuel's unit with its lowest net calorific value in the
  factor tables (else its coal equivalent × 29.3076 MJ/kgce). Not confirmable: such a reading
  is a typing or unit error.
- **far above its series** (``reading_vs_typical``): more than the limit × the median of the
  positive readings of the same enterprise, carrier and resolution. A real extreme reading is
  accepted when ``confirmed_readings`` in ``park.yaml`` names its file and row
  (:mod:`greenpark.inputs.park.confirmations`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.carriers import Carrier, load_carriers
from greenpark.inputs.factors.plausibility import Plausibility
from greenpark.inputs.factors.table import Factor
from greenpark.inputs.meters.blocks import Block
from greenpark.inputs.meters.problems import CAP, Problems
from greenpark.inputs.park.confirmations import ReadingConfirmation, confirmed_mask
from greenpark.units import convert

GJ_PER_KGCE = 0.0293076  # GB/T 2589: 1 kgce = 29,307.6 kJ
_INTERVAL_HOURS = {"hourly": 1.0, "15min": 0.25}


@dataclass(frozen=True)
class ReadingLimits:
    """What readings are checked against: a cap per hour by carrier [canonical unit per h],
    the ratio to the series' median (None: unchecked) and the user's confirmations."""

    hour_max: Mapping[str, float]
    typical_ratio: float | None
    confirmed: tuple[ReadingConfirmation, ...] = field(default=())


def reading_limits(
    limits: Plausibility,
    factors: Iterable[Factor],
    confirmed: Sequence[ReadingConfirmation] = (),
) -> ReadingLimits:
    """The limits of :mod:`greenpark.inputs.factors.plausibility` for every carrier of carriers.csv."""
    energy = _energy_per_unit_gj(factors)
    hour_max = {}
    for carrier in load_carriers().values():
        cap = _hour_cap(limits, carrier, energy.get(carrier.id))
        if cap is not None:
            hour_max[carrier.id] = cap
    ratio = limits.limit("reading_vs_typical")
    typical = ratio.upper if ratio is not None else None
    return ReadingLimits(hour_max, typical, tuple(confirmed))


def _energy_per_unit_gj(factors: Iterable[Factor]) -> dict[str, float]:
    """Lowest heat content per canonical unit of each carrier [GJ/unit] in the tables."""
    by_ncv: dict[str, list[float]] = {}
    by_coal: dict[str, list[float]] = {}
    for factor in factors:
        carrier = factor.id.split(".")[1] if "." in factor.id else ""
        if factor.quantity == "fuel_ncv":
            by_ncv.setdefault(carrier, []).append(factor.canonical_value)
        elif factor.quantity == "coal_equivalent":
            by_coal.setdefault(carrier, []).append(factor.canonical_value * GJ_PER_KGCE)
    found = {carrier: min(values) for carrier, values in by_coal.items()}
    found.update({carrier: min(values) for carrier, values in by_ncv.items()})
    return found


def _hour_cap(limits: Plausibility, carrier: Carrier, gj_per_unit: float | None) -> float | None:
    limit = limits.limit("reading_hour_max", carrier.kind)
    if limit is None or limit.upper is None:
        return None
    try:
        return convert(limit.upper, limit.unit, carrier.canonical_unit)
    except UnitError:
        if gj_per_unit is None or gj_per_unit <= 0:
            return None
        return convert(limit.upper, limit.unit, "GJ") / gj_per_unit


def reading_problems(
    blocks: Sequence[Block],
    months: pd.DataFrame,
    limits: ReadingLimits,
    year: int,
    problems: Problems,
) -> None:
    """Report impossible and far-off readings of interval ``blocks`` and monthly ``months``.

    ``months`` has ``file, row, enterprise, carrier, resolution, quantity, month`` (1-12 of
    ``year``).
    """
    impossible, far = _block_flags(blocks, limits)
    _report(impossible, problems, _impossible_message)
    if limits.typical_ratio is not None:
        _report(far, problems, _far_message(limits.typical_ratio))
    if months.empty:
        return
    days = pd.date_range(f"{year}-01", periods=12, freq="MS").days_in_month
    month_hours = {month: 24.0 * d for month, d in enumerate(days, start=1)}
    hours = months["month"].map(month_hours).astype(float)
    caps = months["carrier"].map(limits.hour_max).astype(float) * hours
    over = (months["quantity"] > caps).to_numpy()
    _report(months.loc[over].assign(hours=hours, bound=caps), problems, _impossible_message)
    if limits.typical_ratio is not None:
        typical = _typical(months)
        above = (months["quantity"] > limits.typical_ratio * typical).to_numpy()
        confirmed = confirmed_mask(months["file"], months["row"], limits.confirmed)
        chosen = above & ~over & ~confirmed
        _report(
            months.loc[chosen].assign(bound=typical), problems, _far_message(limits.typical_ratio)
        )


def _block_flags(
    blocks: Sequence[Block], limits: ReadingLimits
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The interval readings above their cap, and those far above their series' median
    (not above the cap, not confirmed), as frames of flagged readings."""
    ratio = limits.typical_ratio
    typical = _block_typicals(blocks, ratio) if ratio is not None else {}
    impossible, far = [], []
    for block in blocks:
        hours = _INTERVAL_HOURS[block.resolution]
        cap = limits.hour_max.get(block.carrier, np.nan) * hours
        over = block.values > cap
        impossible.append(_flagged(block, over, np.full(len(block.enterprises), cap), hours))
        if limits.typical_ratio is not None:
            keys = [(e, block.carrier, block.resolution) for e in block.enterprises]
            # a series left out has no reading above the ratio × its median
            medians = np.array([typical.get(key, np.nan) for key in keys])
            above = (block.values > limits.typical_ratio * medians) & ~over
            found = _flagged(block, above, medians, hours)
            far.append(found.loc[~confirmed_mask(found["file"], found["row"], limits.confirmed)])
    return pd.concat([_NO_FLAGS, *impossible]), pd.concat([_NO_FLAGS, *far])


_NO_FLAGS = pd.DataFrame(
    columns=["file", "row", "enterprise", "carrier", "quantity", "bound", "hours"]
)


def _flagged(block: Block, mask: np.ndarray, bound: np.ndarray, hours: float) -> pd.DataFrame:
    """The readings of ``block`` where ``mask`` is set, with their column's ``bound``."""
    if not mask.any():  # the usual block (finding nothing in a large one took 0.17 s)
        return _NO_FLAGS
    i, j = np.nonzero(mask)
    return pd.DataFrame(
        {
            "file": block.file,
            "row": block.cell_rows()[i, j],
            "enterprise": np.asarray(block.enterprises)[j],
            "carrier": block.carrier,
            "quantity": block.values[i, j],
            "bound": bound[j],
            "hours": hours,
        }
    )


def _block_typicals(
    blocks: Sequence[Block], ratio: float | None = None
) -> dict[tuple[str, str, str], float]:
    """Median of the positive readings of each (enterprise, carrier, resolution) over every
    block (NaN when it has none). The columns of a block that alone hold their series and
    have only positive readings (a wide file, mostly) get their medians in one call; given
    ``ratio``, those of them with no reading that can be above ``ratio`` × their median
    (:func:`_within_ratio`) are left out (the median is what finding such readings needs)."""
    keys = [[(e, block.carrier, block.resolution) for e in block.enterprises] for block in blocks]
    blocks_of = Counter(key for block_keys in keys for key in block_keys)
    typical: dict[tuple[str, str, str], float] = {}
    parts: dict[tuple[str, str, str], list[np.ndarray]] = {}
    for block, block_keys in zip(blocks, keys, strict=True):
        alone = np.array([blocks_of[key] == 1 for key in block_keys], dtype=bool)
        whole = alone & (block.values > 0).all(axis=0) & (len(block.values) > 0)
        if whole.any():
            chosen = np.flatnonzero(whole)
            if ratio is not None:
                chosen = chosen[~_within_ratio(block.values, chosen, ratio)]
            medians = _column_medians(block.values, chosen)
            typical.update((block_keys[j], float(m)) for j, m in zip(chosen, medians, strict=True))
        for j in np.flatnonzero(~whole):
            column = block.values[:, j]
            parts.setdefault(block_keys[j], []).append(column[column > 0])
    typical.update(
        (key, float(np.median(np.concatenate(found))) if sum(map(len, found)) else np.nan)
        for key, found in parts.items()
    )
    return typical


def _within_ratio(values: np.ndarray, columns: np.ndarray, ratio: float) -> np.ndarray:
    """Whether no reading of each of ``columns`` (positive readings, n of them) can be above
    ``ratio`` × the column's median, shown by counting instead of finding the median: when
    at most (n - 1) // 2 readings are <= x, the median (the middle reading, or the mean of
    the two) is above x, so no reading <= ratio × x is above ratio × median (the products
    rounded as the rule computes them: rounding keeps their order)."""
    part = values if len(columns) == values.shape[1] else values[:, columns]
    top = part.max(axis=0)
    x = top / ratio * (1 + 4 * np.finfo(float).eps)
    below = np.count_nonzero(part <= x, axis=0)
    within: np.ndarray = (below <= (len(part) - 1) // 2) & (ratio * x >= top)
    return within


#: columns whose medians are taken at a time (each part is copied once and partitioned in
#: place: 64 columns of a year of hours are 4.5 MB, all 2,000 of a large park 140 MB of
#: fresh memory)
_MEDIAN_COLUMNS = 64


def _column_medians(values: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``np.median(values[:, columns], axis=0)``, a few columns at a time."""
    medians = np.empty(len(columns))
    for start in range(0, len(columns), _MEDIAN_COLUMNS):
        part = columns[start : start + _MEDIAN_COLUMNS]
        medians[start : start + len(part)] = np.median(
            values[:, part], axis=0, overwrite_input=True
        )
    return medians


def _typical(frame: pd.DataFrame) -> pd.Series:
    """Median of the positive readings of each reading's series (NaN when it has none)."""
    positive = frame["quantity"].where(frame["quantity"] > 0)
    keys = [frame["enterprise"], frame["carrier"], frame["resolution"]]
    return positive.groupby(keys, sort=False, observed=True).transform("median")


Message = Callable[[Any], str]


def _report(flagged: pd.DataFrame, problems: Problems, message: Message) -> None:
    """One line per flagged reading, file by file (first few, then a count)."""
    for file, part in flagged.groupby("file", sort=False, observed=True):
        part = part.sort_values("row", kind="stable")
        details = [message(row) for row in part.head(CAP).itertuples(index=False)]
        problems.cells(str(file), part["row"].tolist(), [None] * len(details), details, str)


def _unit(carrier: str) -> str:
    found = load_carriers().get(carrier)
    return found.canonical_unit if found is not None else ""


def _got_expected(got: str, expected: str) -> str:
    return text(f"，实际为 {got}，应为 {expected}", f", got {got}, expected {expected}")


def _impossible_message(row: Any) -> str:
    unit = _unit(row.carrier)
    return text(
        f"{row.enterprise} {row.carrier} 的读数不可能（超过上限，依据见 factors/plausibility.csv "
        "的 reading_hour_max）：请核对单位与数值",
        f"impossible reading of {row.enterprise} {row.carrier} (above the cap, basis: "
        "reading_hour_max in factors/plausibility.csv): check the unit and the number",
    ) + _got_expected(
        f"{row.quantity:,.6g} {unit}",
        f"≤ {row.bound:,.6g} {unit} ({row.bound / row.hours:,.6g} {unit}/h × {row.hours:g} h)",
    )


def _far_message(ratio: float) -> Message:
    def message(row: Any) -> str:
        unit = _unit(row.carrier)
        times = row.quantity / row.bound
        what = text(
            f"{row.enterprise} {row.carrier} 的读数是该序列正读数中位数 {row.bound:,.6g} {unit} 的 "
            f"{times:,.0f} 倍（单位写错？）；若确为实测值，在 park.yaml 的 confirmed_readings "
            "中注明文件、行号与理由",
            f"reading of {row.enterprise} {row.carrier} is {times:,.0f}× the median "
            f"{row.bound:,.6g} {unit} of its series' positive readings (a unit slip?); if it is "
            "real, list its file, row and a reason under confirmed_readings in park.yaml",
        )
        expected = text(
            f"≤ {ratio:g} 倍中位数 = {ratio * row.bound:,.6g} {unit}",
            f"≤ {ratio:g}× the median = {ratio * row.bound:,.6g} {unit}",
        )
        return what + _got_expected(f"{row.quantity:,.6g} {unit}", expected)

    return message
