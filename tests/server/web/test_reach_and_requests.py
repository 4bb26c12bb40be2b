"""The Flying Squad on the server (issue 22, item 4): events pushed with their tallies make the
coordinator's reach report by month; an employer asks for a visit on the public form (CSRF,
rate limit, nothing about employees), the request shows on the coordinator's page and reaches
the Flying Squad's devices, not a jobcoach's; marking it handled takes it off the tablets."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.wire import Outcome
from sync_server.db.schema import AuditEntry, OutreachEventRow, VisitRequestRow
from sync_server.services import visit_requests
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.web.conftest import Browser, log_in, readable

pytestmark = pytest.mark.usefixtures("demo")
ORGANISATION = "Bouwbedrijf Jansen"


def _event(started: datetime, kind: EventKind | None, **counts: int) -> OutreachEvent:
    event = OutreachEvent(
        id=uuid.uuid4(), organisation=ORGANISATION, place="Kantine", kind=kind, started_at=started
    )
    return event.counted({Tally(name): n for name, n in counts.items()})


def _audited(ctx: ServerContext, action: str, object_type: str) -> list[AuditEntry]:
    with ctx.db.read() as session:
        return list(
            session.execute(
                select(AuditEntry).where(
                    AuditEntry.action == action, AuditEntry.object_type == object_type
                )
            ).scalars()
        )


def test_events_with_their_tallies_make_the_reach_report_by_month(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    tablet = enroll(ctx, server, "flyingsquad1")
    may = datetime(2026, 5, 12, 10, tzinfo=clock().tzinfo)
    first = OutreachEvent(
        id=uuid.uuid4(),
        organisation=ORGANISATION,
        kind=EventKind.COMPANY_VISIT,
        started_at=may,
    )
    counted = first.counted({Tally.PEOPLE_SPOKEN: 7, Tally.REGULATIONS_EXPLAINED: 3})
    later = counted.counted({Tally.PEOPLE_SPOKEN: 5, Tally.REFERRALS_MADE: 2})
    market = _event(may + timedelta(days=2), EventKind.MARKET, people_spoken=20, self_tests_done=4)
    june = _event(may + timedelta(days=30), EventKind.HR_TRAINING, people_spoken=9)
    old = _event(may - timedelta(days=365), None, people_spoken=40)
    with server.client(tablet.token) as api:
        results = push(
            api,
            change_of(first),
            change_of(counted, base_version=1),
            change_of(later, base_version=2),
            change_of(market),
            change_of(june),
            change_of(old),
        )
    assert {r.outcome for r in results} == {Outcome.APPLIED}

    log_in(browser, "coordinator", clock)
    seen = readable(browser.http.get("/reach?year=2026").text)
    # month | events | people | regulations | self-tests | referrals
    assert "| mei | 2 | 32 | 3 | 4 | 2 |" in seen
    assert "| juni | 1 | 9 | 0 | 0 | 0 |" in seen
    assert "| Totaal | 3 | 41 | 3 | 4 | 2 |" in seen
    assert "| Bedrijfsbezoek | 1 | 12 | 3 | 0 | 2 |" in seen
    assert "| Markt of beurs | 1 | 20 | 0 | 4 | 0 |" in seen
    assert "| april |" not in seen and "| april: 0 |" in seen  # no row, an empty bar
    assert "| Soort niet vastgelegd | 1 | 40 |" in readable(
        browser.http.get("/reach?year=2025").text
    )
    assert len(_audited(ctx, "read", "reach_report")) == 2
    with ctx.db.read() as session:
        rows = list(session.execute(select(OutreachEventRow)).scalars())
    assert len(rows) == 4
    assert all(ORGANISATION.encode() not in row.sealed for row in rows)  # sealed


def test_only_the_person_who_runs_an_event_changes_it(
    ctx: ServerContext, server: LiveServer
) -> None:
    tablet = enroll(ctx, server, "flyingsquad1")
    phone = enroll(ctx, server, "jobcoach1")
    event = _event(datetime(2026, 11, 2, 10, tzinfo=ctx.zone), EventKind.MARKET, people_spoken=3)
    with server.client(tablet.token) as api:
        assert push(api, change_of(event))[0].outcome is Outcome.APPLIED
    changed = event.counted({Tally.PEOPLE_SPOKEN: 100})
    with server.client(phone.token) as api:
        refused = push(api, change_of(changed, base_version=1))[0]
    assert (refused.outcome, refused.code) == (Outcome.REJECTED, "change.mismatch")
    with ctx.db.read() as session:
        assert session.execute(select(OutreachEventRow.people)).scalar_one() == 3


def _today(ctx: ServerContext) -> date:
    return ctx.local_day(ctx.clock())


def _filled(ctx: ServerContext, **changes: str) -> dict[str, str]:
    soon = _today(ctx) + timedelta(days=14)
    return {
        "organisation": "Schoonmaakbedrijf De Ster",
        "contact_name": "Fatima el Amrani",
        "phone": "020 555 0101",
        "email": "",
        "employees": "240",
        "date_1": soon.isoformat(),
        "date_2": (soon + timedelta(days=7)).isoformat(),
        "date_3": "",
        **changes,
    }


def _send(visitor: Browser, organisation_id: uuid.UUID, fields: dict[str, str]) -> httpx.Response:
    path = f"/visit-request/{organisation_id}"
    return visitor.post(path, fields, form_page=path)


def _stored(ctx: ServerContext) -> int:
    with ctx.db.read() as session:
        return session.execute(select(func.count()).select_from(VisitRequestRow)).scalar_one()


def _requests_pulled(server: LiveServer, token: str) -> list[VisitRequest]:
    with server.client(token) as api:
        pages, _ = pull_all(api)
    return [
        VisitRequest.model_validate(record.body)
        for page in pages
        for record in page.records
        if record.entity is EntityKind.VISIT_REQUEST
    ]


def test_a_request_reaches_the_coordinator_and_the_flying_squad_until_handled(
    ctx: ServerContext, server: LiveServer, browser: Browser, demo: uuid.UUID, clock: Clock
) -> None:
    tablet = enroll(ctx, server, "flyingsquad1")
    phone = enroll(ctx, server, "jobcoach1")
    visitor = Browser(server)
    form = visitor.http.get(f"/visit-request/{demo}")
    assert form.status_code == 200
    assert "Vraag een bezoek van de Flying Squad aan" in form.text
    assert "niets over uw medewerkers" in form.text
    sent = _send(visitor, demo, _filled(ctx))
    assert sent.status_code == 303
    received = visitor.http.get(sent.headers["location"])
    assert "We hebben uw aanvraag voor een bezoek van de Flying Squad ontvangen" in received.text
    visitor.close()
    assert _stored(ctx) == 1
    with ctx.db.read() as session:
        row = session.execute(select(VisitRequestRow)).scalar_one()
    assert b"De Ster" not in row.sealed and b"Fatima" not in row.sealed
    [created] = _audited(ctx, "create", "visit_request")
    assert (created.actor_type, created.object_id) == ("public_form", str(row.id))

    log_in(browser, "coordinator", clock)
    page = browser.http.get("/reach").text
    seen = readable(page)
    assert "| Schoonmaakbedrijf De Ster |" in seen and "| Fatima el Amrani |" in seen
    assert "| Aantal medewerkers | 240 |" in seen
    assert f"/visit-request/{demo}" in seen  # the address to put on the website
    assert len(_audited(ctx, "read", "visit_request")) == 1

    [on_tablet] = _requests_pulled(server, tablet.token)
    assert on_tablet.organisation == "Schoonmaakbedrijf De Ster" and on_tablet.open
    assert on_tablet.preferred_dates[0] == _today(ctx) + timedelta(days=14)
    assert _requests_pulled(server, phone.token) == []  # a jobcoach's device gets none

    handled = browser.post(f"/reach/requests/{row.id}/handled", {}, form_page="/reach")
    assert handled.status_code == 303
    after = readable(browser.http.get(handled.headers["location"]).text)
    assert "Geen open aanvragen." in after and "De Ster" not in after
    [closed] = _requests_pulled(server, tablet.token)
    assert not closed.open and closed.version == 2
    assert len(_audited(ctx, "handle", "visit_request")) == 1


def test_the_form_refuses_a_post_without_its_csrf_token(
    ctx: ServerContext, server: LiveServer, demo: uuid.UUID
) -> None:
    visitor = Browser(server)
    path = f"/visit-request/{demo}"
    assert visitor.http.post(path, data=_filled(ctx)).status_code == 403  # no token, no cookie
    visitor.http.get(path)  # the cookie is set; a token that is not its value
    forged = visitor.http.post(path, data={"csrf": "forged", **_filled(ctx)})
    assert forged.status_code == 403
    elsewhere = Browser(server)  # another visitor's token with this visitor's cookie
    token = elsewhere.csrf(path)
    visitor.http.get(path)
    assert visitor.http.post(path, data={"csrf": token, **_filled(ctx)}).status_code == 403
    elsewhere.close()
    visitor.close()
    assert _stored(ctx) == 0


def test_the_form_says_at_each_field_what_to_fix_and_keeps_what_was_typed(
    ctx: ServerContext, server: LiveServer, demo: uuid.UUID
) -> None:
    visitor = Browser(server)
    yesterday = (_today(ctx) - timedelta(days=1)).isoformat()
    answer = _send(
        visitor,
        demo,
        _filled(
            ctx,
            organisation="",
            phone="",
            email="fatima at ster",
            employees="veel",
            date_1=yesterday,
            date_2="",
        ),
    )
    assert answer.status_code == 400
    page = answer.text
    assert 'id="organisation-error" class="error">Vul dit in.' in page
    assert 'id="email-error" class="error">Vul een e-mailadres in' in page
    assert 'id="employees-error" class="error">Geef het aantal medewerkers als heel getal.' in page
    assert 'id="date_1-error" class="error">Deze datum is voorbij.' in page
    assert 'value="fatima at ster"' in page and 'value="Fatima el Amrani"' in page
    no_contact = _send(visitor, demo, _filled(ctx, phone=""))
    assert no_contact.status_code == 400
    assert "Geef een telefoonnummer of een e-mailadres" in no_contact.text
    no_date = _send(visitor, demo, _filled(ctx, date_1="", date_2=""))
    assert 'id="date_1-error" class="error">Geef ten minste één datum' in no_date.text
    bsn = _send(visitor, demo, _filled(ctx, organisation="Ster 111222333"))
    assert bsn.status_code == 400 and "BSN" in bsn.text
    assert "111222333" not in bsn.text.replace('value="Ster 111222333"', "")
    visitor.close()
    assert _stored(ctx) == 0


def test_the_form_is_rate_limited_per_address(
    ctx: ServerContext, server: LiveServer, demo: uuid.UUID
) -> None:
    visitor = Browser(server)
    for n in range(visit_requests.PER_ADDRESS):
        assert _send(visitor, demo, _filled(ctx, organisation=f"Bedrijf {n}")).status_code == 303
    refused = _send(visitor, demo, _filled(ctx, organisation="Bedrijf te veel"))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "Probeer het over een uur opnieuw" in refused.text
    visitor.close()
    assert _stored(ctx) == visit_requests.PER_ADDRESS


def test_an_unknown_organisation_has_no_form(server: LiveServer) -> None:
    visitor = Browser(server)
    assert visitor.http.get(f"/visit-request/{uuid.uuid4()}").status_code == 404
    visitor.close()


def test_a_device_never_sends_a_visit_request(ctx: ServerContext, server: LiveServer) -> None:
    tablet = enroll(ctx, server, "flyingsquad1")
    made = VisitRequest(
        id=uuid.uuid4(),
        organisation="Nep BV",
        contact_name="Iemand",
        phone="0612345678",
        preferred_dates=(date(2027, 1, 5),),
        employees=3,
        received_at=ctx.clock(),
    )
    with server.client(tablet.token) as api:
        refused = push(api, change_of(made))[0]
    assert (refused.outcome, refused.code) == (Outcome.REJECTED, "change.operation_not_allowed")
    assert _stored(ctx) == 0
