"""Rules between an enterprise's basic charge and the park's tariffs, on the raw YAML.

An enterprise billed on demand (or capacity) needs the rate in every tariff of the park, so
every hour of the year is billed; a tariff that discounts the demand charge by use per kVA
(``high_use_discount``) needs the ``transformer_kva`` of each enterprise billed on demand.
Items of the wrong shape are left to the schema check.
"""

from __future__ import annotations

from collections.abc import Mapping

from greenpark.i18n import text
from greenpark.inputs.park.rules import section_items
from greenpark.inputs.problems import Problem, SourceFile

#: an enterprise's basis -> the tariff's rate key in ``basic_charges``
RATE_KEYS = {"demand": "demand_cny_per_kw_month", "capacity": "capacity_cny_per_kva_month"}


def _tariffs(raw: Mapping[str, object]) -> list[tuple[str, Mapping[str, object]]]:
    """(name, basic_charges mapping, empty when none) of each tariff written."""
    found = [item for _, item in section_items(raw, "tariffs")]
    single = raw.get("tariff")
    if isinstance(single, dict):
        found.append(single)
    charges = [(str(t.get("name", "?")), t.get("basic_charges")) for t in found]
    return [(name, value if isinstance(value, dict) else {}) for name, value in charges]


def basic_charge_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """Every enterprise whose basic charge a tariff cannot bill (see the module docstring)."""
    tariffs = _tariffs(raw)
    found = []
    for index, item in section_items(raw, "enterprises"):
        charge = item.get("basic_charge")
        basis = charge.get("basis") if isinstance(charge, dict) else None
        if not isinstance(charge, dict) or basis not in RATE_KEYS:
            continue
        key = RATE_KEYS[str(basis)]
        lacking = "、".join(name for name, rates in tariffs if rates.get(key) is None)
        if lacking or not tariffs:
            what = text(
                f"按 {basis} 计收基本电费，但电价 {lacking or '（无电价）'} 没有 basic_charges.{key}",
                f"is billed on {basis}, but tariff(s) {lacking or '(none)'} have no "
                f"basic_charges.{key}",
            )
            expected = text(f"每个电价都给出 {key}", f"{key} in every tariff")
            found.append(
                source.problem(
                    ("enterprises", index, "basic_charge", "basis"), what, expected=expected
                )
            )
        discounting = "、".join(
            name for name, rates in tariffs if rates.get("high_use_discount") is True
        )
        if basis == "demand" and discounting and charge.get("transformer_kva") is None:
            what = text(
                f"电价 {discounting} 按每千伏安用电量折减需量电价，需要变压器容量",
                f"tariff(s) {discounting} discount the demand charge by use per kVA, which "
                "needs the transformer capacity",
            )
            expected = text(
                "变压器容量，如 2500 或 '2.5 MVA'", "the capacity, e.g. 2500 or '2.5 MVA'"
            )
            found.append(
                source.problem(
                    ("enterprises", index, "basic_charge", "transformer_kva"),
                    what,
                    expected=expected,
                )
            )
    return found
