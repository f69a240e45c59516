"""The result CSVs for Excel: labels with units in the reader's language (or the machine
ids), enterprise names beside ids, full precision, an hourly CSV beside the Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.i18n import set_language
from greenpark.report.csv_headers import header
from greenpark.report.run_files import CSV_ENCODING, ON_REQUEST_FILES, RESULT_FILES, export_run
from greenpark.run_result import RunResult

PARK = Path(__file__).resolve().parents[1] / "parks" / "two_firms"
CSVS = [name for name in RESULT_FILES + ON_REQUEST_FILES if name.endswith(".csv")]


@pytest.fixture(scope="module")
def two_firms() -> RunResult:
    return gp.run(gp.RunSpec(gp.load_park(PARK)))


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=CSV_ENCODING)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_labels_name_every_column_and_change_no_value(
    two_firms: RunResult, tmp_path: Path, language: str
) -> None:
    set_language(language)  # type: ignore[arg-type]
    export_run(two_firms, tmp_path / "id", hourly_csv="enterprises")
    export_run(two_firms, tmp_path / "label", headers="label", hourly_csv="enterprises")
    for name in CSVS:
        ids, labels = _read(tmp_path / "id" / name), _read(tmp_path / "label" / name)
        assert list(labels.columns) == [header(c) for c in ids.columns], name
        assert (labels.to_numpy() == ids.to_numpy()).all(), name
    annual = _read(tmp_path / "label" / "annual.csv")
    expected = "用电量 kWh" if language == "zh" else "electricity use kWh"
    assert expected in annual.columns


def test_names_beside_ids_and_full_precision(two_firms: RunResult, tmp_path: Path) -> None:
    export_run(two_firms, tmp_path)
    annual = pd.read_csv(tmp_path / "annual.csv", encoding=CSV_ENCODING, index_col="scope")
    names = {e.id: e.name for e in two_firms.config.enterprises}
    for enterprise, name in names.items():
        assert annual.loc[enterprise, "name"] == name
        assert (
            annual.loc[enterprise, "electricity_kwh"]
            == two_firms.annual().loc[enterprise, "electricity_kwh"]
        )
    coverage = _read(tmp_path / "coverage.csv")
    assert list(coverage.columns[:2]) == ["enterprise", "name"]
    assert all(coverage["name"] == coverage["enterprise"].map(names))


def test_hourly_csv_is_the_parks_hours(two_firms: RunResult, tmp_path: Path) -> None:
    """hourly.csv: a row per hour, each flow the sum of the enterprises' rows of the
    parquet; the modelled counts are the enterprises flagged in that hour."""
    export_run(two_firms, tmp_path)
    assert (tmp_path / "hourly.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "hourly_enterprises.csv").exists()
    written = pd.read_csv(tmp_path / "hourly.csv", encoding=CSV_ENCODING)
    parquet = pd.read_parquet(tmp_path / "hourly.parquet")
    by_hour = parquet.groupby("interval_start", sort=False)
    flows = [c for c in parquet.select_dtypes("number").columns]
    assert len(written) == 8760 and len(flows) > 10
    for flow in flows:
        np.testing.assert_allclose(written[flow], by_hour[flow].sum(), rtol=1e-12, atol=0)
    for flag in ("load_modelled", "green_contract_modelled"):
        counted = by_hour[flag].sum().to_numpy()
        assert (written[f"{flag}_enterprises"].to_numpy() == counted).all()
    assert counted.sum() > 0  # the two_firms park has a modelled contract
    starts = parquet["interval_start"].drop_duplicates().astype(str).tolist()
    assert written["interval_start"].tolist() == starts


def test_hourly_enterprises_csv_is_the_parquet(two_firms: RunResult, tmp_path: Path) -> None:
    written_files = export_run(two_firms, tmp_path, hourly_csv="enterprises")
    assert tmp_path.resolve() / "hourly_enterprises.csv" in written_files
    written = pd.read_csv(tmp_path / "hourly_enterprises.csv", encoding=CSV_ENCODING)
    parquet = pd.read_parquet(tmp_path / "hourly.parquet")
    assert list(written.columns) == list(parquet.columns)
    numbers = parquet.select_dtypes("number").columns
    assert len(numbers) > 10
    pd.testing.assert_frame_equal(written[numbers], parquet[numbers], check_exact=True)
    assert written["interval_start"].tolist() == parquet["interval_start"].astype(str).tolist()


def test_bad_headers_choice(two_firms: RunResult, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="headers must be one of"):
        export_run(two_firms, tmp_path, headers="zh")
    with pytest.raises(ValueError, match="hourly_csv must be one of"):
        export_run(two_firms, tmp_path, hourly_csv="all")
