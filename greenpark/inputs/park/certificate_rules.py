"""The certificate over-claim rule checked when a park is loaded, against ``park.yaml``'s lines.

The rule is the core's (:func:`~greenpark.core.certificate_claims.certificate_over_claims`),
applied here with each enterprise's metered electricity use of the accounting year (metered
hours, or a month's bill where the month is not fully metered; gaps count as nothing, so the
run, which fills them, never finds less) and the park's claim rule, so that ``greenpark check``
reports what a run would refuse, with file, field and line. Validity, serials and repeats of
contracts: :mod:`greenpark.inputs.park.green_rules`.

A run applies the same rule to its modelled load (:func:`modelled_over_claim_problems`): with
gaps filled it is never less than the metered use, but a planned enterprise's use (judged only
there) or a scenario's measures can make it so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from greenpark.core.certificate_claims import OverClaim, certificate_over_claims
from greenpark.core.certificates import CertificateBatch
from greenpark.i18n import text
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.green_rules import certificate_batch
from greenpark.inputs.park.schema import PARK, Certificate
from greenpark.inputs.problems import Problem, SourceFile

ELECTRICITY = "electricity"


def metered_electricity_kwh(meters: MeterData, enterprise_ids: Sequence[str]) -> np.ndarray:
    """Each enterprise's metered electricity use of the year (E,) [kWh], month by month: a
    fully metered month its metered hours, a month with a bill the bill (which includes the
    month's metered hours: counting both would count them twice), another month its metered
    hours; a gap counts 0. Never more than what a run completes the year to."""
    hours = meters.hours
    month_of_hour = hours.month.to_numpy()
    month_hours = np.bincount(month_of_hour - 1, minlength=12)
    hourly = _columns(meters.hourly.get(ELECTRICITY), enterprise_ids, len(hours))
    present = ~np.isnan(hourly)
    filled = np.where(present, hourly, 0.0)
    ends = np.cumsum(month_hours)  # the hours of the year run month after month
    months = [slice(end - n, end) for n, end in zip(month_hours, ends, strict=True)]
    metered = np.stack([filled[month].sum(axis=0) for month in months])
    counted = np.stack([present[month].sum(axis=0) for month in months])
    bills = _columns(meters.monthly.get(ELECTRICITY), enterprise_ids, 12)
    billed = ~np.isnan(bills) & (counted < month_hours[:, None])
    used: np.ndarray = np.where(billed, np.nan_to_num(bills), metered).sum(axis=0)
    return used


def _columns(frame: pd.DataFrame | None, enterprise_ids: Sequence[str], rows: int) -> np.ndarray:
    """(rows, E) values of ``frame``'s enterprise columns; NaN where it has none."""
    if frame is None:
        return np.full((rows, len(enterprise_ids)), np.nan)
    return frame.reindex(columns=list(enterprise_ids)).to_numpy(dtype=float)


def over_claim_problems(
    source: SourceFile,
    certificates: Sequence[tuple[int, Certificate]],
    enterprise_ids: Sequence[str],
    meters: MeterData,
    year_rule: tuple[int, str],
    planned: Collection[str] = (),
) -> list[Problem]:
    """Batches claimed for ``year`` beyond their claimant's metered electricity use.

    ``certificates`` are the valid batches with their index in ``park.yaml``; batches whose
    claimant is not an enterprise id (reported by the reference rules) are left out, and so
    are those of a ``planned`` enterprise (no meter data: its use is the planned use the run
    models) and the park's own when the park has planned enterprises (its use includes
    theirs): the run judges these against its modelled load.
    """
    year, rule = year_rule
    column = {e: i for i, e in enumerate(enterprise_ids)}
    unjudged = set(planned) | ({PARK} if planned else set())
    where: dict[str, int] = {}
    batches: list[CertificateBatch] = []
    for index, c in certificates:
        if c.claim_year != year or (c.claimant != PARK and c.claimant not in column):
            continue
        if c.claimant in unjudged:
            continue
        where[c.id] = index
        claimant = None if c.claimant == PARK else column[c.claimant]
        batches.append(certificate_batch(c, claimant))
    if not batches:
        return []  # nothing to judge: the year's use is not summed (0.36 s at 2,000)
    used = metered_electricity_kwh(meters, enterprise_ids)
    over = certificate_over_claims(batches, used, rule)
    coverage = _electricity_coverage(meters)
    return [_over_claim(source, claim, where, enterprise_ids, year, coverage) for claim in over]


def _electricity_coverage(meters: MeterData) -> dict[str, float]:
    """Share of the year each enterprise's electricity data cover (its least covered series)."""
    quality = meters.quality
    rows = quality.loc[quality["carrier"] == ELECTRICITY]
    return {
        str(e): float(v) for e, v in rows.groupby("enterprise")["coverage_fraction"].min().items()
    }


def _over_claim(
    source: SourceFile,
    claim: OverClaim,
    where: Mapping[str, int],
    enterprise_ids: Sequence[str],
    year: int,
    coverage: Mapping[str, float],
) -> Problem:
    listed = ", ".join(
        f"{b.id} (certificates[{where[b.id]}], {b.quantity_mwh:,.0f} MWh)" for b in claim.batches
    )
    claimed, available = claim.claimed_kwh / 1000, claim.available_kwh / 1000
    if claim.claimant is None:
        who = text("园区级绿证", "the park's batches")
    else:
        who = enterprise_ids[claim.claimant]
    basis = _basis(claim.claimant is None, who, available, year, coverage.get(who, 0.0))
    what = text(
        f"绿证超额申领：{who} 申领 {listed}，共 {claimed:,.3f} MWh，超过{basis}",
        f"certificate over-claim: {who} claims {listed}, {claimed:,.3f} MWh in all, more than "
        f"{basis}",
    )
    expected = text(
        f"合计不超过 {available:,.3f} MWh（核对绿证数量与计量数据）",
        f"at most {available:,.3f} MWh in all (check the quantities and the meter data)",
    )
    loc = ("certificates", where[claim.batches[0].id], "quantity_mwh")
    return source.problem(loc, what, got=f"{claimed:,.3f} MWh", expected=expected)


def _basis(park: bool, who: str, available_mwh: float, year: int, covered: float) -> str:
    """What the batches were judged against: the claimant's (or the park's) metered use."""
    if park:
        return text(
            f"各企业 {year} 年计量用电扣除其自有绿证后剩余 {available_mwh:,.3f} MWh",
            f"the enterprises' metered electricity of {year} left after their own batches, "
            f"{available_mwh:,.3f} MWh",
        )
    basis = text(
        f"{who} {year} 年计量用电 {available_mwh:,.3f} MWh",
        f"{who}'s metered electricity of {year}, {available_mwh:,.3f} MWh",
    )
    if covered < 1.0:
        basis += text(
            f"（其电力数据只覆盖全年的 {covered:.0%}，缺失部分按 0 计）",
            f" (its electricity data cover {covered:.0%} of the year; what is missing counts "
            "as nothing)",
        )
    return basis


def modelled_over_claim_problems(
    batches: Sequence[CertificateBatch],
    load_kwh: np.ndarray,
    enterprise_ids: Sequence[str],
    year_rule: tuple[int, str],
) -> list[str]:
    """The over-claim rule against a run's modelled electricity use ``load_kwh`` (hours, E):
    what a planned enterprise's use or a scenario's measures (less electricity, fewer
    enterprises' use left after their own batches) can make fall short of the batches held."""
    if not batches:
        return []  # nothing to judge: the modelled use is not summed
    year, rule = year_rule
    over = certificate_over_claims(batches, load_kwh.sum(axis=0), rule)
    return [_modelled_over_claim(claim, enterprise_ids, year) for claim in over]


def _modelled_over_claim(claim: OverClaim, enterprise_ids: Sequence[str], year: int) -> str:
    ids = ", ".join(b.id for b in claim.batches)
    claimed, available = claim.claimed_kwh / 1000, claim.available_kwh / 1000
    if claim.claimant is None:
        return text(
            f"绿证超额申领（按模拟用电）：园区级绿证 {ids} 共 {claimed:,.3f} MWh，超过各企业 "
            f"{year} 年模拟用电扣除其自有绿证后剩余的 {available:,.3f} MWh；计划用量或情景措施"
            "改变了用电，请减少园区级绿证或调整措施",
            f"certificate over-claim (against the modelled use): the park's batches {ids}, "
            f"{claimed:,.3f} MWh in all, exceed the enterprises' modelled electricity of {year} "
            f"left after their own batches, {available:,.3f} MWh; a planned use or a scenario "
            "measure changed the use: hold fewer park batches or change the measures",
        )
    who = enterprise_ids[claim.claimant]
    return text(
        f"绿证超额申领（按模拟用电）：{who} 申领 {ids}，共 {claimed:,.3f} MWh，超过其 {year} 年"
        f"模拟用电 {available:,.3f} MWh；计划用量或情景措施改变了用电，请减少 {who} 的绿证或"
        "调整措施",
        f"certificate over-claim (against the modelled use): {who} claims {ids}, "
        f"{claimed:,.3f} MWh in all, more than its modelled electricity use of {year}, "
        f"{available:,.3f} MWh; a planned use or a scenario measure changed the use: give "
        f"{who} fewer certificates or change the measures",
    )
