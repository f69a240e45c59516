"""The text of ``sites/jincheng-edz/README.md``, from the generated data and their totals."""

from __future__ import annotations

from collections.abc import Sequence

from demo_park.assets import CERTIFICATES, CONTRACTS, PV_SYSTEMS, STORAGE
from demo_park.datafiles import GAP
from demo_park.firms import Firm
from demo_park.summary import BAND_TCE, Totals

METER_NAMES = {
    "hourly": "逐时 hourly (wide)",
    "15min": "15 分钟 15-min (long)",
    "monthly": "月度账单 monthly bills",
}
DISPLAY = {  # carrier -> (display unit, canonical units per display unit)
    "natural_gas": ("万Nm³", 1e4),
    "coal_anthracite": ("t", 1e3),
    "coke": ("t", 1e3),
    "diesel": ("t", 1e3),
    "lpg": ("t", 1e3),
    "heat_purchased": ("GJ", 1.0),
    "heat_exported": ("GJ", 1.0),
    "electricity_exported": ("MWh", 1e3),
    "process_co2": ("t", 1e3),
    "water_withdrawal": ("万m³", 1e4),
    "water_reused": ("万m³", 1e4),
    "solid_waste_generated": ("t", 1e3),
    "solid_waste_utilised": ("t", 1e3),
    "waste_heat_recoverable": ("GJ", 1.0),
    "waste_heat_used": ("GJ", 1.0),
}

INTRO = """# 晋城某经济开发区（示意）/ A Jincheng economic development zone (illustrative)

> **示意数据，不是真实园区。Illustrative data, not a real park.** 企业、产量、能耗、屋顶、合同与绿证
> 全部为合成的示意数据，仅用于演示与测试 greenpark。All enterprises, outputs, energy use, roofs,
> contracts and certificates are synthetic, for demonstrating and testing greenpark.

位置 Location: 山西晋城附近 near Jincheng, Shanxi (35.49 N, 112.85 E, 750 m); 华北电网; 核算年 2025.

## 文件 Files

- `park.yaml`: 园区配置 park configuration (schema `greenpark/inputs/park/schema.py`);
- `data/electricity_hourly.csv`: 逐时用电宽表, hourly kWh, `timestamp,E01,…`, local clock,
  interval start, 8760 rows;
- `data/electricity_15min_<id>.csv`: 15 分钟长表,
  `timestamp,enterprise,carrier,quantity,unit`;
- `data/electricity_monthly.csv`: 仅有月度电费账单的企业, monthly bills in 万kWh,
  `month,enterprise,carrier,quantity,unit`;
- `data/monthly_energy.csv`: 月度燃料、热力、过程排放、水、固废、余热, monthly fuels, heat,
  process CO2, water, solid waste, waste heat (same columns).

## 如何生成 How it is generated

```
{command}
```

The script (`scripts/generate_demo_park.py`, modules in `scripts/demo_park/`) is deterministic:
numpy `default_rng` streams seeded from `--seed` and a label per purpose, so the same seed gives
byte-identical files. Load shapes per `load_profile`:

- 连续生产 continuous process (steel mill, graphite, glass, refractories, wastewater): flat,
  three planned 2–3-day maintenance outages at 20–35 % load;
- 三班/两班/一班 shift work: 24-hour patterns by day kind; weekends and 调休 make-up working days
  from `holidays.China(years=2025)`; statutory holidays reduced; Spring Festival shutdown window
  (春节 −5 … +9 days) at reduced load; cooling load above 24 °C;
- 数据中心 data centre: flat IT load plus cooling that grows above 12 °C (summer bump);
- 食品 food: harvest peak (vegetables), beer summer peak, mooncake and pastry peaks before
  中秋 and 春节;
- temperature is synthetic (annual mean 11.5 °C, seasonal ±13 °C, daily ±5 °C, AR(1) noise).

**数据缺口 Deliberate gap:** {gap_id} has {gap_hours} empty hours from {gap_start} in
`electricity_hourly.csv`. Gaps are never filled silently: the quality report must show them.
"""


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _energy_table(totals: Totals) -> list[str]:
    calorific, equivalent = (totals.kgce[basis] / 1e3 for basis in ("calorific", "equivalent"))
    grid = sum(totals.electricity_kwh.values())
    lines = [
        "| carrier | quantity | unit | tce 当量值 | tce 等价值 |",
        "|---|---:|---|---:|---:|",
        f"| electricity (grid, metered) | {_number(grid / 1e3)} | MWh | "
        f"{_number(calorific['electricity'])} | {_number(equivalent['electricity'])} |",
    ]
    for name, quantity in totals.carriers.items():
        carrier = str(name)
        unit, per = DISPLAY[carrier]
        tce = (
            f"{_number(calorific[carrier])} | {_number(equivalent[carrier])}"
            if carrier in calorific
            else "– | –"
        )
        lines.append(f"| {carrier} | {_number(quantity / per)} | {unit} | {tce} |")
    lines.append(
        f"| **total, net of exports** | | | **{_number(totals.tce('calorific'))}** | "
        f"**{_number(totals.tce('equivalent'))}** |"
    )
    return lines


