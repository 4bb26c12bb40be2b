"""Health, readiness and metrics for a municipality's monitoring (issue 25, item 5): no
session needed for health and readiness, a bearer token for metrics, and nothing in any of
them but status words and counts: no identifier, no name, no path with an id in it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import text, update

from sync_server.db.engine import Database
from sync_server.db.schema import Device
from sync_server.services import health
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from tests.clock import Clock
from tests.factories import build_client, build_visit
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")
TOKEN = "metrics-token-for-the-test"
CANARY = "Zoë-Canary-Metrics"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "server", database_url=database_url, metrics_token=SecretStr(TOKEN)
    )


def _root(server: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30)


def _scrape(server: LiveServer) -> str:
    with _root(server) as web:
        answer = web.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.text


def _value(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample; 0 when it is not there yet."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        found = sample.split("{", 1)
        if found[0] != name:
            continue
        have = found[1].rstrip("}") if len(found) > 1 else ""
        if ",".join(sorted(have.split(","))) == wanted or (not wanted and not have):
            return float(value)
    return 0.0


def test_health_and_readiness_need_no_session_and_show_no_data(
    ctx: ServerContext, server: LiveServer
) -> None:
    with _root(server) as web:
        assert web.get("/healthz").json() == {"status": "ok"}
        ready = web.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "database": "ok", "schema": "current"}
        with ctx.db.write() as session:  # as if a release's migration had not run
            session.execute(text("UPDATE alembic_version SET version_num = '0010'"))
        behind = web.get("/readyz")
        assert behind.status_code == 503
        assert behind.json()["schema"] == "not current: run migrate"


def test_a_database_that_does_not_answer_is_not_ready(ctx: ServerContext) -> None:
    gone = Database.from_url("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    try:
        found = health.readiness(ServerContext(ctx.settings, gone, ctx.key_source, ctx.clock))
    finally:
        gone.dispose()
    assert (found.database, found.ready) == (False, False)


def test_metrics_need_the_token_and_are_off_without_one(
    ctx: ServerContext, server: LiveServer, tmp_path: Path
) -> None:
    with _root(server) as web:
        assert web.get("/metrics").status_code == 401
        wrong = web.get("/metrics", headers={"Authorization": "Bearer not-it"})
        assert wrong.status_code == 401
    off = LiveServer(
        ServerContext(
            ctx.settings.model_copy(update={"metrics_token": None}),
            ctx.db,
            ctx.key_source,
            ctx.clock,
        )
    ).start()
    try:
        with _root(off) as web:
            assert web.get("/metrics").status_code == 404
    finally:
        off.stop()


def test_metrics_count_requests_pushes_and_stuck_devices_without_identifiers(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    before = _scrape(server)
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4(), given_name=CANARY)
    visits = [change_of(build_visit(client_id=client.id)) for _ in range(3)]
    with server.client(phone.token) as api:
        push(api, change_of(client), *visits)
        push(api, visits[0])  # sent again: a duplicate
        api.get(f"/clients/{client.id}/nothing-here")  # a path with an id that matches nothing
    with _root(server) as web:
        web.request("PROPFIND", "/healthz")  # a method beyond the usual ones
    with ctx.db.write() as session:  # the phone said it held 3 unsent changes, 5 days ago
        session.execute(
            update(Device).values(unsent_changes=3, last_seen_at=clock() - timedelta(days=5))
        )
    health.verify_and_note(ctx)
    after = _scrape(server)

    def grew(name: str, **labels: str) -> float:
        """How much a counter grew in this test (other tests in this process count too)."""
        return _value(after, name, **labels) - _value(before, name, **labels)

    pushed, requests = "veldwerk_pushed_changes_total", "veldwerk_http_requests_total"
    assert grew(pushed, outcome="applied") == 4 and grew(pushed, outcome="duplicate") == 1
    assert grew(requests, route="/api/v1/sync/push", method="POST", status="200") == 2
    assert grew(requests, route="unmatched", method="GET", status="404") == 1
    assert grew(requests, route="/healthz", method="other", status="405") == 1
    assert grew("veldwerk_group_commit_batch_size_count") >= 1
    assert 'method="PROPFIND"' not in after
    assert _value(after, "veldwerk_devices_unsent_changes_stuck") == 1
    assert _value(after, "veldwerk_devices_not_synced", days="3") == 1
    assert _value(after, "veldwerk_devices_not_synced", days="7") == 0
    assert _value(after, "veldwerk_audit_chain_ok") == 1
    assert _value(after, "veldwerk_audit_verified_entries") > 0
    assert not UUID.search(after), "no identifier in the metrics"
    assert CANARY not in after and "jobcoach1" not in after and str(client.id) not in after
