"""Which factors a run uses: looked up once, each remembered with its provenance.

Grid factors follow the registry's fallback rule (every step reported). A fuel's GB/T 2589
coal equivalent is the table's coefficient when the table has one; otherwise it is derived
from the fuel's net calorific value by the standard's own definition, 1 kgce = 29,307.6 kJ
(china-factors §3), and the run says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factor_table import Factor
from greenpark.inputs.factors import FactorRegistry
from greenpark.inputs.fuel_factors import fuel_parameter_ids

KJ_PER_KGCE = 29_307.6  # GB/T 2589: 1 kgce = 29,307.6 kJ (7,000 kcal)
#: table variants that give one coal-equivalent coefficient, in order of preference
_SINGLE_VALUE_VARIANTS = ("gbt2589", "calorific", "gas_field")


@dataclass
class FactorChoice:
    """Resolves the factors of one run and keeps every factor used and every message."""

    registry: FactorRegistry
    used: dict[str, Factor] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def _note(self, message: str) -> None:
        if message not in self.messages:  # the same factor is asked for once per enterprise
            self.messages.append(message)

    def get(self, factor_id: str) -> float:
        """Canonical value of factor ``factor_id``, remembered as used."""
        factor = self.registry.get(factor_id)
        self.used[factor.id] = factor
        return factor.canonical_value

    def grid(self, *, region: str, year: int, variant: str) -> float:
        """Grid CO2 factor [kg/kWh] by the registry's fallback rule."""
        found = self.registry.lookup("grid_co2", region=region, year=year, variant=variant)
        self.used[found.factor.id] = found.factor
        if found.message:
            self._note(found.message)
        return found.factor.canonical_value

    def fuel_co2_parameters(self, carrier: str, vintage: str) -> tuple[float, float, float]:
        """NCV [GJ/unit], carbon content [kg C/GJ] and oxidation [0-1] of a fuel."""
        ids = fuel_parameter_ids(carrier, vintage)
        missing = [i for i in ids if i not in self.registry]
        if missing:
            raise InputError(
                [
                    text(
                        f"燃料 {carrier}（{vintage}）缺少排放参数 {', '.join(missing)}；"
                        "请改用有缺省参数的燃料品种，或在 park.yaml 的 overrides 中给出实测值及来源",
                        f"fuel {carrier} ({vintage}) has no default emission parameters "
                        f"{', '.join(missing)}; report it as a fuel with defaults or give measured "
                        "values with their source under overrides in park.yaml",
                    )
                ]
            )
        ncv, carbon, oxidation = (self.get(i) for i in ids)
        return ncv, carbon, oxidation

    def coal_equivalent(self, carrier: str, vintage: str) -> float:
        """GB/T 2589 coefficient [kgce per canonical unit] of ``carrier``."""
        for variant in _SINGLE_VALUE_VARIANTS:
            factor_id = f"coal_equiv.{carrier}.{variant}"
            if factor_id in self.registry:
                return self.get(factor_id)
        ncv_id = f"fuel.{carrier}.ncv.{vintage}"
        if ncv_id not in self.registry:
            raise InputError(
                [
                    text(
                        f"{carrier} 没有折标系数，也没有可据以折算的低位发热量",
                        f"{carrier} has neither a coal-equivalent coefficient nor a net "
                        "calorific value to derive one from",
                    )
                ]
            )
        kgce = self.get(ncv_id) * 1e6 / KJ_PER_KGCE
        self._note(
            text(
                f"{carrier} 的折标系数按低位发热量折算：{ncv_id} ÷ 29,307.6 kJ/kgce = "
                f"{kgce:.4f} kgce/单位（GB/T 2589 定义）",
                f"{carrier}: coal equivalent derived from its net calorific value, {ncv_id} "
                f"÷ 29,307.6 kJ/kgce = {kgce:.4f} kgce per unit (GB/T 2589 definition)",
            )
        )
        return kgce
