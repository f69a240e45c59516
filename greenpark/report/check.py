"""A checked park for people: what it contains and how complete its meter data are."""

from __future__ import annotations

import pandas as pd
from rich.table import Table

from greenpark.core.certificates import claimable_mwh
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.park.green_rules import certificate_batch
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import ParkConfig


def check_tables(park: Park) -> list[Table]:
    """The park summary and the meter-data quality table."""
    return [_summary_table(park), _quality_table(park)]


def _new_table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_header=bool(columns))
    for index, column in enumerate(columns or ("", "")):
        table.add_column(column, justify="left" if index == 0 else "right")
    return table


def _summary_table(park: Park) -> Table:
    config = park.config
    info = config.park
    table = _new_table(
        text(f"{info.name}（{info.id}）", f"{info.name_en or info.name} ({info.id})")
    )
    for label, value in _summary_rows(config, len(config.data)):
        table.add_row(label, value)
    return table


def _summary_rows(config: ParkConfig, files: int) -> list[tuple[str, str]]:
    year = config.park.accounting_year
    installed = [roof for roof in config.rooftops if roof.capacity_kw > 0]
    pv_kw = sum(roof.capacity_kw for roof in installed)
    contract_mwh = sum(c.annual_mwh or sum(c.monthly_mwh or ()) for c in config.contracts)
    certificates_mwh = sum(c.quantity_mwh for c in config.certificates)
    rule = config.park.certificate_claim_rule
    this_year_mwh = sum(
        claimable_mwh(certificate_batch(c), rule)
        for c in config.certificates
        if c.claim_year == year
    )
    storage_kwh = sum(s.energy_kwh for s in config.storage)
    storage_kw = sum(s.power_kw for s in config.storage)
    return [
        (text("核算年度", "accounting year"), str(year)),
        (text("企业", "enterprises"), str(len(config.enterprises))),
        (text("屋顶（已装光伏）", "roofs (with PV)"), f"{len(config.rooftops)} ({len(installed)})"),
        (text("已装光伏", "installed PV"), f"{pv_kw:,.0f} kW"),
        (
            text("绿电交易合同", "green-power contracts"),
            text(
                f"{len(config.contracts)} 份，{contract_mwh:,.0f} MWh/年",
                f"{len(config.contracts)}, {contract_mwh:,.0f} MWh/yr",
            ),
        ),
        (
            text("绿证", "green certificates"),
            text(
                f"{certificates_mwh:,.0f} MWh（按 {rule} 规则计入 {year} 年 "
                f"{this_year_mwh:,.0f} MWh）",
                f"{certificates_mwh:,.0f} MWh ({this_year_mwh:,.0f} MWh count for {year} "
                f"under {rule})",
            ),
        ),
        (text("储能", "storage"), f"{storage_kwh:,.0f} kWh / {storage_kw:,.0f} kW"),
        (text("数据文件", "data files"), str(files)),
    ]


def _quality_table(park: Park) -> Table:
    """Meter-data coverage per carrier, then enterprises with monthly-only or no data."""
    quality = park.meters.quality
    table = _new_table(
        text("计量数据质量", "meter-data quality"),
        text("能源品种", "carrier"),
        text("企业数（小时/月度）", "enterprises (hourly/monthly)"),
        text("平均覆盖率", "mean coverage"),
        text("缺口", "gaps"),
    )
    carriers = load_carriers()
    for (carrier, use), rows in quality.groupby(["carrier", "use"], sort=False):
        monthly = rows["resolution"] == "monthly"
        name = carriers[str(carrier)].name if str(carrier) in carriers else str(carrier)
        if use == "feedstock":
            name += text("（原料）", " (feedstock)")
        table.add_row(
            name,
            _enterprise_counts(rows["enterprise"], monthly),
            f"{rows.groupby('enterprise')['coverage_fraction'].max().mean():.1%}",
            _gaps(
                int(rows.loc[~monthly, "gap_intervals"].sum()),
                int(rows.loc[monthly, "gap_intervals"].sum()),
            ),
        )
    ids = park.config.enterprise_ids()
    table.caption = _coverage_caption(quality, ids)
    table.caption_justify = "left"
    return table


def _enterprise_counts(enterprises: pd.Series, monthly: pd.Series) -> str:
    """``all (hourly/monthly)``: an enterprise with hourly data and bills counts once in all."""
    hourly, billed = enterprises[~monthly].nunique(), enterprises[monthly].nunique()
    return f"{enterprises.nunique()} ({hourly}/{billed})"


def _gaps(hours: int, months: int) -> str:
    parts = [f"{hours} h"] if hours else []
    if months:
        parts.append(text(f"{months} 个月", f"{months} months"))
    return " + ".join(parts) or "0"


def _coverage_caption(quality: pd.DataFrame, ids: tuple[str, ...]) -> str:
    monthly = quality["resolution"] == "monthly"
    with_hourly = set(quality.loc[~monthly, "enterprise"])
    with_data = set(quality["enterprise"])
    monthly_only = [e for e in ids if e in with_data and e not in with_hourly]
    without = [e for e in ids if e not in with_data]
    none = text("无", "none")
    monthly_text, without_text = ", ".join(monthly_only) or none, ", ".join(without) or none
    return text(
        f"仅有月度数据的企业：{monthly_text}；无计量数据的企业：{without_text}",
        f"enterprises with monthly data only: {monthly_text}; without meter data: {without_text}",
    )
