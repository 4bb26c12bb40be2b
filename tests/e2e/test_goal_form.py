"""A goal added from the client page, in a real browser at phone size: an empty goal is refused
at its field, a filled-in one is saved with its granted hours, and the client page shows the
hours used against them."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from fieldapp.i18n import Translator
from fieldapp.i18n.messages import render
from tests.e2e.client_page import open_client, screen_text, scroll_until, shows
from tests.e2e.conftest import (
    into_view,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
    type_into_field,
)
from tests.e2e.test_visit_flow import next_step

NL = Translator("nl")
t = NL.gettext
CLIENT = "Jayden Pinas"
GOAL = "Zelf de route naar het werk plannen"


def test_a_goal_is_added_with_its_hours_and_an_empty_one_is_refused(
    browser: Browser, tmp_path: Path
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        open_client(page, CLIENT)

        add = page.get_by_role("button", name=t("Add goal"))
        scroll_until(page, t("Add goal"))
        into_view(page, add)
        add.click()
        expect(page.get_by_role("button", name=t("Save goal"))).to_be_visible()
        text = screen_text(page)
        for label in ("Goal", "Funder", "Start of the period", "End of the period", "Status"):
            assert t(label) in text, (label, text)

        page.get_by_role("button", name=t("Save goal")).click()
        missing = render("string_too_short", {"field": t("Goal"), "min_length": 1}, translator=NL)
        assert shows(page, missing), screen_text(page)
        no_hours = render("missing", {"field": t("Granted hours")}, translator=NL)
        assert no_hours in screen_text(page)

        type_into(page, t("Goal"), GOAL)
        type_into(page, t("Granted hours"), "20")
        shot(page, screenshot_dir(tmp_path) / "goal-form-phone-nl.png")
        page.get_by_role("button", name=t("Save goal")).click()

        used = t("{used} of {granted} hours").format(used="0", granted="20")
        scroll_until(page, f"{GOAL}: {used}")
        shot(page, screenshot_dir(tmp_path) / "client-detail-goal-phone-nl.png")
        page.close()


def test_a_goal_added_from_the_visit_wizard_takes_the_visits_minutes(
    browser: Browser, tmp_path: Path
) -> None:
    """Step 1 of a visit: a goal is added there, the wizard comes back with it listed and the
    draft as it was; the visit's minutes on it show as hours used on the client page."""
    title = "Op tijd beginnen aan de dienst"
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        open_client(page, CLIENT)
        page.get_by_role("button", name=t("New visit")).click()
        add = page.get_by_role("button", name=t("Add goal"))
        scroll_until(page, t("Add goal"))
        into_view(page, add)
        add.click()
        expect(page.get_by_role("button", name=t("Save goal"))).to_be_visible()
        type_into(page, t("Goal"), title)
        type_into(page, t("Granted hours"), "10")
        page.get_by_role("button", name=t("Save goal")).click()

        step_one = t("Step {n} of {total}: {title}").format(n=1, total=5, title=t("Visit"))
        assert shows(page, step_one, 20), screen_text(page)  # back in the wizard
        scroll_until(page, t("Minutes on this goal"))
        assert title in screen_text(page)  # the new goal listed
        minutes = page.get_by_role("textbox", name=t("Minutes on this goal")).last
        type_into_field(page, minutes, "30")
        shot(page, screenshot_dir(tmp_path) / "visit-step1-new-goal-phone-nl.png")
        for number in range(2, 6):
            next_step(page, number)
        page.get_by_role("button", name=t("Save visit")).click()

        used = t("{used} of {granted} hours").format(used="0,5", granted="10")
        scroll_until(page, f"{title}: {used}")
        page.close()
