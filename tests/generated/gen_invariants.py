"""Invariants every run of every park must meet, checked on what the run leaves behind:
the result files (``annual.csv``, ``hourly.parquet``, ``green_ledger.csv``, …), the stored run
and the park's configuration. Each check returns the violations it found (empty: it holds);
:class:`NotChecked` says why a check could not look (e.g. the run wrote no files).

The identities are those :mod:`greenpark.core.balance` and :mod:`greenpark.core.attribution`
document; tolerances are float rounding (``1e-9`` of the largest flow, at least 1e-6 kWh).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from parkgen import GeneratedPark

from greenpark.inputs.schema import PARK, ParkConfig
from greenpark.store.record import RunRecord

SHOWN = 3  # examples listed per kind of violation
BAD_TEXT = {"nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity", "<na>", "none", "null"}
SURPLUS = (
    re.compile(r"合同 (?P<id>\S+)：(?P<mwh>[\d,]+\.\d+) MWh 超出"),
    re.compile(r"contract (?P<id>\S+): (?P<mwh>[\d,]+\.\d+) MWh delivered beyond"),
)


class NotChecked(Exception):  # noqa: N818 - a reason, not an error
    """The check could not look at this run (what it needs is missing)."""


@dataclass
class RunFiles:
    """The outputs of one run of a generated park."""

    park: GeneratedPark
    config: ParkConfig
    out: Path
    record: RunRecord | None

    def need(self, name: str) -> Path:
        path = self.out / name
        if not path.is_file():
            raise NotChecked(f"no {name}")
        return path

    def text(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.need(name), dtype=str, keep_default_na=False)

    @cached_property
    def hourly(self) -> pd.DataFrame:
        return pd.read_parquet(self.need("hourly.parquet"))

    @cached_property
    def annual(self) -> pd.DataFrame:
        """``annual.csv`` as numbers (empty cells NaN), indexed by scope."""
        frame = self.text("annual.csv").set_index("scope")
        return frame.apply(lambda column: pd.to_numeric(column, errors="coerce"))

    @cached_property
    def ledger(self) -> pd.DataFrame:
        frame = pd.read_csv(self.need("green_ledger.csv"), keep_default_na=False)
        return frame.astype({"kwh": float, "claimant": str})

    @cached_property
    def messages(self) -> list[str]:
        return self.need("messages.txt").read_text(encoding="utf-8").splitlines()

    @cached_property
    def tolerance_kwh(self) -> float:
        return max(1e-6, 1e-9 * float(self.hourly["load_kwh"].abs().max() or 0.0) * 10)

    def per_enterprise(self, column: str) -> pd.Series:
        return self.hourly.groupby("enterprise", sort=False)[column].sum()


def _examples(kind: str, found: list[str]) -> list[str]:
    if not found:
        return []
    more = f" (+{len(found) - SHOWN} more)" if len(found) > SHOWN else ""
    return [f"{kind} | {'; '.join(found[:SHOWN])}{more}"]


def _cell_problems(name: str, frame: pd.DataFrame) -> dict[str, list[str]]:
    """NaN/inf written as text, and empty numbers without a reason beside them, by column."""
    values = frame.to_numpy(dtype=str)
    flat = pd.to_numeric(pd.Series(values.ravel()), errors="coerce").to_numpy(dtype=float)
    numbers = flat.reshape(values.shape)
    empty = values == ""
    reasons = [i for i, c in enumerate(frame.columns) if "reason" in c or "status" in c]
    explained = (~empty[:, reasons]).any(axis=1) if reasons else np.zeros(len(frame), bool)
    text_column = (np.isnan(numbers) & ~empty).any(axis=0)  # an all-empty column is numbers
    text_column[[0, *reasons]] = True  # the first column names the row
    found: dict[str, list[str]] = {}
    for i, j in zip(*np.nonzero(np.isin(np.char.lower(values), list(BAD_TEXT))), strict=True):
        found.setdefault(f"{name} {frame.columns[j]} written as text", []).append(
            f"{values[i, 0]}={str(values[i, j])!r}"
        )
    for i, j in zip(*np.nonzero(empty & ~text_column & ~explained[:, None]), strict=True):
        found.setdefault(f"{name} {frame.columns[j]} empty without a reason", []).append(
            str(values[i, 0])
        )
    return found


def finite_outputs(run: RunFiles) -> list[str]:
    """No NaN or inf in any file or stored value; unavailable = empty/None with a reason."""
    found = []
    for path in sorted(run.out.glob("*.csv")):
        for kind, cells in _cell_problems(path.name, run.text(path.name)).items():
            found += _examples(kind, cells)
    numbers = run.hourly.select_dtypes("number")
    not_finite = numbers.columns[~np.isfinite(numbers.to_numpy()).all(axis=0)]
    found += [f"hourly.parquet {c} has NaN or inf" for c in not_finite]
    if run.record is not None:
        stored = [
            f"{r.scope}/{r.metric}={r.value} ({r.status}, {r.reason})"
            for r in run.record.results
            if (r.value is None and not (r.status != "ok" and r.reason))
            or (r.value is not None and not math.isfinite(r.value))
        ]
        found += _examples("stored value neither finite nor explained", stored)
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
    for kind, residual, rows in (
        ("load+grid_to_storage != pv_self+discharge+shared_in+grid_import", demand, h),
        ("pv != pv_self+pv_to_storage+shared_out+export", supply, h),
    ):
        off = np.flatnonzero(residual.abs().to_numpy() > tol)
        found += _examples(kind, [_hour(rows, i, residual.iloc[i]) for i in off])
    off_park = shared.index[(shared.out - shared.in_).abs() > tol]
    found += _examples("park shared_out != shared_in", [str(t) for t in off_park])
    found += _examples("negative flow", negative) + _storage_balances(run)
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
    return _examples(
        "storage: charged - discharged - losses outside +-energy rating",
        [f"{e} {kept[e]:.6g} kWh, rating {rating[e]:.6g}" for e in kept.index[off]],
    )


def _hour(rows: pd.DataFrame, i: int, residual: float) -> str:
    row = rows.iloc[i]
    return f"{row.enterprise} {row.interval_start} off by {residual:.6g} kWh"


def _annual_matches_hourly(run: RunFiles) -> list[str]:
    pairs = {
        "electricity_kwh": "load_kwh",
        "pv_generation_kwh": "pv_kwh",
        "grid_import_kwh": "grid_import_kwh",
        "pv_export_kwh": "export_kwh",
    }
    found = []
    for metric, flow in pairs.items():
        hourly = run.per_enterprise(flow)
        written = run.annual.loc[list(hourly.index), metric]
        off = ~np.isclose(written, hourly, rtol=1e-5, atol=1e-3)
        found += [
            f"{e} annual {metric} {written[e]:.6g} != hourly sum {hourly[e]:.6g}"
            for e in hourly.index[off]
        ]
    return _examples("annual.csv vs hourly.parquet", found)


def _provided(run: RunFiles) -> dict[str, float]:
    """Green sources named in the configuration and what each provides [kWh]."""
    year = run.config.park.accounting_year
    provided = {
        c.id: 1e3 * (c.annual_mwh if c.annual_mwh is not None else sum(c.monthly_mwh or ()))
        for c in run.config.contracts
        if c.bundled_certificates
    }
    provided |= {
        b.id: 1e3 * b.quantity_mwh for b in run.config.certificates if b.claim_year == year
    }
    pv_used = run.per_enterprise("pv_self_kwh") + run.per_enterprise("storage_discharge_kwh")
    own = np.minimum(pv_used, run.per_enterprise("pv_kwh"))
    provided |= {f"onsite_pv:{e}": float(v) for e, v in own.items()}
    provided["park_shared_pv"] = float(run.hourly.shared_in_kwh.sum())
    return provided


def _surpluses(run: RunFiles) -> dict[str, float]:
    found = {}
    for line in run.messages:
        for pattern in SURPLUS:
            if match := pattern.search(line):
                found[match["id"]] = float(match["mwh"].replace(",", "")) * 1e3
    return found


def green_claimed_once(run: RunFiles) -> list[str]:
    """Each (claimant, source) once; claimed <= provided per source; claimed = provided - surplus."""
    ledger, tol = run.ledger, run.tolerance_kwh
    provided, surplus = _provided(run), _surpluses(run)
    repeated = ledger[ledger.duplicated(["claimant", "source_id"])]
    found = _examples(
        "repeated rows", [f"{r.claimant} {r.source_id}" for r in repeated.itertuples()]
    )
    claimed = ledger.groupby("source_id")["kwh"].sum()
    unknown = [s for s in claimed.index if s not in provided]
    found += _examples("unknown source", unknown)
    over = [f"{s} {claimed[s]:.6g} > {provided[s]:.6g}" for s in claimed.index
            if s in provided and claimed[s] > provided[s] * (1 + 1e-9) + tol]  # fmt: skip
    found += _examples("claimed more than provided", over)
    return found + _source_totals(run, claimed, provided, surplus) + _own_pv_claimed_by_owner(run)


def _source_totals(
    run: RunFiles, claimed: pd.Series, provided: dict[str, float], surplus: dict[str, float]
) -> list[str]:
    """Certificates are claimed in full; a contract's claims are its volume less its surplus."""
    found = []
    contracts = {c.id for c in run.config.contracts if c.id in provided}
    certificates = {b.id for b in run.config.certificates if b.id in provided}
    for source in sorted(contracts | certificates):
        got = float(claimed.get(source, 0.0))
        left = surplus.get(source, 0.0) if source in contracts else 0.0
        slack = 0.6 if source in surplus else 1e-3  # the message rounds to 0.001 MWh
        if abs(provided[source] - left - got) > slack + 1e-9 * provided[source]:
            found.append(
                f"{source}: provided {provided[source]:.6g} - surplus {left:.6g} != claimed {got:.6g}"
            )
    unbundled = [
        c.id for c in run.config.contracts if not c.bundled_certificates and c.id in claimed.index
    ]
    return _examples("ledger total != source total - surplus", found) + _examples(
        "unbundled contract claimed", unbundled
    )


