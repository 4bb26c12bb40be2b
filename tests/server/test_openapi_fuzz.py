"""Schemathesis against the live loopback server, for every operation of the OpenAPI schema.

Each operation is fuzzed twice, with positive and negative data (25 examples per operation and
mode, derandomized, so a run is reproducible):

* with a valid token of a role the authorization matrix allows (``test_authorization.MATRIX``):
  never a 5xx, never 401/403 while the request carries that token, and a 2xx response matches
  its documented content type and schema;
* without credentials: whatever schemathesis generates for the bearer scheme (nothing, another
  scheme, or a random bearer value; never a valid token): never a 5xx, and every route that is
  not public answers 401 ``auth.required`` with ``WWW-Authenticate: Bearer``.

Error bodies (4xx) are not checked against the schema: the schema documents FastAPI's
``HTTPValidationError`` for 422 while the server answers :class:`fieldapp.wire.Problem`; that
mismatch is pinned on its own below. Hand-picked inputs that random data hardly ever reaches
(cursor MACs, out-of-range versions and timestamps) follow at the end.

SQLite only for the fuzzing, to keep the module well under a minute; the hand-picked inputs run
against PostgreSQL too, where some of them differ.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, CheckFunction, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from fieldapp.domain.referral import Status, StatusChange
from fieldapp.wire import API_PREFIX, Change, Outcome, Role
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from tests.factories import FIXED_NOW, build_client, build_consent, build_referral, build_visit
from tests.server.changes import change_of, push
from tests.server.conftest import ADMIN, LiveServer, database_for
from tests.server.test_authorization import (
    ASSIGN,
    ENROLL,
    MATRIX,
    PUBLIC,
    PULL,
    PUSH,
    ROLE_USERS,
    STATUS,
    Route,
    allowed_roles,
    api_client,
    enroll_device,
    route_id,
)

pytestmark = pytest.mark.usefixtures("demo")

Operation = APIOperation[Any, Any, Any, Any]
MAX_EXAMPLES: Final = 25
FUZZ_SETTINGS: Final = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.filter_too_much),
)
PREFERENCE: Final = (
    Role.JOBCOACH,
    Role.COORDINATOR,
    Role.RECEIVING_TEAM,
    Role.DATA_PROTECTION_OFFICER,
    Role.FLYING_SQUAD,
    Role.ADMIN,
)


def fuzz_role(route: Route) -> Role:
    """The role whose token fuzzes ``route``: the first allowed one in :data:`PREFERENCE`."""
    return next(role for role in PREFERENCE if role in allowed_roles(route))


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_admin_url: str | None
) -> Iterator[str]:
    """SQLite unless a test asks for ``postgres`` (indirect parametrization)."""
    yield from database_for(getattr(request, "param", "sqlite"), tmp_path, postgres_admin_url)


@pytest.fixture
def schema(server: LiveServer) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}{API_PREFIX}/openapi.json")


def operation_of(schema: BaseSchema, route: Route) -> Operation:
    method, path = route
    return schema[path][method]


def fuzz(operation: Operation, run_one: Callable[[Case[Any]], None]) -> None:
    """``run_one`` on positive and on negative cases of ``operation``.

    An operation with nothing to send (no parameters, body or security) has no negative cases.
    """
    raw = operation.definition.raw
    negatable = any(raw.get(key) for key in ("parameters", "requestBody", "security"))
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if negatable else [])
    for mode in modes:
        strategy = operation.as_strategy(generation_mode=mode)

        @FUZZ_SETTINGS
        @given(case=strategy)
        def run(case: Case[Any]) -> None:
            run_one(case)

        run()


def validate(case: Case[Any], response: Response) -> None:
    """No server error ever; a success must be what the schema documents."""
    checks: list[CheckFunction] = [not_a_server_error]
    if 200 <= response.status_code < 300:
        checks += [content_type_conformance, response_schema_conformance]
    case.validate_response(response, checks=checks)


def body_is_json(response: Response) -> bool:
    body = response.request.body
    if body is None:
        return True
    assert isinstance(body, bytes | str)
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def _with_marks(route: Route) -> Any:
    return pytest.param(route, id=route_id(route))


@pytest.mark.parametrize("route", [_with_marks(route) for route in MATRIX])
def test_fuzz_with_a_token_of_an_allowed_role(
    ctx: ServerContext, server: LiveServer, schema: BaseSchema, route: Route
) -> None:
    token = enroll_device(ctx, server, ROLE_USERS[fuzz_role(route)]).token
    authorization = f"Bearer {token}"

    def run_one(case: Case[Any]) -> None:
        response = case.call(base_url=server.url, headers={"Authorization": authorization})
        validate(case, response)
        # Negative cases may drop the header on purpose; judge only what carried the token.
        if response.request.headers.get("Authorization") == authorization:
            assert response.status_code not in (401, 403) or route == ENROLL, (
                response.status_code,
                response.text,
            )

    fuzz(operation_of(schema, route), run_one)


@pytest.mark.parametrize("route", list(MATRIX), ids=[route_id(route) for route in MATRIX])
def test_fuzz_without_credentials(server: LiveServer, schema: BaseSchema, route: Route) -> None:
    def run_one(case: Case[Any]) -> None:
        response = case.call(base_url=server.url)
        validate(case, response)
        if MATRIX[route] == PUBLIC:
            return
        if not body_is_json(response):
            # FastAPI reads the body before it runs dependencies; see the pinned test below.
            assert response.status_code in (400, 422), response.text
            return
        assert response.status_code == 401, response.text
        assert response.headers.get("www-authenticate") == ["Bearer"]
        assert response.json()["code"] == "auth.required"

    fuzz(operation_of(schema, route), run_one)


# --- pinned findings -------------------------------------------------------------------------


def test_a_documented_422_matches_its_schema(
    ctx: ServerContext, server: LiveServer, schema: BaseSchema
) -> None:
    token = enroll_device(ctx, server, "jobcoach1").token
    case = operation_of(schema, PULL).Case(query={"limit": 0})
    response = case.call(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    case.validate_response(response, checks=[response_schema_conformance])


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="FastAPI parses the body before the bearer dependency runs: an unauthenticated "
    "request with a body that is not JSON gets 400/422 instead of 401",
)
@pytest.mark.parametrize("route", [PUSH, STATUS, ASSIGN], ids=route_id)
def test_a_body_that_is_not_json_gets_401_without_a_token(server: LiveServer, route: Route) -> None:
    method, path = route
    path = path.format(referral_id=uuid.uuid4(), client_id=uuid.uuid4(), device_id=uuid.uuid4())
    with httpx.Client(base_url=server.url, timeout=30) as http:
        response = http.request(
            method, path, content=b"{", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 401, response.text


# --- hand-picked inputs ----------------------------------------------------------------------

QUEUED_NOW: Final = (
    StatusChange(status=Status.DRAFT, at=FIXED_NOW - timedelta(hours=2)),
    StatusChange(status=Status.QUEUED, at=FIXED_NOW - timedelta(hours=1)),
)


def _cursor_with_a_non_ascii_mac(api: httpx.Client) -> httpx.Response:
    return api.get("/sync/pull", params={"cursor": "0.0.é"})


def _patched(change: Change, **body: Any) -> dict[str, Any]:
    """The change as JSON with body fields overridden: inputs the models would refuse to build."""
    raw: dict[str, Any] = change.model_dump(mode="json")
    raw["body"] = {**raw["body"], **body}
    if "version" in body:
        raw["entity_version"] = body["version"]
    return raw


def _version_past_int32(api: httpx.Client) -> httpx.Response:
    return _push_raw(api, _patched(change_of(build_client(id=uuid.uuid4())), version=2**31))


def _version_past_int64(api: httpx.Client) -> httpx.Response:
    return _push_raw(api, _patched(change_of(build_client(id=uuid.uuid4())), version=2**63))


def _visit_before_year_one_in_utc(api: httpx.Client) -> httpx.Response:
    push(api, change_of(build_client()))
    return _push_raw(
        api, _patched(change_of(build_visit()), started_at="0001-01-01T00:00:00+14:00")
    )


def _visit_after_year_9999_in_utc(api: httpx.Client) -> httpx.Response:
    push(api, change_of(build_client()))
    return _push_raw(
        api, _patched(change_of(build_visit()), started_at="9999-12-31T23:00:00-14:00")
    )


def _referral_queued_in_year_9999(api: httpx.Client) -> httpx.Response:
    results = push(api, change_of(build_client()), change_of(build_consent()))
    assert [r.outcome for r in results] == [Outcome.APPLIED] * 2
    referral = change_of(build_referral(history=QUEUED_NOW))
    history = [*referral.model_dump(mode="json")["body"]["history"]]
    history[-1] = {**history[-1], "at": "9999-12-31T09:30:00Z"}
    return _push_raw(api, _patched(referral, history=history))


def _push_raw(api: httpx.Client, *changes: dict[str, Any]) -> httpx.Response:
    return api.post("/sync/push", json={"changes": list(changes)})


def _push(api: httpx.Client, *changes: Any) -> httpx.Response:
    return api.post("/sync/push", json={"changes": [c.model_dump(mode="json") for c in changes]})


def _device_label_with_nul(api: httpx.Client, code: str) -> httpx.Response:
    return api.post("/enroll", json={"pairing_code": code, "device_label": "werk\x00telefoon"})


EDGES: Final[dict[str, Callable[[httpx.Client], httpx.Response]]] = {
    "cursor with a non-ASCII MAC": _cursor_with_a_non_ascii_mac,
    "entity version 2**31": _version_past_int32,
    "entity version 2**63": _version_past_int64,
    "visit before year 1 in UTC": _visit_before_year_one_in_utc,
    "visit after year 9999 in UTC": _visit_after_year_9999_in_utc,
    "referral queued on 9999-12-31": _referral_queued_in_year_9999,
}
BOTH: Final = ("sqlite", "postgres")
BROKEN: Final[dict[str, tuple[tuple[str, ...], str]]] = {}
"""Known server errors: the engines they happen on, and why."""


def _edge_params(names: list[str]) -> list[Any]:
    """SQLite for every input; PostgreSQL too where the engine makes the difference."""
    params = []
    for name in names:
        broken_on, reason = BROKEN.get(name, ((), ""))
        engines = BOTH if broken_on not in ((), BOTH) else ("sqlite",)
        for engine in engines:
            xfail = pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)
            marks = [xfail] if engine in broken_on else []
            params.append(pytest.param(engine, name, marks=marks, id=f"{engine}-{name}"))
    return params


@pytest.mark.parametrize(
    ("database_url", "name"), _edge_params(list(EDGES)), indirect=["database_url"]
)
def test_hand_picked_inputs_of_a_jobcoach_get_no_server_error(
    ctx: ServerContext, server: LiveServer, name: str
) -> None:
    with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
        response = EDGES[name](api)
    assert response.status_code < 500, response.text


@pytest.mark.parametrize(
    ("database_url", "name"), _edge_params(["device label with NUL"]), indirect=["database_url"]
)
def test_a_strange_device_label_gets_no_server_error(
    ctx: ServerContext, server: LiveServer, name: str
) -> None:
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach2"), ADMIN)
    with api_client(server) as api:
        response = _device_label_with_nul(api, code)
    assert response.status_code < 500, response.text


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_server_error_logs_no_data(
    ctx: ServerContext, server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = "Canary Jansen 06-98765432"

    def broken(*_: object) -> None:
        raise RuntimeError(canary)

    monkeypatch.setattr("sync_server.api.routes_sync.pull", broken)
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.error")]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        with api_client(server, enroll_device(ctx, server, "jobcoach1").token) as api:
            response = api.get("/sync/pull")
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
    assert response.status_code == 500
    assert canary not in response.text
    assert collect.records, "the error was not logged at all"
    logged = "\n".join(
        record.getMessage() + logging.Formatter().formatException(record.exc_info)
        if record.exc_info
        else record.getMessage()
        for record in collect.records
    )
    assert canary not in logged
