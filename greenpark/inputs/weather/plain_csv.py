"""The greenpark plain-CSV weather format (``--weather-format csv``): hourly rows, a
``timestamp`` at the start of each hour, ``# key: value`` comment lines for the location."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.weather.quality import COLUMNS, WeatherFile
from greenpark.messages import Message


def read_plain_csv(path: Path, timezone: str) -> WeatherFile:
    """Plain csv: ``timestamp`` is the START of the hour, in ``timezone`` unless it has an offset.

    Columns ``timestamp, ghi, temp_air`` are required, ``dni, dhi, wind_speed`` optional (other
    columns are ignored); values are hour means in W/m², °C and m/s. Lines starting with ``#``
    are comments; ``# latitude_deg: 37.8``, ``# longitude_deg: 112.5``, ``# altitude_m: 780``
    give the location. Without DNI and DHI, GHI is split by a decomposition model; without
    wind speed, 0 m/s is used (pvlib's default; conservative cell temperature).
    """
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    meta = dict(_comment_value(line) for line in lines if line.lstrip().startswith("#"))
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    table = pd.read_csv(io.StringIO("\n".join(body)), skipinitialspace=True)
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in ("timestamp", "ghi", "temp_air") if c not in table.columns]
    if missing:
        raise InputError(
            [
                text(
                    f"{path}: 缺少列 {', '.join(missing)}，应有 timestamp, ghi, temp_air",
                    f"{path}: missing columns {', '.join(missing)}; "
                    "expected timestamp, ghi, temp_air",
                )
            ]
        )
    stamps = pd.DatetimeIndex(pd.to_datetime(table.pop("timestamp"), format="ISO8601"))
    stamps = stamps.tz_convert(timezone) if stamps.tz else stamps.tz_localize(timezone)
    frame = table.reindex(columns=list(COLUMNS)).apply(pd.to_numeric, errors="coerce")
    messages: list[Message] = []
    if "wind_speed" not in table.columns:
        frame["wind_speed"] = 0.0
        messages.append(Message("weather_no_wind", {"file": path.name}))
    return WeatherFile(
        frame.set_axis(stamps),
        meta.get("latitude_deg"),
        meta.get("longitude_deg"),
        meta.get("altitude_m"),
        path.stem,
        typical_year=False,
        components_from_file={"dni", "dhi"} <= set(table.columns),
        messages=tuple(messages),
    )


def _comment_value(line: str) -> tuple[str, float | None]:
    key, _, value = line.lstrip("# ").partition(":")
    try:
        return key.strip(), float(value)
    except ValueError:
        return key.strip(), None
