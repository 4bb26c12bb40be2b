"""Who may call what: the authorization matrix of ``/api/v1``, checked route by route and role
by role, and attempts across organisations, teams and caseloads with real ids.

The matrix below is the specification, written by hand; the app is checked against it, not
the other way round. Decisions behind it:

* ``/sync/*``: the field roles (jobcoach, flying squad), the only ones holding a caseload on a
  device.
* ``/inbox`` and referral status updates: receiving-team members only.
* ``/org/referrals`` (the board) and assigning clients: coordinators only. The board names
  clients and jobcoaches, and moving caseloads is case management; the admin is a technical
  role and gets no view of client-related data.
* ``/org/devices``, revoking a device, ``/org/routing``: coordinators and admins (technical
  administration of the organisation).
* ``/audit/clients/{id}``: the data protection officer only.
* ``/health`` and ``/enroll``: public (enroll authenticates by its one-time pairing code).

A role outside the matrix always gets 403 ``auth.forbidden``, never 404: every route decides on
the role before it looks anything up, so the answer is the same for an id that exists and one
that does not (checked below), and a 403 reveals nothing. A 404 ("not found" and "not yours"
alike) is what an *allowed* role gets for an object outside its organisation or team; push and
pull answer a foreign client per change with ``client.not_in_caseload``. Both are covered by the
cross-organisation and cross-caseload tests at the end of this module.

The matrix and token tests share one server per database engine (module scope; each test makes
its own fresh clients, referrals and devices); the cross-organisation tests use the function
fixtures of ``conftest``. All of them run against SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets
import ssl
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from fieldapp.domain.referral import Status, StatusChange
from fieldapp.domain.targets import Target
from fieldapp.wire import (
    API_PREFIX,
    AccessLogEntry,
    DeviceSummary,
    EnrollResponse,
    InboxItem,
    Outcome,
    ReferralSummary,
    Role,
)
from sync_server.app import build_context, create_app
from sync_server.audit import Actor
from sync_server.bootstrap import prepare
from sync_server.db.engine import Database
from sync_server.db.schema import ClientRow, Device, ReferralRow
from sync_server.demo import load_demo, load_demo_employer
from sync_server.problems import ProblemCode
from sync_server.services import admin, devices, routing_admin
from sync_server.services.context import ServerContext
from sync_server.services.errors import ServiceError
from sync_server.settings import Settings
from tests.clock import Clock
from tests.factories import (
    FIXED_NOW,
    SCHULDHULP,
    build_client,
    build_consent,
    build_employer,
    build_referral,
    build_visit,
)
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import (
    ADMIN,
    ENGINES,
    PG_ENV,
    LiveServer,
    drop_postgres,
    scratch_postgres,
)

# --- the matrix ----------------------------------------------------------------------------

Route = tuple[str, str]
"""(HTTP method, path template), as the app declares it."""
Public = Literal["public"]
PUBLIC: Final[Public] = "public"
Access = frozenset[Role] | Public

HEALTH: Final = ("GET", "/api/v1/health")
ENROLL: Final = ("POST", "/api/v1/enroll")
PUSH: Final = ("POST", "/api/v1/sync/push")
PULL: Final = ("GET", "/api/v1/sync/pull")
INBOX: Final = ("GET", "/api/v1/inbox")
STATUS: Final = ("POST", "/api/v1/referrals/{referral_id}/status")
BOARD: Final = ("GET", "/api/v1/org/referrals")
ASSIGN: Final = ("POST", "/api/v1/org/clients/{client_id}/assign")
DEVICES: Final = ("GET", "/api/v1/org/devices")
REVOKE: Final = ("POST", "/api/v1/org/devices/{device_id}/revoke")
ROUTING: Final = ("GET", "/api/v1/org/routing")
ACCESS_LOG: Final = ("GET", "/api/v1/audit/clients/{client_id}")

FIELD: Final = frozenset({Role.JOBCOACH, Role.FLYING_SQUAD})
MATRIX: Final[dict[Route, Access]] = {
    HEALTH: PUBLIC,
    ENROLL: PUBLIC,
    PUSH: FIELD,
    PULL: FIELD,
    INBOX: frozenset({Role.RECEIVING_TEAM}),
    STATUS: frozenset({Role.RECEIVING_TEAM}),
    BOARD: frozenset({Role.COORDINATOR}),
    ASSIGN: frozenset({Role.COORDINATOR}),
    DEVICES: frozenset({Role.COORDINATOR, Role.ADMIN}),
    REVOKE: frozenset({Role.COORDINATOR, Role.ADMIN}),
    ROUTING: frozenset({Role.COORDINATOR, Role.ADMIN}),
    ACCESS_LOG: frozenset({Role.DATA_PROTECTION_OFFICER}),
}
PROTECTED: Final = [route for route, access in MATRIX.items() if access != PUBLIC]

ROLE_USERS: Final[dict[Role, str]] = {
    Role.JOBCOACH: "jobcoach1",
    Role.FLYING_SQUAD: "flyingsquad1",
    Role.COORDINATOR: "coordinator",
    Role.RECEIVING_TEAM: "schuldhulp1",
    Role.DATA_PROTECTION_OFFICER: "dpo",
    Role.ADMIN: "admin",
}
"""The demo user who plays each role in the matrix tests; an employer's contact person has no
device, so no token for any route (``test_an_employers_contact_gets_no_device``)."""
DEMO_USERS: Final = (*ROLE_USERS.values(), "jobcoach2", "buurtteam-oost1")


def allowed_roles(route: Route) -> frozenset[Role]:
    access = MATRIX[route]
    return frozenset(ROLE_USERS) if access == PUBLIC else access


def route_id(route: Route) -> str:
    return f"{route[0]} {route[1].removeprefix(API_PREFIX)}"


def app_routes(ctx: ServerContext, *, api: bool = True) -> set[Route]:
    """Every API route (``api``) or every web page route of a freshly built app, however
    deeply its routers are included. (The web pages have their own matrix, tests/web.)

    Since FastAPI 0.137, ``app.routes`` holds included routers as single opaque entries, so
    a plain ``isinstance(route, APIRoute)`` filter over it finds nothing; ``iter_route_contexts``
    flattens them and gives each route its full, prefixed path. The docs and OpenAPI routes are
    Starlette routes, not API routes.
    """
    app = create_app(ctx.settings, context=ctx)
    found: set[Route] = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            assert context.path is not None and context.methods
            if context.path.startswith(API_PREFIX) == api:
                found |= {(method, context.path) for method in context.methods}
    return found


# --- a shared server per engine ------------------------------------------------------------

TLS: Final = ssl.create_default_context()
"""Shared by every client made here: httpx builds a new one per client otherwise (~60 ms)."""


def api_client(server: LiveServer, token: str | None = None) -> httpx.Client:
    """Like ``LiveServer.client``, cheaper to make."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=server.url + API_PREFIX, headers=headers, timeout=30, verify=TLS)


