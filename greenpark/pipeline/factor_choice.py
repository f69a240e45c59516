"""Which factors a run uses: looked up once, each remembered with its provenance.

Grid factors follow the registry's fallback rule (every step reported). A row used outside its
applicability window, or marked ``suspect`` in its table, gives a message.

**One heating value per fuel per run.** Scope 1 (NCV × carbon content × oxidation × 44/12) and
standard coal (NCV ÷ 29,307.6 kJ/kgce, the GB/T 2589 definition of 1 kgce; china-factors §3)
use the same net calorific value of a fuel for an enterprise:

1. the enterprise's measured value (``enterprises[].fuel_ncv``), which GB/T 2589 and
   GB/T 32151 both put first;
2. otherwise the run's ``heating_value_basis``: ``emission_vintage`` (default) takes the NCV of
   the vintage the enterprise reports emissions under (``fuel_factor_vintage``) and falls back
   to the GB/T 2589 table; ``gbt2589`` takes the GB/T 2589 table's coefficient (× 29,307.6 kJ)
   and falls back to the vintage. Raw coals without a measured value count as 原煤 in the
   GB/T 2589 table, as the energy-statistics forms do (rules-review-2026 §1.2, anthracite row).

When the GB/T 2589 table and the vintage differ by more than :data:`AGREEMENT_TOLERANCE`
(natural gas: 1.2143 kgce/m³ = 35.59 MJ/m³ in the 2008 table against 38.931 MJ/m³ in
GB/T 32151; anthracite: 原煤 0.7143 kgce/kg against 26.7 or 20.304 GJ/t), the run says which
one it used. Smaller differences are the rounding of the printed coefficients.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.heating_values import MeasuredHeatingValue
from greenpark.inputs.factors.overrides import OVERRIDE_CONFIDENCE
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.factors.table import SUSPECT, Factor
from greenpark.inputs.park.fuel_factors import fuel_co2_parameter_ids, gbt2589_ids
from greenpark.messages import Message, Param
from greenpark.pipeline.rules import HEATING_VALUE_BASES

KJ_PER_KGCE = 29_307.6  # GB/T 2589: 1 kgce = 29,307.6 kJ (7,000 kcal)
#: relative difference below which two heating values are the same number, differently rounded
AGREEMENT_TOLERANCE = 0.005


@dataclass(frozen=True)
class HeatingValue:
    """The net calorific value a run uses for one fuel of one enterprise, and its origin."""

    gj_per_unit: float
    factor_id: str

    @property
    def kgce_per_unit(self) -> float:
        """Standard coal per unit of fuel [kgce/unit] = NCV ÷ 29,307.6 kJ/kgce."""
        return self.gj_per_unit * 1e6 / KJ_PER_KGCE


@dataclass
class FactorChoice:
    """Resolves the factors of one run and keeps every factor used and every message.

    ``year`` is the accounting year (applicability windows are checked against it);
    ``heating_value_basis`` one of :data:`HEATING_VALUE_BASES`; ``factor_year`` the year
    the run asks grid factors for when it is not the accounting year (``park.factor_year``),
    said in a message.
    """

    registry: FactorRegistry
    year: int | None = None
    heating_value_basis: str = "emission_vintage"
    used: dict[str, Factor] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    factor_year: int | None = None

    def __post_init__(self) -> None:
        if self.heating_value_basis not in HEATING_VALUE_BASES:
            raise ValueError(f"heating_value_basis must be one of {HEATING_VALUE_BASES}")
        if self.factor_year is not None and self.factor_year != self.year:
            params: dict[str, Param] = {"factor_year": self.factor_year, "year": self.year}
            self._note(Message("factor_year_chosen", params, "info"))

    def _note(self, message: Message) -> None:
        if message not in self.messages:  # the same factor is asked for once per enterprise
            self.messages.append(message)

    def use(self, factor: Factor) -> float:
        """Remember ``factor`` as used (with its caveats) and return its canonical value."""
        self.used[factor.id] = factor
        if factor.status == SUSPECT:
            self._note(Message("factor_suspect", {"factor_id": factor.id, "note": factor.note}))
        if self.year is not None and not factor.applies_in(self.year):
            self._note(
                Message(
                    "factor_outside_window",
                    {"factor_id": factor.id, "window": factor.window, "year": self.year},
                )
            )
        return factor.canonical_value

    def get(self, factor_id: str) -> float:
        """Canonical value of factor ``factor_id``, remembered as used."""
        return self.use(self.registry.get(factor_id))

    def grid_factor(self, *, region: str, year: int, variant: str) -> Factor:
        """The grid CO2 factor row the registry's fallback rule finds, remembered as used."""
        found = self.registry.lookup("grid_co2", region=region, year=year, variant=variant)
        if found.message:
            self._note(found.message)
        self.use(found.factor)
        return found.factor

    def grid(self, *, region: str, year: int, variant: str) -> float:
        """Grid CO2 factor [kg/kWh] by the registry's fallback rule."""
        return self.grid_factor(region=region, year=year, variant=variant).canonical_value

    def carbon_and_oxidation(self, carrier: str, vintage: str) -> tuple[float, float]:
        """Carbon content [kg C/GJ] and oxidation [0-1] of a fuel in ``vintage``."""
        ids = fuel_co2_parameter_ids(carrier, vintage)
        missing = [i for i in ids if i not in self.registry]
        if missing:
            raise InputError(
                [
                    text(
                        f"燃料 {carrier}（{vintage}）缺少排放参数 {', '.join(missing)}；"
                        "请改用有缺省参数的燃料品种，或改用另一套参数（fuel_factor_vintage）",
                        f"fuel {carrier} ({vintage}) has no default emission parameters "
                        f"{', '.join(missing)}; report it as a fuel with defaults or use the "
                        "other parameter vintage (fuel_factor_vintage)",
                    )
                ]
            )
        carbon, oxidation = (self.get(i) for i in ids)
        return carbon, oxidation

    def heating_value(
        self,
        carrier: str,
        vintage: str,
        measured: tuple[str, float, MeasuredHeatingValue] | None = None,
    ) -> HeatingValue:
        """The one heating value of ``carrier`` for an enterprise (see the module docstring).

        ``measured`` is (enterprise id, value [GJ/unit], the park file's entry) when the
        enterprise gives its own.
        """
        if measured is not None:
            return self._measured(carrier, *measured)
        table, vintage_ncv = self._gbt2589_value(carrier), self._vintage_value(carrier, vintage)
        first, second = (
            (vintage_ncv, table)
            if self.heating_value_basis == "emission_vintage"
            else (table, vintage_ncv)
        )
        chosen = first or second
        if chosen is None:
            raise InputError(
                [
                    text(
                        f"{carrier} 没有低位发热量（{vintage}），也没有 GB/T 2589 折标系数；"
                        "请在 enterprises[].fuel_ncv 给出实测值",
                        f"{carrier} has no net calorific value ({vintage}) and no GB/T 2589 "
                        "coefficient; give a measured value under enterprises[].fuel_ncv",
                    )
                ]
            )
        other = second if first is not None else None
        if other is not None and _differ(chosen, other):
            self._note(_disagreement(carrier, chosen, other, self.heating_value_basis))
        elif first is None:
            self._note(_fallback(carrier, chosen, self.heating_value_basis))
        self.use(self.registry.get(chosen.factor_id))
        return chosen

    def _vintage_value(self, carrier: str, vintage: str) -> HeatingValue | None:
        factor_id = f"fuel.{carrier}.ncv.{vintage}"
        if factor_id not in self.registry:
            return None
        return HeatingValue(self.registry.get(factor_id).canonical_value, factor_id)

    def _gbt2589_value(self, carrier: str) -> HeatingValue | None:
        for factor_id in gbt2589_ids(carrier):
            if factor_id in self.registry:
                kgce = self.registry.get(factor_id).canonical_value
                return HeatingValue(kgce * KJ_PER_KGCE / 1e6, factor_id)
        return None

    def _measured(
        self, carrier: str, enterprise: str, gj_per_unit: float, entry: MeasuredHeatingValue
    ) -> HeatingValue:
        factor_id = f"fuel.{carrier}.ncv.measured.{enterprise}"
        self.used[factor_id] = _measured_factor(carrier, factor_id, gj_per_unit, entry)
        return HeatingValue(gj_per_unit, factor_id)


