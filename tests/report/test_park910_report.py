"""Words of the 910号 indicator (greenpark/report/park910.py): never NaN, always the basis."""

from __future__ import annotations

import pytest

from greenpark.core.park910 import core_indicator
from greenpark.i18n import set_language
from greenpark.report.park910 import core_indicator_text

TIERS = [(200_000e3, 1_000_000e3, 0.20), (1_000_000e3, None, 0.30)]


@pytest.mark.parametrize(
    ("co2_kg", "energy_kgce", "words"),
    [
        # 150,000 tce: below the lowest tier, 0.20 shown for reference only
        (
            15_000e3,
            150_000e3,
            "0.100 tCO2/tce; annual energy use 150,000 tce is below 200,000 tce: "
            "no national threshold; 0.20 shown for reference (at or below it)",
        ),
        (90_000e3, 500_000e3, "0.180 tCO2/tce, limit ≤0.20 (annual energy use 500,000 tce): met"),
        (
            420_000e3,
            1_200_000e3,
            "0.350 tCO2/tce, limit ≤0.30 (annual energy use 1,200,000 tce): not met",
        ),
        (1_000.0, 0.0, "not applicable: comprehensive energy use is zero"),
    ],
)
def test_indicator_in_words(co2_kg: float, energy_kgce: float, words: str) -> None:
    set_language("en")
    assert core_indicator_text(core_indicator(co2_kg, energy_kgce, TIERS, "calorific")) == words


def test_chinese_words_below_the_national_scope() -> None:
    words = core_indicator_text(core_indicator(45_000e3, 150_000e3, TIERS, "primary"))
    assert (
        words
        == "0.300 tCO2/tce；年综合能耗 150,000 tce 低于 20 万 tce，国家未设阈值；0.20 仅供参考（高于参考值）"
    )
