"""Load a park folder (``sites/<park>/park.yaml`` and its data files), reporting every problem.

:func:`load_park_config` reads and validates ``park.yaml``; :func:`load_park` adds the meter
data and the contracts' delivery profiles. Both collect all problems before raising one
:class:`~greenpark.errors.InputError`: YAML syntax (with line) and unsafe YAML
(:mod:`greenpark.inputs.park.yaml_file`), schema errors (types, ranges, units, unknown keys,
non-finite numbers; see :mod:`greenpark.inputs.problems`), the rules of
:mod:`greenpark.inputs.park.rules` (cross-references, duplicate ids, files missing or outside
the park folder, province and grid region), :mod:`greenpark.inputs.park.green_rules` (certificates
under the claim rule, serial overlaps, bundled repeats, dated tariffs), the plausibility limits of
:mod:`greenpark.inputs.park.limits` (roof power density, factor overrides) and, with the meter
data, impossible readings (:mod:`greenpark.inputs.meters.plausibility`) and certificate
over-claims (:mod:`greenpark.inputs.park.certificate_rules`) and the coverage rules
(:mod:`greenpark.inputs.meters.coverage`). Nothing is written anywhere.

:meth:`Park.with_changes` applies an overlay (:mod:`greenpark.inputs.park.overlay`) and runs every
one of these rules again on the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from greenpark.errors import InputError
from greenpark.frozen import FrozenDict
from greenpark.inputs.factors.regions import read_region_table
from greenpark.inputs.factors.registry import REGIONS_CSV, factor_dir
from greenpark.inputs.meters import early
from greenpark.inputs.meters.ahead import MatricesAhead, matrix_sources
from greenpark.inputs.meters.coverage import check_coverage
from greenpark.inputs.meters.load import MeterData, load_meter_data, year_hours
from greenpark.inputs.meters.plausibility import ReadingLimits, reading_limits
from greenpark.inputs.park import adjustment_rules, planned_rules
from greenpark.inputs.park.basic_charge_rules import basic_charge_problems
from greenpark.inputs.park.checked import Checked, valid_items, year_and_timezone
from greenpark.inputs.park.confirmations import ReadingConfirmation
from greenpark.inputs.park.delivery_profiles import load_delivery_profiles
from greenpark.inputs.park.green_rules import green_rule_problems
from greenpark.inputs.park.limits import (
    confirmation_messages,
    confirmation_problems,
    factor_override_problems,
    factor_tables,
    roof_problems,
)
from greenpark.inputs.park.meter_rules import meter_rule_problems
from greenpark.inputs.park.overlay import merged, patch_text
from greenpark.inputs.park.paths import readable_park_file
from greenpark.inputs.park.product_rules import product_allocation_problems
from greenpark.inputs.park.rules import (
    enterprise_accounts,
    enterprise_ids,
    rule_problems,
    section_items,
)
from greenpark.inputs.park.schema import (
    Contract,
    DataSource,
    Enterprise,
    FactorOverride,
    ParkConfig,
    Rooftop,
)
from greenpark.inputs.park.yaml_file import read_yaml
from greenpark.inputs.problems import Problem, SourceFile, ordered, validation_problems
from greenpark.messages import Message

CONFIG_FILE = "park.yaml"
#: how problems found in an overlay name where they are (``overlay: rooftops[3] (R3).…``)
OVERLAY = "overlay"


@dataclass(frozen=True)
class Park:
    """A validated park: its folder, configuration, meter data, soft messages and the hourly
    delivery weights of contracts with ``delivery_shape: profile`` (by contract id, one per
    hour of the accounting year). ``raw`` is ``park.yaml`` as read (with any overlays merged
    in), before validation: what :meth:`with_changes` merges onto; never change it.
    ``changes`` are the overlays applied since the file was read, as canonical JSON text.

    A park is immutable; it pickles and deep-copies (so it can go to worker processes).
    """

    directory: Path
    config: ParkConfig
    meters: MeterData
    messages: tuple[Message, ...]
    delivery_profiles: Mapping[str, np.ndarray]
    raw: Mapping[str, object] = field(repr=False, compare=False)
    changes: tuple[str, ...] = ()

    @property
    def allow_gaps(self) -> bool:
        """Whether months without data were extrapolated (``load_park(allow_gaps=True)``)."""
        return self.meters.allow_gaps

    def with_changes(
        self,
        patch: Mapping[str, object],
        *,
        allow_gaps: bool | None = None,
        label: str = OVERLAY,
    ) -> Park:
        """This park with ``patch`` (shaped like ``park.yaml``) merged in, checked again.

        The merge rules (lists merge by id; ``{"id": "R3", "_delete": True}`` removes an item;
        ``None`` removes a key) are those of :mod:`greenpark.inputs.park.overlay`. The result passes
        every rule a file load runs — schema, park and green rules, plausibility limits,
        certificate over-claims, data coverage (with this park's ``allow_gaps`` unless given)
        — or :class:`~greenpark.errors.InputError` lists every problem, located under ``label``
        (``overlay: rooftops[12] (R3).capacity_kw: …``). Meter files are read again only when
        the patch changes what reading them depends on (``data``, enterprise ids, year, time
        zone, ``confirmed_readings``, ``allow_gaps``); this park is not changed.
        """
        gaps = self.allow_gaps if allow_gaps is None else allow_gaps
        source = SourceFile(label, merged(self.raw, patch, label), {})
        changed = _loaded(self.directory, source, [], gaps, reuse=self)
        applied = (*self.changes, patch_text(patch)) if patch else self.changes
        return dataclasses.replace(changed, changes=applied)


def load_park_config(park_dir: Path) -> ParkConfig:
    """Read, validate and cross-check ``<park_dir>/park.yaml``.

    Raises
    ------
    InputError
        Listing every problem found, one line each: file, field path, what, got, expected.
    """
    park_dir = Path(park_dir)
    checked = _check_source(park_dir, *_read_config(park_dir))
    if checked.problems:
        raise InputError(ordered(checked.problems))
    assert checked.config is not None  # a config that fails validation has problems
    return checked.config


def load_park(park_dir: Path, *, allow_gaps: bool = False) -> Park:
    """Load ``park.yaml``, every meter-data file and every delivery profile it lists.

    Problems in the configuration and in the data files are reported together in one
    :class:`~greenpark.errors.InputError`; when the configuration is invalid, the data files
    it names validly are still read, so their problems show in the same run. The meter data
    then pass the coverage rules of :mod:`greenpark.inputs.meters.coverage` (``allow_gaps``:
    extrapolate months without data instead of refusing them, ``--allow-gaps``).
    """
    park_dir = Path(park_dir)
    early.read_ahead(park_dir)  # wide CSV files parsed on the second core meanwhile
    try:
        return _loaded(park_dir, *_read_config(park_dir), allow_gaps)
    finally:
        early.drop()  # what was not taken (e.g. a park.yaml that is not YAML reads no file)


def load_park_from(
    park_dir: Path, raw: dict[str, object], label: str, *, allow_gaps: bool = False
) -> Park:
    """Check ``raw`` (shaped like ``park.yaml``, e.g. made from the input workbook) with every
    rule of :func:`load_park`, as if it were ``park_dir``'s ``park.yaml``, without writing it.
    Problems are located under ``label``."""
    return _loaded(Path(park_dir), SourceFile(label, raw, {}), [], allow_gaps)


def _loaded(
    park_dir: Path,
    source: SourceFile,
    read_problems: list[Problem],
    allow_gaps: bool,
    reuse: Park | None = None,
) -> Park:
    """Check a configuration and load its data: the body of :func:`load_park`, also for an
    overlay (``reuse``: a park whose meter data serve when they would be read the same)."""
    checked, meters, data_problems = _checked_with_meters(
        park_dir, source, read_problems, allow_gaps, reuse
    )
    profiles = None
    config_problems = list(checked.problems)
    try:
        profiles = _load_profiles(park_dir, checked)
    except InputError as exc:
        data_problems.extend(exc.problems)
    if meters is not None:
        found_config, found_data = meter_rule_problems(park_dir, checked, meters)
        config_problems.extend(found_config)
        data_problems.extend(found_data)
    problems = list(dict.fromkeys([*ordered(config_problems), *data_problems]))
    if problems:
        raise InputError(problems)
    assert checked.config is not None and meters is not None and profiles is not None
    messages = (
        _config_messages(checked.config)
        + confirmation_messages(checked.config)
        + tuple(meters.messages)
    )
    return Park(park_dir, checked.config, meters, messages, FrozenDict(profiles), checked.raw)


def _checked_with_meters(
    park_dir: Path,
    source: SourceFile,
    read_problems: list[Problem],
    allow_gaps: bool,
    reuse: Park | None,
) -> tuple[Checked, MeterData | None, list[str]]:
    """The configuration checked while its wide meter files are read on a second thread
    (:mod:`greenpark.inputs.meters.ahead`), then its meter data (``reuse``'s when they would
    be read the same) or their problems."""
    raw = source.raw
    assert isinstance(raw, dict)
    reused = None
    if reuse is not None and _meter_inputs(reuse.raw, reuse.allow_gaps) == _meter_inputs(
        raw, allow_gaps
    ):
        reused = reuse.meters
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        listed = [] if reused is not None else [item for _, item in section_items(raw, "data")]
        ahead = MatricesAhead(pool, park_dir, matrix_sources(listed))
        checked = _check_source(park_dir, source, read_problems)
        try:
            if reused is not None:
                return checked, reused, []
            meters = _load_meters(park_dir, checked, allow_gaps, ahead)
        except InputError as exc:
            return checked, None, list(exc.problems)
        return checked, meters, []
    finally:
        pool.shutdown(cancel_futures=True)  # reads not needed (no valid year) are dropped


def _meter_inputs(raw: Mapping[str, object], allow_gaps: bool) -> tuple[object, ...]:
    """Everything reading and completing the meter data depends on, beside the files."""
    info = raw.get("park")
    period = (
        [info.get(k) for k in ("accounting_year", "timezone")] if isinstance(info, dict) else []
    )
    data, confirmed = raw.get("data"), raw.get("confirmed_readings")
    return (data, enterprise_ids(raw), *period, confirmed, allow_gaps)


def _read_config(park_dir: Path) -> tuple[SourceFile, list[Problem]]:
    path = park_dir / CONFIG_FILE
    raw, lines, problems = read_yaml(path, str(path))
    return SourceFile(str(path), raw, lines), problems


def _check_source(park_dir: Path, source: SourceFile, problems: list[Problem]) -> Checked:
    assert isinstance(source.raw, dict)
    raw: dict[str, object] = source.raw
    problems = list(problems)
    config = None
    try:
        config = ParkConfig.model_validate(raw)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, ParkConfig, source))
    regions, region_problems = read_region_table(factor_dir() / REGIONS_CSV)
    problems.extend(Problem(None, line) for line in region_problems)
    problems.extend(rule_problems(source, park_dir, regions))
    problems.extend(green_rule_problems(source))
    problems.extend(basic_charge_problems(source, raw))
    problems.extend(product_allocation_problems(source))
    problems.extend(adjustment_rules.industry_problems(source, raw))
    tables, table_problems = factor_tables()
    problems.extend(Problem(None, line) for line in table_problems)
    checked = Checked(source, raw, config, tables, ())
    problems.extend(_limit_problems(checked))
    enterprises = valid_items(checked, "enterprises", Enterprise)
    problems.extend(planned_rules.planned_problems(source, enterprises))
    return Checked(source, raw, config, tables, tuple(problems))


def _limit_problems(checked: Checked) -> list[Problem]:
    """Plausibility of roofs and overrides; confirmations naming listed data files."""
    found = confirmation_problems(
        checked.source,
        valid_items(checked, "confirmed_readings", ReadingConfirmation),
        [source for _, source in valid_items(checked, "data", DataSource)],
    )
    if checked.tables is None:
        return found  # the factor tables' own problems are reported
    roofs = valid_items(checked, "rooftops", Rooftop)
    overrides = valid_items(checked, "overrides", FactorOverride)
    return [
        *found,
        *roof_problems(checked.source, roofs, checked.tables.limits),
        *factor_override_problems(checked.source, overrides, checked.tables),
    ]


def _reading_limits(checked: Checked) -> ReadingLimits | None:
    if checked.tables is None:
        return None
    confirmed = [c for _, c in valid_items(checked, "confirmed_readings", ReadingConfirmation)]
    return reading_limits(checked.tables.limits, checked.tables.factors.values(), confirmed)


def _load_meters(
    park_dir: Path, checked: Checked, allow_gaps: bool, matrices: MatricesAhead
) -> MeterData | None:
    """Read the meter files (inside the park folder; missing or outside ones are reported by
    the rules; with an invalid config, those of its entries that are valid) and, when every
    listed file was read, apply the coverage rules to them."""
    period = year_and_timezone(checked)
    if period is None:
        return None
    sources = tuple(
        source
        for _, source in valid_items(checked, "data", DataSource)
        if readable_park_file(park_dir, source.file)
    )
    ids = enterprise_ids(checked.raw) if checked.config is None else checked.config.enterprise_ids()
    year, timezone = period
    meters = load_meter_data(
        park_dir,
        sources,
        enterprise_ids=ids,
        year=year,
        timezone=timezone,
        config_file=CONFIG_FILE,
        reading_limits=_reading_limits(checked),
        accounts=enterprise_accounts(checked.raw),
        matrices=matrices,
    )
    if len(sources) < len(section_items(checked.raw, "data")):
        return meters  # coverage of a partial read would only echo the unread files
    planned = [  # also those whose planned use is invalid (reported with the schema)
        str(item.get("id"))
        for _, item in section_items(checked.raw, "enterprises")
        if "planned_use" in item
    ]
    return check_coverage(meters, ids, allow_gaps=allow_gaps, planned=planned)


def _load_profiles(park_dir: Path, checked: Checked) -> dict[str, np.ndarray] | None:
    """Delivery profiles of the (valid) contracts whose profile file is readable."""
    period = year_and_timezone(checked)
    if period is None:
        return None
    contracts = [
        contract
        for _, contract in valid_items(checked, "contracts", Contract)
        if contract.profile_file is not None and readable_park_file(park_dir, contract.profile_file)
    ]  # missing files and files outside the park folder are reported by the rules
    return load_delivery_profiles(park_dir, contracts, len(year_hours(*period)))


def _config_messages(config: ParkConfig) -> tuple[Message, ...]:
    """Soft notes on the configuration: certificates claimed for another year than this one."""
    year = config.park.accounting_year
    return tuple(
        Message(
            "certificates_claimed_other_year",
            {"batch_id": c.id, "claim_year": c.claim_year, "year": year},
            "info",
        )
        for c in config.certificates
        if c.claim_year != year
    )