def _measured_factor(
    carrier: str, factor_id: str, gj_per_unit: float, entry: MeasuredHeatingValue
) -> Factor:
    """A measured heating value as a factor row, so that the run lists it with its source."""
    return Factor(
        id=factor_id,
        quantity="fuel_ncv",
        region="-",
        year=None,
        variant="measured",
        value=entry.value,
        unit=entry.unit,
        gas="-",
        source_document=entry.source,
        source_number="",
        url="",
        confidence=OVERRIDE_CONFIDENCE,
        note=entry.note or "",
        canonical_value=gj_per_unit,
        canonical_unit=f"GJ/{load_carriers()[carrier].canonical_unit}",
        origin=text("园区配置 enterprises[].fuel_ncv", "park file enterprises[].fuel_ncv"),
    )


def _differ(a: HeatingValue, b: HeatingValue) -> bool:
    return abs(a.gj_per_unit - b.gj_per_unit) > AGREEMENT_TOLERANCE * b.gj_per_unit


def _used(carrier: str, used: HeatingValue) -> dict[str, Param]:
    """The heating value used, per unit of the carrier: MJ and kgce (both shown)."""
    return {
        "carrier": carrier,
        "unit": load_carriers()[carrier].canonical_unit.replace("**3", "³"),
        "used_factor_id": used.factor_id,
        "used_mj_per_unit": used.gj_per_unit * 1000,
        "used_kgce_per_unit": used.kgce_per_unit,
    }


def _disagreement(carrier: str, used: HeatingValue, other: HeatingValue, basis: str) -> Message:
    return Message(
        "heating_value_disagreement",
        {
            **_used(carrier, used),
            "other_factor_id": other.factor_id,
            "other_mj_per_unit": other.gj_per_unit * 1000,
            "other_kgce_per_unit": other.kgce_per_unit,
            "change_fraction": used.gj_per_unit / other.gj_per_unit - 1.0,
            "switch": "gbt2589" if basis == "emission_vintage" else "emission_vintage",
        },
    )


def _fallback(carrier: str, used: HeatingValue, basis: str) -> Message:
    return Message("heating_value_fallback", {**_used(carrier, used), "basis": basis})
