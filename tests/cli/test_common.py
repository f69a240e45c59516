"""Weather options shared by ``greenpark pv`` and ``greenpark run``: flags -> WeatherSource."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from greenpark.cli.common import weather_source


def test_flags_make_the_weather_source(taiyuan_epw: Path) -> None:
    source = weather_source(taiyuan_epw, None, "dirint", "-30")
    assert (source.file, source.resplit, source.shift_min) == (taiyuan_epw, "dirint", -30.0)
    assert weather_source(taiyuan_epw, None, None, "auto").shift_min == "auto"
    assert weather_source(None, None, None, None).file is None


@pytest.mark.parametrize(("file", "shift"), [(None, "30"), (Path("w.epw"), "soon")])
def test_a_bad_shift_is_a_usage_error_naming_the_option(file: Path | None, shift: str) -> None:
    with pytest.raises(typer.BadParameter) as refused:
        weather_source(file, None, None, shift)
    assert refused.value.param_hint == "--weather-shift"
