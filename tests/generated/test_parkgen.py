"""The park generator and the invariant checks themselves.

The generator must be deterministic and make what it says it makes; each invariant check
must find a violation planted in the files of a real run (a check that cannot fail is a
defect).
"""

from __future__ import annotations

import math
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from gen_coverage import fuel_gaps_not_counted_as_zero, month_sources
from gen_files import RunFiles
from gen_harness import Outcome, run_in_process
from gen_invariants import (
    energy_conserved,
    finite_outputs,
    market_scope2_nonnegative,
    store_equals_files,
)
from gen_ledger import counted_kwh, green_claimed_once, green_within_load
from gen_variants import extra_certificate
from parkgen import generate_park
from parkgen_broken import BROKEN_KINDS
from parkgen_meters import clock
from parkgen_readings import SeriesReadings

from greenpark.inputs.park.load import load_park
from greenpark.inputs.park.schema import Certificate
from greenpark.report.run_files import CSV_ENCODING
from greenpark.store.record import ResultRow

#: a small park run with --allow-gaps: PV, a battery, sharing over incremental distribution,
#: bundled, settled and unbundled contracts, a park certificate batch partly left held,
#: months of fuel and electricity without data (extrapolated)
RICH_SEED = 2650


@pytest.fixture(scope="module")
def rich_run(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("rich")
    park = generate_park(RICH_SEED, folder / "park")
    assert {"pv_installed", "storage", "park_sharing", "contracts", "certificates_claimed"} <= (
        park.features
    )
    assert {"allow_gaps", "fuel_months_missing", "sharing_incremental_distribution"} <= (
        park.features
    )
    outcome = run_in_process(park, folder / "out", f"sqlite:///{folder / 'runs.db'}")
    assert outcome.errors == {}
    return outcome


def _files(rich_run: Outcome, folder: Path, *, sources: bool = True) -> RunFiles:
    """A private copy of the rich run's result files, to plant violations in."""
    assert rich_run.config is not None and rich_run.computed is not None
    out = folder / "out"
    shutil.copytree(rich_run.out, out)
    table = rich_run.computed.ledger_sources() if sources else None
    return RunFiles(rich_run.park, rich_run.config, out, rich_run.record, table)


@pytest.fixture
def files(rich_run: Outcome, tmp_path: Path) -> RunFiles:
    return _files(rich_run, tmp_path)


def _again(files: RunFiles) -> RunFiles:
    """The same run's files read afresh (after a planted change)."""
    return replace(files)


def _edit_csv(files: RunFiles, name: str, edit: object) -> None:
    frame = pd.read_csv(files.out / name, dtype=str, keep_default_na=False, encoding=CSV_ENCODING)
    edit(frame)  # type: ignore[operator]
    frame.to_csv(files.out / name, index=False, encoding=CSV_ENCODING)


def _texts(folder: Path) -> dict[str, bytes | list[list[str]]]:
    found: dict[str, bytes | list[list[str]]] = {}
    for path in sorted(folder.rglob("*.*")):
        name = str(path.relative_to(folder))
        if path.suffix == ".xlsx":  # the workbook stores its creation time; compare cells
            found[name] = (
                pd.read_excel(path, dtype=str, engine="openpyxl").fillna("").to_numpy().tolist()
            )
        else:
            found[name] = path.read_bytes()
    return found


def test_the_same_seed_gives_the_same_park(tmp_path: Path) -> None:
    first = generate_park(RICH_SEED, tmp_path / "a")
    again = generate_park(RICH_SEED, tmp_path / "b")
    assert _texts(tmp_path / "a") == _texts(tmp_path / "b")
    assert first.features == again.features
    other = generate_park(RICH_SEED + 1, tmp_path / "c")
    assert _texts(tmp_path / "c") != _texts(tmp_path / "a")
    assert other.seed == RICH_SEED + 1


def test_what_the_generator_says_it_wrote_is_what_greenpark_reads(tmp_path: Path) -> None:
    """The readings the coverage check works from are the files' (hourly, bills, 15-min)."""
    seen = set()
    for seed in range(12):
        park = generate_park(seed, tmp_path / str(seed), partial_year_bills=True)
        meters = load_park(park.directory, allow_gaps=park.allow_gaps).meters
        for (enterprise, carrier, use), series in park.readings.items():
            hourly, monthly = meters.frames(use)
            if series.hourly is not None:
                read = hourly[carrier][enterprise].to_numpy()
                np.testing.assert_allclose(read, series.hourly, rtol=1e-9, atol=1e-9)
                seen.add("hourly")
            if series.monthly is not None:
                read = monthly[carrier][enterprise].to_numpy()
                np.testing.assert_allclose(read, series.monthly, rtol=1e-9, atol=1e-9)
                seen.add("monthly")
            if series.hourly is not None and series.monthly is not None:
                seen.add("both")
    assert seen == {"hourly", "monthly", "both"}


def test_partial_year_electricity_is_hourly_data_and_bills_for_the_other_months(
    tmp_path: Path,
) -> None:
    seen = 0
    for seed in range(30):
        park = generate_park(seed, tmp_path / str(seed), partial_year_bills=True)
        if "electricity_partial" not in park.features or park.allow_gaps:
            continue
        for (enterprise, carrier, _), series in park.readings.items():
            if carrier != "electricity" or series.hourly is None or series.monthly is None:
                continue
            month = clock(park.year).month
            metered = set(month[~np.isnan(series.hourly)])
            billed = set(np.flatnonzero(~np.isnan(series.monthly)) + 1)
            assert metered | billed == set(range(1, 13)), enterprise
            seen += 1
    assert seen >= 5


def test_the_coverage_rule_by_hand() -> None:
    """Measured, billed, imputed (time-weighted) and extrapolated months, one series."""
    year = 2025
    c = clock(year)
    hours = np.bincount(c.month - 1)
    values = np.where(c.month <= 3, 2.0, np.nan)  # January-March metered at 2 per hour
    values[(c.month == 3) & (c.hours.day > 15)] = np.nan  # half of March missing, no bill
    bills = np.full(12, np.nan)
    bills[3:6] = 1000.0  # April-June billed; July-December neither
    series = SeriesReadings(values, bills)
    source, total = month_sources(series, year, allow_gaps=True)
    assert list(source[:7]) == [0, 0, 2, 1, 1, 1, 3]
    assert total[:2].tolist() == [2.0 * hours[0], 2.0 * hours[1]]
    assert total[2] == pytest.approx(2.0 * hours[2])  # imputed at March's own level
    known = total[:6].sum() / hours[:6].sum()
    np.testing.assert_allclose(total[6:], known * hours[6:])
    with_gaps = month_sources(series, year, allow_gaps=False)
    assert (with_gaps[0][6:] == 4).all() and np.isnan(with_gaps[1][6:]).all()


@pytest.mark.parametrize("kind", sorted(BROKEN_KINDS))
def test_every_broken_kind_names_a_file_of_the_park(tmp_path: Path, kind: str) -> None:
    park = generate_park(7, tmp_path, broken=kind, max_enterprises=3)
    assert park.broken == kind and f"broken_{kind}" in park.features
    file, *fields = park.expected_in_check
    assert (tmp_path / file).is_file() and fields


def test_energy_check_finds_one_unbalanced_hour(files: RunFiles) -> None:
    assert energy_conserved(files) == []
    hourly = pd.read_parquet(files.out / "hourly.parquet")
    hourly.loc[1000, "grid_import_kwh"] += 5.0
    hourly.to_parquet(files.out / "hourly.parquet", index=False)
    assert any("grid_import" in v and "off by -5" in v for v in energy_conserved(_again(files)))


def test_energy_check_finds_storage_losses_beyond_the_battery(files: RunFiles) -> None:
    unit = files.config.storage[0]
    hourly = pd.read_parquet(files.out / "hourly.parquet")
    row = hourly.index[hourly.enterprise == unit.owner][5000]
    hourly.loc[row, "storage_loss_kwh"] += 2 * unit.energy_kwh
    hourly.to_parquet(files.out / "hourly.parquet", index=False)
    found = [v.split(" | ")[0] for v in energy_conserved(_again(files))]
    assert "storage: charged - discharged - losses outside +-energy rating" in found


def test_ledger_checks_find_a_claim_made_twice_and_green_above_load(files: RunFiles) -> None:
    assert green_claimed_once(files) == [] and green_within_load(files) == []
    ledger = pd.read_csv(files.out / "green_ledger.csv", encoding=CSV_ENCODING)
    certificate = ledger[ledger.source_kind == "certificate"].iloc[[0]]
    huge = certificate.assign(kwh=1e15)
    pd.concat([ledger, certificate, huge]).to_csv(
        files.out / "green_ledger.csv", index=False, encoding=CSV_ENCODING
    )
    claimed = green_claimed_once(_again(files))
    assert any(v.startswith("repeated rows") for v in claimed)
    assert any(v.startswith("claimed more than provided") for v in claimed)
    assert any(v.startswith("annual.csv != green ledger") for v in claimed)
    assert any(v.startswith("green above load") for v in green_within_load(_again(files)))


@pytest.mark.parametrize("sources", [True, False], ids=["sources table", "messages"])
def test_ledger_check_finds_a_contract_short_of_its_volume(
    rich_run: Outcome, tmp_path: Path, sources: bool
) -> None:
    """A contract claimed below its volume with no surplus reported: from the sources table
    (in process) or from the messages (a subprocess run)."""
    files = _files(rich_run, tmp_path, sources=sources)
    assert green_claimed_once(files) == []

    def halve(ledger: pd.DataFrame) -> None:
        row = ledger.index[ledger.source_kind == "contract"][0]
        ledger.loc[row, "kwh"] = str(float(ledger.loc[row, "kwh"]) * 0.5)

    _edit_csv(files, "green_ledger.csv", halve)
    found = green_claimed_once(_again(files))
    assert any(v.startswith("ledger total != provided - unclaimed") for v in found)


def test_ledger_check_finds_certificates_held_while_room_was_left(files: RunFiles) -> None:
    """GEC-2 is partly held because its claimant's use is all green: say it was not."""
    assert "GEC-2" in set(files.ledger.source_id)
    claimant = files.ledger.loc[files.ledger.source_id == "GEC-2", "claimant"].iloc[0]

    def room(annual: pd.DataFrame) -> None:
        row = annual.index[annual.scope == claimant][0]
        for column in ("electricity_kwh", "uncovered_grid_kwh"):
            annual.loc[row, column] = str(float(annual.loc[row, column]) + 1e6)

    _edit_csv(files, "annual.csv", room)
    found = green_claimed_once(_again(files))
    assert any(
        v.startswith("certificates held while their claimant had purchase left") for v in found
    )


def test_ledger_check_finds_a_contract_beyond_the_purchase_of_its_period(
    files: RunFiles,
) -> None:
    hourly = pd.read_parquet(files.out / "hourly.parquet")
    row = hourly.index[hourly.green_contract_kwh > 0][0]
    hourly.loc[row, "green_contract_kwh"] += 1e9
    hourly.to_parquet(files.out / "hourly.parquet", index=False)
    found = green_within_load(_again(files))
    assert any("purchase left" in v for v in found)


def test_coverage_check_finds_missing_months_counted_as_zero(files: RunFiles) -> None:
    """The park's extrapolated lpg months written as if they were zero."""
    assert fuel_gaps_not_counted_as_zero(files) == []
    key = next(k for k, s in files.park.readings.items() if s.has_gaps and k[1] != "electricity")
    series = files.park.readings[key]
    metered = np.nansum(series.monthly if series.hourly is None else series.hourly)

    def zero(coverage: pd.DataFrame) -> None:
        row = coverage.index[(coverage.enterprise == key[0]) & (coverage.carrier == key[1])][0]
        coverage.loc[row, "total"] = repr(float(metered))

    _edit_csv(files, "coverage.csv", zero)
    found = fuel_gaps_not_counted_as_zero(_again(files))
    assert any(v.startswith("completed year != the coverage rule") for v in found)


def test_finite_check_finds_nan_text_an_unexplained_empty_cell_and_no_bom(
    files: RunFiles,
) -> None:
    assert finite_outputs(files) == []

    def spoil(annual: pd.DataFrame) -> None:
        annual.loc[0, "electricity_kwh"] = "nan"
        annual.loc[1, "grid_import_kwh"] = ""

    _edit_csv(files, "annual.csv", spoil)
    text = (files.out / "coverage.csv").read_text(encoding=CSV_ENCODING)
    (files.out / "coverage.csv").write_text(text, encoding="utf-8")
    found = finite_outputs(files)
    assert any(v.startswith("annual.csv electricity_kwh written as NaN/inf | row 0") for v in found)
    assert any(
        v.startswith("annual.csv grid_import_kwh empty without a status | row 1") for v in found
    )
    assert "coverage.csv has no UTF-8 BOM" in found


def test_a_status_goes_with_an_empty_cell_and_numbers_stay_numbers(files: RunFiles) -> None:
    def shuffle(annual: pd.DataFrame) -> None:
        status = next(c for c in annual.columns if c.endswith("_status"))
        metric = status.removesuffix("_status")
        valued = annual.index[annual[metric] != ""][0]
        annual.loc[valued, status] = "不适用：全年用电量为 0"
        annual["electricity_kwh"] = annual["electricity_kwh"].str.replace(".", ",", regex=False)

    _edit_csv(files, "annual.csv", shuffle)
    found = finite_outputs(files)
    assert any("has a value and a status" in v for v in found)
    assert any("electricity_kwh" in v and "not a number" in v for v in found)


def test_market_scope2_check_finds_a_negative_value(files: RunFiles) -> None:
    assert market_scope2_nonnegative(files) == []
    _edit_csv(files, "annual.csv", lambda a: a.__setitem__("scope2_market_co2_kg", "-1"))
    assert market_scope2_nonnegative(_again(files))


def test_store_check_finds_a_value_that_differs_in_the_last_digit(files: RunFiles) -> None:
    record = files.record
    assert record is not None and store_equals_files(files) == []
    index, first = next((i, r) for i, r in enumerate(record.results) if r.value)
    nudged = replace(first, value=math.nextafter(first.value or 0.0, math.inf))
    results = (*record.results[:index], nudged, *record.results[index + 1 :])
    found = store_equals_files(replace(files, record=replace(record, results=results)))
    assert found and f"{first.scope}/{first.metric}" in found[0]


def test_store_check_finds_a_status_the_file_does_not_say(files: RunFiles) -> None:
    record = files.record
    assert record is not None
    index, row = next((i, r) for i, r in enumerate(record.results) if r.value is None)
    changed = ResultRow(row.scope, row.metric, None, row.unit, "no_data", "no_land_area")
    assert changed.reason != row.reason
    results = (*record.results[:index], changed, *record.results[index + 1 :])
    found = store_equals_files(replace(files, record=replace(record, results=results)))
    assert found and "stored None (no_data, no_land_area)" in found[0]
    missing = replace(record, results=record.results[1:])
    assert any(
        "written, not stored" in v for v in store_equals_files(replace(files, record=missing))
    )


def test_the_extra_certificate_is_half_of_what_is_left(rich_run: Outcome) -> None:
    assert rich_run.loaded is not None and rich_run.computed is not None
    annual = rich_run.computed.annual()
    ids = list(rich_run.loaded.config.enterprise_ids())
    left = annual.loc[ids, "electricity_kwh"] - annual.loc[ids, "green_total_kwh"]
    batch = extra_certificate(rich_run.loaded, annual, holder_is_park=False)
    assert batch.holder == left.idxmax()
    assert batch.quantity_mwh == np.floor(left.max() / 2 / 1e3)
    park = extra_certificate(rich_run.loaded, annual, holder_is_park=True)
    assert park.holder == "park" and park.quantity_mwh >= 1


def test_what_a_batch_counts_by_rule() -> None:
    batch = Certificate(
        id="B",
        quantity_mwh=12,
        production_start="2024-11",
        production_end="2025-02",
        technology="wind",
        project="p",
        holder="E01",
        claim_year=2025,
    )
    assert counted_kwh(batch, "validity_2y") == 12_000.0
    assert counted_kwh(batch, "same_year") == 6_000.0  # two of four months, evenly
    months = {"2024-11": 1, "2024-12": 1, "2025-01": 4, "2025-02": 6}
    weighted = batch.model_copy(update={"production_months": months})
    assert counted_kwh(weighted, "same_year") == 10_000.0
