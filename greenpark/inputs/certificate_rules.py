"""Green-certificate rules checked when a park is loaded, against ``park.yaml``'s lines.

The rules themselves are the core's (:mod:`greenpark.core.certificates`), applied here so that
``greenpark check`` reports what a run would refuse, with file, field and line:

- validity: a batch is claimable in ``claim_year`` when that year lies in
  :func:`~greenpark.core.certificates.claim_year_range` (production ended by then, its
  earliest certificates, of ``production_start``, not yet expired);
- a batch may not share its id with a contract (whose bundled certificates already count);
- over-claim: :func:`~greenpark.core.certificates.certificate_over_claims` with each
  enterprise's metered electricity use of the accounting year (hourly and monthly data
  summed; gaps count as nothing, so the run, which fills them, never finds more).

A run applies the same over-claim rule to its modelled load, which is never less than the
metered use, so a park that passes here does not fail there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from greenpark.core.certificates import (
    CertificateBatch,
    OverClaim,
    certificate_last_valid_month,
    certificate_over_claims,
    claim_year_range,
)
from greenpark.i18n import text
from greenpark.inputs.meters import MeterData
from greenpark.inputs.problems import Problem, SourceFile
from greenpark.inputs.schema import PARK, YEAR_MONTH, Certificate

ELECTRICITY = "electricity"


def validity_problems(
    source: SourceFile, items: list[tuple[int, dict[str, object]]]
) -> list[Problem]:
    """Batches (raw items with their index) that cannot be claimed in their claim_year."""
    found = []
    for index, item in items:
        start, end, year = (
            item.get(k) for k in ("production_start", "production_end", "claim_year")
        )
        if not (isinstance(start, str) and isinstance(end, str) and type(year) is int):
            continue
        if not (YEAR_MONTH.match(start) and YEAR_MONTH.match(end)):
            continue
        first, last = claim_year_range(start, end)
        loc = ("certificates", index, "claim_year")
        if year < first:
            what = text(
                f"生产截至 {end}，晚于申领年份", f"production runs to {end}, after the claim year"
            )
            expected = text(f"不早于 {first}", f"{first} or later")
            found.append(source.problem(loc, what, got=year, expected=expected))
        elif year > last:
            valid_to = certificate_last_valid_month(start)
            what = text(
                f"{start} 生产的绿证有效期至 {valid_to}，已过期（自生产月起 2 年）",
                f"certificates produced in {start} expired after {valid_to} "
                "(valid 2 years from the production month)",
            )
            expected = text(f"不晚于 {last}", f"{last} or earlier")
            found.append(source.problem(loc, what, got=year, expected=expected))
    return found


def contract_id_problems(
    source: SourceFile,
    certificates: list[tuple[int, dict[str, object]]],
    contracts: list[tuple[int, dict[str, object]]],
) -> list[Problem]:
    """Batches whose id is a contract's: the contract's bundled certificates already count."""
    contract_at = {item.get("id"): index for index, item in contracts if item.get("id")}
    found = []
    for index, item in certificates:
        value = item.get("id")
        if value in contract_at:
            what = text(
                f"与 contracts[{contract_at[value]}] 同号；合同捆绑的绿证已随合同计入",
                f"same id as contracts[{contract_at[value]}], whose bundled certificates "
                "already count",
            )
            expected = text("本批绿证自己的编号", "an id of this batch's own")
            found.append(
                source.problem(("certificates", index, "id"), what, got=value, expected=expected)
            )
    return found


def metered_electricity_kwh(meters: MeterData, enterprise_ids: Sequence[str]) -> np.ndarray:
    """Each enterprise's metered electricity use of the year (E,) [kWh]; gaps count 0."""
    total = np.zeros(len(enterprise_ids))
    for frames in (meters.hourly, meters.monthly):
        frame = frames.get(ELECTRICITY)
        if frame is None:
            continue
        sums = frame.sum(axis=0, skipna=True)
        total += np.array([float(sums.get(e, 0.0)) for e in enterprise_ids])
    return total


def over_claim_problems(
    source: SourceFile,
    certificates: Sequence[tuple[int, Certificate]],
    enterprise_ids: Sequence[str],
    meters: MeterData,
    year: int,
) -> list[Problem]:
    """Batches claimed for ``year`` beyond their claimant's metered electricity use.

    ``certificates`` are the valid batches with their index in ``park.yaml``; batches whose
    claimant is not an enterprise id (reported by the reference rules) are left out.
    """
    column = {e: i for i, e in enumerate(enterprise_ids)}
    where: dict[str, int] = {}
    batches = []
    for index, c in certificates:
        if c.claim_year != year or (c.claimant != PARK and c.claimant not in column):
            continue
        where[c.id] = index
        claimant = None if c.claimant == PARK else column[c.claimant]
        batches.append(
            CertificateBatch(
                c.id, c.quantity_mwh, c.production_start, c.production_end, claimant, year
            )
        )
    over = certificate_over_claims(batches, metered_electricity_kwh(meters, enterprise_ids))
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
