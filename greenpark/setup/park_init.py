"""``greenpark init``: a new park folder with a commented ``park.yaml``, ``data/`` and the workbook.

``park.yaml`` gets the ``park:`` block (Chinese comments from the schema's descriptions,
English keys; ``grid_region`` from the province via ``factors/regions.csv``) and empty sections
for what the input workbook fills; it loads as it is (``gp.load_park_config``). Nothing is
overwritten: a folder that already has ``park.yaml`` or the workbook is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.regions import Region, read_region_table
from greenpark.inputs.factors.registry import REGIONS_CSV, factor_dir
from greenpark.inputs.park.load import CONFIG_FILE
from greenpark.inputs.park.schema import Location, ParkInfo
from greenpark.inputs.problems import SourceFile, validation_problems
from greenpark.setup.keys import keys_of
from greenpark.setup.workbook_layout import SHEETS
from greenpark.setup.workbook_write import flow_text, write_workbook

WORKBOOK_FILE = "park-input.xlsx"
DATA_README = """# 计量数据文件 / meter data files

把企业的计量数据（逐时、15 分钟或月度；CSV 或 Excel）放在这个文件夹里，并在输入工作簿的
「计量文件」表（或 park.yaml 的 data:）中逐个列出，路径写作 data/文件名.csv。
格式见项目 README 的“Park files”一节；`greenpark check 园区文件夹` 会逐个检查。

Put the enterprises' meter data (hourly, 15-minute or monthly; CSV or Excel) here and list each
file on the workbook's 计量文件 sheet (or under data: in park.yaml) as data/NAME.csv.
"""


@dataclass(frozen=True)
class NewPark:
    """What ``greenpark init`` asks for."""

    id: str
    name: str
    province: str
    latitude_deg: float
    longitude_deg: float
    accounting_year: int
    land_area_mu: float
    altitude_m: float | None = None


def init_park(directory: Path, new: NewPark) -> tuple[Path, ...]:
    """Create the park folder ``directory``; return the files written.

    Raises
    ------
    InputError
        ``park.yaml`` or the workbook exists already, the province is not one of
        ``factors/regions.csv``, or a value breaks the schema (all problems at once).
    """
    config, workbook = directory / CONFIG_FILE, directory / WORKBOOK_FILE
    existing = [path for path in (config, workbook) if path.exists()]
    if existing:
        names = ", ".join(str(path) for path in existing)
        raise InputError(
            [text(f"{names} 已存在，不会覆盖", f"{names} exists already and is not overwritten")]
        )
    info = park_block(new)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "data").mkdir(exist_ok=True)
    readme = directory / "data" / "README.md"
    if not readme.exists():
        readme.write_text(DATA_README, encoding="utf-8")
    config.write_text(park_yaml_text(info), encoding="utf-8")
    write_workbook(workbook)
    return config, readme, workbook


def park_block(new: NewPark) -> dict[str, object]:
    """The ``park:`` block for ``new``, checked against the schema."""
    region, problems = _province(new.province)
    location: dict[str, object] = {"latitude_deg": new.latitude_deg}
    location["longitude_deg"] = new.longitude_deg
    if new.altitude_m is not None:
        location["altitude_m"] = new.altitude_m
    info: dict[str, object] = {
        "id": new.id,
        "name": new.name,
        "province": region.name_zh if region else new.province,
        "grid_region": _grid_name(region) if region else "",
        "location": location,
        "land_area_mu": new.land_area_mu,
        "accounting_year": new.accounting_year,
        "timezone": "Asia/Shanghai",
        "surplus_pv": "export",
        "certificate_claim_rule": "same_year",
    }
    try:
        ParkInfo.model_validate(info)
    except ValidationError as exc:
        source = SourceFile("greenpark init", info, {})
        problems.extend(p.message for p in validation_problems(exc, ParkInfo, source))
    if problems:
        raise InputError(problems)
    return info


def _province(name: str) -> tuple[Region | None, list[str]]:
    regions, problems = read_region_table(factor_dir() / REGIONS_CSV)
    region = regions.resolve(name)
    if region is not None and region.is_province:
        return region, problems
    known = provinces()
    problems.append(
        text(
            f"greenpark init: 省份 {name!r} 不在 factors/regions.csv 中，应为："
            + "、".join(r.name_zh for r in known),
            f"greenpark init: province {name!r} is not in factors/regions.csv; one of: "
            + ", ".join(r.name_en for r in known),
        )
    )
    return None, problems


def provinces() -> tuple[Region, ...]:
    """Every province of ``factors/regions.csv``, in table order."""
    regions, _ = read_region_table(factor_dir() / REGIONS_CSV)
    found = (regions.resolve(key) for key in sorted(regions.known_keys()))
    return tuple(sorted((r for r in found if r and r.is_province), key=lambda r: r.key))


def _grid_name(province: Region) -> str:
    regions, _ = read_region_table(factor_dir() / REGIONS_CSV)
    grid = regions.resolve(province.grid_region)
    return grid.name_zh if grid else province.grid_region


def park_yaml_text(info: dict[str, object]) -> str:
    """A commented ``park.yaml`` with ``info`` as its ``park:`` block and empty sections."""
    meaning = {key.name: key for key in (*keys_of(ParkInfo), *keys_of(Location))}
    lines = [
        f"# {info['name']} — 园区配置文件（由 greenpark init 生成）",
        "# 键为英文，注释为中文；每个键的类型、单位、默认值和含义见 docs/park-yaml-keys.md。",
        f"# 下列六节可在 {WORKBOOK_FILE} 中填写，再运行 greenpark import-workbook {WORKBOOK_FILE} "
        "<本文件夹> 写入本文件（其余内容保留）。",
        "",
        "# 园区基本信息",
        "park:",
    ]
    for name, value in info.items():
        key = meaning[name]
        unit = f"（{key.unit}）" if key.unit else ""
        lines.append(f"  {name}: {flow_text(value)}  # {key.zh}{unit}")
    for sheet in SHEETS:
        lines += ["", f"# {sheet.name}（工作簿「{sheet.name}」表）", f"{sheet.section}: []"]
    lines += [
        "",
        "# 分时电价（可选）：tariffs: […]，写法见 docs/park-yaml-keys.md 与 sites/jincheng-edz",
        "# 因子覆盖（可选）：overrides: [{factor_id: …, value: …, unit: …, source: …}]",
    ]
    return "\n".join(lines) + "\n"
