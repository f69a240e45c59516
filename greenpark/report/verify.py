"""``greenpark verify`` in words: one line per check, the first mismatch of each named."""

from __future__ import annotations

from collections.abc import Sequence

from greenpark.footprint.verify import Finding
from greenpark.i18n import text

_CHECKS = {
    "chain": ("哈希链", "hash chain"),
    "root": ("默克尔根", "Merkle root"),
    "inputs": ("输入文件", "input files"),
    "factors": ("因子", "factors"),
    "records": ("重新计算的声明", "recomputed claims"),
}


def finding_line(finding: Finding) -> str:
    """One check as a line: passed, or where it first differs, expected against found."""
    zh, en = _CHECKS[finding.check]
    if finding.passed:
        return text(f"✓ {zh}：一致", f"✓ {en}: match")
    where_zh = f"第 {finding.where} 条记录" if finding.where.isdigit() else finding.where
    where_en = f"record {finding.where}" if finding.where.isdigit() else finding.where
    place_zh = f"{where_zh}：" if finding.where else ""
    place_en = f" at {where_en}" if finding.where else ""
    if finding.check == "inputs":
        return text(
            "✗ 输入文件：运行所读文件（园区、数据、气象、因子表）与现在不同",
            "✗ input files: the files the run read (park, data, weather, factor tables) "
            "differ from those there now",
        )
    return text(
        f"✗ {zh}：{place_zh}应为 {finding.expected or '（无）'}，存储为 {finding.found or '（无）'}",
        f"✗ {en}: first mismatch{place_en}: expected {finding.expected or '(none)'}, "
        f"stored {finding.found or '(none)'}",
    )


def verification_lines(run_id: str, findings: Sequence[Finding]) -> list[str]:
    """The report of one verification, ending with its verdict."""
    lines = [finding_line(f) for f in findings]
    if all(f.passed for f in findings):
        lines.append(text(f"运行 {run_id} 验证通过", f"run {run_id} verified"))
    else:
        lines.append(text(f"运行 {run_id} 验证未通过", f"run {run_id} failed verification"))
    return lines
