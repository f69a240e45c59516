"""Why a result has no value: a status and a reason code for every number that is not there.

Core functions return NaN where a quantity cannot be computed (a share of zero use, an
intensity without a denominator). Results never carry NaN to people, files or the store: this
module gives each such cell a reason code, whose status (``not_applicable`` or ``no_data``)
is fixed here, and :mod:`greenpark.report.availability` words it. A NaN that no rule
explains is a defect of greenpark, and raises.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.park910_step import Park910

#: reason code -> status
REASON_STATUS: Mapping[str, str] = {
    "no_output_value": "no_data",
    "no_value_added": "no_data",
    "no_land_area": "no_data",
    "no_enterprise_reports": "no_data",
    "zero_output_value": "not_applicable",
    "zero_value_added": "not_applicable",
    "zero_land_area": "not_applicable",
    "zero_electricity": "not_applicable",
    "zero_energy": "not_applicable",
    "zero_product_output": "not_applicable",
    "below_910_scope": "not_applicable",
}

#: intensity column -> (enterprise key of its denominator, reason if missing, reason if zero)
INTENSITY_DENOMINATORS: Mapping[str, tuple[str, str, str]] = {
    "kgce_per_wan_cny_output_value": (
        "output_value_wan_cny",
        "no_output_value",
        "zero_output_value",
    ),
    "kgce_per_wan_cny_value_added": ("value_added_wan_cny", "no_value_added", "zero_value_added"),
    "kgce_per_mu": ("land_mu", "no_land_area", "zero_land_area"),
}
PARK_ROW = "park"


def status_of(reason: str | None) -> str:
    """``ok`` for no reason, else the reason's status."""
    return "ok" if reason is None else REASON_STATUS[reason]


def _denominator_reason(value: float | None, missing: str, zero: str) -> str | None:
    if value is None:
        return missing
    return zero if value <= 0 else None


def _intensity_reasons(config: ParkConfig, column: str, park_land_given: bool) -> list[str | None]:
    key, missing, zero = INTENSITY_DENOMINATORS[column]
    values = [getattr(e, key) for e in config.enterprises]
    reasons = [_denominator_reason(v, missing, zero) for v in values]
    if key == "land_mu" and park_land_given:
        return [*reasons, None]
    reporting = any(v is not None and v > 0 for v in values)
    return [*reasons, None if reporting else "no_enterprise_reports"]


def annual_reasons(annual: pd.DataFrame, config: ParkConfig) -> pd.DataFrame:
    """A reason code for every cell of ``annual`` that has no value (None where it has one).

    ``annual`` is :func:`greenpark.pipeline.results.annual_table`: a row per enterprise in
    park order, then the park row. Raises ValueError for a NaN no rule explains.
    """
    reasons = pd.DataFrame(None, index=annual.index, columns=annual.columns, dtype=object)
    park_land = config.park.land_area_mu is not None or config.park.land_area_km2 is not None
    for column in INTENSITY_DENOMINATORS:
        if column in annual:
            reasons[column] = _intensity_reasons(config, column, park_land)
    no_use = (annual["electricity_kwh"] <= 0).to_numpy()
    for column in annual.columns:
        if column.endswith("_fraction"):
            reasons.loc[no_use, column] = "zero_electricity"
    return explained(annual, reasons, "annual")


def explained(values: pd.DataFrame, reasons: pd.DataFrame, what: str) -> pd.DataFrame:
    """``reasons`` kept only where ``values`` is NaN; raises for a NaN without a reason."""
    missing = values.isna().to_numpy()
    codes = reasons.to_numpy(dtype=object).copy()
    given = np.vectorize(lambda code: isinstance(code, str), otypes=[bool])(codes)
    codes[~(missing & given)] = None
    reasons = pd.DataFrame(codes, index=values.index, columns=values.columns, dtype=object)
    unexplained = missing & ~given
    if unexplained.any():
        rows, cols = np.nonzero(unexplained)
        cells = [
            f"{values.index[int(r)]}/{values.columns[int(c)]}"
            for r, c in zip(rows, cols, strict=True)
        ]
        raise ValueError(f"{what}: no value and no reason for {', '.join(cells[:10])}")
    if not np.isfinite(values.to_numpy(dtype=float)[~missing]).all():
        raise ValueError(f"{what}: infinite values")
    return reasons


def park_910_reasons(park_910: pd.Series, basis: Park910) -> pd.Series:
    """Reasons for the 910号 basis at each conversion: the indicator without energy, the limit
    without energy or below the lowest national tier (200,000 tce)."""
    reasons: dict[str, str | None] = {str(k): None for k in park_910.index}
    for conversion, indicator in basis.indicators.items():
        if indicator.co2_t_per_tce is None:
            reasons[f"park_910_co2_t_per_tce_{conversion}"] = indicator.reason
        reasons[f"park_910_limit_t_per_tce_{conversion}"] = indicator.reason
    frame = pd.DataFrame({"value": pd.Series(reasons, dtype=object)})
    return explained(park_910.to_frame("value"), frame, "park_910")["value"]


def monthly_share_reasons(monthly: pd.DataFrame) -> pd.DataFrame:
    """Monthly green shares: a month without electricity use has no share."""
    codes = np.full(monthly.shape, "zero_electricity", dtype=object)
    reasons = pd.DataFrame(codes, index=monthly.index, columns=monthly.columns)
    return explained(monthly, reasons, "monthly shares")


def product_reasons(products: pd.DataFrame) -> pd.Series:
    """Per-product rows: a product with zero output has no per-unit values."""
    per_unit = products[["kgce_per_unit", "scope1_2_location_co2_kg_per_unit"]]
    reasons = pd.DataFrame("zero_product_output", index=per_unit.index, columns=per_unit.columns)
    return explained(per_unit, reasons.astype(object), "products").iloc[:, 0]
