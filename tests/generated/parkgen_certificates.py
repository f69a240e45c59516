"""Green-power contracts and certificate batches of generated parks.

Contracts: annual or settled monthly volumes, every delivery shape, settled profiles
(``profile_settled``) or modelled hours, unbundled ones, hydro with the facts its certificates
need (``commissioning_date``, ``market_based``; README "How greenpark counts").

Certificate batches: production windows across the year boundary (so the two claim rules
count them differently), month histograms (``production_months``), serial ranges that never
overlap, held or cancelled. Most batches are sized below what their claimant surely has left
to claim (load minus every kWh own PV could give, minus all park PV when surplus is shared,
minus every contract that could cover it: :data:`PV_YIELD_BOUND`), so they are claimed in
full; some are sized up to the claimant's whole metered use, so the run may leave part of them
held. No batch claims more than its claimant's metered use (the over-claim rule refuses that;
only the broken variant does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from parkgen_meters import clock

if TYPE_CHECKING:
    from parkgen import Plan

#: upper bound of a year's AC yield per installed kW [kWh/kW] (Shanxi rooftops give about
#: 1,100-1,500); generous on purpose, it only keeps generated batches below the claimable
PV_YIELD_BOUND = 2000.0
TECHNOLOGIES = ("solar", "wind", "hydro", "biomass", "mixed")
BATCH_TECHNOLOGIES = ("solar", "wind", "hydro", "biomass", "other")
#: a 32-digit serial: 14-digit project code, YYYYMM of production, 12-digit sequence
SERIAL_PROJECT = 11_140_500_000_000


def _volumes(plan: Plan, base_mwh: float, fraction: float) -> dict[str, object]:
    if plan.chance(0.6, "contract_annual"):
        mwh = round(base_mwh * fraction, 1)
        if plan.chance(0.15, "quantity_strings"):
            return {"annual_mwh": f"{mwh / 10} 万kWh"}
        return {"annual_mwh": mwh}
    plan.flag("contract_monthly")
    months = base_mwh * fraction / 12 * plan.rng.uniform(0.5, 1.5, 12)
    months[plan.rng.random(12) < 0.1] = 0.0
    return {"monthly_mwh": [round(float(m), 1) for m in months]}


def _technology(plan: Plan, contract: dict[str, object]) -> None:
    """Technology; hydro says whether it carries tradable certificates (market-based and
    commissioned from 2023) and is unbundled when it does not."""
    technology = str(plan.rng.choice(TECHNOLOGIES))
    contract["technology"] = technology
    bundled = not plan.chance(0.15, "contract_unbundled")
    if technology == "hydro":
        tradable = plan.chance(0.6)
        plan.flag("contract_hydro_tradable" if tradable else "contract_hydro_not_tradable")
        year = int(plan.rng.integers(2023, plan.year + 1)) if tradable else 2015
        contract |= {"commissioning_date": f"{year}-06-30", "market_based": tradable}
        bundled = bundled and tradable
    if not bundled:
        contract["bundled_certificates"] = False


def _shape(plan: Plan, contract: dict[str, object], cid: str) -> None:
    shape = str(plan.rng.choice(["solar", "wind", "flat", "profile"]))
    plan.flag(f"contract_shape_{shape}")
    contract["delivery_shape"] = shape
    if shape != "profile":
        plan.flag("contract_modelled")
        return
    weights = plan.rng.gamma(2.0, size=len(clock(plan.year).hours))
    if plan.chance(0.2, "profile_zero_month"):
        weights[clock(plan.year).month == int(plan.rng.integers(1, 13))] = 0.0
    plan.profiles[cid] = weights
    contract["profile_file"] = f"data/profile_{cid}.csv"
    if plan.chance(0.5, "contract_settled"):
        contract["profile_settled"] = True
    else:
        plan.flag("contract_modelled")


def _contract(plan: Plan, number: int, contracted: np.ndarray) -> dict[str, object]:
    rng, annual_mwh = plan.rng, plan.annual_kwh / 1e3
    cid = f"GPT-{number}"
    park = len(plan.ids) > 1 and plan.chance(0.25, "contract_park_buyer")
    column = int(rng.integers(len(plan.ids)))
    buyer = "park" if park else plan.ids[column]
    base = float(annual_mwh.sum()) if park else float(annual_mwh[column])
    fraction = 10 ** rng.uniform(-2.0, -0.5) if park else 10 ** rng.uniform(-1.5, 0.1)
    contract: dict[str, object] = {"id": cid, "buyer": buyer}
    _technology(plan, contract)
    contract |= _volumes(plan, max(base, 1.0), fraction)
    _shape(plan, contract, cid)
    if plan.chance(0.5):
        contract["seller"] = f"示意新能源场站{number}号"
        contract["price_cny_per_kwh"] = round(float(rng.uniform(0.25, 0.45)), 3)
    if plan.chance(0.3):
        contract["project"] = f"示意新能源项目{number}号"
    volume = contract.get("annual_mwh", contract.get("monthly_mwh"))
    total = float(np.sum(volume)) if not isinstance(volume, str) else float(volume.split()[0]) * 10
    contracted[len(plan.ids) if park else column] += total
    return contract


def _contracts(plan: Plan) -> np.ndarray:
    """Contracts; contracted MWh per enterprise, then the park's (E+1,)."""
    contracted = np.zeros(len(plan.ids) + 1)
    if plan.chance(0.35, "contracts"):
        for number in range(1, int(plan.rng.integers(1, 4)) + 1):
            plan.section("contracts").append(_contract(plan, number, contracted))
    return contracted


