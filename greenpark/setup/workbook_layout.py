"""The Excel input workbook's layout: its sheets, their columns and the cell conventions.

One sheet per ``park.yaml`` list section (企业, 屋顶光伏, 绿电合同, 绿证, 储能, 计量文件), one
column per key of the section's model, read from the schema (:mod:`greenpark.setup.keys`), so
the workbook cannot drift from ``park.yaml``. Every sheet has four header rows:

1. the Chinese label (the cell's note holds the meaning in Chinese and English),
2. the ``park.yaml`` key (what the import reads; columns may be moved, not renamed),
3. unit, allowed values, default, 必填 for required keys,
4. an example row (grey, italic), ignored on import as long as it is left unchanged;

data start on row 5 (:data:`FIRST_DATA_ROW`). Cell conventions: yes/no keys as 是/否; dates as
Excel dates; lists and mappings (``monthly_mwh``, ``products``) as YAML flow text in one cell
(``[5200, 5000]``, ``{2025-01: 800}``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from greenpark.inputs.park.schema import Certificate, Contract, DataSource, Enterprise, Rooftop
from greenpark.inputs.park.schema import Storage as Battery
from greenpark.setup.keys import Key, keys_of

LABEL_ROW, KEY_ROW, UNIT_ROW, EXAMPLE_ROW = 1, 2, 3, 4  # spreadsheet rows, 1-based
FIRST_DATA_ROW = 5
YES, NO = "是", "否"


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook: its name, the ``park.yaml`` section it fills, the section's model
    and the example row (shown on row 4, ignored on import)."""

    name: str
    section: str
    model: type[BaseModel]
    example: dict[str, object]

    @property
    def keys(self) -> tuple[Key, ...]:
        return keys_of(self.model)


SHEETS = (
    Sheet(
        "企业",
        "enterprises",
        Enterprise,
        {
            "id": "E01",
            "name": "示例光电科技有限公司",
            "industry_code": "C3976",
            "load_profile": "three_shift",
            "output_value_wan_cny": 42000,
            "value_added_wan_cny": 9200,
            "tax_wan_cny": 1350,
            "land_mu": 110,
            "employees": 680,
            "products": "[{name: 光通信模块, annual_output: 1800, unit: 万只}]",
        },
    ),
    Sheet(
        "屋顶光伏",
        "rooftops",
        Rooftop,
        {
            "id": "E01-R1",
            "owner": "E01",
            "area_m2": 24510,
            "usable_fraction": 0.75,
            "tilt_deg": 5,
            "azimuth_deg": 180,
            "capacity_kw": 3430,
            "commissioning_year": 2022,
            "gec_registered": YES,
            "export_certificates": "kept",
        },
    ),
    Sheet(
        "绿电合同",
        "contracts",
        Contract,
        {
            "id": "GPT-2025-E01",
            "buyer": "E01",
            "seller": "示例风电场",
            "technology": "wind",
            "annual_mwh": 12000,
            "delivery_shape": "wind",
            "bundled_certificates": YES,
            "price_cny_per_kwh": 0.36,
        },
    ),
    Sheet(
        "绿证",
        "certificates",
        Certificate,
        {
            "id": "GEC-E01-2025",
            "quantity_mwh": 800,
            "production_start": "2025-01",
            "production_end": "2025-12",
            "technology": "wind",
            "project": "示例风电项目",
            "holder": "E01",
            "claim_year": 2025,
        },
    ),
    Sheet(
        "储能",
        "storage",
        Battery,
        {
            "id": "ESS-E01-01",
            "owner": "E01",
            "energy_kwh": 4000,
            "power_kw": 2000,
            "round_trip_efficiency": 0.88,
            "dispatch": "tou_arbitrage",
        },
    ),
    Sheet(
        "计量文件",
        "data",
        DataSource,
        {
            "file": "data/electricity_hourly.csv",
            "layout": "wide",
            "resolution": "hourly",
            "carrier": "electricity",
            "unit": "kWh",
        },
    ),
)
SECTIONS = tuple(sheet.section for sheet in SHEETS)


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
