"""Issue 21's journeys in a real browser at phone size, against a real server process.

1. Offline (the server is down): a jobcoach adds an employer, places a client there, adds a
   goal with granted hours from a workplace visit's first step and puts the visit's minutes on
   it; the client page shows the hours used. Back online, one sync takes it all, and the
   coordinator sees the employer, the placement and the visit on the web pages.
2. A consent given at a visit is withdrawn on the client page; after the sync the receiving
   team's referral reads "withdrawn" with its payload gone, and the device shows it withdrawn
   too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.employer import EmployerKind
from fieldapp.domain.placement import PlacementKind
from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator
from fieldapp.i18n.labels import status_label, target_label
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.wire import InboxItem
from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.e2e.client_page import screen_text, scroll_until, shows
from tests.e2e.conftest import (
    into_view,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
    type_into_field,
)
from tests.e2e.test_placements import _choose
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.test_visit_flow import next_step
from tests.e2e.typical_visit import TEAM, add_client_at_an_address, record_typical_visit
from tests.sync.harness import ServerProcess

NL = Translator("nl")
t = NL.gettext
EMPLOYER = "Fietsenmakerij Zuid"
CLIENT = "Jayden Pinas"
GOAL = "Zelfstandig een band plakken"
PSEUDONYM = re.compile(r"J\. P\. · [0-9A-F]{4}-[0-9A-F]{4}")


def _waiting(n: int) -> str:
    return NL.ngettext("%(n)d change waiting to be sent", "%(n)d changes waiting to be sent", n) % {
        "n": n
    }


def _unlock_enrolled(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()
    assert _shows_in_order(page, t("Online"), _waiting(0), timeout=60), screen_text(page)


def _add_employer(page: Page) -> None:
    page.get_by_role("button", name=t("Employers")).click()
    page.get_by_role("button", name=t("Add employer")).click()
    type_into(page, t("Name of the employer"), EMPLOYER)
    page.get_by_role("button", name=t("Save employer")).click()
    assert shows(page, t("Employer saved."), 20), screen_text(page)
    assert EMPLOYER in screen_text(page)
    page.get_by_role("button", name=t("Back")).click()


def _open_form(page: Page, button: str, save: str) -> None:
    """Scroll to the button ``button``, tap it and wait for the form's ``save`` button."""
    scroll_until(page, button)
    add = page.get_by_role("button", name=button)
    into_view(page, add)
    add.click()
    expect(page.get_by_role("button", name=save)).to_be_visible()


def _place(page: Page) -> None:
    client = page.get_by_role("button", name=CLIENT)
    expect(client).to_be_visible(timeout=20_000)
    into_view(page, client)
    client.click()
    _open_form(page, t("Add placement"), t("Save placement"))
    _choose(page, t("Employer"), EMPLOYER)
    type_into(page, t("Hours per week"), "20")
    page.get_by_role("button", name=t("Save placement")).click()
    regular = work_label(PlacementKind.REGULAR, translator=NL)
    scroll_until(page, f"{EMPLOYER} {regular} {t('Works here now')}")


def _workplace_visit_with_a_new_goal(page: Page) -> None:
    page.mouse.wheel(0, -5000)
    visit = page.get_by_role("button", name=t("New visit"))
    into_view(page, visit)
    visit.click()
    # The workplace visit is at the job just added, chosen already (a dropdown's value is not
    # in the screen-reader view: the saved visit is checked at the end).
    expect(page.get_by_role("button", name=t("Workplace"))).to_be_visible(timeout=20_000)
    _open_form(page, t("Add goal"), t("Save goal"))
    type_into(page, t("Goal"), GOAL)
    type_into(page, t("Granted hours"), "12")
    page.get_by_role("button", name=t("Save goal")).click()
    step_one = t("Step {n} of {total}: {title}").format(n=1, total=5, title=t("Visit"))
    assert shows(page, step_one, 20), screen_text(page)
    ninety = page.get_by_role("checkbox", name=t("{minutes} min").format(minutes=90))
    into_view(page, ninety)
    ninety.click()
    expect(ninety).to_be_checked()
    scroll_until(page, t("Minutes on this goal"))
    type_into_field(page, page.get_by_role("textbox", name=t("Minutes on this goal")).last, "90")
    for number in range(2, 6):
        next_step(page, number)
    page.get_by_role("button", name=t("Save visit")).click()
    used = t("{used} of {granted} hours").format(used="1,5", granted="12")
    scroll_until(page, f"{GOAL}: {used}")


def _coordinator(browser: Browser, server: ServerProcess) -> Page:
    web = browser.new_page(viewport={"width": 1280, "height": 800})
    web.goto(f"{server.url}/login?lang=nl")
    web.get_by_label("Gebruikersnaam").fill("coordinator")
    web.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    web.get_by_role("button", name="Inloggen").click()
    web.get_by_label("Code").fill(totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC))))
    web.get_by_role("button", name="Bevestigen").click()
    expect(web.get_by_role("heading", name="Doorverwijzingen")).to_be_visible()
    return web


