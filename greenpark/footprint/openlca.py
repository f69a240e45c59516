"""openLCA JSON-LD (olca-schema) of a run: processes an openLCA user can import and link.

One process per enterprise turns its electricity inputs into one kWh "as consumed" (the
quantitative reference: the enterprise's annual use [kWh]):

- grid electricity of the province (grid import less contract deliveries),
- on-site PV (self-consumed and shared in the park),
- contract green power, one flow per technology;

each a product flow the user links to a provider of their own background data. The
greenpark factors of every basis (:mod:`greenpark.footprint.electricity`) are process
parameters (``ef_<basis>`` [kg/kWh], CO2 or life-cycle CO2e as labelled) and are written out
with their basis in the description, with the run id and the claim ledger's root.

One process per declared product of an enterprise whose split is known
(:mod:`greenpark.footprint.products`) makes the product's annual output (kg, Item(s) or kWh)
from its allocated share of that electricity. The inputs of an enterprise with a battery add
up to more than its use by the battery's losses.

Units and flow properties are openLCA's reference data, cited by the ids olca-schema's
``units`` gives (energy, mass, number of items); the zip does not carry them, so importing it
never replaces a database's unit groups (every openLCA reference-data database has them).
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import olca_schema as olca
import pandas as pd
from olca_schema import units as olca_units
from olca_schema.zipio import ZipWriter

from greenpark.errors import InputError, UnitError
from greenpark.footprint.lifecycle import annual_numbers
from greenpark.footprint.pact import urn
from greenpark.footprint.pact_products import PIECE, PIECE_SCALE
from greenpark.footprint.products import product_table
from greenpark.footprint.subdivisions import subdivision_code
from greenpark.inputs.park.schema import Enterprise, Product
from greenpark.run_result import RunResult
from greenpark.units import convert


@dataclass(frozen=True)
class Input:
    """One electricity input of an enterprise: its flow's key and name, and kWh."""

    key: str
    name: str
    kwh: float


def _id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, urn("openlca", *parts)))


def _ref(entity: olca.RootEntity) -> olca.Ref:
    return olca.Ref(ref_type=olca.RefType[type(entity).__name__], id=entity.id, name=entity.name)


def electricity_inputs(result: RunResult, enterprise: str) -> list[Input]:
    """The enterprise's electricity by where it comes from [kWh] (annual)."""
    annual = annual_numbers(result, enterprise)
    contracts = [c for c in result.config.contracts if c.buyer == enterprise]
    ledger = result.ledger()
    mine = ledger[(ledger["claimant"] == enterprise) & (ledger["source_kind"] == "contract")]
    by_id = mine.groupby("source_id")["kwh"].sum()
    by_technology: dict[str, float] = {}
    for contract in contracts:
        kwh = float(by_id.get(contract.id, 0.0))
        by_technology[contract.technology] = by_technology.get(contract.technology, 0.0) + kwh
    province = result.config.park.province
    inputs = [
        Input("grid", f"电网电力 grid electricity, {province}",
              annual["grid_import_kwh"] - annual["green_contract_kwh"]),
        Input("onsite_pv", "自发自用光伏 on-site PV",
              annual["pv_self_consumed_kwh"] + annual["pv_shared_in_kwh"]),
    ]  # fmt: skip
    inputs += [
        Input(f"contract_{t}", f"绿电合同（{t}）contract green power, {t}", kwh)
        for t, kwh in sorted(by_technology.items())
    ]
    return inputs


def _flow(key: tuple[str, ...], name: str, symbol: str, description: str = "") -> olca.Flow:
    prop = olca_units.property_ref(symbol)
    return olca.Flow(
        id=_id("flow", *key),
        name=name,
        description=description,
        flow_type=olca.FlowType.PRODUCT_FLOW,
        flow_properties=[
            olca.FlowPropertyFactor(
                flow_property=prop, conversion_factor=1.0, is_ref_flow_property=True
            )
        ],
    )


