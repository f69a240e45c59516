"""The text of ``park.yaml``: sections with bilingual comments, validated against the schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from demo_park.assets import CERTIFICATES, CONTRACTS, STORAGE, TARIFFS
from demo_park.firms import Firm
from greenpark.inputs.park.schema import ParkConfig

PARK: dict[str, Any] = {
    "id": "jincheng-edz",
    "name": "晋城某经济开发区（示意）",
    "name_en": "A Jincheng economic development zone (illustrative)",
    "province": "山西",
    "grid_region": "华北",
    "location": {"latitude_deg": 35.49, "longitude_deg": 112.85, "altitude_m": 750},
    "land_area_mu": 18_000,
    "land_area_km2": 12.0,
    "accounting_year": 2025,
    "timezone": "Asia/Shanghai",
    "surplus_pv": "export",
    "certificate_claim_rule": "same_year",
}

PV_DEFAULTS = {"power_density_kw_per_m2": 0.2, "roof_setback_m": 1.0, "potential_dc_ac_ratio": 1.15}

COMMENTS: dict[str, str] = {
    "park": (
        "园区基本信息 Park. 示意数据，不是真实园区 — illustrative data, not a real park.\n"
        "余电上网（不在园区内共享）；绿证按当年度核销（same_year，1258号）。\n"
        "Surplus PV is exported (no park sharing); certificates count for their production\n"
        "year only (same_year; validity_2y for GHG-Protocol market-based reporting)."
    ),
    "pv_defaults": (
        "屋顶光伏潜力假设（同 schema 默认值）\nPV potential assumptions (the schema defaults)"
    ),
    "enterprises": (
        "企业：行业代码 GB/T 4754-2017，产值/增加值/税收 万元，用地 亩；\n"
        "多产品企业的能耗分摊 product_allocation：按产量、申报比例或分表产线（分表读数为示意）\n"
        "Enterprises: industry code GB/T 4754-2017, output/value added/tax in 10^4 CNY, land in mu;\n"
        "how multi-product firms split their energy (by output, declared shares or sub-metered\n"
        "lines; the line readings are illustrative)"
    ),
    "data": (
        "计量数据文件（路径相对本文件）Meter data files, paths relative to this file.\n"
        "逐时宽表、15 分钟长表、仅有月度电费账单的企业（万kWh）、月度燃料/热力/水/固废；\n"
        "E09 逐时数据有一处 4 小时缺口（有意保留，不填补）。\n"
        "Hourly wide file, 15-min long files, monthly bills only (万kWh), monthly fuels/heat/\n"
        "water/waste. E09 has a deliberate 4-hour gap in the hourly file (not filled)."
    ),
    "rooftops": (
        "屋顶：面积 m²，倾角/方位角 °（正南 180°）；capacity_kw > 0 为已建光伏。\n"
        "gec_registered：是否建档立卡（自发自用电量的绿证不可交易，随电量归用能企业）；\n"
        "export_certificates：上网电量绿证去向 kept 自持 / sold 出售 / provincial_mechanism 省级账户。\n"
        "Rooftops: area m², tilt/azimuth in degrees (south = 180); capacity_kw > 0 = installed PV.\n"
        "gec_registered: registered (certificates of self-consumed kWh are not tradable and go\n"
        "to the consumer); export_certificates: where the exported kWh's certificates go."
    ),
    "contracts": (
        "绿电交易（证电合一，价格为示意）；monthly_mwh 为逐月结算电量（绿电消费凭证），\n"
        "逐时交付曲线为风速模拟值。\n"
        "Green-power purchase with bundled certificates (price illustrative); monthly_mwh are\n"
        "the settled monthly volumes; the hourly wind shape is modelled."
    ),
    "certificates": (
        "单独购买的绿证（1 张 = 1 MWh，有效期 2 年）：按生产月份的数量、绿证编号起止、状态\n"
        "（持有 held / 已核销 cancelled）。编号为示意。\n"
        "Unbundled green certificates (1 = 1 MWh, valid 2 years from the production month):\n"
        "MWh per production month, serial ranges (illustrative), status."
    ),
    "storage": "储能 Battery storage",
    "tariffs": (
        "分时电价，按执行期逐时选用：2025 年为晋发改商品发〔2021〕479号（时段 [A]，倍率 [B]），\n"
        "2026-05-01 起为晋发改商品发〔2026〕15号（倍率 [A]，时段 [B]）。平段电价为示意占位值。\n"
        "深谷时段（13–15 时）只在重大节假日生效。时段为 [起, 止) 整点。上网电价按投产日期\n"
        "（136号：2025-06-01 前为存量）区分，数值为示意 [C]。\n"
        "TOU tariffs, each hour priced by the one in force: 479号 for 2025, 15号 from\n"
        "2026-05-01. The flat price is a placeholder. Hours are [start, end). Export prices by\n"
        "commissioning date (136号), illustrative [C]."
    ),
    "overrides": (
        "因子覆盖（无）Factor overrides (none). Example / 示例:\n"
        "  - {factor_id: <id>, value: <number>, unit: <unit>, source: <document>, note: <why>}"
    ),
}


def _enterprise(firm: Firm) -> dict[str, Any]:
    output, added, tax, land, people = firm.economics
    entry: dict[str, Any] = {
        "id": firm.id,
        "name": firm.name,
        "industry_code": firm.code,
        "load_profile": firm.profile,
        "output_value_wan_cny": output,
        "value_added_wan_cny": added,
        "tax_wan_cny": tax,
        "land_mu": land,
        "employees": people,
    }
    if firm.products:
        entry["products"] = [
            {"name": name, "annual_output": amount, "unit": unit}
            for name, amount, unit in firm.products
        ]
    if firm.allocation is not None:
        entry["product_allocation"] = firm.allocation
        for product, share in zip(entry["products"], firm.shares, strict=False):
            product["share_fraction"] = share
        for product, (line, _) in zip(entry["products"], firm.lines_mwh, strict=False):
            product["meter_line"] = line
        if firm.lines_mwh:
            entry["meter_lines_kwh"] = {line: mwh * 1000 for line, mwh in firm.lines_mwh}
    return entry


def data_sources(quarter_hour_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The ``data:`` section: one entry per meter file."""
    wide = {"file": "data/electricity_hourly.csv", "layout": "wide", "resolution": "hourly"}
    return [
        {**wide, "carrier": "electricity", "unit": "kWh"},
        *(
            {"file": f"data/electricity_15min_{firm_id}.csv", "layout": "long",
             "resolution": "15min"}
            for firm_id in quarter_hour_ids
        ),
        {"file": "data/electricity_monthly.csv", "layout": "long", "resolution": "monthly"},
        {"file": "data/monthly_energy.csv", "layout": "long", "resolution": "monthly"},
    ]  # fmt: skip


