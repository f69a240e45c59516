"""Rules for ``adjustments:`` beyond their schema (:mod:`greenpark.inputs.park.schema_adjust`).

- an ``industry`` must be the code, or a prefix of the code, of at least one enterprise;
- once the meter data are read, the enterprises in an adjustment's scope must have data for
  its carrier (and use), or a planned use: an adjustment that would change nothing is a mistake, reported with
  the enterprises and carriers the data do have.

Unknown enterprises are reported with the other references (:mod:`greenpark.inputs.park.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from greenpark.i18n import text
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import Enterprise
from greenpark.inputs.park.schema_adjust import ELECTRICITY, Adjustment
from greenpark.inputs.problems import Problem, SourceFile

SECTION = "adjustments"


def in_scope(adjustment: Adjustment, enterprises: Sequence[Enterprise]) -> list[str]:
    """Ids of the enterprises an adjustment changes (park order)."""
    if adjustment.enterprise is not None:
        return [e.id for e in enterprises if e.id == adjustment.enterprise]
    industry = adjustment.industry or ""
    return [e.id for e in enterprises if e.industry_code.startswith(industry)]


def industry_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """Industries (codes or prefixes) no enterprise of ``raw`` belongs to."""
    items, enterprises = raw.get(SECTION), raw.get("enterprises")
    if not isinstance(items, list) or not isinstance(enterprises, list):
        return []
    codes = sorted(
        {
            str(e["industry_code"])
            for e in enterprises
            if isinstance(e, dict) and "industry_code" in e
        }
    )
    found = []
    for index, item in enumerate(items):
        industry = item.get("industry") if isinstance(item, dict) else None
        if isinstance(industry, str) and not any(c.startswith(industry) for c in codes):
            found.append(
                source.problem(
                    (SECTION, index, "industry"),
                    text(
                        "园区中没有这一行业的企业", "no enterprise of the park is in this industry"
                    ),
                    got=industry,
                    expected=text(
                        f"企业的行业代码或其前缀（{', '.join(codes)}）",
                        f"an enterprise's industry code or its prefix ({', '.join(codes)})",
                    ),
                )
            )
    return found


def _with_data(meters: MeterData, carrier: str, use: str) -> set[str]:
    frames = meters.frames("fuel" if carrier == ELECTRICITY else use)
    return {
        str(column) for found in frames if carrier in found for column in found[carrier].columns
    }


def data_problems(
    source: SourceFile,
    adjustments: Sequence[tuple[int, Adjustment]],
    enterprises: Sequence[Enterprise],
    meters: MeterData,
) -> list[Problem]:
    """Adjustments whose scope has no data for their carrier (they would change nothing);
    an enterprise with a planned use counts as having data (its use is known at run time)."""
    planned = {e.id for e in enterprises if e.planned_use is not None}
    found = []
    for index, item in adjustments:
        scope = in_scope(item, enterprises)
        if not scope or (_with_data(meters, item.carrier, item.use) | planned) & set(scope):
            continue
        what = text(
            f"{', '.join(scope)} 没有 {item.carrier}（{item.use}）的计量数据，此调整不改变任何用量",
            f"{', '.join(scope)} have no {item.carrier} ({item.use}) meter data; "
            "this adjustment would change nothing",
        )
        found.append(source.problem((SECTION, index, "carrier"), what, got=item.carrier))
    return found