def _exchange(
    flow: olca.Flow,
    amount: float,
    symbol: str,
    *,
    is_input: bool,
    internal_id: int,
    reference: bool = False,
) -> olca.Exchange:
    return olca.Exchange(
        flow=_ref(flow),
        amount=amount,
        unit=olca_units.unit_ref(symbol),
        flow_property=olca_units.property_ref(symbol),
        is_input=is_input,
        is_quantitative_reference=reference,
        internal_id=internal_id,
    )


def _parameters(values: Iterable[tuple[str, float, str]]) -> list[olca.Parameter]:
    return [
        olca.Parameter(
            id=str(uuid.uuid4()),
            name=name,
            value=value,
            description=description,
            is_input_parameter=True,
            parameter_scope=olca.ParameterScope.PROCESS_SCOPE,
        )
        for name, value, description in values
    ]


def _annual_rows(factors: pd.DataFrame, year: str) -> list[dict[Hashable, Any]]:
    return factors[factors["period"] == year].to_dict(orient="records")


def _factor_parameters(factors: pd.DataFrame, year: str) -> list[olca.Parameter]:
    return _parameters(
        (
            f"ef_{row['basis']}",
            float(row["value_kg_per_kwh"]),
            f"{row['basis']} basis [kg {row['gas']}/kWh]; factors {row['factor_ids']}",
        )
        for row in _annual_rows(factors, year)
        if not pd.isna(row["value_kg_per_kwh"])
    )


def _basis_text(row: Mapping[Hashable, Any]) -> str:
    value = row["value_kg_per_kwh"]
    shown = f"n/a ({row['reason']})" if pd.isna(value) else f"{float(value):.6f}"
    return f"{row['basis']} ({row['gas']}) = {shown} kg/kWh"


def _description(result: RunResult, factors: pd.DataFrame, claims_root: str) -> str:
    year = str(result.config.park.accounting_year)
    bases = "; ".join(_basis_text(row) for row in _annual_rows(factors, year))
    return (
        f"greenpark run {result.run_id}; claim ledger root (SHA-256) {claims_root}. "
        f"Electricity as consumed in {year}; inputs are physical (certificates are attributes "
        f"and count on the market, inventory and footprint bases only). Emission factors per "
        f"kWh consumed, by basis: {bases}."
    )


@dataclass
class _Written:
    """The entities of one export, and the products left out with the reason."""

    entities: list[olca.RootEntity]
    left_out: list[str]


def _enterprise_process(
    result: RunResult,
    firm: Enterprise,
    factors: pd.DataFrame,
    claims_root: str,
    location: olca.Location,
    written: _Written,
) -> olca.Flow:
    """Add the enterprise's process and flows to ``written``; its consumed-electricity flow."""
    park, year = result.config.park, str(result.config.park.accounting_year)
    consumed = _flow(
        (park.id, firm.id, year, "electricity"),
        f"电力（{firm.name}用电）electricity as consumed by {firm.id}, {year}",
        "kWh",
    )
    exchanges = [
        _exchange(consumed, annual_numbers(result, firm.id)["electricity_kwh"], "kWh",
                  is_input=False, internal_id=1, reference=True),
    ]  # fmt: skip
    for i, source in enumerate(electricity_inputs(result, firm.id), start=2):
        flow = _flow((park.id, source.key), f"{source.name}, {park.id}", "kWh")
        written.entities.append(flow)
        exchanges.append(_exchange(flow, source.kwh, "kWh", is_input=True, internal_id=i))
    written.entities += [consumed, _process(
        (result.run_id, firm.id), f"{firm.name}（{firm.id}）用电 electricity use {year}",
        _description(result, factors, claims_root), exchanges,
        _factor_parameters(factors, year), location,
    )]  # fmt: skip
    return consumed


def _process(
    key: tuple[str, ...],
    name: str,
    description: str,
    exchanges: list[olca.Exchange],
    parameters: list[olca.Parameter],
    location: olca.Location,
) -> olca.Process:
    return olca.Process(
        id=_id("process", *key),
        name=name,
        description=description,
        process_type=olca.ProcessType.UNIT_PROCESS,
        exchanges=exchanges,
        last_internal_id=len(exchanges),
        parameters=parameters,
        location=_ref(location),
    )


