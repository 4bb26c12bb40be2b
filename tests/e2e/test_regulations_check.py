"""The regulations check in a real browser: a person at an event switches it to Turkish, answers
and reads which schemes may fit; switched to Arabic it keeps the answers and lays out right to
left. From a client's page it opens in the client's own language."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page

from fieldapp.domain.regulations import AgeGroup, Household, Regulation
from fieldapp.i18n import Translator
from fieldapp.i18n.language_names import LANGUAGE_NAMES
from fieldapp.i18n.regulation_texts import (
    AGES,
    HOUSEHOLDS,
    INCOME_UP_TO,
    INDICATIVE,
    INTRODUCTION,
    REGULATIONS,
    RESULTS_HEADING,
    YES,
)
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot
from tests.e2e.test_event_mode import _unlock, start_event
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL = Translator("nl")
t = NL.gettext
TABLET = {"width": 1024, "height": 768}
PICKER = ", ".join(LANGUAGE_NAMES.values())


def _picker(page: Page) -> Locator:
    """The language picker's own box (its named wrapper spans the row it sits in)."""
    return page.get_by_role("button", name=PICKER).locator("[aria-expanded]").first


def _switch_check_to(page: Page, lang: str) -> None:
    _picker(page).click()
    page.get_by_role("button", name=LANGUAGE_NAMES[lang], exact=True).last.click()


def _choose(page: Page, answer: str, timeout: float = 20.0) -> None:
    """Tap an answer until it shows as picked (a tap during a redraw can get lost; picking an
    answer twice changes nothing)."""
    tile = page.get_by_role("button", name=answer, exact=True).first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tile.click()
        for _ in range(10):
            if tile.get_attribute("aria-current") == "true":
                return
            page.wait_for_timeout(200)
    raise AssertionError(f"{answer!r} did not show as picked")


def _picker_on_the_right(page: Page, wanted: bool, timeout: float = 20.0) -> bool:
    """Whether the language picker (at the start of its row) ends up on the right half."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        box = _picker(page).bounding_box()
        middle = page.viewport_size["width"] / 2  # type: ignore[index]
        if box is not None and (box["x"] + box["width"] / 2 > middle) == wanted:
            return True
        page.wait_for_timeout(200)
    return False


def _scroll(page: Page, pixels: int = 5000) -> None:
    """Scroll the check down (Flutter leaves offscreen list items out of the semantics)."""
    size = page.viewport_size
    assert size is not None
    page.mouse.move(size["width"] / 2, size["height"] / 2)
    page.mouse.wheel(0, pixels)
    page.wait_for_timeout(500)


def test_a_person_at_an_event_reads_the_check_in_turkish_then_arabic(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    tr, ar = Translator("tr"), Translator("ar")
    with running_app(tmp_path) as url:
        page = open_app(browser, url, **TABLET)
        start_event(page, "Buurthuis De Pijp")
        page.get_by_role("button", name=t("Regulations check"), exact=True).click()
        assert _shows_in_order(page, t(INTRODUCTION)[:40])  # the tablet's language first
        assert _picker_on_the_right(page, wanted=False)

        _switch_check_to(page, "tr")
        assert _shows_in_order(page, tr.gettext(INTRODUCTION)[:40])
        _choose(page, tr.gettext(HOUSEHOLDS[Household.ALONE]))
        _choose(page, tr.gettext(AGES[AgeGroup.WORKING_AGE]))
        lowest = tr.gettext(INCOME_UP_TO).format(amount="€1.401")
        _choose(page, lowest)
        _scroll(page, 500)
        _choose(page, tr.gettext(YES))  # renting: the first yes-or-no question
        _scroll(page)
        assert _shows_in_order(
            page,
            tr.gettext(RESULTS_HEADING),
            tr.gettext(REGULATIONS[Regulation.STADSPAS]),
            tr.gettext(REGULATIONS[Regulation.RENT_BENEFIT]),
            tr.gettext(INDICATIVE)[:30],
        )
        shot(page, shots / "regulations-tablet-tr.png")

        _scroll(page, -5000)  # back up to the language picker
        _switch_check_to(page, "ar")
        assert _picker_on_the_right(page, wanted=True)
        _scroll(page)
        assert _shows_in_order(  # the answers survive the switch
            page,
            ar.gettext(RESULTS_HEADING),
            ar.gettext(REGULATIONS[Regulation.STADSPAS]),
            ar.gettext(REGULATIONS[Regulation.RENT_BENEFIT]),
        )
        snapshot = page.locator("flt-semantics-host").aria_snapshot()
        assert tr.gettext(REGULATIONS[Regulation.STADSPAS]) not in snapshot
        assert ar.gettext(REGULATIONS[Regulation.CHILD_BUDGET]) not in snapshot  # no children
        shot(page, shots / "regulations-tablet-ar.png")

        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, "Buurthuis De Pijp", f"{t('People spoken to')}: 0")
        page.close()


def test_from_a_clients_page_the_check_opens_in_the_clients_language(
    browser: Browser, tmp_path: Path
) -> None:
    """Fatima El Amrani prefers Arabic (demo data); the jobcoach's app stays Dutch."""
    ar = Translator("ar")
    with running_app(tmp_path) as url:
        page = open_app(browser, url, **TABLET)  # on a phone the picker spans the width
        _unlock(page)
        assert _shows_in_order(page, "Fatima El Amrani")
        page.get_by_role("button", name="Fatima El Amrani").click()
        assert _shows_in_order(page, t("Referrals"))
        page.get_by_role("button", name=t("Regulations check"), exact=True).click()
        assert _shows_in_order(page, ar.gettext(INTRODUCTION)[:40])
        assert _picker_on_the_right(page, wanted=True)
        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, t("Referrals"))  # back on the client's page
        page.close()
