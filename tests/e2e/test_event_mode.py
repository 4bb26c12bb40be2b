"""Flying Squad event mode on a shared tablet, in a real browser: start an event, count, take
in a person who wants help (who becomes a client with consent), and check that the next person
sees an empty form and nothing of the one before; leaving needs the passphrase."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from fieldapp.domain.consent import Purpose
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator, target_label
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.test_visit_flow import _typed_text

NL = Translator("nl")
t = NL.gettext
TABLET = {"width": 1024, "height": 768}


def _unlock(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()


def start_event(page: Page, organisation: str, place: str = "") -> None:
    """Unlock, go into event mode from the caseload and start an event there."""
    _unlock(page)
    assert _shows_in_order(page, "Agnieszka Nowak")
    organisation_field = page.get_by_role("textbox", name=t("Organisation or employer"))
    for _ in range(3):  # a tap while the caseload redraws (the sync bar filling in) is lost
        page.get_by_role("button", name=t("Event mode")).first.click()
        try:
            organisation_field.wait_for(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            continue
    type_into(page, t("Organisation or employer"), organisation)
    if place:
        type_into(page, t("Place"), place)
    page.get_by_role("button", name=t("Start event")).click()
    assert _shows_in_order(page, organisation)


def _aria(page: Page) -> str:
    return page.locator("flt-semantics-host").aria_snapshot()


def test_event_mode_counts_takes_in_and_forgets_the_previous_person(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, **TABLET)
        start_event(page, "Bouwbedrijf Jansen", "Kantine")
        assert "Agnieszka" not in _aria(page)

        page.get_by_role("button", name=t("New contact")).click()
        page.get_by_role("checkbox", name=t("Regulations explained")).click()
        follow_up = consent_text(Purpose.FOLLOW_UP_CONTACT, "nl", event=True).text
        page.get_by_role("checkbox", name=follow_up).click()
        type_into(page, t("First name"), "Pieter")
        type_into(page, t("Phone number"), "06-87654321")
        shot(page, shots / "event-intake-tablet-nl.png")
        page.get_by_role("button", name=t("Save contact")).click()
        people = f"{t('People spoken to')}: 1"
        assert _shows_in_order(page, people, f"{t('Regulations explained')}: 1")
        more = t("One more: {tally}").format(tally=t("Self-tests done"))
        page.get_by_role("button", name=more).click()
        assert _shows_in_order(page, f"{t('Self-tests done')}: 1")
        shot(page, shots / "event-tablet-nl.png")
        assert "Pieter" not in _aria(page)

        page.get_by_role("button", name=t("New contact")).click()  # the next person
        assert _typed_text(page, t("First name")) == ""
        assert _typed_text(page, t("Phone number")) == ""
        assert "Pieter" not in _aria(page)
        page.get_by_role("button", name=t("Cancel")).click()

        page.get_by_role("button", name=t("End event")).click()
        assert _shows_in_order(page, t("Passphrase"))
        assert "Agnieszka" not in _aria(page)  # the caseload needs the passphrase
        _unlock(page)
        assert _shows_in_order(page, "Agnieszka Nowak", "Pieter")  # followed up, with consent
        page.close()


def test_a_referral_at_an_event_needs_an_address_for_the_team(
    browser: Browser, tmp_path: Path
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, **TABLET)
        start_event(page, "School")
        page.get_by_role("button", name=t("New contact")).click()
        team = target_label(Target.SCHULDHULP, translator=NL)
        page.get_by_role("checkbox", name=team).click()
        type_into(page, t("First name"), "Anna")
        type_into(page, t("Phone number"), "06-11112222")
        page.get_by_role("button", name=t("Save contact")).click()
        wanted = t("No team is known for this address. Check the postcode and house number.")
        assert _shows_in_order(page, wanted)
        page.close()