def _window(plan: Plan, first: int, last: int) -> tuple[int, int]:
    """Production months as month indices (year*12 + month-1), start among first..last."""
    start = int(plan.rng.integers(first, last + 1))
    return start, min(start + int(plan.rng.integers(0, 6)), plan.year * 12 + 11)


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _histogram(plan: Plan, batch: dict[str, object], window: tuple[int, int], mwh: int) -> None:
    """MWh per production month (each at least 1), summing to the quantity."""
    months = [_month(i) for i in range(window[0], window[1] + 1)]
    if mwh < len(months) or not plan.chance(0.5, "certificate_histogram"):
        return
    extra = plan.rng.multinomial(mwh - len(months), np.full(len(months), 1 / len(months)))
    batch["production_months"] = {m: int(1 + x) for m, x in zip(months, extra, strict=True)}


def _serials(plan: Plan, batch: dict[str, object], window: tuple[int, int], number: int) -> None:
    """One or two serial ranges of this batch's own (never overlapping another batch's)."""
    if not plan.chance(0.4, "certificate_serials"):
        return
    ranges = []
    for part in range(int(plan.rng.integers(1, 3))):
        month = _month(window[0] + part).replace("-", "")
        prefix = f"{SERIAL_PROJECT + number:014d}{month}"
        first = 1 + part * 10**9
        last = first + int(batch["quantity_mwh"]) - 1  # type: ignore[call-overload]
        ranges.append([f"{prefix}{first:012d}", f"{prefix}{last:012d}"])
    batch["serial_ranges"] = ranges


def _status(plan: Plan, batch: dict[str, object], window: tuple[int, int]) -> None:
    """Sometimes cancelled (核销): in the month after the last production month, or in it
    when that would be after the first certificates expire (24 months, NEA 2024 rules)."""
    if not plan.chance(0.25, "certificate_cancelled"):
        return
    expiry = max(window[0] + 23, 2025 * 12 + 11)
    month = min(window[1] + 1, expiry)
    batch |= {"status": "cancelled", "cancelled_on": f"{_month(month)}-15"}


def _batch(plan: Plan, number: int, holder: str, mwh: int) -> dict[str, object]:
    window = _window(plan, (plan.year - 1) * 12 + 6, plan.year * 12 + 5)
    plan.flag("certificate_prior_year_months", window[0] < plan.year * 12)
    batch: dict[str, object] = {
        "id": f"GEC-{number}",
        "quantity_mwh": mwh,
        "production_start": _month(window[0]),
        "production_end": _month(window[1]),
        "technology": str(plan.rng.choice(BATCH_TECHNOLOGIES)),
        "project": f"示意风电项目G{number}",
        "holder": holder,
        "claim_year": plan.year,
    }
    _histogram(plan, batch, window, mwh)
    _serials(plan, batch, window, number)
    _status(plan, batch, window)
    return batch


