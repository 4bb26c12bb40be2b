"""The guard itself (tests/e2e/guard.py) catches what it is for: a Python handler that raises,
an uncaught error in the page, a request to a CDN with the console error it leaves, and a row
too wide for a 390 px screen (tests/test_screenshots.py shows the screenshot check flags the
broken step 1 of the visit wizard). And the app itself makes no request outside the machine."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.e2e.conftest import serving
from tests.e2e.guard import Watch, app_log_problems, cut_off_text, overflowing


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
        assert overflowing(page) == []
        page.get_by_role("button", name="Raise").click()
        page.get_by_role("button", name="Too wide").click()
        page.wait_for_timeout(1_000)
        too_wide = overflowing(page)
        assert cut_off_text(page) == []
        page.get_by_role("button", name="Cut text").click()
        page.wait_for_timeout(1_000)
        cut = cut_off_text(page)
        page.evaluate("setTimeout(() => { throw new Error('guard self-test') }, 0)")
        page.wait_for_timeout(1_500)
        page.close()
    assert app_log_problems(log_path) == [
        "exception in the app: RuntimeError: guard self-test: a handler that raises"
    ]
    assert "page error: guard self-test" in watch.problems
    # Flet's web client as it comes asks a CDN for Rive's loader (the app serves it patched).
    assert any(p.startswith("request outside this machine: https://cdn.") for p in watch.problems)
    assert any(p.startswith("console error: ") for p in watch.problems)
    assert [item.split(" (")[0] for item in too_wide] == ["wider than the screen: Box 1"]
    assert [item.split(" (")[0] for item in cut] == [
        'text cut off: "Werkgever of leidinggevende van de cliënt op de we" cut off',
        'text cut off: "Samenvatting" broken inside a word in "Samenvatting"',
    ]


def test_the_app_asks_nothing_of_other_machines(browser: Browser, demo_app: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    watch = Watch().attach(page)
    page.goto(demo_app)
    page.wait_for_selector("#loading", state="detached", timeout=60_000)
    page.wait_for_timeout(3_000)  # the Rive loader is asked for once the engine runs
    page.close()
    assert watch.problems == []


def test_a_browser_going_away_is_not_an_exception_of_the_app(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text(
        "Traceback (most recent call last):\n"
        '  File "/venv/uvicorn/protocols/websockets/websockets_impl.py", line 1, in run\n'
        "uvicorn.protocols.utils.ClientDisconnected\n"
        "Task exception was never retrieved\n"
        "Traceback (most recent call last):\n"
        '  File "/repo/fieldapp/wiring/app_session.py", line 3, in go\n'
        "ValueError: raised in the app's own code\n"
    )
    assert app_log_problems(log) == [
        "exception in the app: ValueError: raised in the app's own code"
        ' File "/repo/fieldapp/wiring/app_session.py", line 3, in go'
    ]
