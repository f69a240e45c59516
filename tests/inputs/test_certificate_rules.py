"""Certificate over-claims found when a park is loaded: every batch of the claimant named
with its quantity, against the claimant's metered electricity (the small park
``tests/parks/two_firms``: F1 uses 730 MWh a month, F2 200 MWh)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from greenpark.errors import InputError
from greenpark.inputs.park.load import load_park

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"

pytestmark = pytest.mark.usefixtures("english")


def _park(tmp_path: Path, batches: list[dict[str, object]]) -> Path:
    park = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park)
    config = yaml.safe_load((park / "park.yaml").read_text(encoding="utf-8"))
    first = config["certificates"][0]
    config["certificates"] = [first | batch for batch in batches]
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (park / "park.yaml").write_text(text, encoding="utf-8")
    return park


def _problems(park: Path, *, allow_gaps: bool = False) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load_park(park, allow_gaps=allow_gaps)
    return caught.value.problems


def test_every_batch_of_an_over_claiming_enterprise_is_named(tmp_path: Path) -> None:
    park = _park(
        tmp_path,
        [
            {"id": "A", "quantity_mwh": 5000},
            {"id": "OTHER-YEAR", "quantity_mwh": 9000, "claim_year": 2026},  # not this year
            {"id": "B", "quantity_mwh": 4000},
            {"id": "F2-OK", "quantity_mwh": 2400, "holder": "F2"},  # all of F2's use: fine
        ],
    )
    (line,) = _problems(park)
    assert "park.yaml: certificates[0] (A).quantity_mwh: certificate over-claim: F1 claims " in line
    assert "A (certificates[0], 5,000 MWh), B (certificates[2], 4,000 MWh), 9,000.000 MWh" in line
    assert "F1's metered electricity of 2025, 8,760.000 MWh" in line
    assert line.endswith(
        "expected at most 8,760.000 MWh in all (check the quantities and the meter data) (line 49)"
    )


def test_park_batches_may_claim_what_the_enterprises_have_left(tmp_path: Path) -> None:
    # F1 8,760 − its own 8,000 = 760; F2 2,400: the park may claim 3,160 MWh
    fits = [
        {"id": "OWN", "quantity_mwh": 8000},
        {"id": "P", "quantity_mwh": 3160, "holder": "park"},
    ]
    load_park(_park(tmp_path / "fits", fits))
    over = [fits[0], {"id": "P", "quantity_mwh": 3161, "holder": "park"}]
    (line,) = _problems(_park(tmp_path / "over", over))
    assert "certificates[1] (P).quantity_mwh: certificate over-claim: the park's batches" in line
    assert "left after their own batches, 3,160.000 MWh" in line


def test_the_message_says_when_meter_data_are_incomplete(tmp_path: Path) -> None:
    park = _park(tmp_path, [{"id": "A", "quantity_mwh": 5000}])
    bills = pd.read_csv(park / "data" / "monthly.csv")
    keep = ~((bills["enterprise"] == "F1") & (bills["carrier"] == "electricity"))
    keep |= bills["month"] <= "2025-06"
    bills.loc[keep].to_csv(park / "data" / "monthly.csv", index=False)
    # with --allow-gaps the missing months are extrapolated by the run, but the over-claim
    # rule judges metered use only (a park that passes must not fail in the run): 4,380 MWh
    over_claim = [p for p in _problems(park, allow_gaps=True) if "over-claim" in p]
    (line,) = over_claim
    assert "4,380.000 MWh (its electricity data cover 50% of the year" in line
