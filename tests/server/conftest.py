"""A real server for every test: a migrated database (SQLite, and PostgreSQL when
``VELDWERK_TEST_DATABASE_URL`` is set; CI always sets it), the app on a loopback port served
by uvicorn in a thread, and a clock the test controls.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fieldapp.wire import API_PREFIX, EnrollResponse, Role
from sync_server.app import build_context, create_app
from sync_server.audit import Actor
from sync_server.bootstrap import prepare
from sync_server.db.engine import Database
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from tests.clock import Clock

PG_ENV = "VELDWERK_TEST_DATABASE_URL"
ADMIN = Actor("admin_cli", None, Role.ADMIN.value)
ENGINES = ["sqlite", "postgres"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_admin_url() -> str | None:
    return os.environ.get(PG_ENV)


def scratch_postgres(base_url: str) -> str:
    """A fresh database on the test server, so every test starts from an empty schema."""
    name = f"vw_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres(base_url: str, url: str, attempts: int = 10) -> None:
    """Drop a scratch database; a background session that PostgreSQL started in it (an
    autovacuum worker) can make one try fail, so it tries again for a few seconds."""
    name = make_url(url).database
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(attempts):
            try:
                with engine.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.5)
    finally:
        engine.dispose()


@pytest.fixture(params=ENGINES)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_admin_url: str | None
) -> Iterator[str]:
    yield from database_for(request.param, tmp_path, postgres_admin_url)


def database_for(engine: str, tmp_path: Path, postgres_admin_url: str | None) -> Iterator[str]:
    """A fresh, empty database of ``engine`` for one test; PostgreSQL ones are dropped after."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    if postgres_admin_url is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it through .ci/postgres-up)")
    url = scratch_postgres(postgres_admin_url)
    yield url
    drop_postgres(postgres_admin_url, url)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "server", database_url=database_url)


@pytest.fixture
def ctx(settings: Settings, clock: Clock) -> Iterator[ServerContext]:
    context = build_context(
        settings, clock=clock, db=Database.from_url(settings.database_url or "")
    )
    prepare(context)
    yield context
    context.db.dispose()


class LiveServer:
    """uvicorn serving the app on a loopback port, in a thread of the test process."""

    def __init__(self, ctx: ServerContext) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(ctx.settings, context=ctx)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            forwarded_allow_ips=ctx.settings.trusted_proxies,  # as `serve` does
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + API_PREFIX, headers=headers, timeout=30)


@pytest.fixture
def server(ctx: ServerContext) -> Iterator[LiveServer]:
    live = LiveServer(ctx).start()
    yield live
    live.stop()


@pytest.fixture
def demo(ctx: ServerContext) -> uuid.UUID:
    """The demo organisation (teams, people, routing table); returns its id."""
    load_demo(ctx)
    return admin.find_organisation(ctx, "Gemeente Amsterdam (demo)")


def enroll(ctx: ServerContext, live: LiveServer, username: str) -> EnrollResponse:
    """Enroll a new device for ``username`` through the real API."""
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, username), ADMIN)
    with live.client() as api:
        response = api.post("/enroll", json={"pairing_code": code, "device_label": "test"})
    assert response.status_code == 200, response.text
    return EnrollResponse.model_validate(response.json())