def product_amount(product: Product) -> tuple[str, float] | None:
    """The product's unit in openLCA's units and the factor to it (None when none fits)."""
    piece = PIECE.match(product.unit)
    if piece:
        return "Item(s)", PIECE_SCALE[piece.group(1)]
    for symbol in ("kg", "kWh"):
        try:
            return symbol, convert(1.0, product.unit, symbol)
        except UnitError:
            continue
    return None


def _product_processes(
    result: RunResult,
    firm: Enterprise,
    factors: pd.DataFrame,
    consumed: olca.Flow,
    location: olca.Location,
    written: _Written,
) -> None:
    try:
        table = product_table(result, firm.id, factors)
    except InputError as exc:
        written.left_out += [f"{firm.id}: {p}" for p in exc.problems]
        return
    for product in firm.products:
        unit = product_amount(product)
        if unit is None:
            written.left_out.append(f"{firm.id}: {product.name}: unit {product.unit!r}")
            continue
        rows = table[table["product"] == product.name]
        written.entities += _product_process(result, firm, product, rows, unit, consumed, location)


def _product_process(
    result: RunResult,
    firm: Enterprise,
    product: Product,
    rows: pd.DataFrame,
    unit: tuple[str, float],
    consumed: olca.Flow,
    location: olca.Location,
) -> list[olca.RootEntity]:
    park, year = result.config.park, str(result.config.park.accounting_year)
    symbol, factor = unit
    first = rows.iloc[0]
    flow = _flow((park.id, firm.id, product.name), f"{product.name}（{firm.name}）", symbol)
    exchanges = [
        _exchange(
            flow,
            product.annual_output * factor,
            symbol,
            is_input=False,
            internal_id=1,
            reference=True,
        ),
        _exchange(consumed, float(first["electricity_kwh"]), "kWh", is_input=True, internal_id=2),
    ]
    values = [
        ("electricity_kwh_per_unit", first["electricity_kwh_per_unit"], f"[kWh per {product.unit}]"),
        ("energy_kgce_per_unit", first["energy_kgce_per_unit"], f"[kgce per {product.unit}], gate-to-gate"),
        *(
            (f"emissions_{r.basis}_kg_per_unit", r.electricity_emissions_kg_per_unit,
             f"electricity, {r.basis} basis [kg {r.gas} per {product.unit}]")
            for r in rows.itertuples()
        ),
    ]  # fmt: skip
    parameters = _parameters((n, float(v), d) for n, v, d in values if not pd.isna(v))
    description = (
        f"greenpark run {result.run_id}. {product.annual_output} {product.unit} in {year}; "
        f"electricity allocated by {first['allocation_rule']} (fraction "
        f"{first['allocation_fraction']:.6f}, weight {first['allocation_weight']} "
        f"{first['allocation_weight_unit']})."
    )
    name = f"{product.name}（{firm.id}）生产 production {year}"
    process = _process(
        (result.run_id, firm.id, product.name), name, description, exchanges, parameters, location
    )
    return [flow, process]


def openlca_entities(
    result: RunResult, tables: dict[str, pd.DataFrame], claims_root: str
) -> tuple[list[olca.RootEntity], list[str]]:
    """The openLCA entities of the enterprises in ``tables`` (enterprise -> its factor table):
    the park's location, flows and processes; and the products
    left out (no split, or a unit openLCA's reference groups lack), with the reason."""
    park = result.config.park
    code = subdivision_code(park.province)
    location = olca.Location(id=_id("location", code), name=park.province, code=code)
    written = _Written([location], [])
    for enterprise, factors in tables.items():
        firm = next(e for e in result.config.enterprises if e.id == enterprise)
        consumed = _enterprise_process(result, firm, factors, claims_root, location, written)
        if firm.products:
            _product_processes(result, firm, factors, consumed, location, written)
    unique = {entity.id: entity for entity in written.entities}
    return list(unique.values()), written.left_out


def export_openlca(entities: Iterable[olca.RootEntity], path: Path) -> Path:
    """Write ``entities`` as an openLCA JSON-LD zip at ``path`` (replacing the file)."""
    path.unlink(missing_ok=True)
    with ZipWriter(str(path)) as writer:
        for entity in entities:
            writer.write(entity)
    return path
