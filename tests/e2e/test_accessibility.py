"""Accessibility in a real browser: touch targets of at least 48 x 48 px on the main screens
(Flutter would make them 40 px in a desktop browser without the app's theme and, for
checkboxes, without the app's scaling), a whole visit at 200% text, and the
tablet layouts in both orientations."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.guard import AT_SCROLL_EDGE
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.test_visit_flow import next_step

NL = Translator("nl")
t = NL.gettext
FULL_WIDTH = 280  # px, on a 360 px wide phone
SIZES = (
    """() => { const atScrollEdge = """
    + AT_SCROLL_EDGE
    + """; return Array.from(document.querySelectorAll(
    'flt-semantics[role=button], flt-semantics[role=checkbox], flt-semantics input'
)).map(e => { const r = e.getBoundingClientRect();
    return {role: e.getAttribute('role') || 'textbox', name: e.getAttribute('aria-label') || '',
            w: r.width, h: r.height,
            whole: r.top >= 0 && r.bottom <= innerHeight && r.height > 0 && !atScrollEdge(e)};
}); }"""
)


def _too_small(page: Page, screen: str) -> list[str]:
    page.wait_for_timeout(700)
    found = []
    for node in page.evaluate(SIZES):
        least = 48
        named = bool(node["name"].strip())  # unnamed: list tiles and groups, clipped by lists
        # Full-width fields are 56 px tall by Material's design; their semantic box shrinks
        # only where a scrolling list clips them under its pinned header or actions.
        full_width = node["w"] > FULL_WIDTH
        if named and not full_width and node["whole"] and min(node["w"], node["h"]) < least:
            found.append(f"{screen}: {node['role']} {node['name'][:30]!r} {node['w']}x{node['h']}")
    return found


def test_buttons_and_fields_are_big_enough_to_tap(browser: Browser, tmp_path: Path) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        problems = _too_small(page, "unlock")
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        problems += _too_small(page, "caseload")
        page.get_by_role("button", name="Agnieszka Nowak").click()
        assert _shows_in_order(page, t("Referrals"))
        problems += _too_small(page, "client")
        page.get_by_role("button", name=t("New visit")).click()
        for step in range(1, 6):
            problems += _too_small(page, f"visit step {step}")
            if step < 5:
                next_step(page, step + 1)
        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, t("Referrals"))
        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, "Agnieszka Nowak", "Fatima El Amrani")
        page.get_by_role("button", name=t("Settings")).click()
        assert _shows_in_order(page, t("Automatic lock"))
        problems += _too_small(page, "settings")
        page.close()
    assert problems == []


def test_tablet_layouts_in_both_orientations(browser: Browser, tmp_path: Path) -> None:
    """The caseload and the visit wizard at tablet size, landscape and portrait: everything
    that matters is on screen (screenshots for the README with `make screenshots`)."""
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        for name, size in (("landscape", (1024, 768)), ("portrait", (768, 1024))):
            page = open_app(browser, url, *size)
            type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
            page.get_by_role("button", name=t("Unlock")).click()
            assert _shows_in_order(page, "Agnieszka Nowak", "Fatima El Amrani")
            shot(page, shots / f"caseload-tablet-{name}-nl.png")
            page.get_by_role("button", name="Fatima El Amrani").click()
            assert _shows_in_order(page, t("Referrals"), t("Work"), t("Hours"))
            shot(page, shots / f"client-detail-tablet-{name}-nl.png")
            page.get_by_role("button", name=t("Lock")).first.click()
            page.close()


def test_a_whole_visit_can_be_recorded_with_text_at_200_percent(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, text_scale=2.0)
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        shot(page, shots / "caseload-phone-200pct-nl.png")
        # At 200 % the header fills most of a phone screen and the first tile can sit under the
        # "add client" button, depending on how its dates wrap: tap its name, as a person would.
        page.get_by_role("button", name="Agnieszka Nowak").click(position={"x": 24, "y": 16})
        page.get_by_role("button", name=t("New visit")).click()
        for number in range(2, 6):
            next_step(page, number)
        shot(page, shots / "visit-summary-phone-200pct-nl.png")
        page.get_by_role("button", name=t("Save visit")).click()
        assert _shows_in_order(page, t("Visit saved."))
        page.close()
