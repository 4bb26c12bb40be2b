"""Two server processes on one database (PostgreSQL, or SQLite in one data directory) behave
as one server.

Push through one, pull through the other, replay through both at once: nothing lost, nothing
duplicated. Everything that matters across requests (idempotency keys, feed positions, the
audit chain) lives in the database, so it does not matter which process answers.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from fieldapp.wire import API_PREFIX, Change, Outcome
from sync_server.api.app import build_context
from sync_server.audit import verify
from sync_server.bootstrap import prepare
from sync_server.db.engine import Database
from sync_server.db.schema import ClientRow, IdempotencyRow, RecordRow
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from tests.factories import build_client, build_visit
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import ADMIN, PG_ENV, drop_postgres, free_port, scratch_postgres
from tests.sync.harness import wait_until_up


@pytest.fixture(params=["sqlite", "postgres"])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ServerContext, str]]:
    base = os.environ.get(PG_ENV)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    elif base is None:
        pytest.skip(f"needs PostgreSQL: set {PG_ENV} (CI does)")
    else:
        url = scratch_postgres(base)
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    settings = Settings(data_dir=tmp_path, database_url=url, server_key=SecretStr(key))
    ctx = build_context(settings, db=Database.from_url(url))
    prepare(ctx)
    load_demo(ctx)
    yield ctx, key
    ctx.db.dispose()
    if request.param == "postgres" and base is not None:
        drop_postgres(base, url)


def _start(ctx: ServerContext, key: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "VELDWERK_SERVER_KEY": key, "VELDWERK_LOG_LEVEL": "WARNING"}
    url = ctx.settings.database_url or ""
    command = [
        sys.executable,
        "-m",
        "sync_server",
        "--data-dir",
        str(data_dir),
        "--database-url",
        url,
        "serve",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env)
    wait_until_up(f"http://127.0.0.1:{port}", process)
    return process, f"http://127.0.0.1:{port}{API_PREFIX}"


def _count(ctx: ServerContext, table: type[object]) -> int:
    with ctx.db.read() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_two_processes_one_database(shared: tuple[ServerContext, str], tmp_path: Path) -> None:
    ctx, key = shared
    first, url_a = _start(ctx, key, tmp_path / "a")
    second, url_b = _start(ctx, key, tmp_path / "b")
    try:
        code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
        enrolled = httpx.post(url_a + "/enroll", json={"pairing_code": code}).json()
        headers = {"Authorization": f"Bearer {enrolled['token']}"}
        api_a = httpx.Client(base_url=url_a, headers=headers, timeout=30)
        api_b = httpx.Client(base_url=url_b, headers=headers, timeout=30)
        visits = [build_visit() for _ in range(30)]
        batch: list[Change] = [change_of(build_client())] + [change_of(v) for v in visits]

        first_results = push(api_a, *batch)
        assert {r.outcome for r in first_results} == {Outcome.APPLIED}
        pages, _ = pull_all(api_b)
        assert len([r for p in pages for r in p.records]) == len(batch)

        def replay(api: httpx.Client) -> list[Outcome]:
            return [result.outcome for result in push(api, *batch)]

        with ThreadPoolExecutor(max_workers=6) as pool:
            replays = list(pool.map(replay, [api_a, api_b] * 3))
        assert all(set(outcomes) == {Outcome.DUPLICATE} for outcomes in replays)

        fresh = [change_of(build_visit()) for _ in range(10)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            racing = list(pool.map(lambda api: push(api, *fresh), [api_a, api_b] * 2))
        for position in range(len(fresh)):
            outcomes = [run[position].outcome for run in racing]
            assert outcomes.count(Outcome.APPLIED) == 1, outcomes
        api_a.close()
        api_b.close()
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
    assert _count(ctx, ClientRow) == 1
    assert _count(ctx, RecordRow) == 40
    assert _count(ctx, IdempotencyRow) == 41
    with ctx.db.read() as session:
        assert verify(session, ctx.keys.audit).ok
