"""The green-power parts of the park schema: their field types and the words of their checks.

The ``schema_*`` modules of :mod:`greenpark.inputs.park` declare the fields (rooftop certificate
status, certificate batches, contracts, dated tariffs); the rules behind them are here, each
returning the problem in words or None (rules-review-2026 R2, R3, R8, R9, R10; the facts in
:mod:`greenpark.core.certificates`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from greenpark.core.certificates import SERIAL_DIGITS, hydro_certificates_tradable
from greenpark.i18n import text
from greenpark.inputs.described import Described

YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ExportDestination = Literal["kept", "sold", "provincial_mechanism"]
SharingChannel = Literal["direct_line", "incremental_distribution", "market_trade"]
ClaimRule = Literal["same_year", "validity_2y"]
Confidence = Literal["A", "B", "C"]


def _serial_text(value: object) -> object:
    """A serial as 32 digits; YAML reads an unquoted one as a number (leading zeros lost)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(SERIAL_DIGITS)
    return value


#: a 32-digit certificate serial number (绿证编号), quoted or not
SerialNumber = Annotated[
    str, BeforeValidator(_serial_text), Field(pattern=rf"^\d{{{SERIAL_DIGITS}}}$")
]


class ExportPrice(Described):
    """The price of exported PV for roofs commissioned in a date window [CNY/kWh].

    Since 发改价格〔2025〕136号 (china-factors §7c) new-energy output is market-priced:
    projects commissioned before 2025-06-01 (存量) keep a mechanism price, later ones (增量)
    get a market or bid price. ``confidence`` marks the figure ([C]: illustrative).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    commissioned_from: date | None = None
    """投产日期起（含）/ commissioned on or after"""
    commissioned_before: date | None = None
    """投产日期止（不含）/ commissioned before"""
    price_cny_per_kwh: Annotated[float, Field(ge=0.0)]
    """上网电价 / export price"""
    basis: str
    """价格依据 / basis of the price"""
    confidence: Confidence
    """可信度 A/B/C / confidence A/B/C"""


def legacy_certificates_key() -> str:
    """Why the old rooftop key ``certificates: kept|sold`` is refused, and what replaces it."""
    return text(
        "'certificates' 已停用：自发自用电量的绿证不可交易，随电量归用能企业（1044号；2026年"
        "绿证实施细则第25条），只有上网电量的绿证可出售。请改用 gec_registered: true|false"
        "（是否建档立卡）和 export_certificates: kept|sold|provincial_mechanism（上网电量绿证去向）",
        "'certificates' is no longer used: certificates of self-consumed PV are not tradable "
        "and go with the electricity to the consuming enterprise (1044号; NEA 2026 rules "
        "Art. 25); only certificates of exported kWh can be sold. Use gec_registered: "
        "true|false (registered, 建档立卡) and export_certificates: "
        "kept|sold|provincial_mechanism (where the certificates of exported kWh go)",
    )


def rooftop_certificate_problem(
    registered: bool, installed: bool, export: str | None, date_year: int | None, year: int | None
) -> str | None:
    """Export certificates only for registered systems, and then always stated."""
    if date_year is not None and date_year != year:
        return text(
            f"commissioning_date（{date_year} 年）与 commissioning_year 不一致",
            f"commissioning_date ({date_year}) disagrees with commissioning_year",
        )
    if not registered and export is not None:
        return text(
            "未建档立卡（gec_registered: false）的光伏没有绿证，不能填写 export_certificates",
            "a system not registered (gec_registered: false) has no certificates; remove "
            "export_certificates",
        )
    if registered and installed and export is None:
        return text(
            "已建档立卡的光伏需说明余电上网电量的绿证去向 export_certificates：kept（自持）、"
            "sold（出售）或 provincial_mechanism（136号机制电量，划入省级账户）",
            "a registered system needs export_certificates, where the certificates of its "
            "exported kWh go: kept, sold or provincial_mechanism (136号 mechanism volumes, the "
            "provincial account)",
        )
    return None


def sharing_channel_problem(channel: str | None, surplus_pv: str) -> str | None:
    if channel is not None and surplus_pv != "park_sharing":
        return text(
            "sharing_channel 只在 surplus_pv: park_sharing 时适用",
            "sharing_channel applies only with surplus_pv: park_sharing",
        )
    return None


def contract_problem(
    technology: str,
    bundled: bool,
    hydro: tuple[date | None, bool | None],
    settled_profile: tuple[bool, str],
) -> str | None:
    """A settled profile needs a profile file; hydro certificates need market-based hydro
    commissioned from 2023-01-01 (NEA 2024 rules, china-factors §6 [A])."""
    settled, shape = settled_profile
    if settled and shape != "profile":
        return text(
            "profile_settled 只适用于 delivery_shape: profile（交易中心结算的逐时电量）",
            "profile_settled applies only to delivery_shape: profile (the exchange's settled "
            "hours)",
        )
    if technology != "hydro" or not bundled:
        return None
    commissioned, market_based = hydro
    if commissioned is None or market_based is None:
        return text(
            "捆绑绿证的水电合同需要 commissioning_date 和 market_based：只有 2023-01-01 起投产的"
            "市场化水电核发可交易绿证",
            "a hydro contract with bundled certificates needs commissioning_date and "
            "market_based: only market-based hydro commissioned from 2023-01-01 carries "
            "tradable certificates",
        )
    if not hydro_certificates_tradable(commissioned, market_based):
        return text(
            "该水电不核发可交易绿证（非市场化或 2023 年前投产），请设 bundled_certificates: false",
            "this hydro carries no tradable certificates (not market-based or commissioned "
            "before 2023); set bundled_certificates: false",
        )
    return None


def production_months_problem(
    months: Mapping[str, int] | None, start: str, end: str, quantity_mwh: float
) -> str | None:
    """A month histogram lies within start..end and adds up to the quantity."""
    if months is None:
        return None
    wrong = [m for m in months if not (YEAR_MONTH.match(m) and start <= m <= end)]
    if wrong:
        return text(
            f"production_months 的月份须为 production_start~production_end 内的 YYYY-MM，"
            f"实际有 {wrong}",
            f"production_months must be YYYY-MM months within production_start.."
            f"production_end, got {wrong}",
        )
    total = sum(months.values())
    if total != quantity_mwh:
        return text(
            f"production_months 合计 {total} MWh ≠ quantity_mwh {quantity_mwh:g}",
            f"production_months add up to {total} MWh, not quantity_mwh {quantity_mwh:g}",
        )
    return None


def batch_status_problem(
    status: str, cancelled_on: date | None, ranges: tuple[tuple[str, str], ...]
) -> str | None:
    """Cancelled batches have a date, held ones none; serial ranges run forwards."""
    if (status == "cancelled") != (cancelled_on is not None):
        return text(
            "status: cancelled（已核销）需要 cancelled_on 日期；持有中（held）不填",
            "status: cancelled needs a cancelled_on date; held certificates have none",
        )
    backwards = [f"{a}~{b}" for a, b in ranges if int(a) > int(b)]
    if backwards:
        return text(
            f"绿证编号区间起号大于止号：{backwards}",
            f"serial ranges whose first number is after the last: {backwards}",
        )
    return None


def tariff_dates_problem(start: date | None, end: date | None) -> str | None:
    if start is not None and end is not None and end < start:
        return text("effective_to 早于 effective_from", "effective_to is before effective_from")
    return None


def one_tariff_key_problem(single: bool, several: bool) -> str | None:
    if single and several:
        return text(
            "tariff 与 tariffs 只能填一个（多个按日期生效的电价写在 tariffs 中）",
            "give tariff or tariffs, not both (several dated tariffs go in tariffs)",
        )
    return None
