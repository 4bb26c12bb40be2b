"""Placements on the client page, in a real browser at phone size: the demo client who came
back shows her path through work oldest first, the job she has now marked and its contract
end flagged; a placement is added from the register's employer and site, an empty form is
refused at its fields, and the same placement twice is refused with the reason."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.consent import Purpose
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.placement import PlacementKind
from fieldapp.i18n import Translator
from fieldapp.i18n.consent_texts import STANDARD
from fieldapp.i18n.messages import render
from fieldapp.i18n.work_labels import work_label
from tests.e2e.client_page import gone, open_client, screen_text, scroll_until, shows
from tests.e2e.conftest import (
    field_value,
    into_view,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)

NL = Translator("nl")
t = NL.gettext
CAME_BACK = "Sanne de Vries"
NEW_PLACEMENT = "Jayden Pinas"


def _choose(page: Page, label: str, option: str) -> None:
    """Open the dropdown labelled ``label`` and pick ``option``."""
    scroll_until(page, label)
    menu = page.get_by_role("button", name=label).or_(page.get_by_role("combobox", name=label))
    into_view(page, menu.first)
    menu.first.click()
    page.get_by_role("menuitem", name=option).or_(
        page.get_by_text(option, exact=True)
    ).first.click()


def _in_order(text: str, *parts: str) -> bool:
    at = [text.find(part) for part in parts]
    return -1 not in at and at == sorted(at)


def test_the_path_through_work_reads_oldest_first_and_a_visit_goes_to_the_current_job(
    browser: Browser, tmp_path: Path
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        open_client(page, CAME_BACK)
        scroll_until(page, t("Add placement"))
        text = screen_text(page)
        beschut = work_label(PlacementKind.BESCHUT_AT_SW, translator=NL)
        firma = work_label(PlacementKind.SOCIALE_FIRMA, translator=NL)
        assert _in_order(
            text,
            t("Work"),
            f"Pantar, Werkplaats Noord {beschut}",
            "Bakkerij Van der Linden",
            f"De Groene Keuken, Restaurant {firma} {t('Works here now')}",
            t("The contract ends within six weeks: talk about what comes next."),
            t("Add placement"),
        ), text
        into_view(page, page.get_by_role("button", name=t("Add placement")))
        shot(page, screenshot_dir(tmp_path) / "client-detail-placements-phone-nl.png")

        # A workplace visit is made at the job she holds now, chosen already.
        page.mouse.wheel(0, -5000)
        visit = page.get_by_role("button", name=t("New visit"))
        into_view(page, visit)
        visit.click()
        expect(page.get_by_role("button", name=t("Workplace"))).to_be_visible(timeout=20_000)
        shot(page, screenshot_dir(tmp_path) / "visit-step1-workplace-phone-nl.png")
        page.close()


AGREES = "The client agrees: the employer may pass concerns to me"
CONSENT = STANDARD[Purpose.EMPLOYER_CONTACT]


def test_a_placement_is_added_from_the_register_and_a_repeat_is_refused(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        open_client(page, NEW_PLACEMENT)
        scroll_until(page, t("No placements yet."))
        add = page.get_by_role("button", name=t("Add placement"))
        into_view(page, add)
        add.click()
        save = page.get_by_role("button", name=t("Save placement"))
        expect(save).to_be_visible()
        save.click()
        assert shows(page, t("Choose one from the list.")), screen_text(page)
        hours_missing = render("missing", {"field": t("Hours per week")}, translator=NL)
        assert hours_missing in screen_text(page)

        _choose(page, t("Employer"), "Pantar")
        # A choice clears it (polled: on a loaded machine the screen reader's view follows late).
        assert gone(page, t("Choose one from the list.")), screen_text(page)
        _choose(page, t("Work site"), "Werkplaats Noord")
        type_into(page, t("Hours per week"), "20")
        shot(page, shots / "placement-form-phone-nl.png")
        # The consent that the employer may pass concerns: its text, then the box.
        agree = page.get_by_role("checkbox", name=t(AGREES))
        into_view(page, agree)
        assert t(CONSENT) in screen_text(page)
        agree.click()
        save.click()

        regular = work_label(PlacementKind.REGULAR, translator=NL)
        scroll_until(page, f"Pantar, Werkplaats Noord {regular} {t('Works here now')}")
        assert shows(page, t("Placement saved.")), screen_text(page)
        assert shows(page, f"{t('The employer may pass concerns')}: Pantar"), screen_text(page)

        add = page.get_by_role("button", name=t("Add placement"))
        into_view(page, add)
        add.click()
        expect(save).to_be_visible()
        _choose(page, t("Employer"), "Pantar")
        _choose(page, t("Work site"), "Werkplaats Noord")
        type_into(page, t("Hours per week"), "8")
        save.click()
        twice = render(ErrorCode.PLACEMENT_DUPLICATE.value, {}, translator=NL)
        assert shows(page, twice), screen_text(page)
        shot(page, shots / "placement-form-refused-phone-nl.png")
        page.close()

        tablet = open_app(browser, url, 1280, 800)
        open_client(tablet, NEW_PLACEMENT)
        line = f"Pantar, Werkplaats Noord {regular}"
        scroll_until(tablet, line)
        # The employer's name is isolated (it may be in any script): \W+ takes the marks.
        pattern = re.compile(r"Pantar, Werkplaats Noord\W+" + re.escape(regular))
        placement = tablet.get_by_role("button", name=pattern)
        into_view(tablet, placement.first)
        placement.first.click()
        expect(tablet.get_by_role("button", name=t("Save placement"))).to_be_visible()
        assert field_value(tablet, t("Hours per week")) == "20"
        shot(tablet, shots / "placement-form-tablet-nl.png")
        tablet.close()
