"""The rules of ``park.yaml`` that need its meter data: certificate over-claims against the
metered use, adjustments of carriers without data, planned use beside readings, fuels without
combustion parameters."""

from __future__ import annotations

from pathlib import Path

from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park import adjustment_rules, planned_rules
from greenpark.inputs.park.certificate_rules import over_claim_problems
from greenpark.inputs.park.checked import (
    Checked,
    claim_rule,
    every_data_file_read,
    valid_items,
    year_and_timezone,
)
from greenpark.inputs.park.fuel_factors import missing_fuel_parameter_problems
from greenpark.inputs.park.rules import enterprise_ids
from greenpark.inputs.park.schema import Certificate, Enterprise
from greenpark.inputs.park.schema_adjust import Adjustment
from greenpark.inputs.problems import Problem


def meter_rule_problems(
    park_dir: Path, checked: Checked, meters: MeterData
) -> tuple[list[Problem], list[str]]:
    """Problems of the configuration and of the data found with the meter data."""
    config_problems = [
        *_over_claims(park_dir, checked, meters),
        *_adjustment_data(checked, meters),
        *planned_rules.planned_data_problems(
            checked.source, valid_items(checked, "enterprises", Enterprise), meters
        ),
    ]
    return config_problems, _missing_fuel_parameters(checked, meters)


def _over_claims(park_dir: Path, checked: Checked, meters: MeterData) -> list[Problem]:
    """Certificate batches claiming more than their claimant's metered electricity (judged
    only when every data file was read: a file left out would make the use look smaller)."""
    period = year_and_timezone(checked)
    if period is None or not every_data_file_read(park_dir, checked):
        return []
    ids = enterprise_ids(checked.raw) if checked.config is None else checked.config.enterprise_ids()
    certificates = valid_items(checked, "certificates", Certificate)
    rule = claim_rule(checked)
    planned = {e.id for _, e in valid_items(checked, "enterprises", Enterprise) if e.planned_use}
    return over_claim_problems(
        checked.source, certificates, ids, meters, (period[0], rule), planned=planned
    )


def _adjustment_data(checked: Checked, meters: MeterData) -> list[Problem]:
    """Adjustments of a carrier the enterprises in their scope have no data for."""
    enterprises = [enterprise for _, enterprise in valid_items(checked, "enterprises", Enterprise)]
    adjustments = valid_items(checked, adjustment_rules.SECTION, Adjustment)
    return adjustment_rules.data_problems(checked.source, adjustments, enterprises, meters)


def _missing_fuel_parameters(checked: Checked, meters: MeterData) -> list[str]:
    """Fuels in the meter data an enterprise uses without the combustion parameters of its
    vintage (burnt) or a heating value (burnt or feedstock)."""
    if checked.tables is None:
        return []
    enterprises = [enterprise for _, enterprise in valid_items(checked, "enterprises", Enterprise)]
    return missing_fuel_parameter_problems(meters, enterprises, checked.tables.factors.keys())
