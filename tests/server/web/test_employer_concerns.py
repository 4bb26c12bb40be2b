"""Employers' concerns (issue 22, item 5): the coordinator invites an employer's contact
person, who chooses a password on a one-time link; the contact sees only the workers placed
with the employer today who agreed to it, by first name and initial; a concern reaches the
jobcoach's device as a record of the client, the employer sees only "received"; every step
is audited."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from fieldapp.domain.client import Client
from fieldapp.domain.concern import ConcernSign, EmployerConcern, employer_recipient
from fieldapp.domain.consent import Purpose
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.placement import Placement, PlacementKind
from sync_server.db.schema import AuditEntry, ConcernFact, RecordRow
from sync_server.demo import DEMO_EMPLOYER_ID, DEMO_PASSWORD, DEMO_TOTP_SECRET, EMPLOYER_CONTACT
from sync_server.services import admin, concerns, outcome_facts, web_auth
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import FIXED_NOW, build_client, build_consent
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.people import employer_contact
from tests.server.web.conftest import Browser, current_code, log_in, readable

pytestmark = pytest.mark.usefixtures("demo", "employer_contact")
INVITE = re.compile(r"/invite/([A-Za-z0-9_-]{40,})")
TODAY = FIXED_NOW.date()


def _placed(client: Client, *, consent: bool = True, ended: bool = False) -> list[object]:
    """A client placed at the demo employer since a month, with or without the consent that
    the employer may pass concerns."""
    placement = Placement(
        id=uuid.uuid4(),
        client_id=client.id,
        employer_id=DEMO_EMPLOYER_ID,
        kind=PlacementKind.REGULAR,
        start=TODAY - timedelta(days=30),
        hours_per_week=24,
        ended_on=TODAY - timedelta(days=2) if ended else None,
        end_reason="other" if ended else None,
    )
    records: list[object] = [client, placement]
    if consent:
        records.append(
            build_consent(
                id=uuid.uuid4(),
                client_id=client.id,
                purpose=Purpose.EMPLOYER_CONTACT,
                recipient_id=employer_recipient(DEMO_EMPLOYER_ID),
            )
        )
    return records


def _caseload(ctx: ServerContext, server: LiveServer) -> tuple[str, Client, list[Client]]:
    """jobcoach1's phone pushes Sanne de Vries (placed, agreed), Karim Benali (placed, not
    agreed) and Mila Jansen (agreed, but her placement ended)."""
    phone = enroll(ctx, server, "jobcoach1")
    sanne = build_client(id=uuid.uuid4(), given_name="Sanne", family_name="de Vries")
    karim = build_client(id=uuid.uuid4(), given_name="Karim", family_name="Benali")
    mila = build_client(id=uuid.uuid4(), given_name="Mila", family_name="Jansen")
    records = [*_placed(sanne), *_placed(karim, consent=False), *_placed(mila, ended=True)]
    with server.client(phone.token) as api:
        results = push(api, *(change_of(r) for r in records))  # type: ignore[arg-type]
    assert {r.outcome.value for r in results} == {"applied"}, results
    return phone.token, sanne, [karim, mila]


def _audited(ctx: ServerContext, object_type: str) -> list[AuditEntry]:
    with ctx.db.read() as session:
        query = select(AuditEntry).where(AuditEntry.object_type == object_type)
        return list(session.execute(query).scalars())


def _concerns(ctx: ServerContext) -> int:
    with ctx.db.read() as session:
        query = select(func.count()).where(RecordRow.kind == EntityKind.CONCERN.value)
        return session.execute(query).scalar_one()


def test_a_concern_reaches_the_jobcoach_and_the_employer_sees_only_received(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    phone, sanne, others = _caseload(ctx, server)
    log_in(browser, EMPLOYER_CONTACT, clock)
    home = browser.http.get("/")
    assert home.headers["location"] == "/concerns"
    seen = readable(browser.http.get("/concerns").text)
    assert "| Sanne V. |" in seen
    assert "Vries" not in seen and all(o.given_name not in seen for o in others)
    sign = ConcernSign.CALLS_AT_WORK
    sent = browser.post(
        "/concerns",
        {"worker": str(sanne.id), f"sign-{sign.value}": "1", "text": "Belt veel tijdens werk"},
        form_page="/concerns",
    )
    assert sent.status_code == 303
    after = readable(browser.http.get(sent.headers["location"]).text)
    assert "Ontvangen. De jobcoach krijgt het bij de volgende synchronisatie." in after
    assert ": | Sanne V. | · Ontvangen" in after

    with server.client(phone) as api:
        pages, _ = pull_all(api)
    [concern] = [
        EmployerConcern.model_validate(r.body)
        for page in pages
        for r in page.records
        if r.entity is EntityKind.CONCERN
    ]
    assert (concern.client_id, concern.employer_id) == (sanne.id, DEMO_EMPLOYER_ID)
    assert concern.signs == (sign,) and concern.text == "Belt veel tijdens werk"
    reads = [e for e in _audited(ctx, "client") if e.role == "employer"]
    assert {e.object_id for e in reads} == {str(sanne.id)}
    assert next(e.action for e in _audited(ctx, "employer_concern")) == "create"


def test_a_concern_about_someone_else_or_saying_nothing_is_refused(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _, sanne, others = _caseload(ctx, server)
    log_in(browser, EMPLOYER_CONTACT, clock)
    for other in others:
        refused = browser.post(
            "/concerns", {"worker": str(other.id), "sign-stress": "1"}, form_page="/concerns"
        )
        assert refused.status_code == 400 and "Kies de werknemer." in refused.text
    empty = browser.post("/concerns", {"worker": str(sanne.id)}, form_page="/concerns")
    assert empty.status_code == 400
    assert "Vink aan wat u opviel, of beschrijf het in een paar woorden." in empty.text
    nobody = browser.post("/concerns", {"sign-stress": "1"}, form_page="/concerns")
    assert nobody.status_code == 400
    assert _concerns(ctx) == 0


def test_a_withdrawn_consent_takes_the_worker_off_the_employers_page(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    phone = enroll(ctx, server, "jobcoach1")
    sanne = build_client(id=uuid.uuid4(), given_name="Sanne", family_name="de Vries")
    placement, consent = _placed(sanne)[1:]
    with server.client(phone.token) as api:
        push(api, change_of(sanne), change_of(placement), change_of(consent))  # type: ignore[arg-type]
        log_in(browser, EMPLOYER_CONTACT, clock)
        assert "Sanne V." in browser.http.get("/concerns").text
        withdrawn = consent.withdraw(FIXED_NOW)  # type: ignore[attr-defined]
        push(api, change_of(withdrawn, base_version=1))
    assert "Sanne V." not in browser.http.get("/concerns").text


def test_the_coordinator_invites_a_contact_who_chooses_a_password(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    employer_page = f"/employers/{DEMO_EMPLOYER_ID}"
    made = browser.post(
        f"{employer_page}/invite",
        {"username": "hr.glans", "display_name": "Ria Glans"},
        form_page=employer_page,
    )
    assert made.status_code == 200
    token = INVITE.search(made.text)
    assert token, "the link is shown"
    taken = browser.post(
        f"{employer_page}/invite", {"username": "hr.glans"}, form_page=employer_page
    )
    assert taken.status_code == 400 and "is al in gebruik" in taken.text

    invited = Browser(server)
    path = f"/invite/{token.group(1)}"
    assert "hr.glans" in invited.http.get(path).text
    short = invited.post(path, {"password": "kort", "repeat": "kort"}, form_page=path)
    assert short.status_code == 400 and "minstens 12 tekens" in short.text
    differ = invited.post(
        path, {"password": "een lang wachtwoord", "repeat": "een ander wachtwoord"}, form_page=path
    )
    assert differ.status_code == 400 and "verschillen" in differ.text
    done = invited.post(
        path, {"password": "een lang wachtwoord", "repeat": "een lang wachtwoord"}, form_page=path
    )
    assert done.status_code == 200 and "Uw account is klaar" in done.text
    assert invited.http.get(path).status_code == 410  # once
    assert invited.login("hr.glans", "een lang wachtwoord").headers["location"] == "/"
    assert invited.http.get("/").headers["location"] == "/concerns"
    invited.close()
    actions = {e.action for e in _audited(ctx, "user")}
    assert {"invite", "accept_invitation"} <= actions


def test_the_demo_contact_logs_in_with_the_demo_password(
    server: LiveServer, browser: Browser
) -> None:
    assert browser.login(EMPLOYER_CONTACT, DEMO_PASSWORD).status_code == 303


def test_a_contact_who_set_up_a_second_factor_is_asked_for_the_code(
    ctx: ServerContext, browser: Browser, clock: Clock
) -> None:
    contact = admin.find_user(ctx, EMPLOYER_CONTACT)
    web_auth.set_totp_secret(ctx, contact, DEMO_TOTP_SECRET)
    answer = browser.login(EMPLOYER_CONTACT, DEMO_PASSWORD)
    assert answer.headers["location"].startswith("/login/code")
    assert browser.http.get("/concerns").status_code == 303  # not in before the code
    assert browser.code(current_code(clock)).status_code == 303
    assert browser.http.get("/concerns").status_code == 200


def test_an_employers_list_of_sent_concerns_opens_only_their_own(
    ctx: ServerContext, server: LiveServer
) -> None:
    _, sanne, _ = _caseload(ctx, server)
    ours = employer_contact(ctx, DEMO_EMPLOYER_ID)
    concern = concerns.send(ctx, ours, sanne.id, (ConcernSign.CALLS_AT_WORK,), "")
    with ctx.db.read() as session:
        fact = session.get(ConcernFact, concern.id)
    assert fact is not None and fact.employer_id == DEMO_EMPLOYER_ID
    assert [s.worker for s in concerns.sent(ctx, ours)] == ["Sanne V."]

    reads_before = len(_audited(ctx, "employer_concern"))
    assert concerns.sent(ctx, employer_contact(ctx, uuid.uuid4())) == []
    assert len(_audited(ctx, "employer_concern")) == reads_before  # nothing was opened

    with ctx.db.write() as session:  # a concern stored before its fact existed
        session.execute(delete(ConcernFact))
    assert outcome_facts.fill_missing(ctx) == 1
    assert [s.worker for s in concerns.sent(ctx, ours)] == ["Sanne V."]