def park_config(
    firms: Sequence[Firm], roofs: list[dict[str, Any]], quarter_hour_ids: Sequence[str]
) -> dict[str, Any]:
    """The whole configuration as plain data, in the schema's section order."""
    return {
        "park": PARK,
        "pv_defaults": PV_DEFAULTS,
        "enterprises": [_enterprise(firm) for firm in firms],
        "data": data_sources(quarter_hour_ids),
        "rooftops": roofs,
        "contracts": CONTRACTS,
        "certificates": CERTIFICATES,
        "storage": STORAGE,
        "tariffs": TARIFFS,
        "overrides": [],
    }


class _Dumper(yaml.SafeDumper):
    """Writes lists of scalars, and lists of such lists (hour ranges), on one line."""


def _is_leaf(item: object) -> bool:
    return not isinstance(item, dict | list)


def _list(dumper: _Dumper, data: list[Any]) -> yaml.Node:
    flat = all(_is_leaf(i) or (isinstance(i, list) and all(map(_is_leaf, i))) for i in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat or None)


_Dumper.add_representer(list, _list)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in text.splitlines())


def park_yaml(config: dict[str, Any], command: str) -> str:
    """Render ``config`` as commented YAML and check it against :class:`ParkConfig`."""
    header = (
        "# 晋城某经济开发区（示意）— 示意数据，不是真实园区。Illustrative data, not a real park.\n"
        f"# 由脚本生成，请勿手改 Generated by: {command}\n"
    )
    parts = [header]
    for key, value in config.items():
        body = yaml.dump(
            {key: value},
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=None,
            width=200,
        )
        parts.append(f"\n{_comment(COMMENTS[key])}\n{body}")
    text = "".join(parts)
    ParkConfig.model_validate(yaml.safe_load(text))
    return text