def _own_pv_claimed_by_owner(run: RunFiles) -> list[str]:
    onsite = run.ledger[run.ledger.source_kind == "onsite_pv"]
    wrong = onsite[onsite.source_id != "onsite_pv:" + onsite.claimant]
    return _examples("on-site PV claimed by another enterprise", list(wrong.source_id))


def green_within_load(run: RunFiles) -> list[str]:
    """No claimant's green exceeds its load: per year, per matching period, physical per hour."""
    h, tol = run.hourly, run.tolerance_kwh
    load = run.per_enterprise("load_kwh")
    per_claimant = run.ledger.groupby("claimant")["kwh"].sum()
    found = [f"{e} green {v:.6g} > load {load.get(e, 0.0):.6g}" for e, v in per_claimant.items()
             if v > load.get(e, 0.0) * (1 + 1e-9) + tol]  # fmt: skip
    physical = np.flatnonzero((h.green_physical_kwh - h.load_kwh).to_numpy() > tol)
    found += [_hour(h, i, h.green_physical_kwh.iloc[i] - h.load_kwh.iloc[i]) for i in physical]
    period = {"hourly": h.interval_start, "monthly": h.interval_start.dt.month}.get(
        run.park.matching, pd.Series(0, index=h.index)
    )
    columns = ["green", "load_kwh", "green_contract_kwh", "grid_import_kwh"]
    green = h.green_physical_kwh + h.green_contract_kwh
    sums = h.assign(green=green, period=period).groupby(["enterprise", "period"])[columns].sum()
    over = sums[sums.green > sums.load_kwh * (1 + 1e-9) + tol]
    found += [
        f"{e} period {p}: green {r.green:.6g} > load {r.load_kwh:.6g}"
        for (e, p), r in over.iterrows()
    ]
    bought = sums[sums.green_contract_kwh > sums.grid_import_kwh * (1 + 1e-9) + tol]
    found += [
        f"{e} period {p}: contract {r.green_contract_kwh:.6g} > grid import {r.grid_import_kwh:.6g}"
        for (e, p), r in bought.iterrows()
    ]
    annual = run.annual.drop(index=PARK, errors="ignore")
    over_annual = annual.index[annual.green_total_kwh > annual.electricity_kwh * (1 + 1e-5) + 1e-3]
    return _examples("green above load", found + [f"annual.csv {e}" for e in over_annual])


