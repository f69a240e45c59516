"""亩均效益 comprehensive evaluation of the park's enterprises (``mu_efficiency.csv``).

Per enterprise (park.yaml's output value, value added and tax [万元], land [亩]; the run's
energy and CO2):

- output, tax and value added per 亩 [万元/亩];
- energy [tce/万元] (GB/T 2589, 当量值) and CO2 [t/万元] (Scope 1 + Scope 2 on the Chinese
  inventory basis, GB/T 32150/32151) per 万元 value added; tax per tce [万元/tce];
- growth against a previous year's run [fraction] (output, tax, value added, energy, CO2);
- the weighted score Σ value ÷ baseline × weight × 100 over the scored indicators (weights
  from the criteria table; a baseline the user does not supply is twice the park's
  enterprise average, the rule of the cited 淮安 method) and the class by rank share
  (``mu_efficiency_classes.csv``: A top 20 %, B to 60 %, C to 95 %, D the rest).

An enterprise missing a scored value (no land, tax or energy) has no score and no class
(``no_data``); it never takes a class by default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.assess.table import PARK
from greenpark.inputs.factors.indicator_criteria import (
    Criterion,
    RankClass,
    load_criteria,
    load_rank_classes,
    with_supplied,
)
from greenpark.inputs.park.schema import ParkConfig
from greenpark.provenance import RunTables
from greenpark.run_result import RunResult

KGCE_PER_TCE = 1000.0
KG_PER_T = 1000.0
#: a baseline not supplied = this × the average of the park's enterprises (淮安 method:
#: "各项评价指标的基准值均参照各县(区)企业上年度该项指标平均值2倍左右设定", mu_efficiency.csv)
BASELINE_MULTIPLE_OF_MEAN = 2.0
#: scored criteria id -> the indicator column it scores
SCORED = {
    "mu.tax_per_mu": "tax_wan_cny_per_mu",
    "mu.output_per_mu": "output_wan_cny_per_mu",
    "mu.tax_per_energy": "tax_wan_cny_per_tce",
}
GROWTH = ("output_value_wan_cny", "tax_wan_cny", "value_added_wan_cny", "energy_kgce", "co2_kg")


@dataclass(frozen=True)
class MuEfficiencyAssessment:
    """``enterprises``: a row per enterprise (indicators, growth, ``score``, ``rank``,
    ``class`` and ``status``), full precision, ``<NA>`` where not computable; ``criteria``:
    the scored indicators with weight, baseline, whether the baseline was supplied, source
    and confidence; ``classes``: the class table; ``supplied``: criteria ids from the user."""

    enterprises: pd.DataFrame
    criteria: pd.DataFrame
    classes: pd.DataFrame
    supplied: tuple[str, ...]


def year_figures(annual: pd.DataFrame, config: ParkConfig | None) -> pd.DataFrame:
    """Output, tax, value added [万元], land [亩], energy [kgce] and CO2 [kg] per enterprise.

    Without the park's configuration (a run read back from the store) output and value added
    come from the stored intensities (energy ÷ energy per 万元) and tax is unknown."""
    rows = annual.drop(index=PARK)
    energy = rows["energy_gbt2589_calorific_kgce"].astype(float)
    figures = pd.DataFrame(
        {
            "energy_kgce": energy,
            "co2_kg": (rows["scope1_co2_kg"] + rows["scope2_inventory_co2_kg"]).astype(float),
        },
        index=rows.index,
    )
    if config is None:
        figures["output_value_wan_cny"] = energy / rows["kgce_per_wan_cny_output_value"].astype(
            float
        )
        figures["value_added_wan_cny"] = energy / rows["kgce_per_wan_cny_value_added"].astype(float)
        figures["tax_wan_cny"] = np.nan
        figures["land_mu"] = energy / rows["kgce_per_mu"].astype(float)
        return figures
    for key in ("output_value_wan_cny", "value_added_wan_cny", "tax_wan_cny", "land_mu"):
        values = {e.id: getattr(e, key) for e in config.enterprises}
        figures[key] = [np.nan if values[e] is None else float(values[e]) for e in rows.index]
    return figures


def _per(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return numerator / denominator.where(denominator > 0)


def indicators(figures: pd.DataFrame) -> pd.DataFrame:
    """The per-enterprise indicators of the module docstring (NaN where not computable)."""
    f = figures
    energy_tce = f["energy_kgce"] / KGCE_PER_TCE
    return pd.DataFrame(
        {
            "output_wan_cny_per_mu": _per(f["output_value_wan_cny"], f["land_mu"]),
            "tax_wan_cny_per_mu": _per(f["tax_wan_cny"], f["land_mu"]),
            "value_added_wan_cny_per_mu": _per(f["value_added_wan_cny"], f["land_mu"]),
            "tce_per_wan_cny_value_added": _per(energy_tce, f["value_added_wan_cny"]),
            "co2_t_per_wan_cny_value_added": _per(f["co2_kg"] / KG_PER_T, f["value_added_wan_cny"]),
            "tax_wan_cny_per_tce": _per(f["tax_wan_cny"], energy_tce),
        },
        index=f.index,
    )


def growth(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """(this year − previous) ÷ previous per enterprise in both runs [fraction]."""
    previous = before.reindex(now.index)
    columns = {f"{c}_growth_fraction": _per(now[c] - previous[c], previous[c]) for c in GROWTH}
    return pd.DataFrame(columns, index=now.index)


def baselines(table: pd.DataFrame, criteria: Sequence[Criterion]) -> dict[str, float]:
    """Each scored indicator's baseline: supplied, else twice the enterprise average."""
    found = {}
    for c in criteria:
        mean = float(table[SCORED[c.id]].mean())
        found[c.id] = c.threshold if c.threshold is not None else BASELINE_MULTIPLE_OF_MEAN * mean
    return found


