"""Rooftop PV results for people (tables) and for other tools (hourly files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.pipeline.pv import PVResult
from greenpark.report.formatting import kw, mwh, number, percent

_HOURLY_WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    ".parquet": lambda table, path: table.to_parquet(path, index=False),
    ".csv": lambda table, path: table.to_csv(path, index=False, float_format="%.4f"),
}


def _mode(result: PVResult) -> str:
    if result.potential:
        return text("屋顶潜力（已装 + 可新增）", "potential (existing + new)")
    return text("已装光伏", "installed PV")


def pv_overview_table(result: PVResult) -> Table:
    """What the numbers rest on, and the park totals."""
    table = Table(title=text("屋顶光伏发电量", "Rooftop PV yield"), show_header=False)
    table.add_column()
    table.add_column()
    total_kw = float(result.roofs["capacity_kw"].sum())
    total_kwh = float(result.roofs["annual_kwh"].sum())
    rows = (
        (text("园区", "park"), result.park_id),
        (text("年份", "year"), str(result.year)),
        (text("口径", "case"), _mode(result)),
        (text("气象数据", "weather"), result.weather_source),
        (
            text("年水平总辐射 kWh/m²", "annual GHI kWh/m²"),
            f"{result.annual_ghi_kwh_per_m2:,.0f}",
        ),
        (text("斜面模型", "transposition"), result.transposition_model),
        (text("屋顶数", "roofs"), str(len(result.roofs))),
        (text("装机 kWp", "capacity kWp"), kw(total_kw)),
        (text("年发电量 MWh", "annual MWh"), mwh(total_kwh)),
        (
            text("等效利用小时 kWh/kWp", "specific yield kWh/kWp"),
            number(total_kwh / total_kw if total_kw > 0 else float("nan")),
        ),
    )
    for label, value in rows:
        table.add_row(label, value)
    return table


def _yield_columns(table: Table) -> None:
    for header in (
        text("装机 kWp", "kWp"),
        text("年发电量 MWh", "MWh/yr"),
        text("利用小时 kWh/kWp", "kWh/kWp"),
        text("容量系数", "capacity factor"),
    ):
        table.add_column(header, justify="right")


def _yield_cells(row: pd.Series) -> list[str]:
    return [
        kw(row["capacity_kw"]),
        mwh(row["annual_kwh"]),
        number(row["kwh_per_kwp"]),
        percent(row["capacity_factor"]),
    ]


def pv_enterprise_table(result: PVResult) -> Table:
    """One line per enterprise owning roofs."""
    table = Table(title=text("各企业", "By enterprise"))
    table.add_column(text("企业", "enterprise"))
    table.add_column(text("名称", "name"))
    table.add_column(text("屋顶数", "roofs"), justify="right")
    _yield_columns(table)
    for owner, row in result.enterprises.iterrows():
        table.add_row(str(owner), str(row["name"]), str(row["roofs"]), *_yield_cells(row))
    return table


def pv_roof_table(result: PVResult) -> Table:
    """One line per roof (with the existing and new capacity in the potential case)."""
    table = Table(title=text("各屋顶", "By roof"))
    for header in (text("屋顶", "roof"), text("业主", "owner")):
        table.add_column(header)
    for header in (text("倾角°", "tilt°"), text("方位角°", "azimuth°")):
        table.add_column(header, justify="right")
    if result.potential:
        table.add_column(text("可用面积 m²", "usable m²"), justify="right")
        table.add_column(text("已装 kWp", "existing kWp"), justify="right")
        table.add_column(text("可新增 kWp", "new kWp"), justify="right")
    _yield_columns(table)
    for roof_id, row in result.roofs.iterrows():
        cells = [str(roof_id), str(row["owner"]), f"{row['tilt_deg']:.0f}"]
        cells.append(f"{row['azimuth_deg']:.0f}")
        if result.potential:
            cells += [f"{row['usable_area_m2']:,.0f}", kw(row["existing_kw"])]
            cells.append(kw(row["new_kw"]))
        table.add_row(*cells, *_yield_cells(row))
    return table


def pv_monthly_table(result: PVResult) -> Table:
    """Monthly energy per enterprise and for the park [MWh], one line per enterprise.

    Compact (month numbers as headers, whole MWh, no borders) so 14 columns fit a terminal.
    """
    table = Table(
        title=text("逐月发电量 MWh（列为月份）", "Monthly energy MWh (columns are months)"),
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
    )
    table.add_column(text("企业", "enterprise"), no_wrap=True)
    for month in range(1, 13):
        table.add_column(str(month), justify="right")
    table.add_column(text("全年", "year"), justify="right")
    monthly = result.monthly_enterprise_kwh
    rows = [(str(owner), monthly[owner]) for owner in monthly.columns]
    rows.append((text("合计", "total"), monthly.sum(axis=1)))
    for label, kwh in rows:
        table.add_row(label, *[f"{v / 1000:.0f}" for v in kwh], f"{kwh.sum() / 1000:.0f}")
    return table


def pv_tables(result: PVResult) -> list[Table]:
    """Every table of a PV run, in reading order."""
    return [
        pv_overview_table(result),
        pv_enterprise_table(result),
        pv_roof_table(result),
        pv_monthly_table(result),
    ]


def export_pv_hourly(result: PVResult, path: Path) -> None:
    """Write the hourly energy per roof to ``.parquet`` or ``.csv`` (chosen by extension).

    One row per hour, ``interval_start`` (local time with offset) then ``<roof id>_kwh``
    columns [kWh in that hour].
    """
    suffix = path.suffix.lower()
    if suffix not in _HOURLY_WRITERS:
        raise InputError(
            [
                text(
                    f"{path}: 不支持的输出格式 {suffix!r}，应为 {' 或 '.join(_HOURLY_WRITERS)}",
                    f"{path}: unknown output format {suffix!r}, "
                    f"expected {' or '.join(_HOURLY_WRITERS)}",
                )
            ]
        )
    hourly = result.hourly_kwh.rename(columns=lambda roof_id: f"{roof_id}_kwh")
    hourly = hourly.rename_axis("interval_start").reset_index()
    _HOURLY_WRITERS[suffix](hourly, path)
