"""Wrong pairing codes are throttled per client address and per organisation (the request
names none, so: all wrong codes on the server), on SQLite and PostgreSQL.

The server trusts the test's loopback address as a proxy here, so ``X-Forwarded-For`` plays
the client addresses.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from sync_server.db.schema import Device, PairingCode, User
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from sync_server.tokens import new_pairing_code
from tests.clock import Clock
from tests.server.conftest import ADMIN, LiveServer

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "server", database_url=database_url, trusted_proxies=["127.0.0.1"]
    )


def _code(ctx: ServerContext, username: str = "jobcoach1") -> str:
    return devices.issue_pairing_code(ctx, admin.find_user(ctx, username), ADMIN)


def _wrong(right: str) -> str:
    return next(code for code in iter(new_pairing_code, None) if code != right)


def _enroll(server: LiveServer, code: str, address: str) -> httpx.Response:
    with server.client() as api:
        body = {"pairing_code": code, "device_label": "phone"}
        return api.post("/enroll", json=body, headers={"X-Forwarded-For": address})


def _devices(ctx: ServerContext) -> int:
    with ctx.db.read() as session:
        return int(session.execute(select(func.count()).select_from(Device)).scalar_one())


def _unused(ctx: ServerContext, username: str = "jobcoach1") -> int:
    query = (
        select(func.count())
        .select_from(PairingCode)
        .join(User, User.id == PairingCode.user_id)
        .where(User.username == username, PairingCode.used_at.is_(None))
    )
    with ctx.db.read() as session:
        return int(session.execute(query).scalar_one())


def test_wrong_codes_from_one_address_lock_it_and_a_right_code_waits_for_the_lock(
    ctx: ServerContext, server: LiveServer, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = _code(ctx)
    limit = ctx.settings.web.pairing_max_failures_per_address
    for _ in range(limit):
        answer = _enroll(server, _wrong(right), "203.0.113.9")
        assert (answer.status_code, answer.json()["code"]) == (401, "enroll.invalid_code")

    checked: list[str] = []

    def redeem(*_args: object) -> None:
        checked.append("code")

    monkeypatch.setattr(devices, "_redeem", redeem)
    refused = _enroll(server, right, "203.0.113.9")
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "enroll.throttled",
        "detail": "Too many wrong pairing codes; try again later.",
    }
    assert refused.headers["retry-after"] == str(15 * 60)
    assert "203.0.113.9" not in refused.text
    assert checked == []  # a throttled try does not even look at the code
    monkeypatch.undo()
    assert (_unused(ctx), _devices(ctx)) == (1, 0)

    clock.advance(minutes=5)
    assert _enroll(server, right, "203.0.113.9").headers["retry-after"] == str(10 * 60)
    assert _enroll(server, right, "203.0.113.10").status_code == 200  # another address
    clock.advance(minutes=10)  # the lock is over; the first code was used meanwhile
    assert _enroll(server, _code(ctx), "203.0.113.9").status_code == 200
    assert _devices(ctx) == 2


def test_wrong_codes_from_many_addresses_lock_the_organisation(
    ctx: ServerContext, server: LiveServer
) -> None:
    web = ctx.settings.web
    per_address = web.pairing_max_failures_per_address - 1  # no address locks on its own
    addresses = (f"198.51.100.{n}" for n in itertools.count(1))
    right = _code(ctx)
    failures = 0
    while failures < web.pairing_max_failures_per_organisation - 1:
        address = next(addresses)
        for _ in range(min(per_address, web.pairing_max_failures_per_organisation - 1 - failures)):
            assert _enroll(server, _wrong(right), address).status_code == 401
            failures += 1
    assert _enroll(server, right, next(addresses)).status_code == 200  # one short of the limit
    right = _code(ctx)
    assert _enroll(server, _wrong(right), next(addresses)).status_code == 401  # the limit
    for address in (next(addresses), "2001:db8:7::1"):
        refused = _enroll(server, right, address)
        assert (refused.status_code, refused.json()["code"]) == (429, "enroll.throttled")
    assert _unused(ctx) == 1


def test_ipv6_guesses_count_by_their_64_network(ctx: ServerContext, server: LiveServer) -> None:
    right = _code(ctx)
    limit = ctx.settings.web.pairing_max_failures_per_address
    for n in range(limit):
        assert _enroll(server, _wrong(right), f"2001:db8:1:2::{n + 1:x}").status_code == 401
    assert _enroll(server, right, "2001:db8:1:2:ffff::1").status_code == 429
    assert _enroll(server, right, "2001:db8:1:3::1").status_code == 200


def test_malformed_codes_are_refused_before_they_count(
    ctx: ServerContext, server: LiveServer
) -> None:
    for _ in range(ctx.settings.web.pairing_max_failures_per_address + 5):
        assert _enroll(server, "not-a-code", "203.0.113.9").status_code == 422
    assert _enroll(server, _code(ctx), "203.0.113.9").status_code == 200


def test_the_limits_are_documented_in_the_api_schema(server: LiveServer) -> None:
    with server.client() as api:
        operation = api.get("/openapi.json").json()["paths"]["/api/v1/enroll"]["post"]
    assert "429" in operation["responses"]
