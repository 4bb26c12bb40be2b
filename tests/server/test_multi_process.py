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
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from fieldapp.domain.sync_state import SyncState
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import Translator
from fieldapp.sync.enrollment import enroll
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.sync.transport import make_client
from fieldapp.wire import API_PREFIX, Change, Outcome
from sync_server.app import build_context
from sync_server.audit import verify
from sync_server.bootstrap import prepare
from sync_server.db.engine import Database
from sync_server.db.schema import ClientRow, Device, IdempotencyRow, PairingCode, RecordRow
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from sync_server.tokens import new_pairing_code
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


class _NoStates:
    """A device's sync state that a refused enrollment must never touch."""

    def load_sync_state(self) -> SyncState:
        raise AssertionError("a refused enrollment read the sync state")

    def save_sync_state(self, state: SyncState) -> None:
        raise AssertionError("a refused enrollment saved a sync state")


def test_wrong_pairing_codes_through_two_processes_lock_both(
    shared: tuple[ServerContext, str], tmp_path: Path
) -> None:
    """Guesses spread over both processes, at the same time, count together: once the address
    reached its limit, both refuse even the right code, and the app says why."""
    ctx, key = shared
    first, url_a = _start(ctx, key, tmp_path / "a")
    second, url_b = _start(ctx, key, tmp_path / "b")
    try:
        right = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
        limit = ctx.settings.web.pairing_max_failures_per_address
        guesses = [code for code in (new_pairing_code() for _ in range(limit + 1)) if code != right]

        def guess(n: int) -> tuple[int, str]:
            url = (url_a, url_b)[n % 2]
            answer = httpx.post(url + "/enroll", json={"pairing_code": guesses[n]}, timeout=30)
            return answer.status_code, answer.json()["code"]

        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(guess, range(limit)))
        assert set(answers) == {(401, "enroll.invalid_code")}
        for url in (url_a, url_b):
            refused = httpx.post(url + "/enroll", json={"pairing_code": right}, timeout=30)
            assert (refused.status_code, refused.json()["code"]) == (429, "enroll.throttled")
            assert 0 < int(refused.headers["retry-after"]) <= 15 * 60

        with pytest.raises(SyncError) as raised:  # the field app's own enrollment
            enroll(
                _NoStates(),
                url_b.removesuffix(API_PREFIX),
                right,
                client_for=make_client,
                clock=lambda: datetime.now(UTC),
            )
        assert raised.value.code is SyncErrorCode.ENROLL_THROTTLED
        shown = message_for(raised.value.code.value, translator=Translator("en"))
        assert shown.startswith("Too many wrong pairing codes")
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
    assert _count(ctx, Device) == 0
    with ctx.db.read() as session:
        assert session.execute(select(PairingCode.used_at)).scalars().all() == [None]
