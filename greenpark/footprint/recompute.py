"""What a run needs to be computed again, as stored with its claim ledger, and back.

The record names the park folder and weather file (absolute paths), the run's options and the
overlays applied to the park, in order. ``strict`` is not kept: a check recomputes to compare,
and compares warnings-and-all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import greenpark as gp
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.run_spec import RunOptions, WeatherSource


def spec_record(spec: gp.RunSpec, result: gp.RunResult) -> dict[str, Any]:
    """The JSON-able record of ``spec``, whose run gave ``result``."""
    park = spec.park
    directory = park.directory if isinstance(park, Park) else Path(park)
    weather = spec.weather
    if not isinstance(weather, WeatherSource):
        raise InputError(
            [
                text(
                    "以已读入的 Weather 运行的结果无法按文件重算核验；请用 WeatherSource 指定气象",
                    "a run given a loaded Weather cannot be recomputed from files for verification; "
                    "name the weather with a WeatherSource",
                )
            ]
        )
    options = asdict(spec.options)
    options.pop("strict")
    return {
        "park_dir": str(directory.resolve()),
        "weather_file": None if weather.file is None else str(weather.file.resolve()),
        "weather_format": weather.format,
        "resplit": weather.resplit,
        "shift_min": weather.shift_min,
        "options": options,
        "overlays": json.loads(result.provenance.options.get("overlay", "[]")),
    }


def spec_from_record(record: Mapping[str, Any]) -> gp.RunSpec:
    """The run spec a :func:`spec_record` describes (the park loaded from its folder now)."""
    options = RunOptions(**cast(dict[str, Any], record["options"]))
    park = gp.load_park(Path(record["park_dir"]), allow_gaps=bool(options.allow_gaps))
    for patch in record["overlays"]:
        park = park.with_changes(patch)
    file = record["weather_file"]
    weather = WeatherSource(
        None if file is None else Path(file),
        record["weather_format"],
        record["resplit"],
        record["shift_min"],
    )
    return gp.RunSpec(park, weather=weather, options=options)
