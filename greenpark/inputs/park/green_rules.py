"""Load-time rules of green-power instruments in ``park.yaml`` (so ``greenpark check`` shows them).

They read the items that are valid on their own (each item validated alone, so a broken item
elsewhere does not hide these problems) and call the rules of
:mod:`greenpark.core.certificates` and :mod:`greenpark.core.tariff`:

- certificate batches under the park's ``certificate_claim_rule``: months produced after the
  claim year or expired before it, cancellation dates (rules-review-2026 R3);
- serial ranges (绿证编号) overlapping across batches, and batches named like a contract;
- unbundled batches that repeat a contract's bundled certificates: same project, production
  months within the contract's delivery months of the accounting year (R3, R10);
- tariffs (R8): dated windows that overlap, days of the accounting year no tariff prices, and
  roofs whose export price depends on a commissioning date not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from greenpark.core.certificates import (
    BatchIssue,
    BundledSupply,
    CertificateBatch,
    bundled_repeat_issues,
    contract_id_issues,
    serial_issues,
    validity_issues,
)
from greenpark.core.tariff import (
    export_window_holds,
    export_windows_touching,
    overlapping_windows,
    uncovered_days,
)
from greenpark.i18n import text
from greenpark.inputs.park.certificate_words import batch_issue_text
from greenpark.inputs.park.rules import section_items
from greenpark.inputs.park.schema import Certificate, Contract, ParkInfo, Rooftop
from greenpark.inputs.park.schema_tariff import Tariff
from greenpark.inputs.problems import Loc, Problem, SourceFile

_Item = TypeVar("_Item", bound=BaseModel)


def green_rule_problems(source: SourceFile) -> list[Problem]:
    """Every problem of the green-power rules above in ``source.raw`` (the parsed park.yaml)."""
    raw = source.raw if isinstance(source.raw, dict) else {}
    info = _valid_one(raw.get("park"), ParkInfo)
    problems = []
    if info is not None:
        problems += _certificate_problems(source, raw, info)
        problems += _tariff_problems(source, raw, info.accounting_year)
    return problems


def _valid_one(value: object, model: type[_Item]) -> _Item | None:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None  # reported by the schema check


def _valid_items(
    raw: Mapping[str, object], section: str, model: type[_Item]
) -> list[tuple[int, _Item]]:
    found = raw.get(section)
    items = found if isinstance(found, list) else []
    valid = [(index, _valid_one(item, model)) for index, item in enumerate(items)]
    return [(index, item) for index, item in valid if item is not None]


def certificate_batch(certificate: Certificate, claimant: int | None = None) -> CertificateBatch:
    """The core's view of a batch (``claimant``: a column index, None for the park)."""
    months = certificate.production_months or {}
    return CertificateBatch(
        id=certificate.id,
        quantity_mwh=certificate.quantity_mwh,
        production_start=certificate.production_start,
        production_end=certificate.production_end,
        claimant=claimant,
        claim_year=certificate.claim_year,
        monthly_mwh=tuple((month, float(mwh)) for month, mwh in months.items()),
        serial_ranges=certificate.serial_ranges,
        cancelled_on=None
        if certificate.cancelled_on is None
        else certificate.cancelled_on.isoformat(),
        project=certificate.project,
    )


def bundled_supply(contract: Contract, year: int) -> BundledSupply | None:
    """A bundled contract's certificates: project (or seller), year, months with volume."""
    project = contract.project or contract.seller
    if not contract.bundled_certificates or not project:
        return None
    volumes = contract.monthly_mwh or (1.0,) * 12
    months = tuple(m for m, mwh in enumerate(volumes, start=1) if mwh > 0)
    return BundledSupply(contract.id, project, year, months)


def _certificate_problems(
    source: SourceFile, raw: Mapping[str, object], info: ParkInfo
) -> list[Problem]:
    items = _valid_items(raw, "certificates", Certificate)
    index = {item.id: i for i, item in items}
    batches = [certificate_batch(item) for _, item in items]
    contracts = [c for _, c in _valid_items(raw, "contracts", Contract)]
    supplies = [bundled_supply(c, info.accounting_year) for c in contracts]
    issues: list[BatchIssue] = [
        issue for batch in batches for issue in validity_issues(batch, info.certificate_claim_rule)
    ]
    issues += serial_issues(batches)
    issues += contract_id_issues(batches, {c.id for c in contracts})
    issues += bundled_repeat_issues(batches, [s for s in supplies if s is not None])
    raw_items = dict(section_items(raw, "certificates"))
    return [
        source.problem(
            ("certificates", index[issue.batch_id], issue.key),
            batch_issue_text(issue),
            got=raw_items[index[issue.batch_id]].get(issue.key),
            expected=text(*_EXPECTED[issue.key]),
        )
        for issue in issues
    ]


