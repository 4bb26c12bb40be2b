"""The team works a referral in the browser; the jobcoach's device and the coordinator see it.
Every page that shows client data is audited; other organisations see nothing."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from fieldapp.domain.referral import OUTCOMES, Referral
from fieldapp.domain.targets import Target
from fieldapp.wire import EnrollResponse, Role
from sync_server.db.schema import AuditEntry
from sync_server.services import admin, web_auth
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import build_client, build_consent, build_payload
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.test_referrals import SCHULDHULP, queued, refer
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")


def _step(browser: Browser, referral_id: object, **fields: str) -> str:
    answer = browser.post(f"/inbox/{referral_id}/status", fields, form_page=f"/inbox/{referral_id}")
    assert answer.status_code == 303
    return str(answer.headers["location"])


@pytest.fixture
def referred(ctx: ServerContext, server: LiveServer) -> tuple[EnrollResponse, Referral]:
    """jobcoach1's device sent a consented referral to the schuldhulp intake."""
    jobcoach = enroll(ctx, server, "jobcoach1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    refer(server, jobcoach, referral)
    return jobcoach, referral


def test_the_team_acknowledges_and_records_contact_and_it_flows_back(
    ctx: ServerContext,
    server: LiveServer,
    browser: Browser,
    second_browser: Browser,
    clock: Clock,
    referred: tuple[EnrollResponse, Referral],
) -> None:
    jobcoach, referral = referred

    log_in(browser, "schuldhulp1", clock)
    inbox = browser.http.get("/inbox").text
    assert "Sanne de Vries" in inbox and f"/inbox/{referral.id}" in inbox
    detail = browser.http.get(f"/inbox/{referral.id}").text
    assert "Ik krijg de post niet meer open." in detail  # the consented payload
    clock.advance(minutes=10)
    assert _step(browser, referral.id, status="acknowledged").endswith("saved=1")
    clock.advance(minutes=10)
    _step(browser, referral.id, status="contact_attempted", channel="phone", reached="not_reached")
    clock.advance(minutes=10)
    _step(browser, referral.id, status="in_contact", channel="phone")
    backwards = _step(browser, referral.id, status="acknowledged")
    assert backwards.endswith("error=1")  # the lifecycle does not go back

    with server.client(jobcoach.token) as api:
        pages, _ = pull_all(api)
    (pulled,) = [r for p in pages for r in p.records if r.entity_id == referral.id]
    assert pulled.body is not None
    steps = [(h["status"], h["note_code"]) for h in pulled.body["history"]][-3:]
    assert steps == [
        ("acknowledged", ""),
        ("contact_attempted", "phone_not_reached"),
        ("in_contact", "phone"),
    ]

    log_in(second_browser, "coordinator", clock)
    board = second_browser.http.get("/referrals").text
    assert "In contact" in board or "In contact" in board.replace("&#39;", "'")
    assert "Sanne de Vries" not in board  # the board shows no payload


def _offered(page: str) -> list[str]:
    return re.findall(r'name="status" value="([a-z_]+)"', page)


def test_the_step_form_offers_only_the_steps_the_referral_can_take_now(
    browser: Browser, clock: Clock, referred: tuple[EnrollResponse, Referral]
) -> None:
    _, referral = referred
    log_in(browser, "schuldhulp1", clock)
    fresh = browser.http.get(f"/inbox/{referral.id}").text
    outcomes = sorted(status.value for status in OUTCOMES)
    assert _offered(fresh) == ["acknowledged", *outcomes]
    assert "bereikt?" not in fresh  # "reached?" belongs to a contact attempt, not offered yet
    clock.advance(minutes=10)
    _step(browser, referral.id, status="acknowledged")
    taken = browser.http.get(f"/inbox/{referral.id}").text
    assert _offered(taken) == ["contact_attempted", "in_contact", *outcomes]
    assert "bereikt?" in taken
    clock.advance(minutes=10)
    _step(browser, referral.id, status="accepted")
    closed = browser.http.get(f"/inbox/{referral.id}").text
    assert _offered(closed) == [] and "/status" not in closed
    assert "Deze doorverwijzing is afgesloten" in closed


def test_the_team_reads_what_was_shared_in_the_consents_order_and_no_empty_rows(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    """In the order of the consent text the client read; the language by its name in the
    reader's language; no row for what was not shared; only the server's steps."""
    jobcoach = enroll(ctx, server, "jobcoach1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    payload = build_payload(
        language="ar",
        easy_language=True,
        contact={"phone": "06-12345678"},  # no email, no best time
        jobcoach_contact="",
        signal_stages=("B", "D"),
        address={"postcode": "1091 AB", "house_number": 12, "city": "Amsterdam"},
    )
    refer(server, jobcoach, referral.model_copy(update={"payload": payload}))
    log_in(browser, "schuldhulp1", clock)
    page = browser.http.get(f"/inbox/{referral.id}").text
    shared = page[page.index("Wat de cliënt wilde delen") : page.index("Verloop")]
    terms = re.findall(r"<dt>(.*?)</dt>", shared)
    assert terms == [
        "Naam",
        "Telefoonnummer",
        "Taal",
        "Adres",
        "Soorten signalen",
        "In de woorden van de cliënt",
    ]
    assert "Arabisch; Heeft eenvoudige taal nodig" in shared
    assert "Beste tijd" not in page and "E-mailadres" not in shared
    history = page[page.index("Verloop") :]
    assert "Concept" not in history and "Wacht op verzenden" not in history
    assert "Afgeleverd" in history


def test_a_withdrawn_consent_leaves_only_the_status(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    jobcoach = enroll(ctx, server, "jobcoach1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    consent = build_consent(recipient_id=SCHULDHULP)
    with server.client(jobcoach.token) as api:
        push(api, change_of(build_client()), change_of(consent), change_of(referral))
        clock.advance(hours=2)
        push(api, change_of(consent.withdraw(clock.now), base_version=1))
    log_in(browser, "schuldhulp1", clock)
    detail = browser.http.get(f"/inbox/{referral.id}").text
    assert "Sanne" not in detail and "post niet meer open" not in detail
    assert "(toestemming ingetrokken)" in detail and "Ingetrokken" in detail
    assert "/status" not in detail  # no steps on a withdrawn referral


def test_pages_with_client_data_are_audited(
    ctx: ServerContext,
    server: LiveServer,
    browser: Browser,
    clock: Clock,
    referred: tuple[EnrollResponse, Referral],
) -> None:
    _, referral = referred
    log_in(browser, "schuldhulp1", clock)
    browser.http.get(f"/inbox/{referral.id}")
    with ctx.db.read() as session:
        last = session.execute(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
    assert (last.action, last.object_type, last.object_id) == ("read", "referral", str(referral.id))
    assert last.actor_type == "user" and last.role == Role.RECEIVING_TEAM.value


def test_another_organisation_sees_nothing(
    ctx: ServerContext,
    server: LiveServer,
    browser: Browser,
    clock: Clock,
    referred: tuple[EnrollResponse, Referral],
) -> None:
    _, referral = referred
    other = admin.create_organisation(ctx, "Gemeente Elders")
    team = admin.create_team(ctx, other, Target.SCHULDHULP, "schuldhulp:elders", "Elders")
    intruder = admin.create_user(ctx, other, "elders1", Role.RECEIVING_TEAM, team_id=team)
    web_auth.set_password(ctx, intruder, "elders-wachtwoord-1")
    assert browser.login("elders1", "elders-wachtwoord-1").status_code == 303
    assert "Sanne" not in browser.http.get("/inbox").text
    assert browser.http.get(f"/inbox/{referral.id}").status_code == 404
    moved = browser.post(
        f"/inbox/{referral.id}/status", {"status": "acknowledged"}, form_page="/inbox"
    )
    assert moved.headers["location"].endswith("error=1")


def test_the_coordinator_revokes_a_device_and_its_next_sync_is_refused(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    jobcoach = enroll(ctx, server, "jobcoach1")
    log_in(browser, "coordinator", clock)
    devices_page = browser.http.get("/devices").text
    assert f"/devices/{jobcoach.device_id}/revoke" in devices_page
    answer = browser.post(f"/devices/{jobcoach.device_id}/revoke", {}, form_page="/devices")
    assert answer.headers["location"] == "/devices?revoked=1"
    assert re.search(r"ingetrokken|revoked", browser.http.get("/devices").text)
    with server.client(jobcoach.token) as api:
        refused = api.get("/sync/pull")
    assert (refused.status_code, refused.json()["code"]) == (401, "device.revoked")


def test_the_data_protection_officer_sees_who_read_a_client(
    ctx: ServerContext,
    server: LiveServer,
    browser: Browser,
    second_browser: Browser,
    clock: Clock,
    referred: tuple[EnrollResponse, Referral],
) -> None:
    _, referral = referred
    log_in(browser, "schuldhulp1", clock)
    browser.http.get(f"/inbox/{referral.id}")
    log_in(second_browser, "dpo", clock)
    page = second_browser.http.get(f"/access-log?client={referral.client_id}").text
    assert "Intake Schuldhulp Eva" in page  # the team member who read the referral, by name
    assert "Jobcoach Anouk (test)" in page  # the device that sent it: its user and label
    assert "Sanne" not in page  # the log names no client data
    missing = second_browser.http.get(f"/access-log?client={uuid.uuid4()}").text
    assert "Geen cliënt met dit id" in missing
