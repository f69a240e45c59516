"""Words for what the generated parks found: per invariant, which parks fail, which
generated features go with the failures, a minimal seed and the distinct violations."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gen_broken import MAX_ENTERPRISES
from gen_session import INVARIANTS, ParkReport

EXAMPLES = 6


@dataclass(frozen=True)
class Generated:
    """Every report of the session, its wall time and worker count."""

    reports: tuple[ParkReport, ...]
    seconds: float
    workers: int

    def of(self, *hows: str) -> list[ParkReport]:
        return [r for r in self.reports if r.how in hows or r.how.split(":")[0] in hows]

    def summary_lines(self) -> list[str]:
        counts = Counter(r.how.split(":")[0] for r in self.reports)
        clean = sum(not any(r.violations.values()) for r in self.of("in_process"))
        parts = ", ".join(f"{n} {how}" for how, n in counts.items())
        lines = [
            f"generated parks: {len(self.reports)} run ({parts}); "
            f"{clean} of {counts['in_process']} in-process parks met every invariant; "
            f"{self.seconds:.1f} s on {self.workers} worker(s), "
            f"{sum(r.cpu_seconds for r in self.reports):.1f} CPU s"
        ]
        cpu: Counter[str] = Counter()
        for r in self.reports:
            cpu[r.how.split(":")[0]] += r.cpu_seconds
        lines.append(
            "  CPU s by kind: "
            + ", ".join(f"{how} {s:.0f} ({s / counts[how]:.2f} per park)" for how, s in cpu.items())
        )
        names = [*INVARIANTS, "check_names_the_mistake"]
        for name in names:
            checked = [r for r in self.reports if r.checked(name)]
            failing = [r for r in checked if r.failed(name)]
            if checked:
                seed = f" (minimal seed {minimal(failing).seed})" if failing else ""
                lines.append(f"  {name}: {len(failing)} of {len(checked)} failed{seed}")
        return lines

    def catalogue_text(self) -> str:
        """Every invariant's catalogue (``PARKGEN_REPORT=FILE`` writes it after a session)."""
        parts = ["\n".join(self.summary_lines())]
        for name in [*INVARIANTS, "check_names_the_mistake"]:
            for how in sorted({r.how.split(":")[0] for r in self.reports}):
                checked = [r for r in self.of(how) if r.checked(name)]
                failing = [r for r in checked if r.failed(name)]
                if failing:
                    parts.append(f"[{how}] " + catalogue(name, failing, checked, limit=50))
        return "\n\n".join(parts) + "\n"


def minimal(reports: Sequence[ParkReport]) -> ParkReport:
    """The smallest failing park: fewest enterprises, then fewest features."""
    return min(reports, key=lambda r: (r.enterprises, len(r.features), r.seed))


def reproduce(report: ParkReport) -> str:
    """The command that writes the park of ``report`` again."""
    flags = {"partial": " --partial-year-bills"}.get(report.how, "")
    if report.how.startswith("broken:"):
        flags = f" --broken {report.how.split(':')[1]} --max-enterprises {MAX_ENTERPRISES}"
    return f"python tests/generated/parkgen.py {report.seed} /tmp/park-{report.seed}{flags}"


def kind_of(violation: str) -> str:
    """What a violation is, without the park's ids and numbers (the text before `` | ``)."""
    head = violation.split(" | ")[0]
    head = re.sub(r"\b(?:E\d{2}|C\d{3}|ent_\d+|GPT-\d+|GEC-\d+)\b", "<id>", head)
    return re.sub(r"\d+(?:[.,]\d+)*(?:e[+-]?\d+)?", "<n>", head)[:220]


def _feature_lift(failing: Sequence[ParkReport], checked: Sequence[ParkReport]) -> list[str]:
    """Features whose parks fail far more often than parks without them."""
    failed = {(r.how, r.seed) for r in failing}
    lifts = []
    for feature in set().union(*(r.features for r in checked)):
        with_f = [(r.how, r.seed) in failed for r in checked if feature in r.features]
        without = [(r.how, r.seed) in failed for r in checked if feature not in r.features]
        rate = sum(with_f) / len(with_f)
        rest = sum(without) / len(without) if without else 0.0
        if len(with_f) >= 2 and rate - rest >= 0.3:
            lifts.append((rate - rest, f"{feature} {rate:.0%} vs {rest:.0%}"))
    return [text for _, text in sorted(lifts, reverse=True)[:4]]


def catalogue(
    name: str, failing: Sequence[ParkReport], checked: Sequence[ParkReport], limit: int = EXAMPLES
) -> str:
    """A readable account of why ``name`` fails, kind by kind, for the assertion message."""
    lines = [
        f"{name}: {len(failing)} of {len(checked)} parks fail; "
        f"seeds {[r.seed for r in failing[:12]]}{' …' if len(failing) > 12 else ''}"
    ]
    kinds: dict[str, list[tuple[ParkReport, str]]] = {}
    for report in failing:
        for violation in report.violations[name]:
            kinds.setdefault(kind_of(violation), []).append((report, violation))
    ranked = sorted(kinds.items(), key=lambda item: -len(item[1]))
    for kind, found in ranked[:limit]:
        parks = [r for r, _ in found]
        small = minimal(parks)
        example = next(v for r, v in found if r is small)
        lift = _feature_lift(parks, checked) or ["none stands out"]
        lines += [
            f"- {kind}",
            f"    {len(parks)} parks; features: {', '.join(lift)}",
            f"    minimal seed {small.seed} ({small.how}, {small.enterprises} enterprises): "
            f"{example[:300]}",
            f"    {reproduce(small)}",
        ]
    if len(ranked) > limit:
        lines.append(f"- … and {len(ranked) - limit} more kinds")
    return "\n".join(lines)
