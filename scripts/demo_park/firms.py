"""The enterprises of the illustrative Jincheng park: who they are, how much they use, how metered.

Every number here is illustrative (示意), chosen to be plausible for the industry, not taken
from a real company. Annual electricity is the metered grid purchase [MWh]; monthly rows are
annual quantities in the unit written next to them, split over months by a pattern name
(see :mod:`demo_park.monthly`).
"""

from __future__ import annotations

from dataclasses import dataclass

Row = tuple[str, float, str, str]  # carrier, annual quantity, unit, monthly pattern


@dataclass(frozen=True)
class Firm:
    id: str
    name: str
    code: str  # GB/T 4754-2017 industry code
    profile: str  # schema LoadProfile
    electricity_mwh: float
    meter: str  # "hourly" (wide file), "15min" (own long file) or "monthly" (bills)
    economics: tuple[float, float, float, float, int]  # 产值, 增加值, 税收 [万元], 亩, 人
    products: tuple[tuple[str, float, str], ...] = ()
    monthly: tuple[Row, ...] = ()
    season: str = "flat"  # demand seasonality of the electric load
    # how a multi-product firm splits its energy (park.yaml product_allocation): the rule, and
    # per product in order its declared share or its sub-metered line (name, annual MWh)
    allocation: str | None = None
    shares: tuple[float, ...] = ()
    lines_mwh: tuple[tuple[str, float], ...] = ()


def water(withdrawal_m3: float, reused_m3: float = 0.0) -> tuple[Row, ...]:
    rows: tuple[Row, ...] = (("water_withdrawal", withdrawal_m3, "m³", "load"),)
    if reused_m3:
        rows += (("water_reused", reused_m3, "m³", "load"),)
    return rows


def waste(generated_t: float, utilised_t: float) -> tuple[Row, ...]:
    return (
        ("solid_waste_generated", generated_t, "t", "load"),
        ("solid_waste_utilised", utilised_t, "t", "load"),
    )


def waste_heat(recoverable_gj: float, used_gj: float) -> tuple[Row, ...]:
    return (
        ("waste_heat_recoverable", recoverable_gj, "GJ", "load"),
        ("waste_heat_used", used_gj, "GJ", "load"),
    )


def heat(gj: float, pattern: str = "heating") -> Row:
    return ("heat_purchased", gj, "GJ", pattern)


def gas(nm3: float, pattern: str = "load") -> Row:
    return ("natural_gas", nm3, "Nm³", pattern)


def fuel(carrier: str, tonnes: float, pattern: str = "load") -> Row:
    return (carrier, tonnes, "t", pattern)


