"""ISO 3166-2:CN subdivision codes of the provinces, looked up in ISO 3166-2 itself.

The codes come from ISO 3166-2:CN (the letter codes in force since ISO 3166/MA newsletter
II-2 of 2017-11-23) as Debian's iso-codes ship it in ``pycountry``; this module keeps only what
the standard does not: which of its subdivision names (the romanised ``Subdivision name``
column) is which province as ``factors/regions.csv`` writes it in Chinese. A province without a
name here, or a name ISO 3166-2 does not list, has no code (an :class:`InputError`).
"""

from __future__ import annotations

from functools import cache

import pycountry

from greenpark.errors import InputError
from greenpark.i18n import text

#: province (Chinese name, as in factors/regions.csv) -> its ISO 3166-2:CN subdivision name
ISO_3166_2_CN_NAME = {
    "北京": "Beijing Shi", "天津": "Tianjin Shi", "河北": "Hebei Sheng", "山西": "Shanxi Sheng",
    "内蒙古": "Nei Mongol Zizhiqu", "辽宁": "Liaoning Sheng", "吉林": "Jilin Sheng",
    "黑龙江": "Heilongjiang Sheng", "上海": "Shanghai Shi", "江苏": "Jiangsu Sheng",
    "浙江": "Zhejiang Sheng", "安徽": "Anhui Sheng", "福建": "Fujian Sheng", "江西": "Jiangxi Sheng",
    "山东": "Shandong Sheng", "河南": "Henan Sheng", "湖北": "Hubei Sheng", "湖南": "Hunan Sheng",
    "广东": "Guangdong Sheng", "广西": "Guangxi Zhuangzu Zizhiqu", "海南": "Hainan Sheng",
    "重庆": "Chongqing Shi", "四川": "Sichuan Sheng", "贵州": "Guizhou Sheng",
    "云南": "Yunnan Sheng", "西藏": "Xizang Zizhiqu", "陕西": "Shaanxi Sheng",
    "甘肃": "Gansu Sheng", "青海": "Qinghai Sheng", "宁夏": "Ningxia Huizu Zizhiqu",
    "新疆": "Xinjiang Uygur Zizhiqu",
}  # fmt: skip


@cache
def _codes_by_iso_name() -> dict[str, str]:
    """ISO 3166-2:CN: subdivision name -> code, as pycountry ships it."""
    return {s.name: s.code for s in pycountry.subdivisions if s.country_code == "CN"}


def subdivision_code(province_zh: str) -> str:
    """The ISO 3166-2 code of a province by its Chinese name (``CN-SX`` for 山西).

    Raises
    ------
    InputError
        The province has no ISO 3166-2:CN subdivision.
    """
    code = _codes_by_iso_name().get(ISO_3166_2_CN_NAME.get(province_zh, ""))
    if code is None:
        raise InputError([text(
            f"省份 {province_zh!r} 没有 ISO 3166-2:CN 代码",
            f"province {province_zh!r} has no ISO 3166-2:CN code",
        )])  # fmt: skip
    return code
