"""Structured logs (issue 25, item 6): ``serve`` with ``VELDWERK_LOG_FORMAT=json`` writes one
JSON object per line, each request's lines carry its request id (the one the proxy sent, or a
new one, returned in ``X-Request-ID``), and a whole session of use leaves no personal data in
them: canaries in names, notes, a failed login's username and a refused push never appear."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from fieldapp.wire import API_PREFIX
from sync_server.app import build_context
from sync_server.bootstrap import prepare
from sync_server.demo import load_demo
from sync_server.services import admin, devices
from sync_server.settings import Settings
from tests.factories import build_client, build_visit
from tests.server.changes import change_of
from tests.server.conftest import ADMIN, free_port

CANARY = "Zoë-Canary-Logs"
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{40,}")


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VELDWERK_")}
    env |= {"VELDWERK_LOG_FORMAT": "json", "VELDWERK_LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "sync_server", "--data-dir", str(data_dir)]
    return subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        cwd=data_dir.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(root: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert server.poll() is None, server.communicate()
        try:
            httpx.get(f"{root}/healthz", timeout=1)
            return
        except httpx.TransportError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def _use(root: str, code: str) -> tuple[str, str]:
    """A session of use with canaries everywhere; returns the device token and the request
    id the proxy gave one request."""
    api = f"{root}{API_PREFIX}"
    enrolled = httpx.post(f"{api}/enroll", json={"pairing_code": code}, timeout=10).json()
    token = enrolled["token"]
    auth = {"Authorization": f"Bearer {token}"}
    client = build_client(id=uuid.uuid4(), given_name=CANARY, family_name=CANARY)
    visit = build_visit(client_id=client.id, notes_internal=f"{CANARY} belde over schulden")
    changes = [change_of(client).model_dump(mode="json"), change_of(visit).model_dump(mode="json")]
    pushed = httpx.post(
        f"{api}/sync/push",
        json={"changes": changes},
        headers={**auth, "X-Request-ID": "proxy-given-id-42"},
        timeout=10,
    )
    assert pushed.status_code == 200 and pushed.headers["x-request-id"] == "proxy-given-id-42"
    bad = dict(changes[0], body={"given_name": CANARY})
    assert (
        httpx.post(
            f"{api}/sync/push", json={"changes": [bad]}, headers=auth, timeout=10
        ).status_code
        == 200
    )
    assert httpx.get(f"{api}/sync/pull", headers=auth, timeout=10).status_code == 200
    assert httpx.post(
        f"{api}/sync/push", content=f'{{"{CANARY}": ', headers=auth, timeout=10
    ).status_code in (400, 422)
    assert httpx.get(f"{root}/clients/{client.id}", timeout=10).status_code in (303, 401, 404)
    login = httpx.get(f"{root}/login", timeout=10)
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf is not None
    httpx.post(
        f"{root}/login",
        data={"csrf": csrf.group(1), "username": CANARY, "password": f"{CANARY}-password"},
        cookies=login.cookies,
        timeout=10,
    )
    return token, "proxy-given-id-42"


def test_json_logs_of_a_session_carry_request_ids_and_no_personal_data(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port()
    settings = Settings(_env_file=None, data_dir=data_dir, database_url=None)
    ctx = build_context(settings)
    try:
        prepare(ctx)
        load_demo(ctx)
        code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
    finally:
        ctx.db.dispose()
    server = _serve(data_dir, port)
    root = f"http://127.0.0.1:{port}"
    try:
        _wait(root, server)
        token, given = _use(root, code)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    access = [line for line in lines if line["logger"] == "uvicorn.access"]
    assert len(access) >= 8 and all(line.get("request_id") for line in access)
    assert any(line["request_id"] == given and "/sync/push" in line["message"] for line in access)
    assert not [line for line in access if "127.0.0.1" in line["message"]]  # no client address
    assert CANARY not in err and "Canary" not in err
    assert token not in err and code not in err and "schulden" not in err