# fmt: off
FIRMS: tuple[Firm, ...] = (
    # ---- 光电 / 装备制造 optoelectronics and equipment ----
    Firm("E01", "晋城示意光电科技有限公司", "C3976", "three_shift", 140_000, "hourly",
         (420_000, 92_000, 13_500, 1_100, 6_800),
         (("光通信模块", 1_800, "万只"), ("激光器件", 320, "万只")),
         (heat(120_000, "mixed_heating"), gas(1_200_000, "flat"), *water(1_100_000, 600_000),
          *waste(2_400, 1_900)),
         allocation="physical_output"),
    Firm("E02", "示意半导体装备有限公司", "C3562", "two_shift", 25_000, "hourly",
         (68_000, 19_000, 3_400, 180, 900),
         (("晶圆清洗设备", 260, "台"), ("刻蚀设备零部件", 12_000, "件")),
         (heat(18_000), *water(90_000), *waste(300, 240)),
         allocation="declared_shares", shares=(0.85, 0.15)),
    Firm("E03", "示意光伏装备有限公司", "C3825", "three_shift", 60_000, "15min",
         (96_000, 14_500, 2_900, 420, 1_600),
         (("光伏组件", 1_200, "MW"), ("光伏接线盒", 800, "万套")),
         (heat(30_000), gas(400_000), *water(260_000, 90_000), *waste(1_100, 980))),
    Firm("E04", "示意精密仪器有限公司", "C4090", "one_shift", 6_000, "monthly",
         (21_000, 7_200, 1_300, 60, 350),
         (("工业在线分析仪", 3_200, "台"),),
         (heat(6_000), *water(20_000))),
    Firm("E05", "示意精工机械有限公司", "C3484", "two_shift", 18_000, "hourly",
         (46_000, 11_000, 2_100, 220, 1_100),
         (("精密齿轮", 150, "万件"), ("液压阀体", 40, "万件")),
         (heat(14_000), gas(600_000), *water(70_000), *waste(2_600, 2_400))),
    Firm("E06", "示意光学元件有限公司", "C3976", "two_shift", 12_000, "hourly",
         (30_000, 8_800, 1_500, 90, 780),
         (("光学镜头", 900, "万只"),),
         (heat(9_000), *water(60_000))),
    Firm("E07", "示意钢结构有限公司", "C3311", "two_shift", 9_000, "hourly",
         (38_000, 6_400, 1_200, 260, 520),
         (("钢结构件", 60_000, "t"),),
         (gas(300_000), fuel("diesel", 120), *water(18_000), *waste(3_000, 2_850))),
    Firm("E08", "示意汽车零部件有限公司", "C3670", "two_shift", 22_000, "hourly",
         (62_000, 13_500, 2_600, 300, 1_400),
         (("汽车转向节", 120, "万件"), ("制动卡钳", 90, "万件")),
         (heat(12_000), gas(1_500_000), *water(110_000), *waste(4_200, 3_800))),
    Firm("E09", "示意电气设备有限公司", "C3823", "two_shift", 8_000, "hourly",
         (33_000, 8_100, 1_700, 120, 600),
         (("中压开关柜", 6_500, "面"),),
         (heat(8_000), *water(25_000))),
    Firm("E10", "示意半导体零部件有限公司", "C3562", "one_shift", 3_000, "monthly",
         (9_800, 3_100, 520, 40, 160),
         (("真空腔体零部件", 15_000, "件"),),
         (heat(3_000), *water(8_000))),
    Firm("E27", "示意表面处理有限公司", "C3360", "two_shift", 7_000, "hourly",
         (11_000, 3_300, 500, 50, 240),
         (("热处理加工量", 40_000, "t"),),
         (gas(400_000), *water(60_000, 30_000), *waste(600, 300))),
    Firm("E28", "示意电力电子有限公司", "C3824", "two_shift", 10_000, "hourly",
         (41_000, 9_500, 1_900, 110, 850),
         (("IGBT模块", 300, "万只"),),
         (heat(9_000), *water(40_000))),
    Firm("E30", "示意智能照明有限公司", "C3874", "two_shift", 9_000, "hourly",
         (36_000, 7_800, 1_500, 100, 750),
         (("LED智能灯具", 900, "万套"),),
         (heat(7_000), *water(35_000))),
    # ---- 新材料 new materials ----
    Firm("E11", "示意新能源炭材料有限公司", "C3091", "continuous_process", 260_000, "hourly",
         (95_000, 21_000, 3_800, 650, 1_300),
         (("锂电负极材料（人造石墨）", 25_000, "t"), ("石墨化受托加工", 8_000, "t")),
         (gas(25_000_000), fuel("diesel", 150), *water(480_000, 350_000),
          *waste(6_500, 5_900), *waste_heat(220_000, 90_000)),
         allocation="metered_lines",
         lines_mwh=(("负极材料产线", 150_000), ("石墨化受托加工线", 70_000))),
    Firm("E12", "示意特种玻璃有限公司", "C3042", "continuous_process", 45_000, "hourly",
         (78_000, 19_500, 3_900, 380, 850),
         (("超薄电子玻璃原片", 95_000, "t"),),
         (gas(26_000_000), ("process_co2", 19_500, "t", "load"),
          ("electricity_exported", 1_800_000, "kWh", "load"), *water(320_000, 260_000),
          *waste(2_100, 1_900), *waste_heat(310_000, 190_000))),
    Firm("E13", "示意高分子材料有限公司", "C2929", "three_shift", 28_000, "15min",
         (92_000, 14_000, 2_700, 200, 480),
         (("改性工程塑料", 80_000, "t"),),
         (heat(60_000, "mixed_heating"), *water(80_000, 40_000), *waste(900, 820))),
    Firm("E14", "示意金属制品有限公司", "C3340", "three_shift", 35_000, "hourly",
         (118_000, 15_000, 2_800, 420, 1_200),
         (("钢丝绳", 120_000, "t"), ("预应力钢绞线", 80_000, "t")),
         (gas(5_000_000), heat(20_000), *water(240_000, 150_000), *waste(7_000, 6_300))),
    Firm("E15", "示意耐火材料有限公司", "C3089", "continuous_process", 15_000, "hourly",
         (52_000, 10_500, 2_200, 350, 700),
         (("高铝耐火砖", 60_000, "t"), ("不定形耐火材料", 40_000, "t")),
         (fuel("coal_anthracite", 40_000), fuel("coke", 12_000),
          ("process_co2", 4_000, "t", "load"),
          *water(90_000), *waste(5_500, 5_000), *waste_heat(140_000, 60_000))),
    Firm("E16", "示意电子材料有限公司", "C3985", "three_shift", 30_000, "hourly",
         (64_000, 17_000, 3_300, 160, 520),
         (("电子浆料", 1_200, "t"), ("高纯氧化铝粉体", 6_000, "t")),
         (gas(2_000_000), heat(50_000, "mixed_heating"), *water(150_000, 70_000),
          *waste(800, 600))),
    # ---- 轧钢 steel rolling ----
    Firm("E17", "示意晋钢轧钢有限公司", "C3130", "continuous_process", 95_000, "hourly",
         (456_000, 41_000, 12_000, 1_450, 2_300),
         (("热轧带肋钢筋", 900_000, "t"), ("高速线材", 300_000, "t")),
         (gas(42_000_000), fuel("diesel", 450), ("heat_exported", 300_000, "GJ", "heating"),
          *water(650_000, 5_800_000), *waste(28_000, 27_500), *waste_heat(520_000, 360_000))),
    # ---- 数据中心 data centre ----
    Firm("E18", "示意云数据中心有限公司", "I6450", "data_centre", 330_000, "hourly",
         (150_000, 72_000, 6_000, 300, 420),
         (("标准机柜（在用）", 8_000, "架"),),
         (fuel("diesel", 60, "flat"), *water(900_000), *waste_heat(400_000, 30_000))),
    # ---- 食品 food ----
    Firm("E19", "示意果蔬食品有限公司", "C1371", "two_shift", 6_000, "hourly",
         (26_000, 5_800, 700, 120, 650),
         (("脱水蔬菜", 6_000, "t"), ("速冻蔬菜", 15_000, "t")),
         (heat(30_000, "load"), gas(900_000), *water(260_000), *waste(9_000, 8_600)),
         season="harvest"),
    Firm("E20", "示意调味品有限公司", "C1461", "three_shift", 15_000, "hourly",
         (27_000, 5_200, 1_100, 260, 620),
         (("味精", 30_000, "t"),),
         (heat(200_000, "load"), gas(4_000_000), *water(1_200_000, 700_000),
          *waste(14_000, 13_000))),
    Firm("E21", "示意啤酒有限公司", "C1513", "two_shift", 12_000, "hourly",
         (64_000, 16_000, 7_200, 280, 700),
         (("啤酒", 200_000, "千升"),),
         (heat(90_000, "load"), gas(3_000_000), *water(900_000, 150_000),
          *waste(12_000, 11_800)),
         season="summer"),
    Firm("E22", "示意糕点食品有限公司", "C1411", "two_shift", 4_000, "hourly",
         (18_000, 4_300, 800, 70, 520),
         (("月饼", 3_500, "t"), ("糕点", 6_000, "t")),
         (fuel("lpg", 300), gas(500_000), *water(45_000), *waste(400, 380)),
         season="festival"),
    # ---- 物流与服务 logistics and services ----
    Firm("E23", "示意冷链物流有限公司", "G5930", "three_shift", 8_000, "hourly",
         (18_000, 6_200, 900, 150, 380),
         (("冷链货物周转量", 350_000, "t"),),
         (fuel("diesel", 900, "flat"), *water(12_000))),
    Firm("E24", "示意物流园有限公司", "G5920", "one_shift", 3_000, "monthly",
         (24_000, 8_500, 1_300, 600, 900),
         (("货物吞吐量", 2_800_000, "t"),),
         (fuel("diesel", 1_600, "flat"), *water(30_000))),
    Firm("E25", "示意工业技术研究院", "M7320", "office", 2_000, "hourly",
         (6_500, 3_900, 400, 45, 280),
         (("技术服务合同", 260, "项"),),
         (heat(15_000), *water(15_000))),
    Firm("E26", "园区综合服务中心（示意）", "L7221", "office", 2_500, "monthly",
         (4_000, 2_600, 200, 80, 260),
         (),
         (heat(22_000), fuel("lpg", 60, "flat"), *water(35_000))),
    Firm("E29", "示意园区污水处理厂", "D4620", "continuous_process", 5_000, "hourly",
         (5_400, 2_500, 300, 90, 60),
         (("污水处理量", 9_000_000, "m³"),),
         (*water(5_000), *waste(6_500, 4_000))),
)
# fmt: on
