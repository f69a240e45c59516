"""``docs/python-api.md`` works: every ``python`` code block runs, in order, in one namespace,
from the repository folder (as a reader would run it)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "python-api.md"

pytestmark = pytest.mark.slow


def python_blocks(page: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", page, flags=re.MULTILINE | re.DOTALL)


def test_every_python_block_of_the_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "python_api_doc"}
    shown = io.StringIO()
    for number, block in enumerate(blocks, start=1):
        with contextlib.redirect_stdout(shown):
            exec(compile(block, f"{PAGE.name} block {number}", "exec"), namespace)
    output = shown.getvalue()
    assert "2 problems:" in output  # the refused options
    assert "no_output_value" in output
    assert "overlay: rooftops[" in output and "(E01-R5).capacity_kw" in output
    assert "overlay: storage[" in output and "'E99'" in output
