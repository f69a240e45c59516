"""``park.yaml`` as checked (:class:`Checked`) and what the rules that run after the check read
from it, also when the configuration as a whole is invalid: the items of a section that are
valid alone, the accounting year and time zone, the certificate claim rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from greenpark.core.certificates import CLAIM_RULES
from greenpark.inputs.park.limits import FactorTables
from greenpark.inputs.park.paths import readable_park_file
from greenpark.inputs.park.rules import section_items
from greenpark.inputs.park.schema import DataSource, ParkConfig, ParkInfo, known_timezone
from greenpark.inputs.problems import Problem, SourceFile

_Item = TypeVar("_Item", bound=BaseModel)


@dataclass(frozen=True)
class Checked:
    """``park.yaml`` as read: the file, the config if valid, the factor tables if readable,
    and every problem found."""

    source: SourceFile
    raw: dict[str, object]
    config: ParkConfig | None
    tables: FactorTables | None
    problems: tuple[Problem, ...]


def year_and_timezone(checked: Checked) -> tuple[int, str] | None:
    """The accounting year and time zone, also from an invalid config when both are valid."""
    if checked.config is not None:
        return checked.config.park.accounting_year, checked.config.park.timezone
    info = checked.raw.get("park")
    if not isinstance(info, dict):
        return None
    year = info.get("accounting_year")
    timezone = info.get("timezone", ParkInfo.model_fields["timezone"].default)
    if not isinstance(year, int) or not known_timezone(timezone):
        return None
    return year, timezone


def valid_items(checked: Checked, section: str, model: type[_Item]) -> list[tuple[int, _Item]]:
    """The items of a list section with their index: the config's, or those raw items that
    are valid alone."""
    if checked.config is not None:
        items: tuple[_Item, ...] = getattr(checked.config, section)
        return list(enumerate(items))
    valid = []
    for index, item in section_items(checked.raw, section):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError:
            continue  # already reported by the config check
    return valid


def claim_rule(checked: Checked) -> str:
    """The park's certificate claim rule, also from an invalid config when it is valid."""
    if checked.config is not None:
        return checked.config.park.certificate_claim_rule
    info = checked.raw.get("park")
    rule = info.get("certificate_claim_rule") if isinstance(info, dict) else None
    default = ParkInfo.model_fields["certificate_claim_rule"].default
    return rule if rule in CLAIM_RULES else str(default)


def every_data_file_read(park_dir: Path, checked: Checked) -> bool:
    """Whether every ``data:`` entry was valid and readable, so totals are complete."""
    sources = valid_items(checked, "data", DataSource)
    listed = checked.raw.get("data")
    return len(sources) == (len(listed) if isinstance(listed, list) else 0) and all(
        readable_park_file(park_dir, source.file) for _, source in sources
    )
