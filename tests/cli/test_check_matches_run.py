"""``greenpark check`` fails exactly when ``greenpark run`` would refuse the park, with the same
problems, over small generated parks and broken variants, with and without ``--allow-gaps``.

Park ``p1`` (2025): A hourly all year with 12 gas bills; B monthly electricity bills; M a meter
installed on 15 July with bills January-July; H hourly with five empty hours (imputed).
Park ``p2`` (2024, leap year): D monthly electricity and 12 heat bills.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from typer.testing import CliRunner

import greenpark as gp
from greenpark.cli.app import app
from greenpark.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import ParkMaker

pytestmark = pytest.mark.slow
Files = dict[str, list[pd.DataFrame]]
TWELVE = range(1, 13)
NUMBER = itertools.count()


def park_1(maker: ParkMaker, change: Callable[[Files], None] = lambda files: None) -> Path:
    """Park p1, its files edited by ``change`` before they are written."""
    holes = maker.hourly("H", "electricity", "kWh", 3.0)
    holes.loc[2000:2004, "quantity"] = None
    files: Files = {
        "hourly.csv": [
            maker.hourly("A", "electricity", "kWh", 10.0),
            maker.hourly("M", "electricity", "kWh", 4.0, "2025-07-15"),
            holes,
        ],
        "bills.csv": [
            maker.monthly("B", "electricity", "kWh", dict.fromkeys(TWELVE, 2_000.0)),
            maker.monthly("M", "electricity", "kWh", dict.fromkeys(range(1, 8), 3_000.0)),
        ],
        "gas.csv": [maker.monthly("A", "natural_gas", "Nm3", dict.fromkeys(TWELVE, 500.0))],
    }
    change(files)
    profiles = {"A": "three_shift", "B": "office", "M": "two_shift", "H": "one_shift"}
    if any((frame["enterprise"] == "C").any() for frames in files.values() for frame in frames):
        profiles["C"] = "office"
    return maker.write(f"p1-{next(NUMBER)}", profiles, files)


def park_2(maker: ParkMaker, heat_months: range = TWELVE) -> Path:
    power = maker.monthly("D", "electricity", "kWh", dict.fromkeys(TWELVE, 800.0))
    heat = maker.monthly("D", "heat_purchased", "GJ", dict.fromkeys(heat_months, 30.0))
    return maker.write(f"p2-{next(NUMBER)}", {"D": "data_centre"}, {"m.csv": [power, heat]})


def _without_bills_of_m(files: Files) -> None:
    files["bills.csv"] = files["bills.csv"][:1]  # M keeps only its hourly data from 15 July


def _without_september_bill_of_b(files: Files) -> None:
    bills = files["bills.csv"][0]
    files["bills.csv"][0] = bills.loc[bills["month"] != "2025-09"]


def _with_enterprise_without_electricity(files: Files) -> None:
    gas = files["gas.csv"][0].assign(enterprise="C")
    files["gas.csv"].append(gas)


def _with_gas_for_44_hours(maker: ParkMaker) -> Callable[[Files], None]:
    def change(files: Files) -> None:
        files["gas.csv"] = [maker.hourly("A", "natural_gas", "Nm3", 12.0, end="2025-01-02 20:00")]

    return change


def _with_small_july_bill_of_m(files: Files) -> None:
    bills = files["bills.csv"][1]
    files["bills.csv"][1] = bills.assign(
        quantity=bills["quantity"].where(bills["month"] != "2025-07", 10.0)
    )


def _check(park_dir: Path, *options: str) -> tuple[int, tuple[str, ...]]:
    result = CliRunner().invoke(app, ["check", str(park_dir), *options])
    if result.exit_code == 0:
        return 0, ()
    assert isinstance(result.exception, InputError), result.output
    return result.exit_code, result.exception.problems


def _run(park_dir: Path, allow_gaps: bool) -> tuple[int, tuple[str, ...]]:
    """What ``greenpark run`` does before it shows and stores anything: load, then the run.

    (Showing and storing the results are not about the input, so they are left out.)
    """
    try:
        gp.run(gp.RunSpec(park_dir, options=gp.RunOptions(allow_gaps=allow_gaps)))
    except InputError as refused:
        return 1, refused.problems
    return 0, ()


def _check_and_run(park_dir: Path, *options: str) -> tuple[int, tuple[str, ...]]:
    checked = _check(park_dir, *options)
    assert checked == _run(park_dir, allow_gaps="--allow-gaps" in options)
    return checked


def test_check_and_run_agree_on_good_parks_and_broken_variants(park_maker: ParkMaker) -> None:
    cases: dict[str, tuple[Path, bool, bool]] = {  # park, refused, refused with --allow-gaps
        "p1": (park_1(park_maker), False, False),
        "p2 (2024)": (park_2(park_maker), False, False),
        "hourly file covering part of the year": (
            park_1(park_maker, _without_bills_of_m),
            True,
            False,
        ),
        "monthly-only enterprise missing a bill": (
            park_1(park_maker, _without_september_bill_of_b),
            True,
            False,
        ),
        "enterprise without electricity data": (
            park_1(park_maker, _with_enterprise_without_electricity),
            True,
            True,
        ),
        "gas series covering 0.5% of the year": (
            park_1(park_maker, _with_gas_for_44_hours(park_maker)),
            True,
            False,
        ),
        "bill below its metered hours": (
            park_1(park_maker, _with_small_july_bill_of_m),
            True,
            True,
        ),
        "heat with 11 bills": (park_2(park_maker, range(1, 12)), True, False),
    }
    for name, (park_dir, refused, refused_with_gaps) in cases.items():
        code, problems = _check_and_run(park_dir)
        assert (code != 0, bool(problems)) == (refused, refused), name
        if refused and not refused_with_gaps:
            assert _check_and_run(park_dir, "--allow-gaps") == (0, ()), name
        elif refused:
            assert _check_and_run(park_dir, "--allow-gaps") == (code, problems), name


def test_refusals_name_files_enterprises_carriers_and_months(park_maker: ParkMaker) -> None:
    expected = {
        _without_bills_of_m: "M electricity：data/hourly.csv 的逐时数据在 2025 年 1-6 月没有任何读数",
        _without_september_bill_of_b: "B electricity：data/bills.csv 缺少 2025 年 9 月的月度数据",
        _with_enterprise_without_electricity: "企业 C 在 2025 年没有任何电量数据（data/bills.csv, "
        "data/hourly.csv 中都没有它的电力读数）",
        _with_gas_for_44_hours(park_maker): "A natural_gas：data/gas.csv 的逐时数据在 2025 年 "
        "2-12 月没有任何读数",
        _with_small_july_bill_of_m: "M electricity 2025-07：月度账单 10 kWh（data/bills.csv）"
        "小于同月已计量的 408 小时之和 1632 kWh（data/hourly.csv）",
    }
    for change, start in expected.items():
        code, problems = _check(park_1(park_maker, change))
        assert code == 1 and len(problems) == 1 and problems[0].startswith(start), problems