def market_scope2_nonnegative(run: RunFiles) -> list[str]:
    """Market-based Scope 2 is never negative, in the file and in the store."""
    column = run.annual["scope2_market_co2_kg"]
    found = [f"annual.csv {s}={v:.6g}" for s, v in column.items() if v < 0]
    if run.record is not None:
        found += [
            f"stored {r.scope}={r.value:.6g}"
            for r in run.record.results
            if r.metric == "scope2_market_co2_kg" and r.value is not None and r.value < 0
        ]
    return _examples("negative market-based Scope 2", found)


def store_equals_files(run: RunFiles) -> list[str]:
    """The stored results are annual.csv and park_910.csv, to full precision."""
    if run.record is None:
        raise NotChecked("no stored run")
    written = {}
    annual = run.text("annual.csv").set_index("scope")
    for scope, row in annual.iterrows():
        written |= {(str(scope), str(metric)): cell for metric, cell in row.items()}
    park_910 = run.text("park_910.csv")
    written |= {
        (PARK, str(m)): cell for m, cell in zip(park_910.iloc[:, 0], park_910["value"], strict=True)
    }
    stored = {(r.scope, r.metric): r for r in run.record.results}
    found = [f"{s}/{m} stored, not written" for s, m in stored if (s, m) not in written]
    for key, row in stored.items():
        cell = written.get(key)
        if cell is None:
            continue
        if row.value is None:
            if cell != "":
                found.append(f"{key[0]}/{key[1]}: stored None ({row.status}), written {cell!r}")
        elif cell == "" or float(cell) != row.value:
            found.append(f"{key[0]}/{key[1]}: stored {row.value!r}, written {cell!r}")
    return _examples("store != files", found)


#: name -> check, for every run with result files
FILE_INVARIANTS: dict[str, Callable[[RunFiles], list[str]]] = {
    "finite_outputs": finite_outputs,
    "energy_conserved": energy_conserved,
    "green_claimed_once": green_claimed_once,
    "green_within_load": green_within_load,
    "market_scope2_nonnegative": market_scope2_nonnegative,
    "store_equals_files": store_equals_files,
}
