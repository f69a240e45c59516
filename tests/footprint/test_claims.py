"""The claim records of a run: what they hold, and that the ledger's checks can fail."""

from __future__ import annotations

import json

import pytest

import greenpark as gp
from greenpark.footprint.claims import claim_ledger
from greenpark.footprint.merkle import leaf_hash, merkle_root
from greenpark.footprint.verify import factors_finding, records_finding
from greenpark.provenance import FactorUse


def test_every_green_kwh_of_the_ledger_is_claimed_once(hand_run: gp.RunResult) -> None:
    ledger = claim_ledger(hand_run)
    pv = [r for r in ledger.records if r.kind == "physical_pv"]
    assert [r.period_start for r in pv] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert {r.claimant for r in pv} == {"F1"}
    annual = hand_run.annual()
    green = sum(float(r.kwh) for r in ledger.records if r.claimant == "F1")
    assert green == pytest.approx(float(annual.loc["F1", "green_total_kwh"]), abs=0.01)
    by_source = {r.source_id: r for r in ledger.records if r.kind != "physical_pv"}
    assert (by_source["PPA-F2"].claimant, by_source["PPA-F2"].kwh) == ("F2", "1000000.000")
    gec = by_source["GEC-F2"]
    assert (gec.period_start, gec.period_end, gec.kwh) == ("2025-01", "2025-06", "300000.000")


def test_a_record_hashes_its_canonical_json(hand_run: gp.RunResult) -> None:
    ledger = claim_ledger(hand_run, run_id="0123456789abcdef")
    first = ledger.records[0]
    assert first.run_id == "0123456789abcdef"
    data = first.canonical()
    assert list(json.loads(data)) == sorted(json.loads(data))
    assert json.loads(data) == vars(first)  # every field, as is
    assert ledger.root == merkle_root([leaf_hash(r.canonical()) for r in ledger.records]).hex()


def test_records_and_factors_are_compared_to_the_first_difference(
    hand_run: gp.RunResult,
) -> None:
    ledger = claim_ledger(hand_run)
    stored = [r.canonical().decode("utf-8") for r in ledger.records]
    assert records_finding(stored, ledger).passed
    shorter = records_finding(stored[:-1], ledger)
    assert (shorter.passed, shorter.where, shorter.found) == (False, str(len(stored) - 1), "")
    used = hand_run.provenance.factors
    assert factors_finding(used, hand_run.provenance).passed
    old = FactorUse(used[0].factor_id, used[0].value + 1, used[0].unit, "x", "[A]")
    assert factors_finding((old, *used[1:]), hand_run.provenance).where == used[0].factor_id