#: what a batch's key should hold, by the key an issue concerns
_EXPECTED: Mapping[str, tuple[str, str]] = {
    "claim_year": (
        "生产月在申领年份或之前且在申领年份仍有效的年份",
        "a year no earlier than the production and within its validity",
    ),
    "cancelled_on": ("生产之后、过期之前的日期", "a date after production and before expiry"),
    "serial_ranges": ("与其他批次不重叠的编号区间", "serial ranges no other batch uses"),
    "project": (
        "未随绿电合同捆绑划转的绿证（项目或生产月与合同不同）",
        "certificates not bundled with a contract (another project or production period)",
    ),
    "id": ("本批绿证自己的编号", "an id of this batch's own"),
}


def _tariff_problems(source: SourceFile, raw: Mapping[str, object], year: int) -> list[Problem]:
    section = "tariffs" if "tariffs" in raw else "tariff"
    tariffs: list[tuple[Loc, Tariff]]
    if section == "tariff":
        single = _valid_one(raw.get("tariff"), Tariff) if raw.get("tariff") is not None else None
        tariffs = [((section,), single)] if single is not None else []
    else:
        tariffs = [((section, i), t) for i, t in _valid_items(raw, section, Tariff)]
    if not tariffs:
        return []
    windows = [(t.effective_from, t.effective_to) for _, t in tariffs]
    problems = [
        source.problem(
            (*tariffs[j][0], "effective_from"),
            text(
                f"与电价 {tariffs[i][1].name!r} 的执行期重叠：同一天只能有一个电价生效",
                f"in force on the same days as tariff {tariffs[i][1].name!r}; one tariff a day",
            ),
        )
        for i, j in overlapping_windows(windows)
    ]
    problems += [
        source.problem(
            (section,),
            text(
                f"{first} ~ {last} 没有生效的电价", f"no tariff is in force from {first} to {last}"
            ),
            expected=text(
                f"电价执行期覆盖核算年 {year} 全年（effective_from / effective_to）",
                f"tariffs in force on every day of the accounting year {year} "
                "(effective_from / effective_to)",
            ),
        )
        for first, last in uncovered_days(date(year, 1, 1), date(year, 12, 31), windows)
    ]
    return problems + _export_price_problems(source, raw, tariffs)


def _export_price_problems(
    source: SourceFile,
    raw: Mapping[str, object],
    tariffs: list[tuple[Loc, Tariff]],
) -> list[Problem]:
    """Roofs (installed) whose export price window cannot be told from their year alone."""
    problems = []
    for _, tariff in tariffs:
        windows = [(p.commissioned_from, p.commissioned_before) for p in tariff.export_prices]
        for index, roof in _valid_items(raw, "rooftops", Rooftop):
            span = roof_commissioning_span(roof)
            if span is None:
                continue
            touching = export_windows_touching(*span, windows)
            if len(touching) > 1 or (
                touching and not export_window_holds(*span, windows[touching[0]])
            ):
                problems.append(
                    source.problem(
                        ("rooftops", index, "commissioning_date"),
                        text(
                            f"电价 {tariff.name!r} 的上网电价按投产日期区分，"
                            f"仅凭投产年份 {roof.commissioning_year} 无法判断",
                            f"tariff {tariff.name!r} prices exports by commissioning date; the "
                            f"year {roof.commissioning_year} alone does not tell which price",
                        ),
                        expected=text("投产日期 YYYY-MM-DD", "a commissioning date YYYY-MM-DD"),
                    )
                )
    return problems


def roof_commissioning_span(roof: Rooftop) -> tuple[date, date] | None:
    """The days a roof's system may have been commissioned on; None without PV."""
    if roof.capacity_kw <= 0 or roof.commissioning_year is None:
        return None
    if roof.commissioning_date is not None:
        return roof.commissioning_date, roof.commissioning_date
    year = roof.commissioning_year
    return date(year, 1, 1), date(year, 12, 31)
