"""A seeded generator of park folders (``park.yaml`` + ``data/``) for end-to-end tests.

Every park differs the way users' parks do: 1-60 enterprises (most small, a few large),
annual energy from ~1,000 to ~2,000,000 tce (both sides of the 910号 200,000 and 1,000,000 tce
tiers), optional fields left out, electricity metered hourly (long and wide), every 15 minutes,
only as monthly bills, or hourly for part of the year with bills for the other months, with
gaps (imputed, or completed by a bill) and zero-use enterprises; rooftop PV (capacity-0 roofs,
registered or not, each export-certificate state), storage in both dispatch modes, dated
tariffs, contracts (settled and modelled, hydro), certificates (histograms, serials, held and
cancelled, both claim rules), park sharing over each channel, heat, fuels burnt and used as
feedstock (monthly or hourly with bills for the months a meter missed), measured heating
values, process CO2, CSV and ``.xlsx`` files. A share of parks leaves whole months without any
data and is run with ``allow_gaps`` (``--allow-gaps``). Every random draw comes from
``numpy.random.default_rng(seed)``: the same seed gives the same park.

``partial_year_bills=True`` makes partial-year hourly electricity (with bills for the other
months) far more common. ``broken=KIND`` (:data:`parkgen_broken.BROKEN_KINDS`) adds one
mistake ``greenpark check`` must name.

Regenerate a park to look at it::

    .venv/bin/python tests/generated/parkgen.py SEED DIR [--partial-year-bills] [--broken KIND]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from parkgen_certificates import add_contracts_and_certificates
from parkgen_green import add_green_assets
from parkgen_meters import (
    DataFile,
    FileStyle,
    Series,
    clock,
    gap_mask,
    hourly_loads,
    monthly_totals,
)
from parkgen_readings import Readings, drop_bills_below_meters, metered_kwh, readings_of
from parkgen_supply import add_fuels_and_heat

#: kgce per kWh, electricity 当量值 (GB/T 2589-2020 附录A); sizes the generated loads only
KGCE_PER_KWH = 0.1229
LOCATIONS = ((35.49, 112.85, 750.0), (37.87, 112.55, None), (40.08, 113.30, 1050.0))
PROVINCES = (
    ("山西", "华北"),
    ("shanxi", "north"),
    ("河北", "华北"),
    ("江苏", "华东"),
    ("湖南", "华中"),  # provincial overlays of the 910号 indicator (criteria/zero_carbon_park.csv)
    ("内蒙古", "north"),
)
PROFILES = ("continuous_process", "three_shift", "two_shift", "one_shift", "office", "data_centre")
INDUSTRIES = ("C3976", "C3130", "C2614", "D4411", "I6450", "C1513", "3311", "G5920")
#: share of parks whose data leave whole months without readings or bills (run allow_gaps)
ALLOW_GAPS = 0.12


@dataclass
class Plan:
    """A park being generated: its ``park.yaml`` as data, its files, what it exercises."""

    rng: np.random.Generator
    seed: int
    year: int
    partial_year_bills: bool
    config: dict[str, object] = field(default_factory=dict)
    files: list[DataFile] = field(default_factory=list)
    profiles: dict[str, np.ndarray] = field(default_factory=dict)  # contract id -> weights
    features: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)
    load_kwh: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (H, E) truth
    modes: dict[str, str] = field(default_factory=dict)  # enterprise -> electricity mode
    matching: str = "monthly"
    allow_gaps: bool = False  # some series miss whole months: run with allow_gaps
    target_tce: float = 0.0  # the park's annual energy as drawn; sizes fuels and heat
    max_enterprises: int = 60
    expected: tuple[str, ...] = ()  # what check must name (broken parks)

    def flag(self, feature: str, condition: bool = True) -> bool:
        if condition:
            self.features.add(feature)
        return condition

    def chance(self, p: float, feature: str | None = None) -> bool:
        hit = bool(self.rng.random() < p)
        if feature is not None:
            self.flag(feature, hit)
        return hit

    def section(self, name: str) -> list[dict[str, object]]:
        items = self.config.setdefault(name, [])
        assert isinstance(items, list)
        return items

    @property
    def info(self) -> dict[str, object]:
        info = self.config["park"]
        assert isinstance(info, dict)
        return info

    @property
    def annual_kwh(self) -> np.ndarray:
        return self.load_kwh.sum(axis=0)

    def missing_months(self, feature: str) -> np.ndarray:
        """1-3 whole months (1-12) left without any data, in an ``allow_gaps`` park."""
        self.flag(feature)
        return self.rng.choice(np.arange(1, 13), size=int(self.rng.integers(1, 4)), replace=False)


@dataclass(frozen=True)
class GeneratedPark:
    """A generated park folder and what the tests need to know about it.

    ``readings`` are the series greenpark reads from the files, by (enterprise, carrier, use):
    hourly readings and monthly bills in the canonical unit, NaN where a file has none (for
    the coverage rule checked by hand); ``fuel_gaps`` the non-electricity series with empty
    cells or months.
    """

    seed: int
    directory: Path
    year: int
    enterprise_ids: tuple[str, ...]
    features: frozenset[str]
    matching: str  # --contract-matching to run it with
    allow_gaps: bool  # run with --allow-gaps
    show_tables: bool  # render the run's terminal tables too (every 4th park; they cost)
    readings: Readings
    broken: str | None = None
    expected_in_check: tuple[str, ...] = ()  # texts check must show (broken parks)

    @property
    def fuel_gaps(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(
            key
            for key, series in self.readings.items()
            if series.has_gaps and key[1] != "electricity"
        )


def _park_info(plan: Plan) -> None:
    rng = plan.rng
    lat, lon, altitude = LOCATIONS[int(rng.integers(len(LOCATIONS)))]
    province, grid = PROVINCES[int(rng.integers(len(PROVINCES)))]
    plan.flag("overlay_province", province in ("湖南", "内蒙古"))
    location: dict[str, object] = {"latitude_deg": lat, "longitude_deg": lon}
    if plan.flag("altitude", altitude is not None):
        location["altitude_m"] = altitude
    info: dict[str, object] = {
        "id": f"gen-{plan.seed}",
        "name": f"生成园区 {plan.seed}",
        "province": province,
        "grid_region": grid,
        "location": location,
        "accounting_year": plan.year,
    }
    if plan.chance(0.5):
        info["name_en"] = f"Generated park {plan.seed}"
    land = rng.choice(["mu", "km2", "both"])
    plan.flag(f"park_land_{land}")
    if land in ("mu", "both"):
        info["land_area_mu"] = float(rng.integers(500, 30000))
    if land in ("km2", "both"):
        info["land_area_km2"] = round(float(rng.uniform(0.5, 20)), 2)
    if plan.chance(0.3, "explicit_timezone"):
        info["timezone"] = "Asia/Shanghai"
    if plan.chance(0.35, "park_sharing"):
        info["surplus_pv"] = "park_sharing"
        channel = str(
            rng.choice(["none", "direct_line", "incremental_distribution", "market_trade"])
        )
        plan.flag(f"sharing_{channel}")
        if channel != "none":
            info["sharing_channel"] = channel
    rule = str(rng.choice(["default", "same_year", "validity_2y"], p=[0.4, 0.25, 0.35]))
    plan.flag(f"claim_rule_{rule}")
    if rule != "default":
        info["certificate_claim_rule"] = rule
    plan.config["park"] = info


def _enterprise_count(rng: np.random.Generator) -> int:
    bucket = rng.choice(3, p=[0.7, 0.25, 0.05])
    low, high = ((1, 5), (6, 20), (21, 60))[bucket]
    return int(rng.integers(low, high + 1))


def _enterprise(plan: Plan, index: int, enterprise_id: str) -> dict[str, object]:
    rng = plan.rng
    item: dict[str, object] = {
        "id": enterprise_id,
        "name": f"生成企业{index + 1}号",
        "industry_code": str(rng.choice(INDUSTRIES)),
    }
    if plan.chance(0.8):
        item["load_profile"] = str(rng.choice(PROFILES))
    if plan.chance(0.2, "ndrc_vintage"):
        item["fuel_factor_vintage"] = "ndrc_guide"
    for key, low, high in (
        ("output_value_wan_cny", 500, 500000),
        ("value_added_wan_cny", 100, 100000),
        ("tax_wan_cny", 10, 20000),
        ("land_mu", 5, 2000),
    ):
        if not plan.chance(0.25, f"no_{key}"):
            item[key] = 0.0 if plan.chance(0.04, f"zero_{key}") else round(rng.uniform(low, high))
    if not plan.chance(0.3, "no_employees"):
        item["employees"] = int(rng.integers(0, 5000))
    if not plan.chance(0.4, "no_products"):
        zero = plan.chance(0.1, "product_zero_output")
        output = 0.0 if zero else round(float(rng.uniform(1, 1e6)), 1)
        item["products"] = [{"name": "产品", "annual_output": output, "unit": "t"}]
    return item


def _enterprises(plan: Plan) -> None:
    rng = plan.rng
    n = min(_enterprise_count(rng), plan.max_enterprises)
    plan.flag(f"enterprises_{'1-5' if n <= 5 else '6-20' if n <= 20 else '21-60'}")
    style = int(rng.integers(3))
    plan.ids = [("E{:02d}", "C{:03d}", "ent_{}")[style].format(i + 1) for i in range(n)]
    items = [_enterprise(plan, i, e) for i, e in enumerate(plan.ids)]
    plan.config["enterprises"] = items
    target_tce = 10 ** rng.uniform(3.0, 6.3)
    tier = "lt200k" if target_tce < 2e5 else "200k-1M" if target_tce < 1e6 else "ge1M"
    plan.flag(f"tce_{tier}")
    weights = rng.lognormal(0.0, 1.4, n)
    annual = target_tce * 1e3 * rng.uniform(0.3, 0.95) / KGCE_PER_KWH * weights / weights.sum()
    if n > 1 and plan.chance(0.12, "zero_use"):
        annual[int(rng.integers(n))] = 0.0
    profiles = [str(e.get("load_profile", "two_shift")) for e in items]
    plan.load_kwh = hourly_loads(rng, profiles, annual, plan.year)
    plan.target_tce = target_tce


def _modes(plan: Plan) -> None:
    """Electricity data per enterprise: hourly, 15min, monthly, or partial (hourly for part
    of the year, bills for the other months)."""
    rng = plan.rng
    quarter_left = 1 if len(plan.ids) <= 12 else 0  # 35,040 rows each: one is enough
    p = [0.35, 0.05, 0.2, 0.4] if plan.partial_year_bills else [0.56, 0.06, 0.26, 0.12]
    for enterprise in plan.ids:
        mode = str(rng.choice(["hourly", "15min", "monthly", "partial"], p=p))
        if mode == "15min" and quarter_left == 0:
            mode = "hourly"
        quarter_left -= mode == "15min"
        plan.modes[enterprise] = mode
        plan.flag(f"electricity_{mode}")


def _hourly_series(plan: Plan, column: int, months: np.ndarray | None) -> Series:
    """Hourly readings: gaps within months, months not metered (``months``: those that are),
    and in an ``allow_gaps`` park sometimes whole months without any data."""
    enterprise = plan.ids[column]
    values = plan.load_kwh[:, column].copy()
    month = clock(plan.year).month
    if plan.chance(0.2, "gaps"):
        values[gap_mask(plan.rng, len(values), month)] = np.nan
    if months is not None:
        values[~np.isin(month, months)] = np.nan
    elif plan.allow_gaps and plan.chance(0.4):
        values[np.isin(month, plan.missing_months("electricity_months_missing"))] = np.nan
    return Series(enterprise, "electricity", values, "kWh")


def _gap_bills(plan: Plan, column: int, series: Series, bills: list[Series]) -> None:
    """Sometimes bills for months with gaps in ``series`` (the bill completes them)."""
    month = clock(plan.year).month
    missing = np.isnan(series.values)
    gappy = np.intersect1d(month[missing], month[~missing])  # some readings, some gaps
    if not len(gappy) or not plan.chance(0.4):
        return
    chosen = gappy[plan.rng.random(len(gappy)) < 0.6]
    totals = monthly_totals(plan.load_kwh[:, column], plan.year)
    have = [b for b in bills if b.enterprise == series.enterprise]
    if not have:
        have = [Series(series.enterprise, "electricity", np.full(12, np.nan), "kWh")]
        bills.append(have[0])
    have[0].values[chosen - 1] = totals[chosen - 1]
    plan.flag("bills_fill_gaps", bool(len(chosen)))


def _electricity_files(plan: Plan) -> None:
    wide, long, bills = [], [], []
    for column, enterprise in enumerate(plan.ids):
        mode = plan.modes[enterprise]
        if mode == "15min":
            plan.files.append(_quarter_file(plan, column))
            continue
        if mode in ("monthly", "partial"):
            bills.append(_bill_series(plan, column))
        if mode == "monthly":
            continue
        months = _partial_months(plan, bills[-1]) if mode == "partial" else None
        series = _hourly_series(plan, column, months)
        _gap_bills(plan, column, series, bills)
        (long if len(long) < 4 and plan.chance(0.25) else wide).append(series)
    if wide:
        unit = "MWh" if plan.chance(0.15, "mwh_unit") else "kWh"
        wide = [Series(s.enterprise, s.carrier, s.values, unit) for s in wide]
        excel = len(wide) <= 2 and plan.chance(0.04, "xlsx_hourly")
        style = _style(plan, excel=excel)
        name = "data/electricity_hourly" + (".xlsx" if excel else ".csv")
        plan.files.append(DataFile(name, "wide", "hourly", wide, style))
    if long:
        style = _style(plan, excel=False, drop_rows=plan.chance(0.5, "gap_rows_dropped"))
        plan.files.append(DataFile("data/electricity_long.csv", "long", "hourly", long, style))
    if bills:
        plan.files.append(_bill_file(plan, bills))


def _style(plan: Plan, *, excel: bool, drop_rows: bool = False, timed: bool = True) -> FileStyle:
    """How a file is written; ``timed``: it has timestamps (not months)."""
    return FileStyle(
        excel=plan.flag("xlsx", excel),
        bom=not excel and plan.chance(0.2, "bom"),
        interval_end=timed and plan.chance(0.15, "interval_end"),
        chinese_carrier=plan.chance(0.3, "chinese_carrier"),
        drop_gap_rows=drop_rows,
    )


def _quarter_file(plan: Plan, column: int) -> DataFile:
    enterprise = plan.ids[column]
    hourly = plan.load_kwh[:, column]
    noise = plan.rng.dirichlet(np.full(4, 20.0), size=len(hourly))  # (H, 4) splits of an hour
    values = (hourly[:, None] * noise).ravel()
    if plan.chance(0.3, "gaps"):
        hours = np.flatnonzero(gap_mask(plan.rng, len(hourly), clock(plan.year).month))
        values[hours * 4 + plan.rng.integers(0, 4, len(hours))] = np.nan  # incomplete hours
    series = Series(enterprise, "electricity", values, "kWh")
    style = _style(plan, excel=False, drop_rows=plan.chance(0.5))
    return DataFile(f"data/electricity_15min_{enterprise}.csv", "long", "15min", [series], style)


def _bill_series(plan: Plan, column: int) -> Series:
    unit = str(plan.rng.choice(["kWh", "万kWh", "MWh"]))
    totals = monthly_totals(plan.load_kwh[:, column], plan.year)
    if plan.modes[plan.ids[column]] == "monthly" and plan.allow_gaps and plan.chance(0.3):
        totals[plan.missing_months("electricity_bill_missing") - 1] = np.nan
    return Series(plan.ids[column], "electricity", totals, unit)


def _partial_months(plan: Plan, bills: Series) -> np.ndarray:
    """Months 1-12 metered hourly (a run of 2-10); the other months stay as bills (in an
    ``allow_gaps`` park, some of them sometimes without a bill)."""
    length = int(plan.rng.integers(2, 11))
    start = int(plan.rng.integers(1, 13 - length + 1))
    metered = np.arange(start, start + length)
    bills.values[metered - 1] = np.nan
    if plan.allow_gaps and plan.chance(0.3, "partial_months_missing"):
        others = np.setdiff1d(np.arange(1, 13), metered)
        bills.values[plan.rng.choice(others, size=min(2, len(others)), replace=False) - 1] = np.nan
    return metered


def _bill_file(plan: Plan, bills: list[Series]) -> DataFile:
    if plan.chance(0.3, "bills_wide"):
        unit = bills[0].unit
        same = [Series(s.enterprise, s.carrier, s.values, unit) for s in bills]
        excel = plan.chance(0.25, "xlsx_monthly")
        name = "data/electricity_bills" + (".xlsx" if excel else ".csv")
        style = _style(plan, excel=excel, drop_rows=True, timed=False)
        return DataFile(name, "wide", "monthly", same, style)
    style = _style(plan, excel=False, drop_rows=True, timed=False)
    return DataFile("data/electricity_bills.csv", "long", "monthly", bills, style)


def _write(plan: Plan, directory: Path) -> None:
    from parkgen_meters import write_profile

    directory.mkdir(parents=True, exist_ok=True)
    for data_file in plan.files:  # a bill series left without a bill is not written
        data_file.series[:] = [s for s in data_file.series if not np.isnan(s.values).all()]
    plan.config["data"] = [f.write(directory, plan.year) for f in plan.files if f.series]
    for contract_id, weights in plan.profiles.items():
        write_profile(directory / f"data/profile_{contract_id}.csv", weights, plan.year)
    text = yaml.safe_dump(plan.config, allow_unicode=True, sort_keys=False, width=100)
    (directory / "park.yaml").write_text(text, encoding="utf-8")


def generate_park(
    seed: int,
    directory: Path,
    *,
    partial_year_bills: bool = False,
    broken: str | None = None,
    max_enterprises: int = 60,
) -> GeneratedPark:
    """Write the park of ``seed`` into ``directory`` (created); see the module docstring."""
    rng = np.random.default_rng(seed)
    year = 2024 if rng.random() < 0.2 else 2025
    plan = Plan(rng, seed, year, partial_year_bills, max_enterprises=max_enterprises)
    plan.flag("leap_year", year == 2024)
    plan.allow_gaps = broken is None and plan.chance(ALLOW_GAPS, "allow_gaps")
    _park_info(plan)
    _enterprises(plan)
    _modes(plan)
    _electricity_files(plan)
    add_fuels_and_heat(plan)
    drop_bills_below_meters(plan.files, plan.year)
    capacity = add_green_assets(plan)
    add_contracts_and_certificates(plan, capacity, metered_kwh(plan))
    plan.matching = str(rng.choice(["monthly", "hourly", "annual"], p=[0.7, 0.15, 0.15]))
    plan.flag(f"matching_{plan.matching}")
    if broken is not None:
        from parkgen_broken import break_park

        break_park(plan, broken)
    _write(plan, directory)
    shown = plan.flag("tables_shown", seed % 4 == 0)
    return GeneratedPark(
        seed=seed,
        directory=directory,
        year=year,
        enterprise_ids=tuple(plan.ids),
        features=frozenset(plan.features),
        matching=plan.matching,
        allow_gaps=plan.allow_gaps,
        show_tables=shown,
        readings=readings_of(plan.files, plan.year),
        broken=broken,
        expected_in_check=plan.expected,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--partial-year-bills", action="store_true")
    parser.add_argument("--broken", default=None)
    parser.add_argument("--max-enterprises", type=int, default=60)
    args = parser.parse_args(argv)
    park = generate_park(
        args.seed,
        args.directory,
        partial_year_bills=args.partial_year_bills,
        broken=args.broken,
        max_enterprises=args.max_enterprises,
    )
    print(f"{park.directory}: {len(park.enterprise_ids)} enterprises, {park.year}")
    print("features:", ", ".join(sorted(park.features)))
    gaps = " --allow-gaps" if park.allow_gaps else ""
    print(f"run it: greenpark run {park.directory} --contract-matching {park.matching}{gaps}")


if __name__ == "__main__":
    main()
