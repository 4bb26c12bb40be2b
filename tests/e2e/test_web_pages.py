"""The web pages in Chromium against the real server process: a team works a referral, the
coordinator logs in with a TOTP code, sees it, and revokes a device whose next sync is refused.
Screenshots of each page go to docs/screenshots with `make screenshots`."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.targets import Target
from fieldapp.services.caseload import VisitRecord
from fieldapp.sync.errors import SyncError, SyncErrorCode
from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.e2e.conftest import screenshot_dir
from tests.factories import build_client, build_consent, build_referral, build_visit
from tests.sync.harness import Device, ServerProcess

SCHULDHULP = "schuldhulp:amsterdam"


@pytest.fixture(scope="module")
def device(server: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Device]:
    """A jobcoach's device that recorded a consented referral and synced it."""
    made = Device(tmp_path_factory.mktemp("device") / "store")
    made.enroll(server)
    at = datetime.now(UTC) - timedelta(minutes=20)
    client = build_client(
        id=uuid.uuid4(), address={"postcode": "1091 AB", "house_number": 12, "city": "Amsterdam"}
    )
    consent = build_consent(client_id=client.id, recipient_id=SCHULDHULP, given_at=at)
    referral = build_referral(
        client_id=client.id, target=Target.SCHULDHULP, recipient_id=SCHULDHULP, at=at
    )
    made.service.save_client(client)
    made.service.record_visit(
        VisitRecord(
            visit=build_visit(client_id=client.id, started_at=at),
            consents=[consent],
            referrals=[referral],
        )
    )
    made.service.queue_referral(client.id, referral.id)
    made.sync()
    yield made
    made.close()


def _login(page: Page, server: ServerProcess, username: str) -> None:
    page.goto(f"{server.url}/login?lang=nl")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def _code_now() -> str:
    return totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC)))


def test_team_works_the_referral_and_the_coordinator_follows_up(
    browser: Browser, server: ServerProcess, device: Device, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    team = browser.new_page(viewport={"width": 1024, "height": 768})
    team.goto(f"{server.url}/login?lang=nl")
    team.screenshot(path=str(shots / "web-login-nl.png"))
    _login(team, server, "schuldhulp1")
    expect(team.get_by_role("heading", name="Inbox")).to_be_visible()
    team.screenshot(path=str(shots / "web-inbox-nl.png"))
    # On a phone the inbox's rows stack, each cell named: nothing is cut off.
    team.set_viewport_size({"width": 390, "height": 844})
    assert team.evaluate("document.documentElement.scrollWidth") <= 390
    expect(team.get_by_role("cell", name=re.compile("Uiterlijk"))).to_be_visible()
    team.screenshot(path=str(shots / "web-inbox-phone-nl.png"))
    team.set_viewport_size({"width": 1024, "height": 768})
    team.get_by_role("link", name="Sanne de Vries").click()
    expect(team.get_by_text("Ik krijg de post niet meer open.")).to_be_visible()
    team.get_by_label("Ontvangst bevestigd").check()
    team.get_by_role("button", name="Stap opslaan").click()
    expect(team.get_by_role("status")).to_contain_text("Opgeslagen")
    team.get_by_label("Contact geprobeerd").check()
    team.get_by_label("Kanaal").select_option("phone")
    team.get_by_label("Niet bereikt").check()
    team.get_by_role("button", name="Stap opslaan").click()
    expect(team.get_by_role("status")).to_contain_text("Opgeslagen")
    team.screenshot(path=str(shots / "web-referral-nl.png"), full_page=True)

    coordinator = browser.new_page(viewport={"width": 1024, "height": 768})
    _login(coordinator, server, "coordinator")
    expect(coordinator.get_by_role("heading", name="Verificatiecode")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-login-code-nl.png"))
    coordinator.get_by_label("Code").fill(_code_now())
    coordinator.get_by_role("button", name="Bevestigen").click()
    expect(coordinator.get_by_role("heading", name="Doorverwijzingen")).to_be_visible()
    expect(coordinator.get_by_role("cell", name="Contact geprobeerd")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-board-nl.png"))

    device.sync()  # the team's steps reach the jobcoach's device
    (client_id,) = device.service._repository.client_ids()
    history = device.service.dossier(client_id).referrals[0].history
    assert [h.status.value for h in history][-2:] == ["acknowledged", "contact_attempted"]

    coordinator.get_by_role("link", name="Bezoeken").click()
    expect(coordinator.get_by_role("link", name=re.compile("2026"))).to_have_count(1)
    coordinator.get_by_role("link", name=re.compile("2026")).click()
    expect(coordinator.get_by_role("heading", name="Signalen")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-visit-nl.png"))
    coordinator.get_by_role("link", name="Terug naar de bezoeken").click()
    coordinator.get_by_label("Signaalfase").select_option("E")
    coordinator.get_by_role("button", name="Filteren").click()
    expect(coordinator.get_by_text("Geen bezoeken gevonden.")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-visits-nl.png"))
    coordinator.get_by_role("link", name="Maandrapportage").click()
    expect(coordinator.get_by_role("heading", name="Signalen per fase")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-report-nl.png"), full_page=True)
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Downloaden als CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert rows[0] == ["section", "key", "value"]
    assert ["referrals", "schuldhulp/contact_attempted", "1"] in rows
    coordinator.get_by_role("link", name="Routeringstabel").click()
    coordinator.get_by_label(re.compile("Nieuwe routeringstabel")).fill(
        "target;postcode;house_from;house_to;area;recipient_id\n"
        "schuldhulp;*;;;Amsterdam;schuldhulp:amsterdam\n"
    )
    coordinator.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(coordinator.get_by_role("heading", name="Voorbeeld van de wijzigingen")).to_be_visible()
    coordinator.screenshot(path=str(shots / "web-routing-nl.png"), full_page=True)
    # On a phone, a refused table's message stays within the screen (it used to be cut off).
    coordinator.set_viewport_size({"width": 390, "height": 844})
    coordinator.get_by_label(re.compile("Nieuwe routeringstabel")).fill(
        "target;postcode;house_from;house_to;area;recipient_id\n"
    )
    coordinator.get_by_role("button", name="Voorbeeld bekijken").click()
    refusal = coordinator.locator("#csv-error")
    expect(refusal).to_contain_text("maar geen regels")
    for part in (refusal, coordinator.locator("form.stack label").first):
        box = part.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, box
    assert coordinator.evaluate("document.documentElement.scrollWidth") <= 390
    coordinator.screenshot(path=str(shots / "web-routing-refused-phone-nl.png"), full_page=True)
    coordinator.set_viewport_size({"width": 1024, "height": 768})

    coordinator.get_by_role("link", name="Apparaten").click()
    coordinator.screenshot(path=str(shots / "web-devices-nl.png"))
    coordinator.get_by_role("button", name="Apparaat test device intrekken").click()
    expect(coordinator.get_by_role("status")).to_contain_text("ingetrokken")
    with pytest.raises(SyncError) as refused:
        device.sync()
    assert refused.value.code is SyncErrorCode.REVOKED and device.wiped


def test_the_login_works_with_the_keyboard_alone_and_in_english(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{server.url}/login?lang=en")
    expect(page.get_by_label("Username")).to_be_focused()  # autofocus
    page.keyboard.type("dpo")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Verification code")).to_be_visible()
    page.keyboard.type(_code_now())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    page.screenshot(path=str(screenshot_dir(tmp_path) / "web-access-log-en.png"))