def enroll_device(ctx: ServerContext, server: LiveServer, username: str) -> EnrollResponse:
    """Like ``conftest.enroll``: a new device for ``username`` through the real API."""
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, username), ADMIN)
    with api_client(server) as api:
        response = api.post("/enroll", json={"pairing_code": code, "device_label": "test"})
    assert response.status_code == 200, response.text
    return EnrollResponse.model_validate(response.json())


@dataclass(frozen=True)
class Call:
    """One request, ready to send, and how to tell whether it did what it exists to do."""

    method: str
    path: str
    json: Any = None
    effect: Callable[[], bool] | None = None
    """True once the call's effect happened (a mutation stored); None for reads."""
    path_with_unknown_id: str | None = None
    """The same request naming an id that does not exist (routes with an id in the path)."""


@dataclass(frozen=True)
class World:
    ctx: ServerContext
    server: LiveServer
    devices: dict[str, EnrollResponse]
    openapi: dict[str, Any]

    def token(self, role: Role) -> str:
        return self.devices[ROLE_USERS[role]].token

    def user_id(self, username: str) -> uuid.UUID:
        return self.devices[username].user_id

    def api(self, username: str) -> httpx.Client:
        return api_client(self.server, self.devices[username].token)

    def new_client(self, username: str = "jobcoach1") -> uuid.UUID:
        client = build_client(id=uuid.uuid4())
        with self.api(username) as api:
            (result,) = push(api, change_of(client))
        assert result.outcome is Outcome.APPLIED, result
        return client.id

    def new_referral(self) -> uuid.UUID:
        """A referral of a new client of jobcoach1, delivered to schuldhulp:amsterdam."""
        with self.api("jobcoach1") as api:
            return referral_case(api).referral_id

    def client_owner(self, client_id: uuid.UUID) -> uuid.UUID | None:
        with self.ctx.db.read() as session:
            row = session.get(ClientRow, client_id)
            return None if row is None else row.jobcoach_id

    def referral_status(self, referral_id: uuid.UUID) -> Status:
        with self.ctx.db.read() as session:
            row = session.get(ReferralRow, referral_id)
            assert row is not None
            return Status(row.status)

    def device_revoked(self, device_id: uuid.UUID) -> bool:
        with self.ctx.db.read() as session:
            row = session.get(Device, device_id)
            assert row is not None
            return row.revoked_at is not None

    def documented_success(self, route: Route) -> int:
        method, path = route
        statuses = self.openapi["paths"][path][method.lower()]["responses"]
        (success,) = [int(code) for code in statuses if code.startswith("2")]
        return success


