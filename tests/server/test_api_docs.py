"""The API docs come from this server under their own CSP; every other answer has the strict,
no-script CSP; ``api_docs=False`` switches the docs and the schema off."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from fieldapp.wire import API_PREFIX
from sync_server.api.docs import DOCS_CSP
from sync_server.db.engine import Database
from sync_server.edge.security_headers import HEADERS
from sync_server.services.context import ServerContext
from tests.server.conftest import LiveServer, database_for

STRICT = HEADERS["Content-Security-Policy"]
DOCS = f"{API_PREFIX}/docs"
SCHEMA = f"{API_PREFIX}/openapi.json"
REFERENCE = re.compile(r"""<(script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)


@pytest.fixture
def database_url(tmp_path: Path, postgres_admin_url: str | None) -> Iterator[str]:
    """SQLite only: nothing here depends on the database engine."""
    yield from database_for("sqlite", tmp_path, postgres_admin_url)


@pytest.fixture
def live(ctx: ServerContext) -> Iterator[LiveServer]:
    server = LiveServer(ctx).start()
    yield server
    server.stop()


def _get(server: LiveServer, path: str) -> httpx.Response:
    return httpx.get(server.url + path, timeout=30)


def _directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in parts}


def test_the_docs_page_loads_only_this_servers_scripts_and_styles(live: LiveServer) -> None:
    page = _get(live, DOCS)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == DOCS_CSP
    policy = _directives(DOCS_CSP)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'none'" and "unsafe" not in DOCS_CSP

    assert "http://" not in page.text and "https://" not in page.text
    scripts = SCRIPT.findall(page.text)
    assert scripts and all(
        "src=" in attributes and not body.strip() for attributes, body in scripts
    )

    referenced = [url for _tag, url in REFERENCE.findall(page.text)]
    assert any(url.endswith("swagger-ui-bundle.js") for url in referenced)
    assert any(url.endswith("swagger-ui.css") for url in referenced)
    for url in referenced:
        absolute = urljoin(live.url + DOCS, url)
        assert urlsplit(absolute).netloc == urlsplit(live.url).netloc, url  # also "//cdn/..."
        asset = _get(live, urlsplit(absolute).path)
        assert asset.status_code == 200, url
        assert asset.content, url
        if url.endswith(".js"):
            assert "javascript" in asset.headers["content-type"]
        if url.endswith(".css"):
            assert asset.headers["content-type"].startswith("text/css")


def test_the_start_script_names_the_schema_and_no_other_host(live: LiveServer) -> None:
    page = _get(live, DOCS)
    (init,) = [url for _t, url in REFERENCE.findall(page.text) if url.endswith("init.js")]
    script = _get(live, init)
    assert script.status_code == 200
    assert SCHEMA in script.text and "://" not in script.text
    assert "validatorUrl: null" in script.text  # no badge fetched from swagger.io
    schema = _get(live, SCHEMA)
    assert schema.status_code == 200 and schema.json()["paths"]


def test_every_other_answer_has_the_strict_csp(live: LiveServer) -> None:
    answers = {
        "API JSON": _get(live, f"{API_PREFIX}/health"),
        "schema": _get(live, SCHEMA),
        "API 404": _get(live, f"{API_PREFIX}/nothing-here"),
        "API 401": httpx.get(f"{live.url}{API_PREFIX}/sync/pull", timeout=30),
        "API 422": httpx.post(f"{live.url}{API_PREFIX}/enroll", json={}, timeout=30),
        "API 405": httpx.delete(f"{live.url}{API_PREFIX}/health", timeout=30),
        "web page": _get(live, "/login"),
        "web redirect": _get(live, "/inbox"),
        "web 404": _get(live, "/nothing-here"),
        "stylesheet": _get(live, "/static/veldwerk.css"),
        "docs asset": _get(live, f"{DOCS}/assets/swagger-ui.css"),
        "docs script": _get(live, f"{DOCS}/init.js"),
    }
    statuses = {name: answer.status_code for name, answer in answers.items()}
    assert statuses["API 404"] == 404 and statuses["web 404"] == 404, statuses
    assert statuses["API 401"] == 401 and statuses["API 422"] == 422, statuses
    assert statuses["stylesheet"] == statuses["docs asset"] == 200, statuses
    for name, answer in answers.items():
        assert answer.headers.get("content-security-policy") == STRICT, name
        assert answer.headers.get("x-content-type-options") == "nosniff", name


def test_a_server_error_has_the_strict_csp(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Database, "ping", broken)
    answer = _get(live, f"{API_PREFIX}/health")
    assert answer.status_code == 500
    assert answer.headers["content-security-policy"] == STRICT


def test_api_docs_off_removes_the_docs_and_the_schema(ctx: ServerContext) -> None:
    settings = ctx.settings.model_copy(update={"api_docs": False})
    server = LiveServer(dataclasses.replace(ctx, settings=settings)).start()
    try:
        for path in (DOCS, f"{DOCS}/init.js", f"{DOCS}/assets/swagger-ui-bundle.js", SCHEMA):
            answer = _get(server, path)
            assert answer.status_code == 404, path
            assert answer.headers["content-security-policy"] == STRICT
        assert _get(server, f"{API_PREFIX}/health").status_code == 200
    finally:
        server.stop()
