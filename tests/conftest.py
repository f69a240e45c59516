"""Shared test set-up.

- every test starts in the default language (Chinese) with no user environment leaking in
  (``GREENPARK_LANG``, ``GREENPARK_FACTORS_DIR``, ``GREENPARK_DB``);
- ``english``: a test (or module, via ``pytestmark = pytest.mark.usefixtures("english")``)
  that reads English wording;
- ``station_epws`` / ``taiyuan_epw``: the CSWD Shanxi typical-year files in
  ``../shared/weather`` (never committed); tests that need them skip when they are absent;
- ``cswd_china``: the folder of the 267 national CSWD files (``.epw.gz``), likewise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenpark.i18n import set_language

SHARED_WEATHER = Path(__file__).resolve().parents[1].parent / "shared" / "weather"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("GREENPARK_LANG", "GREENPARK_FACTORS_DIR", "GREENPARK_DB"):
        monkeypatch.delenv(name, raising=False)
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def english() -> None:
    set_language("en")


@pytest.fixture
def station_epws() -> list[Path]:
    files = sorted(SHARED_WEATHER.glob("CHN_Shanxi.*_CSWD.epw"))
    if not files:
        pytest.skip(f"CSWD station files not found in {SHARED_WEATHER}")
    return files


@pytest.fixture
def taiyuan_epw() -> Path:
    path = SHARED_WEATHER / "CHN_Shanxi.Taiyuan.537720_CSWD.epw"
    if not path.exists():
        pytest.skip(f"no station weather at {path}")
    return path


@pytest.fixture
def cswd_china() -> Path:
    folder = SHARED_WEATHER / "cswd-china"
    if not (folder / "stations.csv").exists():
        pytest.skip(f"national CSWD station files not found in {folder}")
    return folder
