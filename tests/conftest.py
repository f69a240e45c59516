"""Shared test set-up: every test starts in the default language (Chinese)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from greenpark.i18n import set_language


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("zh")
