"""The ``data:`` entries of ``park.yaml``: one meter-data file each, and how to read it."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from greenpark.i18n import text
from greenpark.inputs.carriers import (
    carrier_lookup,
    load_carriers,
    unit_factor,
    unknown_carrier_hint,
)
from greenpark.inputs.park.schema_base import Frozen, ParkPath

#: the columns greenpark reads from a long meter file (``columns:`` maps a file's headers to
#: these); ``tip``/``peak``/``flat``/``valley`` are the 尖/峰/平/谷 time-of-use splits
ColumnName = Literal[
    "timestamp",
    "month",
    "enterprise",
    "account",
    "carrier",
    "quantity",
    "unit",
    "use",
    "tip",
    "peak",
    "flat",
    "valley",
]
COLUMN_NAMES: tuple[str, ...] = get_args(ColumnName)


class DataSource(Frozen):
    """One meter-data file. See :mod:`greenpark.inputs.meters.load` for the layouts.

    ``use`` says whether the fuel in the file is burnt (``fuel``, the default) or used as
    feedstock (``feedstock``, 原料用能: counted in GB/T 2589 energy, left out of the 能耗双控
    basis, no combustion CO2); a long file may say it per row in an optional ``use`` column.
    Utility exports load as they come: ``header_row``/``skip_rows`` step over title and unit
    rows, ``columns`` maps the file's headers to greenpark's, and ``enterprise``, ``carrier`` and
    ``unit`` fill what the file does not say.
    """

    file: ParkPath = Field(
        description="文件路径（相对园区文件夹，如 data/meters.csv）| the file, relative to the park "
        "folder"
    )
    layout: Literal["long", "wide"] = "long"
    """表格形式：长表 long 或宽表 wide / table layout: long or wide"""
    resolution: Literal["hourly", "15min", "monthly"] = "hourly"
    """时间分辨率 / time resolution"""
    carrier: str | None = Field(
        default=None,
        description=(
            "能源品种；宽表必填，长表中用于没有 carrier 列（或该格为空）的行 | the carrier: "
            "required for a wide file; for a long file, the carrier of rows without one"
        ),
    )
    unit: str | None = Field(
        default=None,
        description=(
            "计量单位；宽表必填，长表中用于没有 unit 列、表头也未注明单位（如 电量(kWh)）的行 | "
            "the unit: required for a wide file; for a long file, the unit of rows without a "
            "unit column or a unit in the quantity header (电量(kWh))"
        ),
    )
    timestamp_marks: Literal["interval_start", "interval_end"] = Field(
        default="interval_start",
        description=(
            "时间戳表示时段起点还是终点（00:15/01:00 起、24:00 止的导出为 interval_end）| "
            "whether a timestamp marks the start or the end of its interval (exports running "
            "00:15 or 01:00 to 24:00 are interval_end)"
        ),
    )
    sheet: str | None = None
    """Excel 工作表名 / Excel sheet name"""
    use: Literal["fuel", "feedstock"] = "fuel"
    """用途：燃料 fuel 或原料 feedstock / use: burnt as fuel or used as feedstock"""
    header_row: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description=(
            "表头所在行号（如电子表格所示，从 1 起）；不填时在前 30 行中找含时间/月份列名的行 | "
            "the spreadsheet row number of the header (1 = first); by default the first of "
            "the first 30 rows naming the timestamp or month column"
        ),
    )
    skip_rows: Annotated[int, Field(ge=0)] = Field(
        default=0,
        description=(
            "表头下方需跳过的非数据行数（如单位行）| rows right below the header that are not "
            "data (a units line)"
        ),
    )
    columns: dict[str, ColumnName] = Field(
        default_factory=dict,
        description=(
            "文件列名 → greenpark 列名，如 {户号: account, 电费年月: month, 有功总电量(kWh): "
            "quantity} | the file's headers -> greenpark's column names"
        ),
    )
    enterprise: str | None = Field(
        default=None,
        description=(
            "文件没有企业或户号列时，全部数据所属的企业编号 | the enterprise id of every row, for "
            "a file without an enterprise or account column"
        ),
    )

    @field_validator("columns")
    @classmethod
    def _one_header_per_column(cls, value: dict[str, str]) -> dict[str, str]:
        """Two headers cannot feed the same greenpark column."""
        targets = list(value.values())
        twice = sorted({name for name in targets if targets.count(name) > 1})
        if twice:
            raise ValueError(
                text(
                    f"columns 中多个列映射到 {', '.join(twice)}",
                    f"columns maps more than one header to {', '.join(twice)}",
                )
            )
        return value

    @field_validator("carrier")
    @classmethod
    def _known_carrier(cls, value: str | None) -> str | None:
        """Accept a carrier's id or its Chinese/English name; keep the id."""
        if value is None:
            return None
        found = carrier_lookup().get(value.strip().casefold())
        if found is None:
            raise ValueError(unknown_carrier_hint(value))
        return found

    @model_validator(mode="after")
    def _carrier_and_unit_fit_the_layout(self) -> DataSource:
        """A wide file needs both (one value per column), a long file has them per row."""
        given = [key for key in ("carrier", "unit") if getattr(self, key) is not None]
        if self.layout == "wide" and len(given) < 2:
            raise ValueError(
                text(
                    "宽表文件需要 'carrier' 和 'unit'（每列一个数值）",
                    "a wide file needs 'carrier' and 'unit' (one value per column)",
                )
            )
        if self.carrier is not None and self.unit is not None:
            factor = unit_factor(self.unit, load_carriers()[self.carrier])
            if isinstance(factor, str):
                raise ValueError(factor)
        carrier = None if self.carrier is None else load_carriers()[self.carrier]
        if self.use == "feedstock" and carrier is not None and carrier.kind != "fuel":
            raise ValueError(
                text(
                    f"use: feedstock（原料用能）只适用于燃料，{self.carrier} 不是燃料",
                    f"use: feedstock applies to fuels only; {self.carrier} is not a fuel",
                )
            )
        return self