@pytest.fixture(scope="module", params=ENGINES)
def world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_admin_url: str | None,
) -> Iterator[World]:
    """One migrated database with the demo organisation, served on loopback, and a device
    enrolled for every demo user."""
    tmp: Path = tmp_path_factory.mktemp(f"authz-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
    elif postgres_admin_url is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it through .ci/postgres-up)")
    else:
        url = scratch_postgres(postgres_admin_url)
    settings = Settings(data_dir=tmp / "server", database_url=url)
    ctx = build_context(settings, clock=Clock(), db=Database.from_url(url))
    prepare(ctx)
    load_demo(ctx)
    live = LiveServer(ctx).start()
    try:
        enrolled = {username: enroll_device(ctx, live, username) for username in DEMO_USERS}
        with api_client(live) as api:
            openapi = api.get("/openapi.json").json()
        yield World(ctx, live, enrolled, openapi)
    finally:
        live.stop()
        ctx.db.dispose()
        if postgres_admin_url is not None and request.param == "postgres":
            drop_postgres(postgres_admin_url, url)


def send(
    server: LiveServer, call: Call, token: str | None = None, *, authorization: str | None = None
) -> httpx.Response:
    """Send ``call`` on a new connection (after a 500 uvicorn closes a kept-alive one)."""
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if authorization is not None:
        headers["Authorization"] = authorization
    with httpx.Client(base_url=server.url, timeout=30, verify=TLS) as http:
        return http.request(call.method, call.path, json=call.json, headers=headers)


# --- one valid request per route -----------------------------------------------------------


