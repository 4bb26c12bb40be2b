"""Step 1 of the visit wizard as a person uses it on a phone (issue 18): the date and time come
from Material's pickers (in Dutch), the duration and who took part are one tap each, and no
label is cut off, at 390 px wide and with text at 200%."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.i18n import Translator, format_date
from fieldapp.i18n.formatting import display_timezone
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.guard import cut_off_text, overflowing
from tests.e2e.taps import into_view
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.typical_visit import step_heading

NL = Translator("nl")
t = NL.gettext
PREVIOUS_MONTH = "Vorige maand"
TO_TEXT_ENTRY = "Overschakelen naar tekstinvoer"
"""Flutter's own Dutch texts in its pickers."""

CLIPPED = """() => {
  // Each named control's box within its parent's: a label wider than its field is cut off.
  const found = [];
  for (const node of document.querySelectorAll('flt-semantics')) {
    const name = (node.getAttribute('aria-label') || node.textContent || '').trim();
    const parent = node.parentElement && node.parentElement.closest('flt-semantics');
    if (!name || !parent || node.querySelector('flt-semantics')) continue;
    const r = node.getBoundingClientRect(), p = parent.getBoundingClientRect();
    if (r.width === 0 || p.width === 0) continue;
    // Sideways only: a list scrolls its content under its pinned header and actions.
    if (r.left < p.left - 1 || r.right > p.right + 1) {
      found.push(`${name.slice(0, 50)}: ${Math.round(r.left)}..${Math.round(r.right)}`
                 + ` in ${Math.round(p.left)}..${Math.round(p.right)}`);
    }
  }
  return found;
}"""


def _step1(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()
    page.get_by_role("button", name="Agnieszka Nowak").click()
    page.get_by_role("button", name=t("New visit")).click()
    assert _shows_in_order(page, step_heading(1))


def test_date_and_time_come_from_pickers_in_dutch(browser: Browser, tmp_path: Path) -> None:
    today = datetime.now(display_timezone()).date()  # the app's calendar, not the machine's
    day = today - timedelta(days=1)
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        _step1(page)
        page.get_by_role("button", name=format_date(today, "full", translator=NL)).click()
        assert _shows_in_order(page, t("Date of the visit"))
        shot(page, shots / "visit-date-picker-phone-nl.png")
        if day.month != today.month:
            page.get_by_role("button", name=PREVIOUS_MONTH).click()
        page.get_by_role("button", name=re.compile(f"^{day.day}, ")).click()
        page.get_by_role("button", name="OK", exact=True).click()
        chosen = format_date(day, "full", translator=NL)
        assert _shows_in_order(page, t("Date"), chosen, t("Time"))

        page.get_by_role("button", name=re.compile(r"^\d\d:\d\d$")).click()
        assert _shows_in_order(page, t("Start time of the visit"))
        page.get_by_role("button", name=TO_TEXT_ENTRY).click()
        hour, minute = page.get_by_role("textbox").nth(0), page.get_by_role("textbox").nth(1)
        hour.click()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("08")
        minute.click()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("05")
        page.get_by_role("button", name="OK", exact=True).click()
        assert _shows_in_order(page, chosen, t("Time"), "08:05")
        page.close()


def _labels_fit(page: Page) -> list[str]:
    problems = overflowing(page) + cut_off_text(page) + list(page.evaluate(CLIPPED))
    return problems


def test_no_label_is_cut_off_on_a_phone_even_at_200_percent_text(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        for scale in (1.0, 2.0):
            page = open_app(browser, url, 390, 844, text_scale=scale)
            _step1(page)
            problems = []
            for target in (
                page.get_by_role("button", name=t("Type of visit")),
                page.get_by_role("checkbox", name=t("Another professional")),
                page.get_by_role("textbox", name=t("Minutes on this goal")),
            ):
                into_view(page, target)
                problems += _labels_fit(page)
            chip = page.get_by_role("checkbox", name=t("{minutes} min").format(minutes=45))
            into_view(page, chip)
            chip.click()
            expect(chip).to_be_checked()
            percent = int(scale * 100)
            shot(page, shots / f"visit-step1-phone-{percent}pct-nl.png")
            assert problems == [], f"at {percent}%: {problems}"
            page.close()
