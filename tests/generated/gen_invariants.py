"""Invariants every run of every park must meet, checked on what the run leaves behind
(:class:`gen_files.RunFiles`). Each check returns the violations it found (empty: it holds);
:class:`gen_files.NotChecked` says why a check could not look (e.g. the run wrote no files).

The identities are those :mod:`greenpark.core.balance` and :mod:`greenpark.core.attribution`
document; tolerances are float rounding (``1e-8`` of the largest hourly flow, at least 1e-6
kWh). The green ledger's invariants are in :mod:`gen_ledger`, the coverage rule in
:mod:`gen_coverage`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from gen_coverage import fuel_gaps_not_counted_as_zero
from gen_files import NotChecked, RunFiles, examples
from gen_ledger import green_claimed_once, green_within_load

from greenpark.i18n import get_language, set_language
from greenpark.inputs.park.schema import PARK
from greenpark.pipeline.availability import status_of
from greenpark.report.availability import unavailable_text
from greenpark.report.run_files import RESULT_FILES

__all__ = ["FILE_INVARIANTS", "NotChecked", "RunFiles"]

BAD_TEXT = {"nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity", "<na>", "none", "null"}
NAN_WORDS = re.compile(r"(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)
BOM = b"\xef\xbb\xbf"
#: file -> (value column -> the column saying why it is empty); ``*``: every numeric column
STATUS_OF = {
    "park_910.csv": {"value": "status"},
    "products.csv": {"kgce_per_unit": "status", "scope1_2_location_co2_kg_per_unit": "status"},
    "green_share_monthly.csv": {"green_share_fraction": "green_share_fraction_status"},
    "park_910_overlays.csv": {"co2_t_per_tce": "verdict"},
}
UNIT_ENDINGS = ("_kwh", "_kg", "_kgce", "_fraction", "_cny", "_tce", "_hours", "_months", "_gj")
#: empty cells that say "no such limit" (an open upper end), not a missing result
OPTIONAL = {"park_910_overlays.csv": {"limit_upper_t_per_tce", "target_year", "limit_t_per_tce"}}


def _status_pairs(name: str, columns: list[str]) -> dict[str, str]:
    """Each numeric column and the column giving its status (annual.csv: ``<m>_status``)."""
    if name == "annual.csv":
        return {c: f"{c}_status" for c in columns if f"{c}_status" in columns}
    return {c: s for c, s in STATUS_OF.get(name, {}).items() if c in columns}


def _numeric(name: str, cells: pd.Series) -> bool:
    """A column of numbers: its name carries a unit, or some cell is a number."""
    return name.endswith(UNIT_ENDINGS) or bool(pd.to_numeric(cells, errors="coerce").notna().any())


def _cells(name: str, frame: pd.DataFrame) -> dict[str, list[str]]:
    """By kind: NaN/inf written as text; text in a number column; an empty number without
    its status beside it; a status beside a number."""
    values = frame.to_numpy(dtype=object)
    lowered = pd.DataFrame(values).apply(lambda column: column.str.lower())
    found: dict[str, list[str]] = {}

    def add(kind: str, j: int, rows: np.ndarray) -> None:
        column = frame.columns[j]
        found.setdefault(f"{name} {column} {kind}", []).extend(
            f"row {i} ({values[i, 0]}): {values[i, j]!r}" for i in rows
        )

    bad = lowered.isin(BAD_TEXT).to_numpy()
    for j in np.flatnonzero(bad.any(axis=0)):
        add("written as NaN/inf", j, np.flatnonzero(bad[:, j]))
    columns = list(frame.columns)
    pairs = _status_pairs(name, columns)
    empty = values == ""
    for j, column in enumerate(columns):
        if column in pairs.values() or column in OPTIONAL.get(name, ()):
            continue
        if column not in pairs and not _numeric(column, frame[column]):
            continue  # a text column
        parsed = pd.to_numeric(frame[column].where(~empty[:, j]), errors="coerce").to_numpy()
        add("not a number", j, np.flatnonzero(~empty[:, j] & np.isnan(parsed) & ~bad[:, j]))
        status = (
            frame[pairs[column]].to_numpy(dtype=object)
            if column in pairs
            else np.full(len(frame), "")
        )
        if name == "park_910_overlays.csv":
            add(
                "empty iff verdict no_value",
                j,
                np.flatnonzero(empty[:, j] != (status == "no_value")),
            )
            continue
        add("empty without a status", j, np.flatnonzero(empty[:, j] & (status == "")))
        add("has a value and a status", j, np.flatnonzero(~empty[:, j] & (status != "")))
    return {kind: rows for kind, rows in found.items() if rows}


def finite_outputs(run: RunFiles) -> list[str]:
    """The run's files are exactly RESULT_FILES, CSVs start with a BOM; no NaN or inf in any
    file, message or stored value; unavailable = empty / None with its status."""
    written = sorted(p.name for p in run.out.iterdir()) if run.out.is_dir() else []
    found = (
        examples("result files", [f"{written} != {sorted(RESULT_FILES)}"])
        if written != sorted(RESULT_FILES)
        else []
    )
    if not written:
        raise NotChecked("no result files")
    for name in (n for n in RESULT_FILES if n.endswith(".csv")):
        if not run.need(name).read_bytes().startswith(BOM):
            found.append(f"{name} has no UTF-8 BOM")
        for kind, cells in _cells(name, run.text(name)).items():
            found += examples(kind, cells)
    numbers = run.hourly.select_dtypes("number")
    found += [
        f"hourly.parquet {c} has NaN or inf"
        for c in numbers.columns[~np.isfinite(numbers.to_numpy()).all(axis=0)]
    ]
    found += examples(
        "messages with NaN or inf", [m[:120] for m in run.messages if NAN_WORDS.search(m)]
    )
    if run.record is not None:
        stored = [
            f"{r.scope}/{r.metric}={r.value} ({r.status}, {r.reason})"
            for r in run.record.results
            if (r.value is None and not (r.status != "ok" and r.reason))
            or (r.value is not None and not math.isfinite(r.value))
        ]
        found += examples("stored value neither finite nor explained", stored)
    return found


def energy_conserved(run: RunFiles) -> list[str]:
    """Every hour, every enterprise: demand and supply identities; park sharing balances."""
    h, tol = run.hourly, run.tolerance_kwh
    demand = (
        h.load_kwh
        + h.grid_to_storage_kwh
        - (h.pv_self_kwh + h.storage_discharge_kwh + h.shared_in_kwh + h.grid_import_kwh)
    )
    supply = h.pv_kwh - (h.pv_self_kwh + h.pv_to_storage_kwh + h.shared_out_kwh + h.export_kwh)
    shared = h.groupby("interval_start").agg(
        out=("shared_out_kwh", "sum"), in_=("shared_in_kwh", "sum")
    )
    flows = [c for c in h.columns if c.endswith("_kwh")]
    negative = [f"{c} min {h[c].min():.6g}" for c in flows if h[c].min() < -tol]
    found = []
    for kind, residual in (
        ("load+grid_to_storage != pv_self+discharge+shared_in+grid_import", demand),
        ("pv != pv_self+pv_to_storage+shared_out+export", supply),
    ):
        off = np.flatnonzero(residual.abs().to_numpy() > tol)
        found += examples(
            kind,
            [
                f"{h.enterprise.iloc[i]} {h.interval_start.iloc[i]} off by {residual.iloc[i]:.6g} kWh"
                for i in off
            ],
        )
    off_park = shared.index[(shared.out - shared.in_).abs() > tol]
    found += examples("park shared_out != shared_in", [str(t) for t in off_park])
    found += examples("negative flow", negative) + _storage_balances(run)
    return found + _annual_matches_hourly(run)


def _storage_balances(run: RunFiles) -> list[str]:
    """Over the year, what went into an enterprise's batteries and did not come out (as
    discharge or loss) is still stored: between minus and plus their energy rating."""
    rating = pd.Series(0.0, index=list(run.config.enterprise_ids()))
    for unit in run.config.storage:
        rating[unit.owner] += unit.energy_kwh
    kept = (
        run.per_enterprise("pv_to_storage_kwh")
        + run.per_enterprise("grid_to_storage_kwh")
        - run.per_enterprise("storage_discharge_kwh")
        - run.per_enterprise("storage_loss_kwh")
    )
    off = kept.abs() > rating[kept.index] + run.tolerance_kwh * 100
    return examples(
        "storage: charged - discharged - losses outside +-energy rating",
        [f"{e} {kept[e]:.6g} kWh, rating {rating[e]:.6g}" for e in kept.index[off]],
    )


def _annual_matches_hourly(run: RunFiles) -> list[str]:
    pairs = {
        "electricity_kwh": "load_kwh",
        "pv_generation_kwh": "pv_kwh",
        "grid_import_kwh": "grid_import_kwh",
        "pv_export_kwh": "export_kwh",
        "pv_shared_in_kwh": "shared_in_kwh",
        "storage_loss_kwh": "storage_loss_kwh",
    }
    found = []
    for metric, flow in pairs.items():
        hourly = run.per_enterprise(flow)
        written = run.annual.loc[list(hourly.index), metric]
        off = ~np.isclose(written, hourly, rtol=1e-9, atol=1e-6)
        found += [
            f"{e} annual {metric} {written[e]:.9g} != hourly sum {hourly[e]:.9g}"
            for e in hourly.index[off]
        ]
        park = float(run.annual.loc[PARK, metric])
        if not np.isclose(park, hourly.sum(), rtol=1e-9, atol=1e-6):
            found.append(f"park {metric} {park:.9g} != sum {hourly.sum():.9g}")
    return examples("annual.csv vs hourly.parquet", found)


def market_scope2_nonnegative(run: RunFiles) -> list[str]:
    """Market-based Scope 2 is never negative, in the file and in the store."""
    column = run.annual["scope2_market_co2_kg"]
    found = [f"annual.csv {s}={v:.6g}" for s, v in column.items() if not v >= 0]
    if run.record is not None:
        found += [
            f"stored {r.scope}={r.value!r}"
            for r in run.record.results
            if r.metric == "scope2_market_co2_kg" and not (r.value is not None and r.value >= 0)
        ]
    return examples("negative market-based Scope 2", found)


def _written(run: RunFiles) -> dict[tuple[str, str], tuple[str, str]]:
    """(scope, metric) -> (cell, status text) of annual.csv, park_910.csv, direct_line.csv."""
    annual = run.text("annual.csv").set_index("scope")
    # every column but the statuses and the enterprise's name (written beside its id)
    metrics = [c for c in annual.columns if not c.endswith("_status") and c != "name"]
    written = {
        (str(scope), m): (row[m], row.get(f"{m}_status", ""))
        for scope, row in annual.iterrows()
        for m in metrics
    }
    park_910 = run.text("park_910.csv")
    written |= {
        (PARK, str(m)): (cell, status)
        for m, cell, status in zip(
            park_910["metric"], park_910["value"], park_910["status"], strict=True
        )
    }
    direct_line = run.text("direct_line.csv")
    written |= {
        (PARK, str(m)): (cell, "")
        for m, cell in zip(direct_line["metric"], direct_line["value"], strict=True)
    }
    return written


def store_equals_files(run: RunFiles) -> list[str]:
    """The stored results are annual.csv, park_910.csv and direct_line.csv, to full precision:
    a value as the same float, no value as an empty cell with its status and reason in words."""
    if run.record is None:
        raise NotChecked("no stored run")
    written = _written(run)
    stored = {(r.scope, r.metric): r for r in run.record.results}
    found = [f"{s}/{m} stored, not written" for s, m in stored if (s, m) not in written]
    found += [f"{s}/{m} written, not stored" for s, m in written if (s, m) not in stored]
    before = get_language()
    set_language("zh")  # the files are written in the default language
    try:
        for key, row in stored.items():
            if key not in written:
                continue
            cell, status = written[key]
            if row.value is None:
                words = unavailable_text(row.status, row.reason)
                if cell != "" or status != words or status_of(row.reason) != row.status:
                    found.append(
                        f"{key[0]}/{key[1]}: stored None ({row.status}, {row.reason}), written {cell!r} {status!r}"
                    )
            elif cell == "" or float(cell) != row.value:
                found.append(f"{key[0]}/{key[1]}: stored {row.value!r}, written {cell!r}")
    finally:
        set_language(before)
    return examples("store != files", found)


#: name -> check, for every run with result files
FILE_INVARIANTS: dict[str, Callable[[RunFiles], list[str]]] = {
    "finite_outputs": finite_outputs,
    "energy_conserved": energy_conserved,
    "green_claimed_once": green_claimed_once,
    "green_within_load": green_within_load,
    "market_scope2_nonnegative": market_scope2_nonnegative,
    "store_equals_files": store_equals_files,
    "fuel_gaps_not_counted_as_zero": fuel_gaps_not_counted_as_zero,
}
