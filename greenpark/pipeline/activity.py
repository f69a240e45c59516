"""Activity data of the accounting year as arrays in enterprise order.

Electricity becomes a complete hourly matrix: metered hours as measured, monthly bills and
meter gaps spread by the enterprise's load shape (every such hour flagged as modelled).
Other carriers become annual totals per enterprise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.load_profiles import (
    FilledLoad,
    china_holidays,
    china_makeup_workdays,
    fill_hourly_load_kwh,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.meters import MeterData
from greenpark.inputs.schema import ParkConfig


@dataclass(frozen=True)
class Electricity:
    """Hourly electricity use (H,E) [kWh], the modelled-hour mask and what was done."""

    filled: FilledLoad
    messages: tuple[str, ...]


def _matrix(frame: pd.DataFrame | None, ids: list[str], index: pd.Index) -> np.ndarray:
    if frame is None:
        return np.full((len(index), len(ids)), np.nan)
    return frame.reindex(index=index, columns=ids).to_numpy(dtype=float)


def electricity_load(config: ParkConfig, meters: MeterData, hours: pd.DatetimeIndex) -> Electricity:
    """Complete hourly electricity use of every enterprise in the accounting year."""
    ids = list(config.enterprise_ids())
    measured = _matrix(meters.hourly.get("electricity"), ids, hours)
    monthly = _matrix(meters.monthly.get("electricity"), ids, pd.RangeIndex(1, 13))
    _check_coverage(ids, measured, monthly, config.park.accounting_year)
    year = config.park.accounting_year
    filled = fill_hourly_load_kwh(
        measured,
        monthly,
        [e.load_profile for e in config.enterprises],
        hours,
        china_holidays(year),
        makeup_workdays=china_makeup_workdays(year),
        enterprise_ids=ids,
        estimate_missing_totals=True,
    )
    return Electricity(filled, tuple(_fill_messages(filled, measured, ids)))


def _check_coverage(ids: list[str], measured: np.ndarray, monthly: np.ndarray, year: int) -> None:
    """Every enterprise needs electricity data: hourly, or a bill for every month."""
    problems = []
    for column, enterprise in enumerate(ids):
        if not np.isnan(measured[:, column]).all():
            continue
        missing = [str(m + 1) for m in np.nonzero(np.isnan(monthly[:, column]))[0]]
        if len(missing) == 12:
            problems.append(
                text(
                    f"企业 {enterprise} 在 {year} 年没有任何电量数据",
                    f"enterprise {enterprise} has no electricity data for {year}",
                )
            )
        elif missing:
            problems.append(
                text(
                    f"企业 {enterprise} 只有月度电量，缺少 {year} 年 {','.join(missing)} 月的账单",
                    f"enterprise {enterprise} has monthly electricity only and no bill for "
                    f"month(s) {','.join(missing)} of {year}",
                )
            )
    if problems:
        raise InputError(problems)


def _fill_messages(filled: FilledLoad, measured: np.ndarray, ids: list[str]) -> list[str]:
    messages = []
    all_missing = np.isnan(measured).all(axis=0)
    for column, enterprise in enumerate(ids):
        hours = int(filled.modelled[:, column].sum())
        if all_missing[column]:
            messages.append(
                text(
                    f"{enterprise}：只有月度电量，{hours} 个小时按负荷曲线分配（月度总量保持不变）",
                    f"{enterprise}: monthly electricity only; {hours} h shaped by its load profile "
                    "(monthly totals kept exactly)",
                )
            )
        elif hours:
            months = [str(m + 1) for m in np.nonzero(filled.estimated_month[:, column])[0]]
            basis = (
                text(
                    f"缺口月份（{','.join(months)}月）总量按同月实测小时推算",
                    f"month totals ({','.join(months)}) estimated from the month's measured hours",
                )
                if months
                else text("按月度账单补齐", "filled up to the monthly bill")
            )
            messages.append(
                text(
                    f"{enterprise}：{hours} 个小时电量缺测，已按负荷曲线插补并标记为模拟值；{basis}",
                    f"{enterprise}: {hours} h of electricity missing, imputed from the load "
                    f"profile and flagged as modelled; {basis}",
                )
            )
    return messages


def annual_activity(
    meters: MeterData, carrier: str, ids: list[str], use: str = "fuel"
) -> np.ndarray:
    """Annual total of ``carrier`` per enterprise in its canonical unit (E,); 0 if none.

    ``use`` ``feedstock`` reads what was used as raw material (原料用能) instead.
    """
    total = np.zeros(len(ids))
    sources = {
        "fuel": (meters.hourly, meters.monthly),
        "feedstock": (meters.feedstock_hourly, meters.feedstock_monthly),
    }
    for frames in sources[use]:
        frame = frames.get(carrier)
        if frame is not None:
            total += frame.reindex(columns=ids).sum(axis=0, skipna=True).to_numpy(dtype=float)
    return total
