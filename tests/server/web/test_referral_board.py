"""The coordinator's referral board (issue 20, item 2): open crises first and marked, teams by
their names, each row a client reference (initials and a short id, never the name) linking to
the referral's page, filters by team, status, urgency and overdue, 50 a page with counts, and
one audit entry per client shown."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from fieldapp.domain.client import reference_of
from fieldapp.domain.referral import Referral
from fieldapp.domain.targets import Target, Urgency
from sync_server.db.schema import AuditEntry
from sync_server.services.context import ServerContext
from sync_server.services.referral_board import PAGE_SIZE
from tests.clock import Clock
from tests.factories import build_client, build_consent
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.test_referrals import SCHULDHULP, queued
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")
OOST = "buurtteam:oost-1"
ROW = re.compile(
    r"<tr( class=\"(\w+)\")?>\s*<td data-label=\"[^\"]+\"><a href=\"/referrals/([0-9a-f-]+)[?\"]"
)


def _refer(
    ctx: ServerContext, server: LiveServer, cases: list[tuple[str, Target, Urgency]]
) -> list[tuple[uuid.UUID, Referral]]:
    """Each case a new client of jobcoach1 (Sanne de Vries) with a consented referral."""
    phone = enroll(ctx, server, "jobcoach1")
    made, changes = [], []
    for recipient, target, urgency in cases:
        client = build_client(id=uuid.uuid4(), address={"postcode": "1091 AB", "house_number": 12})
        consent = build_consent(id=uuid.uuid4(), client_id=client.id, recipient_id=recipient)
        referral = queued(recipient, target, urgency).model_copy(
            update={"id": uuid.uuid4(), "client_id": client.id}
        )
        changes += [change_of(client), change_of(consent), change_of(referral)]
        made.append((client.id, referral))
    with server.client(phone.token) as api:
        for start in range(0, len(changes), 150):
            results = push(api, *changes[start : start + 150])
            assert {r.outcome.value for r in results} == {"applied"}, results
    return made


def _rows(page: str) -> list[tuple[str, uuid.UUID]]:
    return [(mark, uuid.UUID(ref)) for _, mark, ref in ROW.findall(page)]


def test_crises_come_first_marked_with_team_names_and_client_references(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    regular, crisis = _refer(
        ctx,
        server,
        [
            (SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR),
            (OOST, Target.BUURTTEAM, Urgency.CRISIS),
        ],
    )
    log_in(browser, "coordinator", clock)
    page = browser.http.get("/referrals").text
    assert _rows(page) == [("crisis", crisis[1].id), ("", regular[1].id)]
    assert '<span aria-hidden="true">⚠</span> Spoed (crisis)' in page  # icon and words
    assert "Buurtteam Oost 1 (Dapperbuurt)" in page and "Schuldhulp Amsterdam" in page
    table = page[page.index("<table") :]
    assert OOST not in table  # the team by its name, not its id (the filter's values are ids)
    assert f"S. d. V. · {reference_of(crisis[0])}" in page
    assert "Sanne" not in page and "Vries" not in page  # initials only
    with ctx.db.read() as session:
        entries = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2))
        read = {(e.action, e.object_type, e.object_id) for e in entries.scalars()}
    assert read == {("read", "client", str(crisis[0])), ("read", "client", str(regular[0]))}

    detail = browser.http.get(f"/referrals/{crisis[1].id}").text
    assert "Buurtteam Oost 1 (Dapperbuurt)" in detail and "Jobcoach Anouk" in detail
    assert "Ik krijg de post niet meer open." not in detail  # the payload is the team's
    assert "Concept" not in detail  # only the server's steps
    assert browser.http.get(f"/referrals/{uuid.uuid4()}").status_code == 404


def test_filters_and_pages_of_fifty(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    many = PAGE_SIZE + 5
    made = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR)] * many)
    (crisis,) = _refer(ctx, server, [(OOST, Target.BUURTTEAM, Urgency.CRISIS)])
    log_in(browser, "coordinator", clock)

    first = browser.http.get("/referrals").text
    assert f"{many + 1} doorverwijzingen" in first and "pagina 1 van 2" in first
    assert len(_rows(first)) == PAGE_SIZE and _rows(first)[0][1] == crisis[1].id
    second = browser.http.get("/referrals?page=2").text
    assert len(_rows(second)) == many + 1 - PAGE_SIZE
    shown = {ref for _, ref in _rows(first) + _rows(second)}
    assert shown == {referral.id for _, referral in [*made, crisis]}  # each once
    assert len(_rows(browser.http.get("/referrals?page=99").text)) == many + 1 - PAGE_SIZE

    only_oost = browser.http.get(f"/referrals?team={OOST}").text
    assert [ref for _, ref in _rows(only_oost)] == [crisis[1].id]
    regular = browser.http.get("/referrals?urgency=regular").text
    assert f"{many} doorverwijzingen" in regular
    assert "1 doorverwijzing<" in browser.http.get("/referrals?urgency=crisis").text
    assert "Geen doorverwijzingen gevonden." in browser.http.get("/referrals?overdue=1").text
    assert browser.http.get("/referrals?status=nonsense").status_code == 200  # filters nothing

    clock.advance(days=40)  # past every due date (crisis 3 working days, regular 4 weeks)
    log_in(browser, "coordinator", clock)  # the session has idled out meanwhile
    overdue = browser.http.get("/referrals?overdue=1&status=delivered").text
    assert f"{many + 1} doorverwijzingen" in overdue


def test_the_teams_inbox_puts_an_open_crisis_first_and_marks_it(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    (crisis,) = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)])
    clock.advance(minutes=5)
    (newer,) = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR)])
    log_in(browser, "schuldhulp1", clock)
    page = browser.http.get("/inbox").text
    body = page[page.index("<tbody>") :]
    found = re.findall(r"<tr( class=\"crisis\")?>.*?href=\"/inbox/([0-9a-f-]+)[?\"]", body, re.S)
    assert found == [(' class="crisis"', str(crisis[1].id)), ("", str(newer[1].id))]
    assert '<span aria-hidden="true">⚠</span>' in page


def test_the_inbox_comes_in_pages_of_fifty_and_audits_only_what_it_shows(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    many = PAGE_SIZE + 3
    made = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR)] * many)
    log_in(browser, "schuldhulp1", clock)
    with ctx.db.read() as session:
        before = len(session.execute(select(AuditEntry.id)).all())
    first = browser.http.get("/inbox").text
    with ctx.db.read() as session:
        read = session.execute(select(AuditEntry).where(AuditEntry.id > before)).scalars().all()
    assert [e.object_type for e in read] == ["referral"] * PAGE_SIZE
    assert f"{many} doorverwijzingen naar je team, pagina 1 van 2" in first
    second = browser.http.get("/inbox?page=2").text
    links = set(re.findall(r'href="/inbox/([0-9a-f-]+)[?"]', first + second))
    assert links == {str(referral.id) for _, referral in made}
    assert "Vorige pagina" in second and "Volgende pagina" not in second
    assert set(
        re.findall(r'href="/inbox/([0-9a-f-]+)[?"]', browser.http.get("/inbox?page=7").text)
    ) == set(re.findall(r'href="/inbox/([0-9a-f-]+)[?"]', second))


def _inbox_ids(page: str) -> list[str]:
    return re.findall(r'<tr(?: class="crisis")?>.*?href="/inbox/([0-9a-f-]+)[?"]', page, re.S)


def test_the_inbox_filters_puts_closed_ones_last_and_marks_new_ones(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    closed, taken, crisis = (
        referral.id
        for _, referral in _refer(
            ctx,
            server,
            [
                (SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR),
                (SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR),
                (SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS),
            ],
        )
    )
    clock.advance(minutes=5)
    ((_, newer),) = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR)])
    newest = newer.id
    log_in(browser, "schuldhulp1", clock)
    for referral_id, status in ((closed, "accepted"), (taken, "acknowledged")):
        answer = browser.post(
            f"/inbox/{referral_id}/status", {"status": status}, form_page=f"/inbox/{referral_id}"
        )
        assert answer.headers["location"].endswith("saved=1")

    page = browser.http.get("/inbox").text
    # The open crisis, then the open ones newest first, the closed one last.
    assert _inbox_ids(page) == [str(crisis), str(newest), str(taken), str(closed)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page.split("<tbody>")[1], re.S)
    marked = {
        re.findall(r'href="/inbox/([0-9a-f-]+)[?"]', row)[0] for row in rows if "nieuw<" in row
    }
    assert marked == {str(crisis), str(newest)}  # delivered, not yet taken up

    assert _inbox_ids(browser.http.get("/inbox?urgency=crisis").text) == [str(crisis)]
    assert _inbox_ids(browser.http.get("/inbox?status=accepted").text) == [str(closed)]
    nothing = browser.http.get("/inbox?status=declined_by_client").text
    assert _inbox_ids(nothing) == [] and "Geen doorverwijzingen gevonden." in nothing
    assert browser.http.get("/inbox?status=nonsense&urgency=%3Cx%3E").status_code == 200

    clock.advance(days=40)  # past the due date of those not yet taken up
    log_in(browser, "schuldhulp1", clock)  # the session has idled out meanwhile
    overdue = browser.http.get("/inbox?overdue=1").text
    assert set(_inbox_ids(overdue)) == {str(crisis), str(newest)}


def test_the_inbox_keeps_its_filter_from_page_to_page(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.REGULAR)] * (PAGE_SIZE + 1))
    _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)])
    log_in(browser, "schuldhulp1", clock)
    first = browser.http.get("/inbox?urgency=regular").text
    assert f"{PAGE_SIZE + 1} doorverwijzingen naar je team, pagina 1 van 2" in first
    assert 'href="/inbox?status=&amp;urgency=regular&amp;overdue=&amp;page=2"' in first
    second = browser.http.get("/inbox?status=&urgency=regular&overdue=&page=2").text
    assert len(_inbox_ids(second)) == 1 and "Spoed" not in second.split("<tbody>")[1]


def test_the_way_back_from_a_referral_keeps_the_list_as_it_was(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ((_, crisis),) = _refer(ctx, server, [(OOST, Target.BUURTTEAM, Urgency.CRISIS)])
    log_in(browser, "coordinator", clock)
    board = browser.http.get(f"/referrals?team={OOST}&urgency=crisis").text
    link = re.search(rf'href="(/referrals/{crisis.id}\?[^"]+)"', board)
    assert link is not None
    detail = browser.http.get(link[1].replace("&amp;", "&")).text
    back = re.search(r'<a href="([^"]+)">Terug naar de doorverwijzingen', detail)
    assert back is not None
    assert (
        back[1].replace("&amp;", "&")
        == f"/referrals?team={OOST.replace(':', '%3A')}&urgency=crisis&page=1"
    )
    plain = browser.http.get(f"/referrals/{crisis.id}").text
    assert '<a href="/referrals?">Terug naar de doorverwijzingen' in plain


def test_a_step_saved_from_a_filtered_inbox_keeps_the_way_back(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ((_, crisis),) = _refer(ctx, server, [(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)])
    log_in(browser, "schuldhulp1", clock)
    opened = f"/inbox/{crisis.id}?urgency=crisis&page=1"
    page = browser.http.get(opened).text
    assert '<a href="/inbox?urgency=crisis&amp;page=1">' in page
    assert 'name="list" value="urgency=crisis&amp;page=1"' in page
    saved = browser.post(
        f"/inbox/{crisis.id}/status",
        {"status": "acknowledged", "list": "urgency=crisis&page=1"},
        form_page=opened,
    )
    assert saved.headers["location"] == f"/inbox/{crisis.id}?saved=1&urgency=crisis&page=1"
    odd = browser.post(
        f"/inbox/{crisis.id}/status",
        {"status": "in_contact", "list": "next=//evil.example&urgency=<x>"},
        form_page=opened,
    )
    assert odd.headers["location"] == f"/inbox/{crisis.id}?saved=1&urgency=%3Cx%3E"
