"""The one way a run happens: load a park, describe the run, run it.

>>> import greenpark as gp
>>> result = gp.run(gp.RunSpec(gp.load_park("sites/jincheng-edz")))  # doctest: +SKIP
>>> result.annual().loc["park", "green_share_fraction"]  # doctest: +SKIP

:func:`run` loads what the spec names (park, overlay, weather, factor tables with the
park's overrides), runs the accounting year (:func:`greenpark.pipeline.accounting.run_accounting`)
and returns a :class:`~greenpark.run_result.RunResult` with its provenance. Nothing is
printed, written or stored: the CLI shows and saves results, as any caller may.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from greenpark.code_identity import code_hash, code_version
from greenpark.errors import StrictError
from greenpark.i18n import Language, get_language
from greenpark.inputs.factors.registry import FactorRegistry, factor_dir, load_factor_registry
from greenpark.inputs.park import load as park_files
from greenpark.inputs.park.fingerprint import inputs_hash, park_input_files
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import FactorOverride, ParkConfig
from greenpark.inputs.weather.files import Weather
from greenpark.pipeline.accounting import AccountingResult, run_accounting
from greenpark.provenance import FactorUse, Provenance
from greenpark.run_result import RunResult
from greenpark.run_spec import RunSpec, WeatherSource


def load_park(path: str | os.PathLike[str], *, allow_gaps: bool = False) -> Park:
    """Load and check a park folder (``park.yaml``, its data files and delivery profiles).

    Every problem is reported at once in one :class:`~greenpark.errors.InputError` — the
    same ``greenpark check`` shows. ``allow_gaps`` extrapolates months without data (flagged)
    instead of refusing them.
    """
    return park_files.load_park(Path(path), allow_gaps=allow_gaps)


def load_park_config(path: str | os.PathLike[str]) -> ParkConfig:
    """Only ``park.yaml``, checked (no data files are read): for rooftop PV alone."""
    return park_files.load_park_config(Path(path))


def load_weather(config: ParkConfig, source: WeatherSource | None = None) -> Weather:
    """The hourly weather ``source`` names for the park of ``config`` (None: the synthetic
    typical year of its location)."""
    from greenpark.inputs.weather.files import (
        load_weather as read_weather_file,
    )
    from greenpark.inputs.weather.files import resplit_with_decomposition

    source = WeatherSource() if source is None else source
    site = config.park.location
    if source.file is None:
        return _typical_year(
            site.latitude_deg,
            site.longitude_deg,
            site.altitude_m,
            config.park.timezone,
            get_language(),
        )
    loaded = read_weather_file(
        source.file,
        fmt=source.format,
        park_location=(site.latitude_deg, site.longitude_deg),
        timezone=config.park.timezone,
        irradiance_lag_h=source.irradiance_lag_h,
    )
    return loaded if source.resplit is None else resplit_with_decomposition(loaded, source.resplit)


@lru_cache(maxsize=16)
def _typical_year(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float | None,
    timezone: str,
    language: Language,
) -> Weather:
    """The synthetic typical year of a site, made once per process (runs only read it) and
    language: its ``source`` is words in the language it was made in."""
    del language  # part of the cache key: default_weather writes in the current language
    from greenpark.inputs.weather.files import default_weather

    return default_weather(latitude_deg, longitude_deg, altitude_m, timezone=timezone)


@lru_cache(maxsize=16)
def _registry(overrides: tuple[FactorOverride, ...]) -> FactorRegistry:
    """The shipped factor tables with the park's overrides, read once per distinct set of
    overrides in a process (runs only read it; the shipped tables do not change)."""
    return load_factor_registry(overrides=overrides)


def run(spec: RunSpec) -> RunResult:
    """Run the accounting year ``spec`` describes.

    Raises
    ------
    InputError
        The park, the overlay or the weather file has problems (all listed at once).
    StrictError
        ``options.strict`` is set and the run has warnings (info messages do not count).
    """
    park = _park_to_run(spec)
    weather = spec.weather if isinstance(spec.weather, Weather) else None
    if weather is None:
        assert isinstance(spec.weather, WeatherSource)
        weather = load_weather(park.config, spec.weather)
    registry = _registry(tuple(park.config.overrides))
    options = spec.options
    accounting = run_accounting(
        park, registry, weather, contract_matching=options.contract_matching, rules=options.rules
    )
    warnings = [m for m in accounting.messages if m.severity == "warning"]
    if options.strict and warnings:
        raise StrictError(warnings)
    return RunResult(accounting, _provenance(spec, park, accounting), accounting.messages)


def _park_to_run(spec: RunSpec) -> Park:
    """The spec's park, loaded if given as a folder, with the overlay and ``allow_gaps``."""
    gaps = spec.options.allow_gaps
    park = spec.park
    if not isinstance(park, Park):
        park = load_park(park, allow_gaps=bool(gaps))
    if spec.overlay is not None or (gaps is not None and gaps != park.allow_gaps):
        park = park.with_changes(spec.overlay or {}, allow_gaps=gaps)
    return park


def recorded_options(spec: RunSpec, park: Park) -> dict[str, str]:
    """The run's options as stored with it (part of its identity): contract matching, the
    weather, the rule choices, ``allow_gaps`` when set and the overlays applied (JSON)."""
    options = {
        "contract_matching": spec.options.contract_matching,
        "weather": spec.weather_label,
        **spec.options.rules.options(),
    }
    if park.allow_gaps:
        options["allow_gaps"] = "true"
    if park.changes:
        options["overlay"] = json.dumps([json.loads(c) for c in park.changes], ensure_ascii=False)
    return options


def _provenance(spec: RunSpec, park: Park, accounting: AccountingResult) -> Provenance:
    options = recorded_options(spec, park)
    files = park_input_files(park.directory, park.config)
    if spec.weather_file is not None:
        files.append(spec.weather_file)
    digest = inputs_hash(files, [factor_dir()], extra=repr(sorted(options.items())))
    factors = tuple(
        FactorUse(
            f.id, f.value, f.unit, f"{f.source_document} {f.source_number}".strip(), f.confidence
        )
        for f in accounting.factors
    )
    config = park.config.park
    return Provenance(
        config.id, config.accounting_year, digest, code_version(), code_hash(), options, factors
    )
