"""The request body cap: 413 ``request.too_large`` before anything parses the body, whether the
client says the length, streams it chunked, or lies about it; and the cap is advertised.

The chunked and lying cases drive the ASGI app directly, message by message, so the test sees
exactly how much of the body the app pulled (a real server would not pass a lying length on);
the 50 MB case goes over a real socket to uvicorn.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from fieldapp.wire import API_PREFIX, MAX_REQUEST_BYTES_HEADER
from sync_server.api import routes_sync
from sync_server.app import create_app
from sync_server.edge.security_headers import HEADERS
from sync_server.services.context import ServerContext
from tests.server.conftest import LiveServer, database_for

CAP = 64 * 1024
CHUNK = 8 * 1024
PUSH = f"{API_PREFIX}/sync/push"
FORM = b"application/x-www-form-urlencoded"
JUNK_JSON = b'{"changes":[' + b" " * (4 * CAP)
"""Would be a 422 ``request.invalid`` if anything parsed it."""


@pytest.fixture
def database_url(tmp_path: Path, postgres_admin_url: str | None) -> Iterator[str]:
    """SQLite only: nothing here depends on the database engine."""
    yield from database_for("sqlite", tmp_path, postgres_admin_url)


@dataclass
class Answer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    pulled: int = 0
    """Bytes of the request body the app read."""

    @property
    def problem(self) -> Any:
        return json.loads(self.body)


def call(
    app: FastAPI,
    path: str,
    body: bytes,
    *,
    declared: int | None,
    chunk: int = CHUNK,
    kind: bytes = b"application/json",
) -> Answer:
    """One POST through the ASGI app: ``body`` in ``chunk``-sized messages, with a
    ``Content-Length`` of ``declared`` (``None``: chunked transfer, no length)."""
    answer = Answer()
    parts = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    headers = [(b"content-type", kind)]
    if declared is None:
        headers.append((b"transfer-encoding", b"chunked"))
    else:
        headers.append((b"content-length", str(declared).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = iter(parts)

    async def receive() -> dict[str, Any]:
        part = next(sent, None)
        if part is None:
            return {"type": "http.disconnect"}
        answer.pulled += len(part)
        return {"type": "http.request", "body": part, "more_body": answer.pulled < len(body)}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    async def run() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=30)

    asyncio.run(run())
    return answer


@pytest.fixture
def capped(ctx: ServerContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    """The app with a 64 KiB cap; the push service fails the test if it is ever reached."""

    async def never(*_args: object) -> None:
        raise AssertionError("the push service was reached")

    monkeypatch.setattr(routes_sync, "push_with_token", never)
    settings = ctx.settings.model_copy(update={"max_request_bytes": CAP})
    yield create_app(settings, context=dataclasses.replace(ctx, settings=settings))


def assert_too_large(answer: Answer) -> None:
    assert answer.status == 413, answer.body
    assert answer.problem["code"] == "request.too_large"
    assert answer.headers["connection"] == "close"
    assert answer.headers[MAX_REQUEST_BYTES_HEADER.lower()] == str(CAP)
    assert answer.headers["content-security-policy"] == HEADERS["Content-Security-Policy"]


def test_a_declared_length_over_the_cap_is_refused_without_reading_the_body(
    capped: FastAPI,
) -> None:
    answer = call(capped, PUSH, JUNK_JSON, declared=len(JUNK_JSON))
    assert_too_large(answer)
    assert answer.pulled == 0


def test_a_chunked_body_over_the_cap_is_refused_as_soon_as_it_crosses_the_cap(
    capped: FastAPI,
) -> None:
    answer = call(capped, PUSH, JUNK_JSON, declared=None)
    assert_too_large(answer)
    assert CAP < answer.pulled <= CAP + CHUNK  # read up to the cap, not one chunk more


def test_a_lying_content_length_is_refused_when_the_body_crosses_the_cap(
    capped: FastAPI,
) -> None:
    answer = call(capped, PUSH, JUNK_JSON, declared=100)
    assert_too_large(answer)
    assert answer.pulled <= CAP + CHUNK


def test_web_form_posts_are_capped_with_a_page_a_person_can_read(capped: FastAPI) -> None:
    body = b"username=a&password=" + b"x" * (2 * CAP)
    for declared in (len(body), None):
        answer = call(capped, "/login", body, declared=declared, kind=FORM)
        assert answer.status == 413
        assert answer.headers["content-type"].startswith("text/html")
        page = answer.body.decode()
        assert "python -m sync_server routing-import" in page  # where large tables go
        assert "Nothing was changed" in page or "Er is niets veranderd" in page
        assert MAX_REQUEST_BYTES_HEADER.lower() not in answer.headers  # said to devices only
        assert answer.headers["content-security-policy"] == HEADERS["Content-Security-Policy"]


def test_a_body_at_the_cap_is_parsed_as_usual(capped: FastAPI) -> None:
    body = b'{"changes":[' + b" " * (CAP - 12)
    assert len(body) == CAP
    for declared in (CAP, None):
        answer = call(capped, PUSH, body, declared=declared)
        assert answer.status == 422 and answer.problem["code"] == "request.invalid"
        assert answer.pulled == CAP
        assert answer.headers[MAX_REQUEST_BYTES_HEADER.lower()] == str(CAP)


def _post_raw(url: str, head: bytes, body: bytes, timeout: float) -> bytes:
    """Send the request head and then ``body`` to the server, reading whatever comes back;
    stops sending once an answer arrived or the server closed the connection."""
    host, port = url.removeprefix("http://").split(":")
    answer = b""
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        sent, deadline = 0, time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
                if b"\r\n\r\n" in answer:
                    break
            except BlockingIOError:
                pass
            try:
                if sent < len(body):
                    sent += sock.send(body[sent : sent + 65536])
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                pass
            time.sleep(0.001)
    return answer


def test_an_unauthenticated_50_mb_body_gets_413_at_once_over_the_wire(
    ctx: ServerContext,
) -> None:
    live = LiveServer(ctx).start()  # the default cap
    try:
        size = 50 * 1024 * 1024
        head = (
            f"POST {PUSH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n"
        ).encode()
        started = time.monotonic()
        answer = _post_raw(live.url, head, b"{" + b" " * (1024 * 1024), timeout=10)
        assert time.monotonic() - started < 5
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]

        chunked = f"POST {PUSH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        piece = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
        stream = b"".join([piece] * (ctx.settings.max_request_bytes // 0x10000 + 16))
        answer = _post_raw(live.url, chunked.encode(), stream, timeout=10)
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    finally:
        live.stop()
