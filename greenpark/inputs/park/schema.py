"""The park configuration schema (``sites/<park>/park.yaml``), as immutable typed objects.

Every key carries its unit in its name; quantities accept a bare number in that unit or a
string with a unit (``capacity_kw: "2.5 MW"``). Cross-references between sections (owners,
buyers, holders) and data files are checked by :mod:`greenpark.inputs.park.load`, which reports
every problem at once.

:class:`ParkConfig`, the whole file, and its cross-section rules are here; each section's
models are in a ``schema_*`` module of their own and imported from here, the one place
the rest of greenpark takes the park's types from.
"""

from __future__ import annotations

from pydantic import model_validator

from greenpark.i18n import text
from greenpark.inputs.park import green_schema as green
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.schema_adjust import Adjustment
from greenpark.inputs.park.schema_base import Frozen, checked
from greenpark.inputs.park.schema_data import DataSource as DataSource
from greenpark.inputs.park.schema_enterprises import Enterprise as Enterprise
from greenpark.inputs.park.schema_enterprises import Product as Product
from greenpark.inputs.park.schema_green_purchases import PARK as PARK
from greenpark.inputs.park.schema_green_purchases import Certificate as Certificate
from greenpark.inputs.park.schema_green_purchases import Contract as Contract
from greenpark.inputs.park.schema_overrides import FactorOverride as FactorOverride
from greenpark.inputs.park.schema_park import Location as Location
from greenpark.inputs.park.schema_park import ParkInfo as ParkInfo
from greenpark.inputs.park.schema_park import known_timezone as known_timezone
from greenpark.inputs.park.schema_planned import LoadProfile as LoadProfile
from greenpark.inputs.park.schema_rooftops import PVDefaults as PVDefaults
from greenpark.inputs.park.schema_rooftops import Rooftop as Rooftop
from greenpark.inputs.park.schema_storage import Storage as Storage
from greenpark.inputs.park.schema_tariff import Tariff


class ParkConfig(Frozen):
    park: ParkInfo
    """园区基本信息 / the park"""
    pv_defaults: PVDefaults = PVDefaults()
    """屋顶光伏潜力假设 / PV potential assumptions"""
    enterprises: tuple[Enterprise, ...]
    """企业 / enterprises"""
    data: tuple[DataSource, ...] = ()
    """计量数据文件 / meter data files"""
    rooftops: tuple[Rooftop, ...] = ()
    """屋顶与光伏 / roofs and their PV"""
    contracts: tuple[Contract, ...] = ()
    """绿电交易合同 / green-power purchases"""
    certificates: tuple[Certificate, ...] = ()
    """单独购买的绿证 / unbundled green certificates"""
    storage: tuple[Storage, ...] = ()
    """储能 / battery storage"""
    tariff: Tariff | None = None
    """分时电价（单个）/ one time-of-use tariff"""
    tariffs: tuple[Tariff, ...] = ()
    """按执行期的分时电价 / dated time-of-use tariffs"""
    overrides: tuple[FactorOverride, ...] = ()
    """因子覆盖 / factor overrides"""
    confirmed_readings: tuple[ReadingConfirmation, ...] = ()
    """已核实的异常读数 / confirmed unusual readings"""
    adjustments: tuple[Adjustment, ...] = ()
    """用能调整（节能、增长、燃料改电），按顺序作用于计量用量 / changes to metered use (efficiency, growth, electrification), applied in order"""

    @model_validator(mode="after")
    def _one_tariff_key(self) -> ParkConfig:
        problem = green.one_tariff_key_problem(self.tariff is not None, bool(self.tariffs))
        return checked(self, problem)

    @property
    def all_tariffs(self) -> tuple[Tariff, ...]:
        """Every tariff of the park: ``tariffs``, or the single ``tariff``."""
        return self.tariffs or ((self.tariff,) if self.tariff is not None else ())

    def enterprise_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.enterprises)

    def enterprise_index(self) -> dict[str, int]:
        """Enterprise id -> its column in (hours, enterprises) arrays."""
        return {e.id: i for i, e in enumerate(self.enterprises)}

    def accounts(self) -> dict[str, str]:
        """Utility account number (户号) -> enterprise id."""
        return {account: e.id for e in self.enterprises for account in e.accounts}

    @model_validator(mode="after")
    def _accounts_belong_to_one_enterprise(self) -> ParkConfig:
        owners: dict[str, list[str]] = {}
        for enterprise in self.enterprises:
            for account in enterprise.accounts:
                owners.setdefault(account, []).append(enterprise.id)
        shared = {account: ids for account, ids in owners.items() if len(ids) > 1}
        problem = None
        if shared:
            listed = "; ".join(f"{a}: {', '.join(ids)}" for a, ids in shared.items())
            problem = text(
                f"同一户号属于多个企业（{listed}）",
                f"an account (户号) belongs to more than one enterprise ({listed})",
            )
        return checked(self, problem)
