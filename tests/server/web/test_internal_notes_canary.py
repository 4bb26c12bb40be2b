"""A jobcoach's own notes (a visit's ``notes_internal``) are the jobcoach's working notes: no
page, export or answer for anyone else shows them (issue 20, item 1; ADR 0007).

The routes come from the app's router, not a hand-made list: every web page and every API
read, for every role, with real ids of the case filled in; a route with a path parameter this
test cannot fill fails the test, so a new route is covered or noticed. The jobcoach's own
device is the control: its pull holds the canary (sealed in transit and at rest), so the
canary is there to be found; after a handover, the new jobcoach's device gets it too.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest

from fieldapp.domain.placement import Placement, PlacementKind
from fieldapp.domain.referral import Status, StatusChange
from fieldapp.wire import Role
from sync_server.services import admin
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import (
    FIXED_NOW,
    SCHULDHULP,
    TODAY,
    build_client,
    build_consent,
    build_employer,
    build_referral,
    build_signal,
    build_visit,
)
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.test_authorization import app_routes
from tests.server.test_privacy import new_canary
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo", "employer_contact")

WEB_PEOPLE = {
    Role.COORDINATOR: "coordinator",
    Role.RECEIVING_TEAM: "schuldhulp1",
    Role.DATA_PROTECTION_OFFICER: "dpo",
    Role.ADMIN: "admin",
    Role.EMPLOYER: "werkgever1",
}
API_PEOPLE = {
    **{role: name for role, name in WEB_PEOPLE.items() if role is not Role.EMPLOYER},
    Role.JOBCOACH: "jobcoach2",
    Role.FLYING_SQUAD: "flyingsquad1",
}
"""Everyone who can hold a device token (an employer's contact cannot)."""
PARAM = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Case:
    canary: str
    ids: dict[str, str]
    """Path parameter name -> the id of this case's object of that kind."""


def _case(ctx: ServerContext, server: LiveServer) -> Case:
    """jobcoach1's client, a visit with the canary in its own notes (and a signal, a consented
    referral to schuldhulp, a placement at an employer), pushed from the jobcoach's phone."""
    canary = new_canary()
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4())
    visit = build_visit(id=uuid.uuid4(), client_id=client.id, notes_internal=canary)
    signal = build_signal("D01", id=uuid.uuid4(), client_id=client.id, visit_id=visit.id)
    consent = build_consent(id=uuid.uuid4(), client_id=client.id, recipient_id=SCHULDHULP)
    queued = (
        StatusChange(status=Status.DRAFT, at=FIXED_NOW - timedelta(hours=2)),
        StatusChange(status=Status.QUEUED, at=FIXED_NOW - timedelta(hours=1)),
    )
    referral = build_referral(
        id=uuid.uuid4(), client_id=client.id, recipient_id=SCHULDHULP, history=queued
    )
    employer = build_employer(id=uuid.uuid4())
    placement = Placement(
        id=uuid.uuid4(),
        client_id=client.id,
        employer_id=employer.id,
        kind=PlacementKind.REGULAR,
        start=TODAY,
        hours_per_week=24,
    )
    records = (client, employer, visit, signal, consent, referral, placement)
    with server.client(phone.token) as api:
        results = push(api, *map(change_of, records))
    assert {r.outcome.value for r in results} == {"applied"}, results
    ids = {
        "visit_id": str(visit.id),
        "referral_id": str(referral.id),
        "employer_id": str(employer.id),
        "client_id": str(client.id),
        "device_id": str(phone.device_id),
        "organisation_id": str(admin.find_organisation(ctx, "Gemeente Amsterdam (demo)")),
        "token": "a-rating-link-that-does-not-work",
    }
    return Case(canary, ids)


def _filled(path: str, case: Case) -> str:
    names = PARAM.findall(path)
    unknown = [name for name in names if name not in case.ids]
    assert not unknown, f"{path}: no id for {unknown}; give this test one for the new route"
    return PARAM.sub(lambda match: case.ids[match.group(1)], path)


def _reads(ctx: ServerContext, *, api: bool) -> list[str]:
    return sorted(path for method, path in app_routes(ctx, api=api) if method == "GET")


def test_no_page_shows_a_jobcoachs_own_notes_to_any_role(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    case = _case(ctx, server)
    pages = _reads(ctx, api=False)
    assert "/visits/{visit_id}" in pages and "/report.csv" in pages  # the router was read
    extra = [f"/access-log?client={case.ids['client_id']}", "/visits?stage=D"]
    seen = 0
    for role, username in WEB_PEOPLE.items():
        browser = Browser(server)
        log_in(browser, username, clock)
        for path in [*(_filled(p, case) for p in pages), *extra]:
            answer = browser.http.get(path)
            assert case.canary not in answer.text, (role, path)
            seen += answer.status_code == 200
        browser.close()
    assert seen >= len(pages)  # most pages answered with content, not just refusals


def test_no_api_answer_gives_them_to_anyone_but_the_jobcoach(
    ctx: ServerContext, server: LiveServer
) -> None:
    case = _case(ctx, server)
    reads = _reads(ctx, api=True)
    assert "/api/v1/sync/pull" in reads and "/api/v1/inbox" in reads
    for role, username in API_PEOPLE.items():
        token = enroll(ctx, server, username).token
        with httpx.Client(base_url=server.url, timeout=30) as http:
            for path in reads:
                answer = http.get(_filled(path, case), headers={"Authorization": f"Bearer {token}"})
                assert case.canary not in answer.text, (role, path)

    own = enroll(ctx, server, "jobcoach1").token
    with server.client(own) as api:
        pages, _ = pull_all(api)
    assert any(case.canary in page.model_dump_json() for page in pages)  # the control

    coordinator = enroll(ctx, server, "coordinator").token
    jobcoach2 = str(admin.find_user(ctx, "jobcoach2"))
    with server.client(coordinator) as api:
        moved = api.post(
            f"/org/clients/{case.ids['client_id']}/assign", json={"jobcoach_id": jobcoach2}
        )
    assert moved.status_code == 204, moved.text
    with server.client(enroll(ctx, server, "jobcoach2").token) as api:
        pages, _ = pull_all(api)
    assert any(case.canary in page.model_dump_json() for page in pages)  # handed over too