def room_kwh(plan: Plan, capacity: np.ndarray, contracted: np.ndarray) -> np.ndarray:
    """What each enterprise surely has left to claim with certificates [kWh] (E,)."""
    pv = capacity * PV_YIELD_BOUND
    shared = pv.sum() if plan.info.get("surplus_pv") == "park_sharing" else 0.0
    covered = pv + shared + (contracted[:-1] + contracted[-1]) * 1e3
    return np.maximum(plan.annual_kwh - covered, 0.0)


def _own_batches(
    plan: Plan, room: np.ndarray, use: np.ndarray, numbers: list[int]
) -> list[dict[str, object]]:
    """Batches of enterprises: within their room, or (sometimes) beyond it, up to their
    metered use, for an enterprise whose own PV or contracts may leave part of it held."""
    rng, batches = plan.rng, []
    for number in numbers:
        beyond = plan.chance(0.3)
        pool = np.maximum(use - room, 0.0) if beyond else room
        if not pool.sum():
            continue
        column = int(rng.choice(len(pool), p=pool / pool.sum()))
        low = room[column] + 0.85 * pool[column] if beyond else 0.05 * room[column]
        high = 0.98 * use[column] if beyond else 0.6 * room[column]
        mwh = int(rng.uniform(low, max(low, high)) / 1e3)
        if mwh < 1:
            continue
        plan.flag("certificate_beyond_room", mwh * 1e3 > room[column])
        batch = _batch(plan, number, plan.ids[column], mwh)
        if len(plan.ids) > 1 and plan.chance(0.15, "certificate_claimed_by"):
            batch["holder"] = "park" if plan.chance(0.5) else plan.ids[(column + 1) % len(room)]
            batch["claimed_by"] = plan.ids[column]
        room[column] = max(room[column] - mwh * 1e3, 0.0)
        use[column] -= mwh * 1e3
        batches.append(batch)
    return batches


def _certificates(plan: Plan, room: np.ndarray, use: np.ndarray) -> None:
    if not plan.chance(0.45, "certificates"):
        return
    numbers = list(range(1, int(plan.rng.integers(1, 4)) + 1))
    park = [n for n in numbers if plan.chance(0.25, "certificate_park_holder")]
    batches = _own_batches(plan, room, use, [n for n in numbers if n not in park])
    for number in park:  # judged against what the enterprises' own batches leave
        pool = use if plan.chance(0.25) else room
        mwh = int(pool.sum() * plan.rng.uniform(0.05, 0.6) / 1e3)
        if mwh >= 1:
            batches.append(_batch(plan, number, "park", mwh))
            room *= 1 - min(mwh * 1e3 / max(room.sum(), 1.0), 1.0)
            use *= 1 - mwh * 1e3 / use.sum()
    if plan.chance(0.15, "certificate_other_year"):  # produced this year, claimed next year
        start, end = _window(plan, plan.year * 12, plan.year * 12 + 8)
        batch = _batch(plan, 9, plan.ids[0], int(plan.rng.integers(1, 1000)))
        batch.pop("production_months", None)
        batch.pop("status", None), batch.pop("cancelled_on", None)
        batches.append(
            batch
            | {
                "production_start": _month(start),
                "production_end": _month(end),
                "claim_year": plan.year + 1,
            }
        )
    plan.flag("certificates_claimed", any(b["claim_year"] == plan.year for b in batches))
    plan.section("certificates").extend(batches)


def add_contracts_and_certificates(
    plan: Plan, capacity: np.ndarray, metered_kwh: np.ndarray
) -> None:
    """Contracts, then certificate batches sized by ``metered_kwh`` (E,) [kWh], the use the
    load-time over-claim rule judges them against."""
    contracted = _contracts(plan)
    room = np.minimum(room_kwh(plan, capacity, contracted), metered_kwh)
    _certificates(plan, room, metered_kwh.copy())
