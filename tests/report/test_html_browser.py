"""The HTML report opened in real headless Chromium (Debian's ``chromium``, driven by
Playwright's Python package; Playwright's own browsers are never downloaded).

Checks what a reader sees: every chart drawn (a non-empty SVG with marks), Chinese text set
in a CJK font (the font Chromium used, asked through the DevTools protocol: no tofu boxes),
no console error, nothing fetched from the network; a screenshot is kept in the test's tmp
folder. In CI (``CI=true``) a missing Chromium or Playwright fails; elsewhere it skips.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenpark.i18n import set_language
from greenpark.report.park_report import write_report
from greenpark.run_result import RunResult

CHROMIUM = "/usr/bin/chromium"
#: the charts the report draws
CHARTS = ("monthly_balance", "green_matching", "emissions_scope", "emissions_enterprise")


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the browser test; .ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium from the Debian package, headless."""
    if shutil.which(CHROMIUM) is None:
        _missing(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (the test extra) not installed")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


class Opened:
    """A report page loaded in the browser, with what happened while it loaded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
            return
        self.requests.append(url)
        route.abort()

    def fonts_of(self, selector: str) -> list[dict[str, Any]]:
        """The platform fonts Chromium used for the text of the first node ``selector``
        matches (DevTools protocol ``CSS.getPlatformFontsForNode``)."""
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"nothing matches {selector}"
        fonts: list[dict[str, Any]] = []
        for child in _text_children(cdp, node):
            fonts += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": child})["fonts"]
        return fonts


def _text_children(cdp: Any, node: int) -> list[int]:
    """The node and its descendants (platform fonts are reported per text-holding node)."""
    described = cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1})["node"]
    found = [node]
    stack = list(described.get("children", []))
    while stack:
        child = stack.pop()
        if child.get("nodeType") == 1:
            pushed = cdp.send(
                "DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": [child["backendNodeId"]]}
            )
            found += pushed["nodeIds"]
        stack += child.get("children", [])
    return found


@pytest.fixture(scope="module")
def opened(
    browser: Any, jincheng_result: RunResult, tmp_path_factory: pytest.TempPathFactory
) -> Opened:
    set_language("zh")
    path = write_report(jincheng_result, tmp_path_factory.mktemp("html") / "report.html")
    set_language("zh")
    return Opened(browser, path)


def test_every_chart_is_drawn(opened: Opened) -> None:
    for key in CHARTS:
        figure = opened.page.locator(f"#chart-{key} svg")
        assert figure.count() == 1, key
        box = figure.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100, (key, box)
        marks = figure.locator("path, rect, image, use").count()
        assert marks > 10, (key, marks)
    images = opened.page.locator("#chart-green_matching svg image")  # cells and colour bar
    assert images.count() >= 1
    href = images.first.get_attribute("xlink:href") or images.first.get_attribute("href")
    assert href is not None and href.startswith("data:image/png;base64,")


def test_chinese_renders_in_a_cjk_font(opened: Opened) -> None:
    """The title, a table header and a chart's Chinese axis label are drawn with a CJK
    font's glyphs, none with a fallback that has no Chinese (which would show tofu)."""
    for selector in ("h1", "#table-ranking th", "#chart-green_matching svg text"):
        fonts = opened.fonts_of(selector)
        assert fonts, selector
        cjk = [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"] > 0]
        assert cjk, (selector, fonts)
    heading = opened.page.locator("h1").inner_text()
    assert "绿电与碳核算报告" in heading


def test_no_console_errors_and_nothing_fetched(opened: Opened) -> None:
    assert opened.console_errors == []
    assert opened.requests == []


def test_screenshot(opened: Opened, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
