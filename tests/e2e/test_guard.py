"""The guard itself (tests/e2e/guard.py) catches what it is for: a Python handler that raises
and an uncaught error in the page (and tests/test_screenshots.py shows the screenshot check
flags the broken step 1 of the visit wizard). It also still sees the app's request to a CDN,
the known defect that keeps console errors from failing a test yet."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.e2e.conftest import serving
from tests.e2e.guard import KNOWN_EXTERNAL, Watch, app_log_problems


def test_a_handler_that_raises_and_a_page_error_are_caught(
    browser: Browser, tmp_path: Path
) -> None:
    log_path = tmp_path / "app.log"
    with serving(log_path, "tests.e2e.guard_app") as (url, _app):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        watch = Watch().attach(page)
        page.goto(url)
        page.wait_for_selector("#loading", state="detached", timeout=60_000)
        page.locator("flt-semantics-placeholder").dispatch_event("click")
        page.get_by_role("button", name="Raise").click()
        page.evaluate("setTimeout(() => { throw new Error('guard self-test') }, 0)")
        page.wait_for_timeout(1_500)
        page.close()
    assert app_log_problems(log_path) == [
        "exception in the app: RuntimeError: guard self-test: a handler that raises"
    ]
    assert watch.problems == ["page error: guard self-test"]
    # Flet's bundle still asks a CDN for Rive's loader: when this fails, that defect is gone.
    assert any(KNOWN_EXTERNAL in error for error in watch.console_errors)


def test_a_browser_going_away_is_not_an_exception_of_the_app(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text(
        "Traceback (most recent call last):\n"
        '  File "/venv/uvicorn/protocols/websockets/websockets_impl.py", line 1, in run\n'
        "uvicorn.protocols.utils.ClientDisconnected\n"
        "Task exception was never retrieved\n"
        "Traceback (most recent call last):\n"
        '  File "/repo/fieldapp/app_session.py", line 3, in go\n'
        "ValueError: raised in the app's own code\n"
    )
    assert app_log_problems(log) == [
        "exception in the app: ValueError: raised in the app's own code"
    ]
