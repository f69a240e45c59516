"""Generate the illustrative demo park ``sites/jincheng-edz/`` (示意园区，不是真实园区).

Usage (from the repository root)::

    .venv/bin/python scripts/generate_demo_park.py [--seed 2025] [--out sites/jincheng-edz]

Writes ``park.yaml``, ``README.md`` and ``data/*.csv``:

- ``data/electricity_hourly.csv``: wide, ``timestamp,E01,…`` [kWh per hour], 8760 rows of 2025,
  local clock (Asia/Shanghai) marking the interval start; one deliberate 4-hour gap (E09);
- ``data/electricity_15min_<id>.csv``: long 15-minute readings of two enterprises;
- ``data/electricity_monthly.csv``: monthly bills [万kWh] of four enterprises without interval
  meters;
- ``data/monthly_energy.csv``: monthly fuels, heat, process CO2, water, solid waste, waste heat.

The output is deterministic: every random draw comes from ``numpy.random.default_rng`` seeded
with ``--seed`` and a fixed label per purpose (``load-E01``, ``roofs-E03``, …), so the same seed
gives byte-identical files and adding an enterprise leaves the others unchanged. Load shapes
follow the Chinese calendar of ``holidays.China(years=2025)`` (see ``demo_park/loads.py``).
``park.yaml`` is validated against ``greenpark.inputs.park.schema.ParkConfig`` before it is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from demo_park.assets import rooftops
from demo_park.datafiles import (
    KWH_PER_BILL_UNIT,
    electricity_kwh,
    hourly_wide,
    monthly_bills,
    monthly_energy,
    quarter_hour_long,
    stream,
)
from demo_park.firms import FIRMS, Firm
from demo_park.loads import calendar
from demo_park.parkfile import park_config, park_yaml
from demo_park.readme import readme
from demo_park.summary import totals

from greenpark.inputs.factors.registry import load_factor_registry

YEAR = 2025
DEFAULT_SEED = 2025
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "sites" / "jincheng-edz"


def _ids(firms: Sequence[Firm], meter: str) -> list[str]:
    return [firm.id for firm in firms if firm.meter == meter]


def _write_csv(frame: pd.DataFrame, path: Path, float_format: str = "%.1f") -> None:
    frame.to_csv(path, index=False, float_format=float_format, lineterminator="\n")


def _metered_kwh(
    wide: pd.DataFrame, quarters: dict[str, pd.DataFrame], bills: pd.DataFrame
) -> dict[str, float]:
    """Annual electricity per enterprise as written in the files (gaps count as missing) [kWh]."""
    metered = {str(col): float(wide[col].sum()) for col in wide.columns if col != "timestamp"}
    metered |= {firm_id: float(frame["quantity"].sum()) for firm_id, frame in quarters.items()}
    per_firm = bills.groupby("enterprise")["quantity"].sum() * KWH_PER_BILL_UNIT
    return metered | {str(k): float(v) for k, v in per_firm.items()}


def generate(out: Path, seed: int) -> None:
    """Write the whole demo park into ``out``."""
    firms = sorted(FIRMS, key=lambda firm: firm.id)
    cal = calendar(YEAR)
    loads = electricity_kwh(firms, cal, seed)
    wide = hourly_wide(loads, _ids(firms, "hourly"), cal)
    quarters = {
        firm_id: quarter_hour_long(firm_id, loads[firm_id], cal, stream(seed, f"15min-{firm_id}"))
        for firm_id in _ids(firms, "15min")
    }
    bills = monthly_bills(loads, _ids(firms, "monthly"), cal)
    energy = monthly_energy(firms, loads, cal, seed)
    roofs = rooftops(firms, seed)
    command = f".venv/bin/python scripts/generate_demo_park.py --seed {seed}"
    text = park_yaml(park_config(firms, roofs, list(quarters)), command)

    (out / "data").mkdir(parents=True, exist_ok=True)
    _write_csv(wide, out / "data" / "electricity_hourly.csv")
    for firm_id, frame in quarters.items():
        _write_csv(frame, out / "data" / f"electricity_15min_{firm_id}.csv", "%.2f")
    _write_csv(bills, out / "data" / "electricity_monthly.csv", "%.2f")
    _write_csv(energy, out / "data" / "monthly_energy.csv")
    (out / "park.yaml").write_text(text, encoding="utf-8")

    metered = _metered_kwh(wide, quarters, bills)
    channels = {
        meter: sum(metered[firm_id] for firm_id in _ids(firms, meter))
        for meter in ("hourly", "15min", "monthly")
    }
    summary = totals(channels, energy, roofs, load_factor_registry())
    (out / "README.md").write_text(readme(firms, summary, metered, command), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    generate(args.out, args.seed)


if __name__ == "__main__":
    main()