def scores(
    table: pd.DataFrame, criteria: Sequence[Criterion], base: Mapping[str, float]
) -> pd.Series:
    """Σ value ÷ baseline × weight × 100 per enterprise; NaN when a scored value is missing."""
    parts = [table[SCORED[c.id]] / base[c.id] * (c.weight or 0.0) * 100.0 for c in criteria]
    return (
        pd.concat(parts, axis=1)
        .sum(axis=1, min_count=len(parts))
        .where(pd.concat(parts, axis=1).notna().all(axis=1))
    )


def classes_by_rank(score: pd.Series, classes: Sequence[RankClass]) -> tuple[pd.Series, pd.Series]:
    """Rank (1 = best; ties share the better rank) and class by rank share (rank ÷ the
    number of scored enterprises) of every scored enterprise; NaN / None for the others."""
    scored = score.dropna()
    rank = scored.rank(ascending=False, method="min")
    names = {}
    for enterprise, r in rank.items():
        share = r / len(scored)
        names[enterprise] = next(c.name for c in classes if share <= c.rank_share_upto + 1e-12)
    return rank.reindex(score.index), pd.Series(names, dtype=object).reindex(score.index)


def _nullable(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns as ``Float64`` with ``<NA>`` (never NaN in a result)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = pd.array(
                [None if pd.isna(v) or not math.isfinite(v) else float(v) for v in out[column]],
                dtype="Float64",
            )
    return out


def _criteria_frame(criteria: Sequence[Criterion], base: Mapping[str, float]) -> pd.DataFrame:
    rows = [
        {
            "indicator": c.id,
            "indicator_zh": c.indicator_zh,
            "indicator_en": c.indicator_en,
            "unit": c.unit,
            "weight": c.weight,
            "baseline": base[c.id],
            "baseline_supplied": c.supplied,
            "source": c.source,
            "url": c.url,
            "confidence": c.confidence,
        }
        for c in criteria
    ]
    return pd.DataFrame(rows)


def _classes_frame(classes: Sequence[RankClass]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (c.name, c.rank_share_upto, c.label_zh, c.label_en, c.source_document, c.confidence)
            for c in classes
        ],
        columns=["class", "rank_share_upto", "label_zh", "label_en", "source", "confidence"],
    )


def assess_mu_efficiency(
    result: RunResult,
    *,
    previous: RunTables | None = None,
    supplied: Mapping[str, float] | None = None,
) -> MuEfficiencyAssessment:
    """The 亩均效益 evaluation of ``result``'s enterprises (see the module docstring).

    ``previous`` is the previous year's run (a :class:`~greenpark.RunResult`, or a run read
    back from the store, which lacks tax); ``supplied`` maps ``mu.*`` ids to the user's
    baselines (``--criteria FILE``).
    """
    supplied = dict(supplied or {})
    criteria = with_supplied(load_criteria("mu_efficiency"), supplied)
    classes = load_rank_classes()
    figures = year_figures(result.annual(), result.config)
    table = figures.join(indicators(figures))
    if previous is not None:
        config = previous.config if isinstance(previous, RunResult) else None
        table = table.join(growth(figures, year_figures(previous.annual(), config)))
    base = baselines(table, criteria)
    table["score"] = scores(table, criteria, base)
    table["rank"], table["class"] = classes_by_rank(table["score"], classes)
    table["status"] = np.where(table["score"].notna(), "ok", "no_data")
    names = {e.id: e.name for e in result.config.enterprises}
    table.insert(0, "name", [names[str(e)] for e in table.index])
    table.index.name = "enterprise"
    return MuEfficiencyAssessment(
        enterprises=_nullable(table),
        criteria=_criteria_frame(criteria, base),
        classes=_classes_frame(classes),
        supplied=tuple(sorted(k for k in supplied if k.startswith("mu."))),
    )
