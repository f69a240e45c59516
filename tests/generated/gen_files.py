"""What one run of a generated park left behind, as the invariant checks read it: the result
files (``greenpark.report.run_files.RESULT_FILES``), the stored run, the park's configuration
and, for runs made in process, the ledger's ``sources`` table (what each green source
provided and what was claimed from it)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from parkgen import GeneratedPark

from greenpark.inputs.park.schema import PARK, ParkConfig
from greenpark.report.run_files import CSV_ENCODING
from greenpark.store.record import RunRecord

SHOWN = 3  # examples listed per kind of violation


class NotChecked(Exception):  # noqa: N818 - a reason, not an error
    """The check could not look at this run (what it needs is missing)."""


@dataclass
class RunFiles:
    """The outputs of one run of a generated park."""

    park: GeneratedPark
    config: ParkConfig
    out: Path
    record: RunRecord | None
    sources: pd.DataFrame | None = None  # the ledger's sources table (in-process runs)

    def need(self, name: str) -> Path:
        path = self.out / name
        if not path.is_file():
            raise NotChecked(f"no {name}")
        return path

    def text(self, name: str) -> pd.DataFrame:
        """A CSV as written: every cell text, empty cells ``""``."""
        return pd.read_csv(self.need(name), dtype=str, keep_default_na=False, encoding=CSV_ENCODING)

    @cached_property
    def hourly(self) -> pd.DataFrame:
        return pd.read_parquet(self.need("hourly.parquet"))

    @cached_property
    def annual(self) -> pd.DataFrame:
        """``annual.csv`` as numbers (empty cells NaN; status columns NaN), indexed by scope."""
        frame = self.text("annual.csv").set_index("scope")
        return frame.apply(lambda column: pd.to_numeric(column, errors="coerce"))

    @cached_property
    def enterprises(self) -> pd.DataFrame:
        """The enterprise rows of :attr:`annual`."""
        return self.annual.drop(index=PARK)

    @cached_property
    def ledger(self) -> pd.DataFrame:
        frame = self.text("green_ledger.csv")
        return frame.astype({"kwh": float})

    @cached_property
    def messages(self) -> list[str]:
        return self.need("messages.txt").read_text(encoding="utf-8").splitlines()

    @cached_property
    def tolerance_kwh(self) -> float:
        """Float rounding of the largest hourly flow (at least 1e-6 kWh)."""
        return max(1e-6, 1e-8 * float(self.hourly["load_kwh"].abs().max() or 0.0))

    def per_enterprise(self, column: str) -> pd.Series:
        """Sum over the year of an hourly column, per enterprise (park order)."""
        sums = self.hourly.groupby("enterprise", sort=False)[column].sum()
        return sums.reindex(list(self.config.enterprise_ids()))


def examples(kind: str, found: list[str]) -> list[str]:
    """One violation line: its kind, then up to :data:`SHOWN` examples."""
    if not found:
        return []
    more = f" (+{len(found) - SHOWN} more)" if len(found) > SHOWN else ""
    return [f"{kind} | {'; '.join(found[:SHOWN])}{more}"]


def close(a: float, b: float, scale: float, tolerance: float) -> bool:
    """``a`` and ``b`` equal within float rounding of ``scale`` and an absolute tolerance."""
    return abs(a - b) <= 1e-9 * abs(scale) + tolerance
