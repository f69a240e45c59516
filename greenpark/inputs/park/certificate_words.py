"""What is wrong with a certificate batch, in words (the core says it as a code and facts).

A problem is shown at once, in the current language, naming the batch's key in ``park.yaml``
(:func:`greenpark.inputs.park.green_rules.green_rule_problems`).
"""

from __future__ import annotations

from collections.abc import Mapping

from greenpark.core.certificates import BatchIssue
from greenpark.i18n import text

#: code -> (Chinese, English) wording, fields from the issue's facts
_WORDS: Mapping[str, tuple[str, str]] = {
    "produced_after_claim_year": (
        "{production} 生产的绿证不能用于更早的 {year} 年",
        "certificates produced {production} cannot be claimed for the earlier year {year}",
    ),
    "expired_before_claim_year": (
        "{production} 生产的绿证有效期至 {last_valid}，{year} 年已过期（自生产月起 2 年）",
        "certificates produced {production} expired after {last_valid}, before {year} "
        "(valid 2 years from the production month)",
    ),
    "cancelled_before_production": (
        "核销日期 {cancelled_on} 早于生产月 {production_month}",
        "cancelled on {cancelled_on}, before production month {production_month}",
    ),
    "cancelled_after_expiry": (
        "核销日期 {cancelled_on} 晚于有效期（最早一批至 {first_expiry}）",
        "cancelled on {cancelled_on}, after the first certificates expired ({first_expiry})",
    ),
    "serials_overlap": (
        "绿证编号 {serials} 与 {other_id} 的 {other_serials} 重叠，每张绿证只能申领一次",
        "serial range {serials} overlaps {other_id}'s {other_serials}; a certificate is "
        "claimed once",
    ),
    "repeats_bundled": (
        "与绿电合同 {contract_id} 捆绑的绿证重复（同一项目 {project}，生产月 {production} "
        "在合同交付期内）：证电合一的绿证已随合同计入",
        "repeats the bundled certificates of contract {contract_id} (same project {project}, "
        "production {production} within its deliveries): they already count with the contract",
    ),
    "contract_id_reused": (
        "与绿电合同同号，合同捆绑的绿证已随合同计入，不得重复计算",
        "same id as a contract whose bundled certificates already count; must not be counted again",
    ),
}


def batch_issue_text(issue: BatchIssue) -> str:
    """What is wrong with the batch, in the current language."""
    zh, en = _WORDS[issue.code]
    return text(zh.format(**issue.params), en.format(**issue.params))
