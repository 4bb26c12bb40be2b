"""The Flying Squad's reach, end to end in Chromium against a real server process: an employer
asks for a visit on the public form (on a phone), the Flying Squad's tablet pulls the request
and starts the event from it with one tap, counts, ends it and syncs; the coordinator's reach
page shows the event's people in its month and the request, and marks it handled.

What a person sees on the tablet is read from the screen reader's view, in order."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from fieldapp.domain.outreach import Tally
from fieldapp.i18n import Translator, format_date
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.ui.event_view import TALLY_LABELS
from sync_server.db.schema import OutreachEventRow
from sync_server.services import admin
from tests.e2e.conftest import (
    aria_text,
    field_value,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)
from tests.e2e.test_event_mode import _gone, open_event_mode
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.web_login import web_login
from tests.sync.harness import ServerProcess

NL = Translator("nl")
t = NL.gettext
TABLET = {"width": 1024, "height": 768}
EMPLOYER = "Schoonmaakbedrijf De Ster"


def _web_page(browser: Browser, width: int, height: int) -> Page:
    """A plain HTML page (no Flutter client to report errors; a form refused answers 400)."""
    return browser.new_page(viewport={"width": width, "height": height})


def _ask_for_a_visit(browser: Browser, server: ServerProcess, shots: Path) -> date:
    """The employer's contact fills in the public form on a phone; returns the date asked."""
    organisation = admin.find_organisation(server.ctx, "Gemeente Amsterdam (demo)")
    page = _web_page(browser, 390, 844)
    page.goto(f"{server.url}/visit-request/{organisation}?lang=nl")
    expect(
        page.get_by_role("heading", name="Vraag een bezoek van de Flying Squad aan")
    ).to_be_visible()
    page.get_by_label("Organisatie").fill(EMPLOYER)
    page.get_by_label("Contactpersoon").fill("Fatima el Amrani")
    page.get_by_label("Telefoonnummer").fill("020 555 0101")
    page.get_by_label("Aantal medewerkers").fill("240")
    page.get_by_role("button", name="Aanvraag versturen").click()
    # No date yet: said at the field, and what was typed stays.
    expect(page.get_by_role("alert")).to_contain_text("Er is niets verzonden")
    expect(page.get_by_text("Geef ten minste één datum die u schikt.")).to_be_visible()
    expect(page.get_by_label("Organisatie")).to_have_value(EMPLOYER)
    wanted = datetime.now(UTC).date() + timedelta(days=14)
    page.get_by_label("Eerste keus").fill(wanted.isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=str(shots / "web-visit-request-phone-nl.png"), full_page=True)
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", name="Aanvraag ontvangen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("We hebben uw aanvraag")
    page.close()
    return wanted


def _event_on_server(server: ServerProcess, people: int, timeout: float = 60) -> OutreachEventRow:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server.ctx.db.read() as session:
            rows = session.execute(
                select(OutreachEventRow).where(OutreachEventRow.people == people)
            ).scalars()
            found = next(iter(rows), None)
        if found is not None and found.kind == "company_visit":
            return found
        time.sleep(0.5)
    raise AssertionError("the event did not reach the server")


def _run_the_event(
    browser: Browser, server: ServerProcess, work: Path, wanted: date, shots: Path
) -> None:
    code = server.pairing_code("flyingsquad1")
    with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
        page = open_app(browser, url, **TABLET)
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        assert _shows_in_order(page, "Laatste geslaagde synchronisatie", timeout=60)
        open_event_mode(page)
        dates = t("Preferred: {dates}").format(dates=format_date(wanted, translator=NL))
        assert _shows_in_order(page, t("Requests for a visit"), timeout=30), aria_text(page)
        assert _shows_in_order(
            page,
            t("Requests for a visit"),
            EMPLOYER,
            f"240 medewerkers · {dates}",
            "Fatima el Amrani · 020 555 0101",
            t("Use for this event"),
            t("Organisation or employer"),
            t("Kind of event"),
        ), aria_text(page)
        # Nothing chosen: the kind's message under its choices.
        page.get_by_role("button", name=t("Start event")).click()
        assert _shows_in_order(page, t("Training for HR staff"), t("Choose the kind of event."))
        page.get_by_role("button", name=t("Use for this event")).first.click()
        expect(page.get_by_role("radio", name=t("Company visit"))).to_be_checked()
        assert _gone(page, t("Choose the kind of event."))
        assert field_value(page, t("Organisation or employer")) == EMPLOYER
        shot(page, shots / "event-start-request-tablet-nl.png")
        page.get_by_role("button", name=t("Start event")).click()
        people = t(TALLY_LABELS[Tally.PEOPLE_SPOKEN])
        assert _shows_in_order(page, EMPLOYER, f"{people}: 0")
        more = t("One more: {tally}").format(tally=people)
        for n in range(1, 4):
            page.get_by_role("button", name=more).click()
            assert _shows_in_order(page, f"{people}: {n}")
        page.get_by_role("button", name=t("End event")).click()
        assert _shows_in_order(page, t("Passphrase"))
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        _event_on_server(server, people=3)
        page.close()


def test_a_request_becomes_an_event_and_its_reach_shows(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    wanted = _ask_for_a_visit(browser, server, shots)
    work = tmp_path / "app"
    work.mkdir()
    _run_the_event(browser, server, work, wanted, shots)

    page = _web_page(browser, 1280, 800)
    web_login(page, server.url, "coordinator")
    page.get_by_role("link", name="Flying Squad").click()
    expect(page.get_by_role("heading", name="Bereik van de Flying Squad", level=1)).to_be_visible()
    month = page.get_by_role("table", name="Bereik per maand")
    expect(month.get_by_role("row", name="Totaal 1 3 0 0 0")).to_be_visible()
    kinds = page.get_by_role("table", name="Bereik per soort evenement")
    expect(kinds.get_by_role("row", name="Bedrijfsbezoek 1 3 0 0 0")).to_be_visible()
    request = page.locator("section.request", has_text=EMPLOYER)
    expect(request).to_contain_text("Fatima el Amrani")
    expect(request).to_contain_text("240")
    page.screenshot(path=str(shots / "web-reach-nl.png"), full_page=True)
    request.get_by_role("button", name="Markeer als afgehandeld").click()
    expect(page.get_by_role("status")).to_contain_text("De aanvraag is afgehandeld")
    expect(page.get_by_text("Geen open aanvragen.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
