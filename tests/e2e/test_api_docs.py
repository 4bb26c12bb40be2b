"""The API docs in Chromium: Swagger UI renders the schema under the page's own CSP, loading
everything from the server itself, with no CSP violation reported."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Request

from fieldapp.wire import API_PREFIX
from tests.sync.harness import ServerProcess


def test_swagger_ui_renders_from_this_server_under_its_csp(
    browser: Browser, server: ServerProcess
) -> None:
    page = browser.new_page()
    console: list[str] = []
    requested: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            console.append(message.text)

    def on_request(request: Request) -> None:
        requested.append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    try:
        page.goto(f"{server.url}{API_PREFIX}/docs")
        page.wait_for_selector(".opblock", timeout=30_000)  # the operations are listed
        assert page.locator(".opblock").count() >= 4
    finally:
        page.close()
    assert not [text for text in console if "Content Security Policy" in text], console
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(server.url).netloc}
    assert any(url.endswith(f"{API_PREFIX}/openapi.json") for url in requested)
