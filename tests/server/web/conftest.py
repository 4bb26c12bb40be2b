"""The web pages against the real server (uvicorn on loopback, SQLite and PostgreSQL; the
fixtures of tests/server), with a browser-like client that keeps cookies and reads each form's
CSRF token."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx
import pytest

from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_employer
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.server.conftest import LiveServer

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """What a browser does for these pages: cookies, forms, no redirects followed silently."""

    def __init__(self, live: LiveServer) -> None:
        self.http = httpx.Client(base_url=live.url, follow_redirects=False, timeout=30)

    def csrf(self, path: str) -> str:
        response = self.http.get(path)
        found = CSRF.search(response.text)
        assert found, f"no form with a CSRF token on {path} ({response.status_code})"
        return found.group(1)

    def post(self, path: str, data: dict[str, str], *, form_page: str) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf(form_page), **data})

    def login(self, username: str, password: str = DEMO_PASSWORD) -> httpx.Response:
        return self.post("/login", {"username": username, "password": password}, form_page="/login")

    def code(self, code: str) -> httpx.Response:
        return self.post("/login/code", {"code": code}, form_page="/login/code")

    def close(self) -> None:
        self.http.close()


def current_code(clock: Clock, offset_steps: int = 0) -> str:
    return totp.code_at(DEMO_TOTP_SECRET, totp.step_of(clock()) + offset_steps)


@pytest.fixture
def browser(server: LiveServer, demo: object) -> Iterator[Browser]:
    client = Browser(server)
    yield client
    client.close()


@pytest.fixture
def employer_contact(ctx: ServerContext, demo: object) -> str:
    """The demo employer and its contact person's web account (not in the bare demo: every
    device pulls the register); returns the username."""
    return load_demo_employer(ctx)


@pytest.fixture
def second_browser(server: LiveServer, demo: object) -> Iterator[Browser]:
    client = Browser(server)
    yield client
    client.close()


def log_in(browser: Browser, username: str, clock: Clock) -> None:
    """A full login (with the code where the role needs one); asserts it worked."""
    answer = browser.login(username)
    assert answer.status_code == 303, answer.text
    if answer.headers["location"].startswith("/login/code"):
        assert browser.code(current_code(clock)).status_code == 303


def readable(page: str) -> str:
    """A page's main part as a person reads it (charts left out): its texts and cells joined
    by " | ", entities decoded."""
    main = re.sub(r"<svg.*?</svg>", "", page.split("<main", 1)[1], flags=re.DOTALL)
    return html.unescape(re.sub(r"(\s*\|\s*)+", " | ", re.sub(r"<[^>]+>", " | ", main)))
