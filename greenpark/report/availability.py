"""Why a result has no value, in words: 不适用 / 无数据 and the reason (never NaN or "-").

A result that does not apply or cannot be computed carries a status (``not_applicable`` or
``no_data``) and a reason code (:class:`greenpark.store.record.ResultRow`); this module is the
one place that turns them into text, in Chinese or English.
"""

from __future__ import annotations

from greenpark.i18n import text

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "not_applicable": ("不适用", "not applicable"),
    "no_data": ("无数据", "no data"),
}

#: reason code -> (Chinese, English)
REASON_WORDS: dict[str, tuple[str, str]] = {
    "no_output_value": ("未填写工业总产值 output_value_wan_cny", "no output_value_wan_cny given"),
    "no_value_added": ("未填写工业增加值 value_added_wan_cny", "no value_added_wan_cny given"),
    "no_land_area": ("未填写用地面积 land_mu", "no land_mu given"),
    "zero_output_value": ("工业总产值为 0", "output value is zero"),
    "zero_value_added": ("工业增加值为 0", "value added is zero"),
    "zero_land_area": ("用地面积为 0", "land area is zero"),
    "no_enterprise_reports": (
        "没有企业填写该分母",
        "no enterprise gives this denominator",
    ),
    "zero_electricity": ("全年用电量为 0", "no electricity used in the year"),
    "zero_energy": ("综合能耗为 0", "comprehensive energy use is zero"),
    "zero_product_output": ("产品产量为 0", "product output is zero"),
    "below_910_scope": (
        "年综合能耗低于 20 万吨标准煤，国家未设阈值；0.20 仅供参考",
        "annual energy use below 200,000 tce: no national threshold; 0.20 shown for reference",
    ),
    # set by database migration 0002 on values greenpark 0.1.0 stored as NaN (PostgreSQL)
    "stored_as_nan": ("greenpark 0.1.0 保存为 NaN", "stored as NaN by greenpark 0.1.0"),
}


def unavailable_text(status: str, reason: str | None) -> str:
    """``不适用：全年用电量为 0`` / ``not applicable: no electricity used in the year``."""
    word = text(*STATUS_WORDS.get(status, (status, status)))
    if not reason:
        return word
    because = text(*REASON_WORDS[reason]) if reason in REASON_WORDS else reason
    return text(f"{word}：{because}", f"{word}: {because}")
