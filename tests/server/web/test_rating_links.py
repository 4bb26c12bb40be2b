"""The employer's one-time rating link (issue 22, item 2): the coordinator makes it from the
logbook (shown once, only its hash kept); the page names the worker by first name and initial
only; the rating reaches the jobcoach's device, the logbook and the satisfaction report; the
link works once and expires; CSRF; links that do not work are counted and locked out."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.rating import Answer, Question, Rater, SupportRating
from fieldapp.domain.visit import Funder
from sync_server.db.schema import AuditEntry, RatingFact, RatingLink
from sync_server.services import rating_links
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import build_client
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.web.conftest import Browser, log_in, readable

pytestmark = pytest.mark.usefixtures("demo")
LINK = re.compile(r"/rate/([A-Za-z0-9_-]{40,})")


def _client(ctx: ServerContext, server: LiveServer) -> tuple[uuid.UUID, str]:
    """jobcoach1's client Sanne de Vries, pushed from the phone; returns the id and token."""
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4(), given_name="Sanne", family_name="de Vries")
    with server.client(phone.token) as api:
        push(api, change_of(client))
    return client.id, phone.token


def _make_link(browser: Browser, client_id: uuid.UUID, funder: Funder = Funder.UWV) -> str:
    logbook = f"/clients/{client_id}/logbook"
    made = browser.post(
        f"/clients/{client_id}/rating-link", {"funder": funder.value}, form_page=logbook
    )
    assert made.status_code == 200, made.text
    found = LINK.search(made.text)
    assert found, "the page shows the link"
    return found.group(1)


def _rate(visitor: Browser, token: str, fields: dict[str, str]) -> httpx.Response:
    return visitor.post(f"/rate/{token}", fields, form_page=f"/rate/{token}")


def _audited(ctx: ServerContext, object_type: str) -> list[AuditEntry]:
    with ctx.db.read() as session:
        query = select(AuditEntry).where(AuditEntry.object_type == object_type)
        return list(session.execute(query).scalars())


def test_the_employer_rates_once_and_the_rating_reaches_the_device_and_the_reports(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    client_id, phone = _client(ctx, server)
    log_in(browser, "coordinator", clock)
    token = _make_link(browser, client_id)
    with ctx.db.read() as session:
        link = session.execute(select(RatingLink)).scalar_one()
    assert token.encode() not in link.token_hash and link.used_at is None  # a hash, not it
    assert [e.action for e in _audited(ctx, "rating_link")] == ["create"]

    visitor = Browser(server)
    form = visitor.http.get(f"/rate/{token}")
    assert form.status_code == 200
    seen = readable(form.text)
    assert "Sanne V." in seen and "Vries" not in seen  # first name and initial only
    assert "Deze link werkt één keer" in seen
    missing = _rate(visitor, token, {Question.REACHABLE.value: Answer.YES.value})
    assert missing.status_code == 400 and "Kies een cijfer van 1 tot 10" in missing.text
    assert 'value="yes" checked' in missing.text  # what was chosen stays
    sent = _rate(
        visitor,
        token,
        {"score": "8", Question.REACHABLE.value: "yes", Question.HELPED_AT_WORK.value: "partly"},
    )
    assert sent.status_code == 303
    assert "Bedankt" in visitor.http.get(sent.headers["location"]).text
    again = visitor.http.get(f"/rate/{token}")
    assert again.status_code == 410 and "Deze link werkt niet" in again.text
    visitor.close()

    with server.client(phone) as api:
        pages, _ = pull_all(api)
    [pulled] = [
        SupportRating.model_validate(r.body)
        for page in pages
        for r in page.records
        if r.entity is EntityKind.RATING
    ]
    assert (pulled.client_id, pulled.rater, pulled.score) == (client_id, Rater.EMPLOYER, 8)
    assert pulled.answers == {
        Question.REACHABLE: Answer.YES,
        Question.HELPED_AT_WORK: Answer.PARTLY,
    }
    with ctx.db.read() as session:
        fact = session.execute(select(RatingFact)).scalar_one()
    assert (fact.rater, fact.funder, fact.score) == ("employer", "uwv", 8)
    logbook = readable(browser.http.get(f"/clients/{client_id}/logbook").text)
    assert "Werkgever: 8 van 10" in logbook
    holder = [e for e in _audited(ctx, "client") if e.actor_type == "rating_link"]
    assert {e.action for e in holder} == {"read"}
    [created] = _audited(ctx, "rating")
    assert (created.actor_type, created.action) == ("rating_link", "create")


@pytest.fixture
def token(ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock) -> str:
    """A rating link the coordinator made for a client of jobcoach1."""
    client_id, _ = _client(ctx, server)
    log_in(browser, "coordinator", clock)
    return _make_link(browser, client_id)


def test_a_link_expires_after_two_weeks(server: LiveServer, clock: Clock, token: str) -> None:
    clock.now += timedelta(days=rating_links.LINK_DAYS, seconds=1)
    visitor = Browser(server)
    assert visitor.http.get(f"/rate/{token}").status_code == 410
    visitor.close()


def test_the_rating_form_refuses_a_post_without_its_csrf_token(
    ctx: ServerContext, server: LiveServer, token: str
) -> None:
    visitor = Browser(server)
    visitor.http.get(f"/rate/{token}")
    forged = visitor.http.post(f"/rate/{token}", data={"csrf": "forged", "score": "9"})
    assert forged.status_code == 403
    visitor.close()
    with ctx.db.read() as session:
        assert session.execute(select(RatingLink.used_at)).scalar_one() is None


def test_links_that_do_not_work_lock_the_address_out(server: LiveServer) -> None:
    visitor = Browser(server)
    for _ in range(rating_links.WRONG_LINKS_PER_ADDRESS):
        assert visitor.http.get(f"/rate/{uuid.uuid4().hex}{uuid.uuid4().hex}").status_code == 410
    locked = visitor.http.get(f"/rate/{uuid.uuid4().hex}")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    visitor.close()


def test_only_a_coordinator_makes_a_link_for_a_client_of_the_organisation(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    unknown = browser.post(
        f"/clients/{uuid.uuid4()}/rating-link", {"funder": "uwv"}, form_page="/referrals"
    )
    assert unknown.status_code == 404
    with ctx.db.read() as session:
        assert session.execute(select(RatingLink)).first() is None
