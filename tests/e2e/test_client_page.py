"""The client page in a real browser (issue 18, items 2 and 11): on a phone (390 x 844) and a
laptop (1280 x 800) it shows, in this order, the client's name, the newest WHO-5 result as a
number with its band (in view without scrolling), and the sections' headings. With 200% text
the trend no longer fits: it then says it scrolls sideways, and nothing is cut off (checked on
the screenshot)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.wellbeing import Band
from fieldapp.i18n import Translator
from fieldapp.i18n.bidi import strip_isolates
from fieldapp.i18n.labels import who5_band_label
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import (
    aria_text,
    into_view,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)

NL = Translator("nl")
t = NL.gettext
CLIENT = "Fatima El Amrani"
"""Five visits with a WHO-5 check each in the demo caseload."""
SECTIONS = ("Referrals", "Consents", "Hours", "Wellbeing (WHO-5)", "Signals", "Visits")


def latest_pattern() -> str:
    """The newest-result line as a pattern: any date, a raw score of 25, a percentage and one
    of the bands, in the catalog's wording (whatever the Dutch catalog holds)."""
    parts = {
        "date": r".+?",
        "raw": r"(?P<raw>\d+)",
        "most": "25",
        "percentage": r"(?P<percentage>\d+)\s?%",
        "band": "(?:" + "|".join(re.escape(who5_band_label(b, translator=NL)) for b in Band) + ")",
    }
    pattern = re.escape(t("Latest WHO-5, {date}: {raw} of {most} ({percentage}), {band}"))
    for name, part in parts.items():
        pattern = pattern.replace(re.escape("{" + name + "}"), part)
    return pattern


def _screen_text(page: Page) -> str:
    return strip_isolates(aria_text(page))


def _in_order(page: Page, *patterns: str, timeout: float = 20.0) -> re.Match[str] | None:
    """The first match of ``patterns`` in this order in the screen-reader view, once there."""
    order = re.compile(".*?".join(patterns), re.DOTALL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = order.search(_screen_text(page))
        if found:
            return found
        page.wait_for_timeout(200)
    return None


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("client-page")) as url:
        yield url


def _open_client(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()
    expect(page.get_by_role("button", name="Agnieszka Nowak")).to_be_visible()
    client = page.get_by_role("button", name=CLIENT)
    into_view(page, client, top=0, bottom=0)  # a small phone with large text shows one or two
    client.click()


def _on_screen(page: Page, text: str | re.Pattern[str], height: int) -> bool:
    """Whether the innermost semantics node showing ``text`` lies within the screen."""
    nodes = page.locator("flt-semantics").filter(has_text=text)
    if not nodes.count():
        return False
    box = nodes.last.bounding_box(timeout=2000)
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_client_page_shows_name_newest_who5_and_sections_in_order(
    browser: Browser, app: str, tmp_path: Path, width: int, height: int
) -> None:
    page = open_app(browser, app, width, height)
    _open_client(page)
    found = _in_order(page, re.escape(CLIENT), latest_pattern(), t("Referrals"), t("Hours"))
    assert found, _screen_text(page)
    assert 0 <= int(found["raw"]) <= 25 and int(found["percentage"]) == 4 * int(found["raw"])
    assert _on_screen(page, re.compile(r"\d+ (?:of|van) 25"), height)  # without scrolling
    # The trend's summary ends with the newest check: the same percentage as the line above.
    trend = t("WHO-5 scores, oldest first: {scores}").split("{scores}")[0]
    scores = _in_order(page, re.escape(trend) + r'[^"\n]*? (?P<last>\d+)"')
    assert scores and scores["last"] == found["percentage"], _screen_text(page)
    page.mouse.move(width / 2, height / 2)
    for _ in range(10):  # the sections further down come into the tree as they scroll in
        if _in_order(page, *map(re.escape, map(t, SECTIONS)), timeout=0.5):
            break
        page.mouse.wheel(0, height / 2)
    assert _in_order(page, *map(re.escape, map(t, SECTIONS))), _screen_text(page)
    shot(page, screenshot_dir(tmp_path) / f"client-detail-{width}x{height}-nl.png")
    page.close()


def _to_the_trend(page: Page, height: int, until: str) -> None:
    page.mouse.move(page.viewport_size["width"] / 2 if page.viewport_size else 160, height - 200)
    for _ in range(12):
        if _on_screen(page, until, height):
            return
        page.mouse.wheel(0, 250)
        page.wait_for_timeout(300)


def test_at_200_percent_text_the_trend_is_whole_and_nothing_is_cut_off(
    browser: Browser, app: str, tmp_path: Path
) -> None:
    """Each check's number and day grow with the text under a bar of fixed width: at 200%
    the five checks still fit a 390 px phone (shot() fails on any text cut off)."""
    page = open_app(browser, app, 390, 844, text_scale=2.0)
    _open_client(page)
    assert _in_order(page, re.escape(CLIENT), latest_pattern()), _screen_text(page)
    shots = screenshot_dir(tmp_path)
    shot(page, shots / "client-detail-phone-200-nl.png")
    scores = t("WHO-5 scores, oldest first: {scores}").split("{")[0]
    trend = (re.escape(t("Wellbeing (WHO-5)")), re.escape(scores))
    page.mouse.move(195, 600)
    for _ in range(12):  # until the heading is near the top, the chart under it in view
        if _on_screen(page, t("Wellbeing (WHO-5)"), 300):
            break
        page.mouse.wheel(0, 150)
        page.wait_for_timeout(300)
    assert _in_order(page, *trend), _screen_text(page)
    assert not _on_screen(page, t("Scroll sideways for older results."), 844)
    shot(page, shots / "client-detail-phone-200-trend-nl.png")
    page.close()


def test_on_a_small_phone_the_trend_says_it_scrolls(
    browser: Browser, app: str, tmp_path: Path
) -> None:
    """320 px: five checks no longer fit, so the row opens at the newest and says that older
    results lie sideways."""
    page = open_app(browser, app, 320, 640)
    _open_client(page)
    hint = t("Scroll sideways for older results.")
    _to_the_trend(page, 640, hint)
    assert _in_order(page, re.escape(t("Wellbeing (WHO-5)")), re.escape(hint), timeout=1)
    assert _on_screen(page, hint, 640)
    shot(page, screenshot_dir(tmp_path) / "client-detail-phone-320-trend-nl.png")
    page.close()
