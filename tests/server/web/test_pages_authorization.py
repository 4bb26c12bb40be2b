"""Role x page: each role reaches exactly its pages; the table fails when a page is missing."""

from __future__ import annotations

import uuid

import pytest

from fieldapp.wire import Role
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.server.test_authorization import app_routes
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("employer_contact")
Route = tuple[str, str]
PUBLIC: set[Route] = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/login/code"),
    ("POST", "/login/code"),
    ("GET", "/visit-request/{organisation_id}"),
    ("POST", "/visit-request/{organisation_id}"),
    ("GET", "/visit-request/{organisation_id}/received"),
    ("GET", "/rate/{token}"),
    ("POST", "/rate/{token}"),
    ("GET", "/rate/done"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
}
"""The login, an employer's request for a Flying Squad visit and an employer's one-time rating
link (their own tests: ``test_reach_and_requests.py``, ``test_rating_links.py``); health,
readiness and the metrics behind their own token (``tests/server/test_health_metrics.py``)."""
ANY_USER: set[Route] = {("GET", "/"), ("POST", "/logout"), ("POST", "/language")}
COORDINATING = frozenset({Role.COORDINATOR, Role.ADMIN})
MATRIX: dict[Route, frozenset[Role]] = {
    ("GET", "/inbox"): frozenset({Role.RECEIVING_TEAM}),
    ("GET", "/inbox/{referral_id}"): frozenset({Role.RECEIVING_TEAM}),
    ("POST", "/inbox/{referral_id}/status"): frozenset({Role.RECEIVING_TEAM}),
    ("GET", "/referrals"): frozenset({Role.COORDINATOR}),
    ("GET", "/referrals/{referral_id}"): frozenset({Role.COORDINATOR}),
    ("GET", "/devices"): COORDINATING,
    ("POST", "/devices/{device_id}/revoke"): COORDINATING,
    ("GET", "/access-log"): frozenset({Role.DATA_PROTECTION_OFFICER}),
    ("POST", "/access-log"): frozenset({Role.DATA_PROTECTION_OFFICER}),
    ("GET", "/visits"): frozenset({Role.COORDINATOR}),
    ("GET", "/visits/{visit_id}"): frozenset({Role.COORDINATOR}),
    ("GET", "/report"): frozenset({Role.COORDINATOR}),
    ("GET", "/report.csv"): frozenset({Role.COORDINATOR}),
    ("GET", "/routing"): frozenset({Role.COORDINATOR}),
    ("GET", "/routing.csv"): frozenset({Role.COORDINATOR}),
    ("POST", "/routing"): frozenset({Role.COORDINATOR}),
    ("GET", "/employers"): frozenset({Role.COORDINATOR}),
    ("GET", "/employers/new"): frozenset({Role.COORDINATOR}),
    ("POST", "/employers/new"): frozenset({Role.COORDINATOR}),
    ("GET", "/employers/{employer_id}"): frozenset({Role.COORDINATOR}),
    ("GET", "/employers/{employer_id}/edit"): frozenset({Role.COORDINATOR}),
    ("POST", "/employers/{employer_id}/edit"): frozenset({Role.COORDINATOR}),
    ("GET", "/placements"): frozenset({Role.COORDINATOR}),
    ("GET", "/clients/{client_id}/logbook"): frozenset({Role.COORDINATOR}),
    ("GET", "/clients/{client_id}/logbook.pdf"): frozenset({Role.COORDINATOR}),
    ("GET", "/clients/{client_id}/logbook.csv"): frozenset({Role.COORDINATOR}),
    ("GET", "/outcomes"): frozenset({Role.COORDINATOR}),
    ("GET", "/outcomes.csv"): frozenset({Role.COORDINATOR}),
    ("GET", "/satisfaction"): frozenset({Role.COORDINATOR}),
    ("GET", "/reach"): frozenset({Role.COORDINATOR}),
    ("POST", "/reach/requests/{request_id}/handled"): frozenset({Role.COORDINATOR}),
    ("POST", "/clients/{client_id}/rating-link"): frozenset({Role.COORDINATOR}),
    ("POST", "/employers/{employer_id}/invite"): frozenset({Role.COORDINATOR}),
    ("GET", "/concerns"): frozenset({Role.EMPLOYER}),
    ("POST", "/concerns"): frozenset({Role.EMPLOYER}),
}
PEOPLE = {
    Role.RECEIVING_TEAM: "schuldhulp1",
    Role.COORDINATOR: "coordinator",
    Role.DATA_PROTECTION_OFFICER: "dpo",
    Role.ADMIN: "admin",
    Role.EMPLOYER: "werkgever1",
}
HOME_WITH_FORM = {
    Role.RECEIVING_TEAM: "/inbox",
    Role.COORDINATOR: "/referrals",
    Role.DATA_PROTECTION_OFFICER: "/access-log",
    Role.ADMIN: "/devices",
    Role.EMPLOYER: "/concerns",
}


def _path(template: str) -> str:
    for name in (
        "{referral_id}",
        "{device_id}",
        "{visit_id}",
        "{employer_id}",
        "{client_id}",
        "{request_id}",
    ):
        template = template.replace(name, str(uuid.uuid4()))
    return template


@pytest.mark.usefixtures("demo")
def test_the_table_names_exactly_the_page_routes(ctx: ServerContext) -> None:
    served = app_routes(ctx, api=False)
    assert ("GET", "/login") in served, "the route enumeration itself is broken"
    assert served == PUBLIC | ANY_USER | MATRIX.keys()


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_role_reaches_exactly_its_pages(browser: Browser, clock: Clock, role: Role) -> None:
    log_in(browser, PEOPLE[role], clock)
    for (method, template), allowed in MATRIX.items():
        path = _path(template)
        if method == "GET":
            answer = browser.http.get(path)
        else:
            answer = browser.post(path, {"status": "acknowledged"}, form_page=HOME_WITH_FORM[role])
        if role in allowed:  # reached: shown, done, not found, or this form refused (400)
            assert answer.status_code in {200, 303, 400, 404}, (role, template, answer.status_code)
            assert answer.headers.get("location") != "/login"
        else:
            assert answer.status_code == 403, (role, template, answer.status_code)


def test_without_a_session_every_page_sends_to_the_login(browser: Browser) -> None:
    for method, template in [*MATRIX, *ANY_USER]:
        answer = browser.http.request(method, _path(template), data={"csrf": "x"})
        assert (answer.status_code, answer.headers.get("location")) == (303, "/login"), template
