"""Rules for ``enterprises[].planned_use`` beyond its schema
(:mod:`greenpark.inputs.park.schema_planned`).

- a profile ``enterprise`` must be an enterprise of the park with meter data (no planned use);
- a profile ``industry`` must be the code, or a prefix of the code, of at least one such
  enterprise (the problem lists the industries the park's metered enterprises are in);
- ``scale_by_output_value`` needs the enterprise's own ``output_value_wan_cny`` and at least
  one profile enterprise with an output value above zero;
- once the meter data are read, an enterprise with a planned use must have no readings: the
  planned figures serve only an enterprise without any (the problem names the files).
"""

from __future__ import annotations

from collections.abc import Sequence

from greenpark.i18n import text
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import Enterprise
from greenpark.inputs.park.schema_planned import PlannedProfile
from greenpark.inputs.problems import Problem, SourceFile, close_match, did_you_mean

SECTION = "enterprises"
FIELD = "planned_use"


def profile_enterprises(profile: PlannedProfile, enterprises: Sequence[Enterprise]) -> list[str]:
    """Ids of the metered enterprises (without a planned use) a profile names (park order)."""
    metered = [e for e in enterprises if e.planned_use is None]
    if profile.enterprise is not None:
        return [e.id for e in metered if e.id == profile.enterprise]
    if profile.industry is not None:
        return [e.id for e in metered if e.industry_code.startswith(profile.industry)]
    return []


def planned_problems(
    source: SourceFile, enterprises: Sequence[tuple[int, Enterprise]]
) -> list[Problem]:
    """Profiles naming no metered enterprise; intensities without output values."""
    park = [e for _, e in enterprises]
    found: list[Problem] = []
    for index, enterprise in enterprises:
        planned = enterprise.planned_use
        if planned is None:
            continue
        where = (SECTION, index, FIELD, "profile")
        profile = planned.profile
        if profile.from_metered and not profile_enterprises(profile, park):
            found.append(_no_profile_problem(source, where, profile, park))
        elif planned.scale_by_output_value:
            found += _output_value_problems(source, (SECTION, index), enterprise, park)
    return found


def _no_profile_problem(
    source: SourceFile,
    where: tuple[str | int, ...],
    profile: PlannedProfile,
    park: list[Enterprise],
) -> Problem:
    metered = [e for e in park if e.planned_use is None]
    if profile.enterprise is not None:
        ids = [e.id for e in metered]
        return source.problem(
            (*where, "enterprise"),
            text("园区中没有这家有计量数据的企业", "the park has no such metered enterprise")
            + did_you_mean(close_match(profile.enterprise, ids)),
            got=profile.enterprise,
            expected=text(
                f"有计量数据的企业（{', '.join(ids)}）", f"a metered enterprise ({', '.join(ids)})"
            ),
        )
    codes = ", ".join(sorted({e.industry_code for e in metered}))
    return source.problem(
        (*where, "industry"),
        text(
            "园区中没有这一行业的计量企业", "no metered enterprise of the park is in this industry"
        ),
        got=profile.industry,
        expected=text(
            f"园区计量企业的行业代码或其前缀（{codes}）",
            f"an industry code of the park's metered enterprises, or its prefix ({codes})",
        ),
    )


def _output_value_problems(
    source: SourceFile, where: tuple[str | int, ...], enterprise: Enterprise, park: list[Enterprise]
) -> list[Problem]:
    found = []
    if enterprise.output_value_wan_cny is None:
        found.append(
            source.problem(
                (*where, "output_value_wan_cny"),
                text(
                    "planned_use 按产值推算用量（scale_by_output_value），需要本企业的工业总产值",
                    "planned_use scales by output value (scale_by_output_value): the enterprise's "
                    "output value is needed",
                ),
            )
        )
    assert enterprise.planned_use is not None
    ids = profile_enterprises(enterprise.planned_use.profile, park)
    valued = [e for e in park if e.id in ids and (e.output_value_wan_cny or 0.0) > 0]
    if not valued:
        found.append(
            source.problem(
                (*where, FIELD, "scale_by_output_value"),
                text(
                    f"profile 中的企业（{', '.join(ids)}）都没有工业总产值 output_value_wan_cny，"
                    "无法计算单位产值用能",
                    f"none of the profile enterprises ({', '.join(ids)}) has an output value "
                    "(output_value_wan_cny): no use per output value to scale by",
                ),
            )
        )
    return found


def planned_data_problems(
    source: SourceFile, enterprises: Sequence[tuple[int, Enterprise]], meters: MeterData
) -> list[Problem]:
    """Enterprises with both a planned use and meter readings (the readings are the data)."""
    planned = [(index, e) for index, e in enterprises if e.planned_use is not None]
    quality = meters.quality
    found = []
    for index, enterprise in planned:  # few: filtering for every enterprise grows as n²
        rows = quality.loc[quality["enterprise"] == enterprise.id]
        if rows.empty:
            continue
        files = ", ".join(sorted(set(map(str, rows["file"]))))
        found.append(
            source.problem(
                (SECTION, index, FIELD),
                text(
                    f"企业 {enterprise.id} 已有计量数据（{files}）；计划用量只用于没有读数的企业，"
                    "请删除 planned_use 或这些数据",
                    f"enterprise {enterprise.id} has meter data ({files}); a planned use serves "
                    "only an enterprise without readings: remove planned_use or the data",
                ),
            )
        )
    return found
