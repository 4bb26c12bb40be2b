"""A real server process on loopback and real devices (encrypted store, outbox, sync engine).

The server runs as ``python -m sync_server serve`` in a subprocess with SQLite in a data
directory; the test opens the same database for what an administrator would do (pairing codes,
revocation) and for checking what was stored.
"""

from __future__ import annotations

import base64
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import SecretStr

from fieldapp.domain.sync_state import SyncState
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.sync_state import SyncStateStore
from fieldapp.sync.api import SyncApi
from fieldapp.sync.engine import SyncEngine, SyncReport
from fieldapp.sync.enrollment import enroll
from fieldapp.sync.transport import TransportWrapper, make_client
from fieldapp.wire import API_PREFIX
from sync_server.app import build_context
from sync_server.bootstrap import prepare
from sync_server.demo import load_demo, load_demo_employer
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from tests.server.conftest import ADMIN, free_port
from tests.storage.conftest import PASSPHRASE, fast_kdf


def now() -> datetime:
    return datetime.now(UTC)


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url + API_PREFIX + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("the server process did not start")
        time.sleep(0.05)


class ServerProcess:
    """``python -m sync_server serve`` on a fixed loopback port; can be killed and restarted."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.key = base64.b64encode(secrets.token_bytes(32)).decode()
        self.database_url = database_url or f"sqlite:///{data_dir / 'veldwerk.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        settings = Settings(
            data_dir=data_dir, database_url=self.database_url, server_key=SecretStr(self.key)
        )
        self.ctx: ServerContext = build_context(settings)
        prepare(self.ctx)

    def load_demo(self, *, employer: bool = False) -> ServerProcess:
        """The demo organisation; ``employer``: with the demo employer and its contact person,
        as ``make run`` has them (every device pulls the register, so only where wanted)."""
        load_demo(self.ctx)
        if employer:
            load_demo_employer(self.ctx)
        return self

    def start(self) -> ServerProcess:
        env = {**os.environ, "VELDWERK_SERVER_KEY": self.key, "VELDWERK_LOG_LEVEL": "WARNING"}
        command = [
            sys.executable, "-m", "sync_server", "--data-dir", str(self.data_dir),
            "--database-url", self.database_url, "serve", "--port", str(self.port),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=env)
        wait_until_up(self.url, self.process)
        return self

    def kill(self) -> None:
        """kill -9: no shutdown, no flush; what a power cut does to the process."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
        self.ctx.db.dispose()

    def pairing_code(self, username: str = "jobcoach1") -> str:
        return devices.issue_pairing_code(self.ctx, admin.find_user(self.ctx, username), ADMIN)

    def api(self, token: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Client(base_url=self.url + API_PREFIX, headers=headers, timeout=30)


class Device:
    """A field device: its encrypted store, caseload service, outbox and sync engine."""

    def __init__(
        self, directory: Path, *, clock: Callable[[], datetime] = now, create: bool = True
    ) -> None:
        self.directory = directory
        self.clock = clock
        self.wrap: TransportWrapper | None = None
        self.wiped = False
        if create:
            self.store = EncryptedStore.create(directory, PASSPHRASE, kdf=fast_kdf())
        else:
            self.store = EncryptedStore.open(directory)
            self.store.unlock(PASSPHRASE)
        self.service = CaseloadService(CaseloadStore(self.store, clock), clock)
        self.outbox = DeviceOutbox(self.store, clock)
        self.states = SyncStateStore(self.store)
        self.register = EmployerRegister(EmployerStore(self.store, clock))

    def client_for(self, url: str) -> httpx.Client:
        return make_client(url, wrap=self.wrap)

    def enroll(self, server: ServerProcess, username: str = "jobcoach1") -> None:
        enroll(
            self.states,
            server.url,
            server.pairing_code(username),
            device_label="test device",
            client_for=self.client_for,
            clock=self.clock,
        )

    def api_for(self, state: SyncState) -> SyncApi:
        assert state.enrollment is not None
        client = self.client_for(state.enrollment.server_url)
        return SyncApi(client, state.enrollment.token.get_secret_value())

    def wipe(self) -> None:
        self.wiped = True
        self.store.destroy()

    def engine(self, *, batch_size: int = 200) -> SyncEngine:
        return SyncEngine(
            self.outbox, self.states, self.api_for, self.clock, self.wipe, batch_size=batch_size
        )

    def sync(self, *, batch_size: int = 200) -> SyncReport:
        return self.engine(batch_size=batch_size).sync()

    def close(self) -> None:
        if not self.wiped:
            self.store.close()
