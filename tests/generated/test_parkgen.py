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
from gen_harness import Outcome, run_in_process
from gen_invariants import (
    RunFiles,
    energy_conserved,
    finite_outputs,
    green_claimed_once,
    green_within_load,
    market_scope2_nonnegative,
    store_equals_files,
)
from gen_variants import extra_certificate
from parkgen import generate_park
from parkgen_broken import BROKEN_KINDS

from greenpark.inputs.park import load_park_config
from greenpark.inputs.schema import DataSource
from greenpark.store.record import ResultRow, RunRecord

#: a small park with PV, storage, park sharing, contracts (one unbundled) and certificates
RICH_SEED = 233


@pytest.fixture(scope="module")
def rich_run(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("rich")
    park = generate_park(RICH_SEED, folder / "park")
    assert {"pv_installed", "storage", "park_sharing", "contracts", "certificates_claimed"} <= (
        park.features
    )
    return run_in_process(park, folder / "out", f"sqlite:///{folder / 'runs.db'}")


@pytest.fixture
def files(rich_run: Outcome, tmp_path: Path) -> RunFiles:
    """A private copy of the rich run's result files, to plant violations in."""
    assert rich_run.config is not None and (rich_run.out / "hourly.parquet").is_file()
    out = tmp_path / "out"
    shutil.copytree(rich_run.out, out)
    return RunFiles(rich_run.park, rich_run.config, out, None)


def _texts(folder: Path) -> dict[str, bytes | list[list[str]]]:
    found: dict[str, bytes | list[list[str]]] = {}
    for path in sorted(folder.rglob("*.*")):
        name = str(path.relative_to(folder))
        if path.suffix == ".xlsx":  # the workbook stores its creation time; compare cells
            found[name] = pd.read_excel(path, dtype=str).fillna("").to_numpy().tolist()
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


def test_partial_year_enterprises_have_hourly_data_or_a_bill_for_every_month(
    tmp_path: Path,
) -> None:
    seen = 0
    for seed in range(30):
        park = generate_park(seed, tmp_path / str(seed), partial_year_bills=True)
        if "electricity_partial" not in park.features:
            continue
        config = load_park_config(park.directory)
        electricity = [d for d in config.data if d.carrier in (None, "electricity")]
        billed = _months(park.directory, [d for d in electricity if d.resolution == "monthly"])
        metered = _months(park.directory, [d for d in electricity if d.resolution == "hourly"])
        for enterprise in set(billed) & set(metered):
            assert billed[enterprise].isdisjoint(metered[enterprise])
            assert billed[enterprise] | metered[enterprise] == set(range(1, 13))
            seen += 1
    assert seen >= 2


def _months(folder: Path, sources: list[DataSource]) -> dict[str, set[int]]:
    """Months with at least one value, per enterprise, in electricity files of ``sources``."""
    found: dict[str, set[int]] = {}
    for source in sources:
        path = folder / source.file
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        when = frame.columns[0]
        if source.layout == "wide":
            frame = frame.melt(id_vars=when, var_name="enterprise", value_name="quantity")
        else:
            frame = frame[frame.carrier.isin(["electricity", "电力"])]
        frame = frame[frame.quantity != ""]
        if source.resolution == "monthly":
            months = frame[when].str[-2:].astype(int)
        else:
            shift = pd.Timedelta(hours=1 if source.timestamp_marks == "interval_end" else 0)
            months = (pd.to_datetime(frame[when]) - shift).dt.month
        for enterprise, month in zip(frame.enterprise, months, strict=True):
            found.setdefault(enterprise, set()).add(int(month))
    return found


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
    found = RunFiles(files.park, files.config, files.out, None)
    assert any("grid_import" in v and "off by -5" in v for v in energy_conserved(found))


def test_energy_check_finds_storage_losses_beyond_the_battery(files: RunFiles) -> None:
    unit = files.config.storage[0]
    hourly = pd.read_parquet(files.out / "hourly.parquet")
    row = hourly.index[hourly.enterprise == unit.owner][5000]
    hourly.loc[row, "storage_loss_kwh"] += 2 * unit.energy_kwh
    hourly.to_parquet(files.out / "hourly.parquet", index=False)
    found = energy_conserved(RunFiles(files.park, files.config, files.out, None))
    assert [v.split(" | ")[0] for v in found] == [
        "storage: charged - discharged - losses outside +-energy rating"
    ]


def test_ledger_checks_find_a_claim_made_twice_and_green_above_load(files: RunFiles) -> None:
    assert green_claimed_once(files) == [] and green_within_load(files) == []
    ledger = pd.read_csv(files.out / "green_ledger.csv")
    certificate = ledger[ledger.source_kind == "certificate"].iloc[[0]]
    huge = certificate.assign(kwh=1e15)
    pd.concat([ledger, certificate, huge]).to_csv(files.out / "green_ledger.csv", index=False)
    found = RunFiles(files.park, files.config, files.out, None)
    claimed = green_claimed_once(found)
    assert any(v.startswith("repeated rows") for v in claimed)
    assert any(v.startswith("claimed more than provided") for v in claimed)
    assert any(v.startswith("green above load") for v in green_within_load(found))


def test_ledger_check_finds_a_contract_surplus_that_does_not_add_up(files: RunFiles) -> None:
    ledger = pd.read_csv(files.out / "green_ledger.csv")
    contract = ledger.source_kind == "contract"
    assert contract.any()
    ledger.loc[contract.idxmax(), "kwh"] *= 0.5
    ledger.to_csv(files.out / "green_ledger.csv", index=False)
    found = green_claimed_once(RunFiles(files.park, files.config, files.out, None))
    assert any(v.startswith("ledger total != source total - surplus") for v in found)


def test_finite_check_finds_nan_text_and_an_unexplained_empty_cell(files: RunFiles) -> None:
    annual = pd.read_csv(files.out / "annual.csv", dtype=str, keep_default_na=False)
    annual.loc[0, "electricity_kwh"] = "nan"
    annual.loc[1, "grid_import_kwh"] = ""
    annual.to_csv(files.out / "annual.csv", index=False)
    found = finite_outputs(files)
    assert any(v.startswith("annual.csv electricity_kwh written as text |") for v in found)
    assert any(v.startswith("annual.csv grid_import_kwh empty without a reason |") for v in found)


def test_an_empty_cell_needs_a_reason_beside_it(files: RunFiles) -> None:
    frame = pd.DataFrame(
        {
            "scope": ["E1", "E2"],
            "x_kgce": ["1.5", ""],
            "x_reason": ["", "no_data"],
            "all_empty_kwh": ["", ""],
        }
    )
    frame.to_csv(files.out / "extra.csv", index=False)
    found = [v for v in finite_outputs(files) if "extra.csv" in v]
    assert found == ["extra.csv all_empty_kwh empty without a reason | E1"]


def test_market_scope2_check_finds_a_negative_value(files: RunFiles) -> None:
    assert market_scope2_nonnegative(files) == []
    annual = pd.read_csv(files.out / "annual.csv", dtype=str, keep_default_na=False)
    annual.loc[0, "scope2_market_co2_kg"] = "-1"
    annual.to_csv(files.out / "annual.csv", index=False)
    found = RunFiles(files.park, files.config, files.out, None)
    assert market_scope2_nonnegative(found)


def _record_of(files: RunFiles) -> RunRecord:
    """A run record holding exactly what annual.csv says (numbers as written)."""
    annual = pd.read_csv(files.out / "annual.csv", dtype=str, keep_default_na=False)
    rows = [
        ResultRow(str(row["scope"]), str(metric), float(cell), "x")
        for _, row in annual.iterrows()
        for metric, cell in row.items()
        if metric != "scope" and cell != ""
    ]
    return RunRecord("p", 2025, "h", "0", {}, (), (), tuple(rows))


def test_store_check_finds_a_value_that_differs_in_the_last_digit(files: RunFiles) -> None:
    record = _record_of(files)
    assert store_equals_files(replace(files, record=record)) == []
    first = record.results[0]
    nudged = replace(first, value=math.nextafter(first.value or 0.0, math.inf))
    changed = replace(record, results=(nudged, *record.results[1:]))
    found = store_equals_files(replace(files, record=changed))
    assert found and f"{first.scope}/{first.metric}" in found[0]


def test_the_extra_certificate_is_half_of_what_is_left(rich_run: Outcome) -> None:
    assert rich_run.loaded is not None and rich_run.computed is not None
    annual = rich_run.computed.annual()
    ids = list(rich_run.loaded.config.enterprise_ids())
    left = annual.loc[ids, "electricity_kwh"] - annual.loc[ids, "green_total_kwh"]
    batch = extra_certificate(rich_run.loaded, annual, holder_is_park=False)
    assert batch.holder == left.idxmax()
    assert batch.quantity_mwh == np.floor(left.max() / 2 / 1e3)
    park = extra_certificate(rich_run.loaded, annual, holder_is_park=True)
    assert (park.holder, park.quantity_mwh) == ("park", np.floor(left.sum() / 2 / 1e3))