def test_work_recorded_offline_reaches_the_coordinator_after_one_sync(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    server = ServerProcess(tmp_path / "server").load_demo().start()
    work = tmp_path / "app"
    work.mkdir()
    code = server.pairing_code("jobcoach1")
    try:
        with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
            page = open_app(browser, url, 390, 844)
            _unlock_enrolled(page)
            server.stop()  # no network from here on

            _add_employer(page)
            _place(page)
            _workplace_visit_with_a_new_goal(page)
            page.mouse.wheel(0, 250)  # the hours section whole, above the snackbar
            page.wait_for_timeout(1000)
            shot(page, shots / "client-detail-hours-used-phone-nl.png")
            page.get_by_role("button", name=t("Back")).click()
            page.get_by_role("button", name=t("Sync now")).click()
            assert _shows_in_order(page, t("Offline"), timeout=60), screen_text(page)
            # employer, placement, goal, visit (the ladder and client are not touched)
            assert not _shows_in_order(page, _waiting(0), timeout=0.5)

            server.start()
            page.get_by_role("button", name=t("Sync now")).click()
            assert _shows_in_order(page, t("Online"), _waiting(0), timeout=60), screen_text(page)
            page.close()

        web = _coordinator(browser, server)
        web.get_by_role("link", name="Werkgevers").click()
        row = web.get_by_role("row", name=re.compile(EMPLOYER))
        expect(row).to_be_visible()
        # name, kind, KvK, sites, running, in all
        regular = work_label(EmployerKind.REGULAR, translator=NL)
        expect(row.get_by_role("cell")).to_have_text([EMPLOYER, regular, "", "0", "1", "1"])
        shot(web, shots / "web-employers-nl.png")
        web.get_by_role("link", name="Werkgever toevoegen").click()
        expect(web.get_by_role("heading", name="Werkgever toevoegen")).to_be_visible()
        web.get_by_role("button", name="Werkgever opslaan").click()  # nothing filled in
        expect(web.get_by_role("alert")).to_contain_text("Er is niets opgeslagen")
        expect(web.get_by_label("Naam", exact=True).first).to_have_attribute("aria-invalid", "true")
        shot(web, shots / "web-employer-form-nl.png")
        web.get_by_role("link", name="Terug zonder opslaan").click()
        web.get_by_role("link", name=EMPLOYER).click()
        # The coordinator's pages name the client by initials and a reference, not the name.
        expect(web.get_by_role("cell", name=PSEUDONYM)).to_be_visible()
        assert CLIENT not in web.content()
        shot(web, shots / "web-employer-nl.png")
        web.get_by_role("link", name="Plaatsingen").click()
        placed = web.get_by_role("row", name=PSEUDONYM)
        expect(placed).to_contain_text(EMPLOYER)
        expect(placed).to_contain_text("20")
        shot(web, shots / "web-placements-nl.png")
        web.get_by_role("link", name="Bezoeken").click()
        visits = web.get_by_role("row", name=PSEUDONYM)
        expect(visits.first).to_contain_text("90")
        web.close()
    finally:
        server.stop()
    _the_visit_is_at_the_placement(work / "store")


def _the_visit_is_at_the_placement(directory: Path) -> None:
    store = EncryptedStore.open(directory)
    store.unlock(DEMO_PASSPHRASE)
    try:
        now = lambda: datetime.now(UTC)  # noqa: E731
        service = CaseloadService(CaseloadStore(store, now), now)
        (client,) = [c for c in service.clients() if c.display_name == CLIENT]
        dossier = service.dossier(client.id)
        (placement,) = dossier.placements
        (goal,) = [g for g in dossier.goals if g.title == GOAL]
        (visit,) = [v for v in dossier.visits if any(gt.goal_id == goal.id for gt in v.goals)]
        assert visit.placement_id == placement.id
    finally:
        store.close()


def test_a_withdrawn_consent_reaches_the_team_and_comes_back_as_withdrawn(
    browser: Browser, tmp_path: Path
) -> None:
    server = ServerProcess(tmp_path / "server").load_demo().start()
    work = tmp_path / "app"
    work.mkdir()
    code = server.pairing_code("jobcoach1")
    team_code = server.pairing_code("schuldhulp1")
    try:
        with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
            page = open_app(browser, url, 390, 844)
            _unlock_enrolled(page)
            add_client_at_an_address(page)
            record_typical_visit(page, TEAM)
            page.get_by_role("button", name=t("Back")).click()
            page.get_by_role("button", name=t("Sync now")).click()
            assert _shows_in_order(page, _waiting(0), timeout=60)
            enrolled = httpx.post(
                f"{server.url}/api/v1/enroll", json={"pairing_code": team_code}
            ).json()
            with server.api(enrolled["token"]) as team:
                (item,) = [InboxItem.model_validate(e) for e in team.get("/inbox").json()]
            assert item.status is Status.DELIVERED and item.payload is not None

            page.get_by_role("button", name="Ilse Testers").click()
            withdraw = t("Withdraw consent")
            scroll_until(page, withdraw)
            referral = page.get_by_role("group", name=re.compile(t("Referral")))
            button = referral.get_by_role("button", name=withdraw)  # not the WHO-5's consent
            into_view(page, button)
            button.click()
            page.get_by_role("button", name=t("Yes, withdraw")).click()
            expect(page.get_by_text(t("Consent withdrawn.")).last).to_be_visible(timeout=10_000)
            page.mouse.wheel(0, -5000)
            page.get_by_role("button", name=t("Back")).click()
            page.get_by_role("button", name=t("Sync now")).click()
            assert _shows_in_order(page, _waiting(0), timeout=60)

            with server.api(enrolled["token"]) as team:
                (item,) = [InboxItem.model_validate(e) for e in team.get("/inbox").json()]
            assert item.status is Status.WITHDRAWN
            assert item.payload is None  # purged at the server

            page.get_by_role("button", name="Ilse Testers").click()
            schuldhulp = target_label(Target.SCHULDHULP, translator=NL)
            withdrawn = f"{schuldhulp}: {status_label(Status.WITHDRAWN, translator=NL)}"
            scroll_until(page, withdrawn)
            page.close()
    finally:
        server.stop()
