"""Measures turned into ``park.yaml``-shaped patches, and patches combined into one overlay.

PV measures use the roof potential of :func:`greenpark.core.pv.potential.roof_potential_kw`
(what ``greenpark pv --potential`` reports) with the park's ``pv_defaults``: each roof in
scope gets ``max(installed, share x potential)`` kWp; a roof without PV also gets the
measure's commissioning year (default: the accounting year) or date and certificate status.
Efficiency and electrification measures become ``adjustments`` items; sharing sets the park's
``surplus_pv`` and ``sharing_channel``; a tenant becomes an ``enterprises`` item with a
``planned_use`` and its roofs; factor_year sets ``park.factor_year``. The other kinds are
``park.yaml`` items as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from greenpark.core.pv.potential import roof_potential_kw
from greenpark.inputs.park.overlay import DELETE
from greenpark.inputs.park.schema import ParkConfig, Rooftop
from greenpark.scenarios.schema import (
    EfficiencyMeasure,
    ElectrificationMeasure,
    Measure,
    PVMeasure,
    TenantMeasure,
)

Patch = dict[str, object]


def roofs_in_scope(pv: PVMeasure, config: ParkConfig) -> list[Rooftop]:
    """The roofs a PV measure covers (unknown names are the loader's to report)."""
    if pv.whole_park:
        return list(config.rooftops)
    if pv.enterprise is not None:
        return [r for r in config.rooftops if r.owner == pv.enterprise]
    named = set(pv.roofs)
    return [r for r in config.rooftops if r.id in named]


def pv_patch(pv: PVMeasure, config: ParkConfig) -> Patch:
    """Roof items raising capacity to the measure's share of each roof's potential."""
    roofs = roofs_in_scope(pv, config)
    table = pd.DataFrame(
        {
            "area_m2": [r.area_m2 for r in roofs],
            "usable_fraction": [r.usable_fraction for r in roofs],
            "capacity_kw": [r.capacity_kw for r in roofs],
        },
        index=[r.id for r in roofs],
    )
    defaults = config.pv_defaults
    potential = roof_potential_kw(
        table,
        setback_m=defaults.roof_setback_m,
        power_density_kw_per_m2=defaults.power_density_kw_per_m2,
    )["potential_kw"]
    items: list[object] = []
    for roof in roofs:
        target_kw = pv.share_of_potential_fraction * float(potential[roof.id])
        if target_kw <= roof.capacity_kw:
            continue
        item: Patch = {"id": roof.id, "capacity_kw": target_kw}
        if roof.capacity_kw == 0:
            item.update(_commissioning(pv, config.park.accounting_year))
            item["gec_registered"] = pv.gec_registered
            item["export_certificates"] = pv.export_certificates
        items.append(item)
    return {"rooftops": items} if items else {}


def _commissioning(pv: PVMeasure, accounting_year: int) -> Patch:
    """Year (default: the accounting year) and date (when given) of new PV."""
    if pv.commissioning_date is not None:
        date_text = pv.commissioning_date.isoformat()
        return {"commissioning_year": pv.commissioning_date.year, "commissioning_date": date_text}
    return {"commissioning_year": pv.commissioning_year or accounting_year}


def _tariffs_patch(tariffs: Sequence[Mapping[str, object]], config: ParkConfig) -> Patch:
    """The park's tariffs replaced by ``tariffs`` (``tariff:`` removed, ``tariffs:`` items
    deleted by name, the new ones added)."""
    gone: list[object] = [{"name": t.name, DELETE: True} for t in config.tariffs]
    return {"tariff": None, "tariffs": [*gone, *(dict(t) for t in tariffs)]}


def _scope(measure: EfficiencyMeasure | ElectrificationMeasure) -> Patch:
    return measure.model_dump(include={"enterprise", "industry"}, exclude_none=True)


def adjustment_patch(measure: Measure, item_id: str) -> Patch:
    """An ``adjustments`` item (id ``item_id``) of an efficiency or electrification measure:
    use × (1 − saving); the fuel moved × (fuel efficiency ÷ COP) as electricity."""
    if measure.efficiency is not None:
        saving = measure.efficiency
        item: Patch = {"id": item_id, **_scope(saving), "carrier": saving.carrier}
        item.update(use=saving.use, scale_factor=1.0 - saving.saving_fraction)
        if saving.hours_of_day:
            item["hours_of_day"] = list(saving.hours_of_day)
        return {"adjustments": [item]}
    shift = measure.electrification
    assert shift is not None
    shape = list(shift.shape) if isinstance(shift.shape, tuple) else shift.shape
    to_electricity = {
        "fuel_efficiency_fraction": shift.fuel_efficiency_fraction,
        "cop": shift.cop,
        "shape": shape,
    }
    item = {"id": item_id, **_scope(shift), "carrier": shift.carrier}
    item.update(scale_factor=1.0 - shift.share_fraction, to_electricity=to_electricity)
    return {"adjustments": [item]}


def tenant_patch(tenant: TenantMeasure) -> Patch:
    """A new ``enterprises`` item with its ``planned_use`` (``annual`` as given, else the
    profile's use per output value), and its roofs (owner: the tenant)."""
    planned: Patch = {"profile": tenant.profile}
    if tenant.annual is not None:
        planned["annual"] = tenant.annual
    else:
        planned["scale_by_output_value"] = True
    own = tenant.model_dump(include={"id", "name", "industry_code", "output_value_wan_cny"})
    enterprise: Patch = {**own, **tenant.extra_keys, "planned_use": planned}
    if tenant.output_value_wan_cny is None:
        del enterprise["output_value_wan_cny"]
    patch: Patch = {"enterprises": [enterprise]}
    if tenant.rooftops:
        patch["rooftops"] = [{**roof, "owner": tenant.id} for roof in tenant.rooftops]
    return patch


def measure_patch(measure: Measure, config: ParkConfig, item_id: str = "measure") -> Patch:
    """The ``park.yaml``-shaped patch of one measure on ``config`` (``item_id``: the id of
    the ``adjustments`` item an efficiency or electrification measure becomes)."""
    if measure.pv is not None:
        return pv_patch(measure.pv, config)
    if measure.kind in ("efficiency", "electrification"):
        return adjustment_patch(measure, item_id)
    if measure.tariffs is not None:
        return _tariffs_patch(measure.tariffs, config)
    if measure.tenant is not None:
        return tenant_patch(measure.tenant)
    if measure.sharing is not None:
        return {"park": {"surplus_pv": "park_sharing", "sharing_channel": measure.sharing.channel}}
    if measure.factor_year is not None:
        return {"park": {"factor_year": measure.factor_year}}
    section = {
        "storage": "storage",
        "contract": "contracts",
        "certificate": "certificates",
        "factor_override": "overrides",
    }[measure.kind]
    return {section: [dict(getattr(measure, measure.kind))]}


def with_item_id(patch: Patch, item_id: str) -> Patch:
    """``patch`` with its ``adjustments`` items (an efficiency or electrification measure's
    one) given the id ``item_id``; any other patch as it is."""
    items = patch.get("adjustments")
    if not isinstance(items, list):
        return patch
    return {**patch, "adjustments": [{**item, "id": item_id} for item in items]}


def combined_patch(patches: Iterable[Mapping[str, object]]) -> Patch:
    """One patch doing what ``patches`` do in order: item lists are joined (a later item with
    the same id merges into the earlier one), other keys replaced."""
    result: Patch = {}
    for patch in patches:
        for key, value in patch.items():
            earlier = result.get(key)
            if isinstance(value, list) and isinstance(earlier, list):
                result[key] = [*earlier, *value]
            else:
                result[key] = value
    return result
