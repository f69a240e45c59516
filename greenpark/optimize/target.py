"""Optimisation targets: ``zero-carbon-core`` (the 910号 core indicator at both electricity
conversions), ``green-share=X`` (annual volumetric share) and ``cfe=X`` (hourly-matched share),
X a fraction in (0, 1]."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from greenpark.errors import InputError
from greenpark.i18n import text

TargetKind = Literal["zero-carbon-core", "green-share", "cfe"]
#: target kind -> the park metric a run reports it by
TARGET_METRICS: dict[str, tuple[str, ...]] = {
    "zero-carbon-core": ("park_910_co2_t_per_tce_calorific", "park_910_co2_t_per_tce_primary"),
    "green-share": ("green_share_fraction",),
    "cfe": ("green_share_hourly_matched_fraction",),
}


_SHARE_KINDS: dict[str, TargetKind] = {"green-share": "green-share", "cfe": "cfe"}


@dataclass(frozen=True)
class Target:
    """What the plan must reach: ``kind`` and, for shares, ``value_fraction`` [0-1]."""

    kind: TargetKind
    value_fraction: float | None = None

    @property
    def label(self) -> str:
        return self.kind if self.value_fraction is None else f"{self.kind}={self.value_fraction:g}"


def _refused(given: str, why_zh: str, why_en: str) -> InputError:
    return InputError(
        [f"--target: {text(f'{why_zh}，实际为 {given!r}', f'{why_en}, got {given!r}')}"]
    )


def parse_target(given: str) -> Target:
    """``zero-carbon-core``, ``green-share=X`` or ``cfe=X`` as a :class:`Target`.

    Raises
    ------
    InputError
        An unknown kind or a share outside (0, 1].
    """
    name, _, value = given.strip().partition("=")
    if name == "zero-carbon-core" and not value:
        return Target("zero-carbon-core")
    kind = _SHARE_KINDS.get(name)
    if kind is None:
        raise _refused(
            given,
            "目标须为 zero-carbon-core、green-share=X 或 cfe=X",
            "the target must be zero-carbon-core, green-share=X or cfe=X",
        )
    try:
        share = float(value)
    except ValueError:
        share = float("nan")
    if not 0.0 < share <= 1.0:
        raise _refused(
            given, "占比 X 须为 (0, 1] 之间的小数", "the share X must be a fraction in (0, 1]"
        )
    return Target(kind, share)