def _band_sentence(totals: Totals) -> str:
    low, high = BAND_TCE
    both = (totals.tce("calorific"), totals.tce("equivalent"))
    verdict = (
        "inside the 200,000–1,000,000 tce band of 发改环资〔2025〕910号 on both bases, so its "
        "≤ 0.20 tCO2/tce core indicator applies"
        if all(low <= tce <= high for tce in both)
        else "NOT inside the 200,000–1,000,000 tce band of 发改环资〔2025〕910号 on both bases"
    )
    return (
        f"综合能耗 {_number(both[0])} tce (electricity 当量值) and {_number(both[1])} tce "
        f"(electricity 等价值): {verdict}."
    )


def _factor_lines(totals: Totals) -> list[str]:
    lines = ["| factor id | value | unit | source | conf. |", "|---|---:|---|---|---|"]
    lines += [
        f"| `{f.id}` | {f.value:g} | {f.unit} | {f.source_number} | {f.confidence} |"
        for f in totals.factors
    ]
    return lines


def _totals_section(totals: Totals) -> list[str]:
    channels = ", ".join(
        f"{METER_NAMES[name]} {_number(kwh / 1e3)} MWh"
        for name, kwh in totals.electricity_kwh.items()
    )
    return [
        "## 园区总量 Park totals (2025, from the generated files)",
        "",
        f"Electricity by metering: {channels}.",
        "",
        *_energy_table(totals),
        "",
        _band_sentence(totals),
        "",
        "Standard-coal coefficients (`factors/coal_equivalents.csv`, GB/T 2589; exported heat and "
        "electricity are subtracted at the same coefficients):",
        "",
        *_factor_lines(totals),
        "",
        f"Rooftops: {totals.roofs} roofs, {_number(totals.roof_m2)} m²; installed PV "
        f"{totals.pv_systems} systems, {_number(totals.pv_kw)} kW DC.",
    ]


def _firm_table(firms: Sequence[Firm], metered_kwh: dict[str, float]) -> list[str]:
    lines = [
        "## 企业 Enterprises",
        "",
        "| id | name | GB/T 4754 | load profile | metering | electricity MWh | land 亩 |",
        "|---|---|---|---|---|---:|---:|",
    ]
    for firm in firms:
        lines.append(
            f"| {firm.id} | {firm.name} | {firm.code} | {firm.profile} | {METER_NAMES[firm.meter]} "
            f"| {_number(metered_kwh[firm.id] / 1e3)} | {_number(firm.economics[3])} |"
        )
    return lines


def _pv_status_line() -> str:
    systems = []
    for owner, (_, _, exported) in PV_SYSTEMS.items():
        status = "not registered (no certificates)" if exported is None else f"exports {exported}"
        systems.append(f"{owner} {status}")
    return (
        "- 屋顶光伏绿证 rooftop PV certificates: self-consumed kWh of registered roofs carry a "
        "non-tradable certificate to the consumer; " + "; ".join(systems) + "."
    )


def _market_section() -> list[str]:
    contract = CONTRACTS[0]
    certificates = "; ".join(
        f"{c['holder']} {_number(c['quantity_mwh'])} MWh ({c['technology']}, produced "
        f"{c['production_start']}…{c['production_end']}, {c.get('status', 'held')})"
        for c in CERTIFICATES
    )
    storage = STORAGE[0]
    return [
        "## 绿电、绿证、储能与电价 Green power, certificates, storage, tariffs",
        "",
        _pv_status_line(),
        f"- 绿电交易 green-power purchase: {contract['buyer']} buys "
        f"{_number(sum(contract['monthly_mwh']))} MWh of {contract['technology']} power in 2025 "
        "with bundled certificates, as settled monthly volumes (绿电消费凭证); its hourly shape "
        f"is modelled (illustrative price {contract['price_cny_per_kwh']} CNY/kWh).",
        f"- 绿证 unbundled certificates claimed for 2025: {certificates}. The park counts them "
        "under the same_year rule (1258号), so E16's 2024 months do not count.",
        f"- 储能 storage: {storage['owner']} {_number(storage['power_kw'])} kW / "
        f"{_number(storage['energy_kwh'])} kWh, round-trip {storage['round_trip_efficiency']}.",
        "- 电价 tariffs: 晋发改商品发〔2021〕479号 prices 2025 (windows [A], multipliers [B]); "
        "晋发改商品发〔2026〕15号 applies from 2026-05-01 (multipliers [A], windows [B]). The "
        "flat price 0.55 CNY/kWh is an illustrative placeholder (no official Shanxi flat price "
        "was found); export prices by commissioning date (发改价格〔2025〕136号) use the coal "
        "benchmark 0.332 CNY/kWh [C] as an illustrative placeholder.",
    ]


def readme(
    firms: Sequence[Firm], totals: Totals, metered_kwh: dict[str, float], command: str
) -> str:
    """The site README: what the park is, how it was generated, and its totals."""
    gap_id, gap_start, gap_hours = GAP
    intro = INTRO.format(command=command, gap_id=gap_id, gap_start=gap_start, gap_hours=gap_hours)
    body = [
        *_totals_section(totals),
        "",
        *_market_section(),
        "",
        *_firm_table(firms, metered_kwh),
    ]
    return intro + "\n" + "\n".join(body) + "\n"