def _health(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/health")


def _enroll(world: World, role: Role) -> Call:
    user_id = world.user_id(ROLE_USERS[role])
    code = devices.issue_pairing_code(world.ctx, user_id, ADMIN)
    return Call("POST", "/api/v1/enroll", json={"pairing_code": code, "device_label": "authz"})


def _push(world: World, role: Role) -> Call:
    client = build_client(id=uuid.uuid4())
    body = {"changes": [change_of(client).model_dump(mode="json")]}
    return Call(
        "POST",
        "/api/v1/sync/push",
        json=body,
        effect=lambda: world.client_owner(client.id) == world.user_id(ROLE_USERS[role]),
    )


def _pull(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/sync/pull")


def _inbox(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/inbox")


def _status(world: World, role: Role) -> Call:
    referral_id = world.new_referral()
    assert world.referral_status(referral_id) is Status.DELIVERED
    return Call(
        "POST",
        f"/api/v1/referrals/{referral_id}/status",
        json={"status": "acknowledged", "note_code": "phone"},
        effect=lambda: world.referral_status(referral_id) is Status.ACKNOWLEDGED,
        path_with_unknown_id=f"/api/v1/referrals/{uuid.uuid4()}/status",
    )


def _board(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/org/referrals")


def _assign(world: World, role: Role) -> Call:
    client_id = world.new_client("jobcoach1")
    jobcoach2 = world.user_id("jobcoach2")
    return Call(
        "POST",
        f"/api/v1/org/clients/{client_id}/assign",
        json={"jobcoach_id": str(jobcoach2)},
        effect=lambda: world.client_owner(client_id) == jobcoach2,
        path_with_unknown_id=f"/api/v1/org/clients/{uuid.uuid4()}/assign",
    )


def _devices(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/org/devices")


def _revoke(world: World, role: Role) -> Call:
    device_id = enroll_device(world.ctx, world.server, "jobcoach2").device_id
    return Call(
        "POST",
        f"/api/v1/org/devices/{device_id}/revoke",
        effect=lambda: world.device_revoked(device_id),
        path_with_unknown_id=f"/api/v1/org/devices/{uuid.uuid4()}/revoke",
    )


def _routing(world: World, role: Role) -> Call:
    return Call("GET", "/api/v1/org/routing")


def _access_log(world: World, role: Role) -> Call:
    client_id = world.new_client("jobcoach1")
    return Call(
        "GET",
        f"/api/v1/audit/clients/{client_id}",
        path_with_unknown_id=f"/api/v1/audit/clients/{uuid.uuid4()}",
    )


REQUESTS: Final[dict[Route, Callable[[World, Role], Call]]] = {
    HEALTH: _health,
    ENROLL: _enroll,
    PUSH: _push,
    PULL: _pull,
    INBOX: _inbox,
    STATUS: _status,
    BOARD: _board,
    ASSIGN: _assign,
    DEVICES: _devices,
    REVOKE: _revoke,
    ROUTING: _routing,
    ACCESS_LOG: _access_log,
}


# --- the matrix against the app ------------------------------------------------------------


def test_the_matrix_names_exactly_the_routes_of_the_app(world: World) -> None:
    served = app_routes(world.ctx)
    assert HEALTH in served, "the route enumeration itself is broken (it found no health)"
    missing = sorted(served - MATRIX.keys())
    stale = sorted(MATRIX.keys() - served)
    assert not missing, f"routes without an authorization decision: {missing}"
    assert not stale, f"the matrix names routes the app does not have: {stale}"
    assert all(path.startswith(API_PREFIX + "/") for _, path in served)
    assert REQUESTS.keys() == MATRIX.keys()


def test_the_schema_documents_every_route_and_which_need_a_token(world: World) -> None:
    documented = {
        (method.upper(), path): operation
        for path, operations in world.openapi["paths"].items()
        for method, operation in operations.items()
    }
    assert documented.keys() == MATRIX.keys()
    for route, operation in documented.items():
        needs_token = bool(operation.get("security"))
        assert needs_token == (MATRIX[route] != PUBLIC), route


def test_every_role_is_played_by_a_demo_user_with_that_role(world: World) -> None:
    assert ROLE_USERS.keys() == set(Role) - {Role.EMPLOYER}  # web only: no device, below
    for role, username in ROLE_USERS.items():
        assert world.devices[username].role is role
    assert world.devices["jobcoach2"].role is Role.JOBCOACH
    assert world.devices["buurtteam-oost1"].role is Role.RECEIVING_TEAM


@pytest.mark.parametrize(
    ("route", "role"),
    [(route, role) for route in MATRIX for role in ROLE_USERS],
    ids=[f"{route_id(route)}-{role.value}" for route in MATRIX for role in ROLE_USERS],
)
def test_a_role_may_call_exactly_the_routes_the_matrix_allows_it(
    world: World, route: Route, role: Role
) -> None:
    call = REQUESTS[route](world, role)
    response = send(world.server, call, world.token(role))
    if role in allowed_roles(route):
        assert response.status_code not in (401, 403), response.text
        assert response.status_code == world.documented_success(route), response.text
        if call.effect is not None:
            assert call.effect(), f"{role.value} was allowed but nothing happened"
        return
    assert response.status_code == 403, response.text
    assert response.json()["code"] == "auth.forbidden"
    if call.effect is not None:
        assert not call.effect(), f"{role.value} was refused, but the change was made"
    if call.path_with_unknown_id is not None:
        unknown = send(
            world.server,
            Call(call.method, call.path_with_unknown_id, call.json),
            world.token(role),
        )
        assert (unknown.status_code, unknown.json()) == (403, response.json())


def test_allowed_results_carry_only_the_callers_own_data(world: World) -> None:
    """A positive control for the 403s above: what the allowed roles get back is theirs."""
    referral_id = world.new_referral()
    with world.api("schuldhulp1") as api:
        inbox = [InboxItem.model_validate(item) for item in api.get("/inbox").json()]
    with world.api("coordinator") as api:
        board = [ReferralSummary.model_validate(item) for item in api.get("/org/referrals").json()]
        listed = [DeviceSummary.model_validate(item) for item in api.get("/org/devices").json()]
    assert referral_id in {item.referral_id for item in inbox}
    assert referral_id in {item.referral_id for item in board}
    assert {d.device_id for d in world.devices.values()} <= {d.device_id for d in listed}


# --- tokens --------------------------------------------------------------------------------

BAD_CREDENTIALS: Final[dict[str, str | None]] = {
    "none": None,
    "other scheme": "Basic dXNlcjpwYXNzd29yZA==",
    "unknown token": f"Bearer vw1_{secrets.token_urlsafe(32)}",
    "garbage": "Bearer !!not-a-token!!",
    "one too long": "Bearer " + "A" * 201,
    "far too long": "Bearer vw1_" + "A" * 8000,
}


def test_public_routes_need_no_token(world: World) -> None:
    for route in (HEALTH, ENROLL):
        call = REQUESTS[route](world, Role.JOBCOACH)
        response = send(world.server, call)
        assert response.status_code == world.documented_success(route), response.text


@pytest.mark.parametrize("route", PROTECTED, ids=[route_id(route) for route in PROTECTED])
def test_a_protected_route_answers_401_without_a_valid_token(world: World, route: Route) -> None:
    role = min(allowed_roles(route))
    call = REQUESTS[route](world, role)
    bodies = []
    for label, authorization in BAD_CREDENTIALS.items():
        response = send(world.server, call, authorization=authorization)
        assert response.status_code == 401, (label, response.text)
        assert response.headers.get("WWW-Authenticate") == "Bearer", label
        body = response.json()
        assert body.keys() == {"code", "detail"}, label
        assert body["code"] == "auth.required", label
        bodies.append(body)
    # One answer for every way of failing: nothing tells a guess from a missing header.
    assert all(body == bodies[0] for body in bodies), bodies
    if call.effect is not None:
        assert not call.effect()
    # The same request with a valid token is a good one (so the 401s above were about auth).
    accepted = send(world.server, call, world.token(role))
    assert accepted.status_code == world.documented_success(route), accepted.text


# --- across organisations, teams and caseloads ---------------------------------------------

UTRECHT = "schuldhulp:utrecht"
UTRECHT_ROUTING = (
    "target;postcode;house_from;house_to;area;recipient_id\nschuldhulp;*;;;Utrecht;" + UTRECHT
)


@dataclass(frozen=True)
class Case:
    client_id: uuid.UUID
    referral_id: uuid.UUID


def referral_case(api: httpx.Client, recipient_id: str = SCHULDHULP) -> Case:
    """A new client of the device's user with a consent and a queued referral to
    ``recipient_id``, pushed in one batch."""
    client = build_client(id=uuid.uuid4())
    consent = build_consent(client_id=client.id, recipient_id=recipient_id)
    history = (
        StatusChange(status=Status.DRAFT, at=FIXED_NOW - timedelta(hours=2)),
        StatusChange(status=Status.QUEUED, at=FIXED_NOW - timedelta(hours=1)),
    )
    referral = build_referral(client_id=client.id, recipient_id=recipient_id, history=history)
    results = push(api, change_of(client), change_of(consent), change_of(referral))
    assert [r.outcome for r in results] == [Outcome.APPLIED] * 3, results
    return Case(client.id, referral.id)


@dataclass(frozen=True)
class OtherOrganisation:
    id: uuid.UUID
    coordinator: EnrollResponse
    team_member: EnrollResponse
    dpo: EnrollResponse
    jobcoach: EnrollResponse


def other_organisation(ctx: ServerContext, server: LiveServer) -> OtherOrganisation:
    """A second organisation with its own schuldhulp team, routing table and people."""
    organisation = admin.create_organisation(ctx, "Gemeente Utrecht (test)")
    team = admin.create_team(ctx, organisation, Target.SCHULDHULP, UTRECHT, "Schuldhulp Utrecht")
    report = routing_admin.import_routing(ctx, organisation, UTRECHT_ROUTING, Actor.system())
    assert report.ok, report.problems
    people = (
        ("utrecht-coordinator", Role.COORDINATOR, None),
        ("utrecht-schuldhulp", Role.RECEIVING_TEAM, team),
        ("utrecht-dpo", Role.DATA_PROTECTION_OFFICER, None),
        ("utrecht-jobcoach", Role.JOBCOACH, None),
    )
    for username, role, team_id in people:
        admin.create_user(ctx, organisation, username, role, team_id=team_id)
    return OtherOrganisation(
        organisation, *(enroll_device(ctx, server, username) for username, _, _ in people)
    )


def _with_unknown_id(path: str, known: uuid.UUID) -> str:
    return path.replace(str(known), str(uuid.uuid4()))


def _pulled_clients(api: httpx.Client) -> set[uuid.UUID]:
    pages, _ = pull_all(api)
    return {
        record.client_id
        for page in pages
        for record in page.records
        if not record.removed and record.client_id is not None
    }


@pytest.mark.usefixtures("demo")
def test_a_coordinator_sees_only_the_referrals_of_the_own_organisation(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        ours = referral_case(api)
    with api_client(server, other.jobcoach.token) as api:
        theirs = referral_case(api, UTRECHT)
    boards = {}
    for name, token in (
        ("amsterdam", enroll_device(ctx, server, "coordinator").token),
        ("utrecht", other.coordinator.token),
    ):
        with api_client(server, token) as api:
            response = api.get("/org/referrals")
        assert response.status_code == 200, response.text
        boards[name] = {ReferralSummary.model_validate(r).referral_id for r in response.json()}
    assert boards == {"amsterdam": {ours.referral_id}, "utrecht": {theirs.referral_id}}


@pytest.mark.usefixtures("demo")
def test_a_coordinator_cannot_assign_a_client_of_another_organisation(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    jobcoach1 = enroll_device(ctx, server, "jobcoach1")
    with api_client(server, jobcoach1.token) as api:
        case = referral_case(api)
    path = f"/org/clients/{case.client_id}/assign"
    targets = (other.jobcoach.user_id, admin.find_user(ctx, "jobcoach2"))
    with api_client(server, other.coordinator.token) as api:
        for jobcoach_id in targets:
            body = {"jobcoach_id": str(jobcoach_id)}
            response = api.post(path, json=body)
            unknown = api.post(_with_unknown_id(path, case.client_id), json=body)
            assert response.status_code == 404, response.text
            assert (
                response.json() == unknown.json() == {"code": "not_found", "detail": "Not found."}
            )
    with api_client(server, jobcoach1.token) as api:
        assert case.client_id in _pulled_clients(api)
    with api_client(server, other.jobcoach.token) as api:
        assert case.client_id not in _pulled_clients(api)


@pytest.mark.usefixtures("demo")
def test_a_coordinator_cannot_revoke_or_list_a_device_of_another_organisation(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    phone = enroll_device(ctx, server, "jobcoach1")
    path = f"/org/devices/{phone.device_id}/revoke"
    with api_client(server, other.coordinator.token) as api:
        response = api.post(path)
        unknown = api.post(_with_unknown_id(path, phone.device_id))
        listed = {DeviceSummary.model_validate(d).device_id for d in api.get("/org/devices").json()}
    assert response.status_code == 404, response.text
    assert response.json() == unknown.json()
    assert phone.device_id not in listed
    assert other.jobcoach.device_id in listed
    with api_client(server, phone.token) as api:
        assert api.get("/sync/pull").status_code == 200


@pytest.mark.usefixtures("demo")
def test_a_team_of_another_organisation_can_neither_see_nor_move_a_referral(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        case = referral_case(api)
    path = f"/referrals/{case.referral_id}/status"
    body = {"status": "acknowledged", "note_code": "phone"}
    with api_client(server, other.team_member.token) as api:
        response = api.post(path, json=body)
        unknown = api.post(_with_unknown_id(path, case.referral_id), json=body)
        inbox = api.get("/inbox")
    assert response.status_code == 404, response.text
    assert response.json() == unknown.json()
    assert (inbox.status_code, inbox.json()) == (200, [])
    with api_client(server, enroll_device(ctx, server, "schuldhulp1").token) as api:
        ours = {
            InboxItem.model_validate(i).referral_id: i["status"] for i in api.get("/inbox").json()
        }
    assert ours == {case.referral_id: Status.DELIVERED.value}


@pytest.mark.usefixtures("demo")
def test_a_dpo_of_another_organisation_gets_404_for_a_clients_access_log(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        case = referral_case(api)
    path = f"/audit/clients/{case.client_id}"
    with api_client(server, other.dpo.token) as api:
        response = api.get(path)
        unknown = api.get(_with_unknown_id(path, case.client_id))
    assert response.status_code == 404, response.text
    assert response.json() == unknown.json()
    with api_client(server, enroll_device(ctx, server, "dpo").token) as api:
        own = api.get(path)
    assert own.status_code == 200, own.text
    entries = [AccessLogEntry.model_validate(entry) for entry in own.json()]
    assert str(case.client_id) in {entry.object_id for entry in entries}


@pytest.mark.usefixtures("demo")
def test_a_jobcoach_can_neither_write_into_nor_read_another_caseload(
    ctx: ServerContext, server: LiveServer
) -> None:
    other = other_organisation(ctx, server)
    jobcoach1 = enroll_device(ctx, server, "jobcoach1")
    with api_client(server, jobcoach1.token) as api:
        case = referral_case(api)
    intrusions = [
        change_of(build_visit(client_id=case.client_id)),
        change_of(build_client(id=case.client_id, version=2, notes="x"), base_version=1),
    ]
    for intruder in (enroll_device(ctx, server, "jobcoach2"), other.jobcoach):
        with api_client(server, intruder.token) as api:
            results = push(api, *intrusions)
            assert [(r.outcome, r.code) for r in results] == [
                (Outcome.REJECTED, "client.not_in_caseload")
            ] * len(intrusions)
            assert case.client_id not in _pulled_clients(api)
    with api_client(server, jobcoach1.token) as api:
        pages, _ = pull_all(api)
    held = {record.entity_id: record for page in pages for record in page.records}
    assert intrusions[0].entity_id not in held
    client = held[case.client_id]
    assert client.version == 1 and client.body is not None and client.body["notes"] == ""


@pytest.mark.usefixtures("demo")
def test_another_team_of_the_same_organisation_does_not_see_the_referral(
    ctx: ServerContext, server: LiveServer
) -> None:
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        case = referral_case(api)
    inboxes = {}
    for username in ("schuldhulp1", "buurtteam-oost1"):
        with api_client(server, enroll_device(ctx, server, username).token) as api:
            response = api.get("/inbox")
            assert response.status_code == 200, response.text
            inboxes[username] = {InboxItem.model_validate(i).referral_id for i in response.json()}
            if username == "buurtteam-oost1":
                moved = api.post(
                    f"/referrals/{case.referral_id}/status", json={"status": "acknowledged"}
                )
                assert moved.status_code == 404, moved.text
    assert inboxes == {"schuldhulp1": {case.referral_id}, "buurtteam-oost1": set()}


@pytest.mark.usefixtures("demo")
def test_an_employer_stays_in_its_organisation(ctx: ServerContext, server: LiveServer) -> None:
    """Every device of the organisation pulls its register; a device of another organisation
    neither pulls it nor can edit it with a guessed id (refused like an unknown one)."""
    other = other_organisation(ctx, server)
    employer = build_employer(id=uuid.uuid4())
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        (result,) = push(api, change_of(employer))
    assert result.outcome is Outcome.APPLIED, result
    with api_client(server, enroll_device(ctx, server, "jobcoach2").token) as api:
        assert employer.id in _pulled_employers(api)
    with api_client(server, other.jobcoach.token) as api:
        assert employer.id not in _pulled_employers(api)
        hijack = employer.model_copy(update={"name": "Overgenomen", "version": 2})
        (refused,) = push(api, change_of(hijack, base_version=1))
        assert (refused.outcome, refused.code) == (Outcome.REJECTED, "change.mismatch")
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        pages, _ = pull_all(api)
    (pulled,) = [r for page in pages for r in page.records if r.entity_id == employer.id]
    assert (pulled.version, pulled.body and pulled.body["name"]) == (1, employer.name)


def _pulled_employers(api: httpx.Client) -> set[uuid.UUID]:
    pages, _ = pull_all(api)
    return {r.entity_id for page in pages for r in page.records if r.client_id is None}


def test_an_employers_contact_gets_no_device(ctx: ServerContext, demo: object) -> None:
    contact = admin.find_user(ctx, load_demo_employer(ctx))
    with pytest.raises(ServiceError) as refused:
        devices.issue_pairing_code(ctx, contact, Actor.system())
    assert refused.value.code == ProblemCode.AUTH_FORBIDDEN
