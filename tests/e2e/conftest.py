"""Browser tests: the real app in web mode (no CDN) driven by Playwright in Debian's Chromium.

Chromium comes from the system (`apt-get install chromium`, done by .ci/run); Playwright never
downloads a browser here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sync_server.demo_casework import seed_casework
from tests.e2e.guard import (
    FlutterEngineCrashError,
    Watch,
    app_log_problems,
    cut_off_text,
    hung_pages,
    is_engine_trap,
    overflowing,
)
from tests.error_box import assert_no_error_box
from tests.sync.harness import ServerProcess

CHROMIUM = os.environ.get("VELDWERK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


# Module scope: Playwright's sync API keeps an event loop running in this thread while the
# browser is open, which would break tests elsewhere that start their own loop.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def running_app(work: Path, *extra: str, demo: bool = True) -> Iterator[str]:
    """`python -m fieldapp --demo` on a free loopback port, as `make run` starts it (without
    ``demo``: a device on its first run)."""
    with app_process(work, *extra, demo=demo) as (url, _process):
        yield url


@contextmanager
def app_process(
    work: Path, *extra: str, demo: bool = True
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As :func:`running_app`, with the process (to kill it the hard way)."""
    command = ["fieldapp", "--data-dir", str(work / "store"), *(["--demo"] if demo else [])]
    try:
        with serving(work / "app.log", *command, *extra) as (url, process):
            yield url, process
    except Exception as failure:
        # What the browser showed ("Error running app") has its cause in the app's log.
        problems = app_log_problems(work / "app.log")
        if problems:
            raise AssertionError(f"the app's Python handlers failed: {problems}") from failure
        raise
    problems = app_log_problems(work / "app.log")
    assert not problems, f"the app's Python handlers failed: {problems}"


@contextmanager
def serving(
    log_path: Path, module: str, *args: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m module *args --port P`` on a free loopback port, its output in ``log_path``;
    stopped (SIGTERM) on the way out."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args, "--port", str(port)],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_for_http(url)
            yield url, process
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("demo")) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The sync server as a process on loopback, with the demo organisation."""
    process = (
        ServerProcess(tmp_path_factory.mktemp("server") / "server").load_demo(employer=True).start()
    )
    yield process
    process.stop()


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/screenshots when VELDWERK_SCREENSHOTS=1 (`make screenshots`), else a temp dir, so
    a plain test run never rewrites tracked files."""
    if os.environ.get("VELDWERK_SCREENSHOTS") == "1":
        target = REPO / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path


WATCHES: list[Watch] = []
"""The pages opened by the current test, each with what it met (see tests/e2e/guard.py)."""


@pytest.fixture(autouse=True)
def no_errors_in_the_browser() -> Iterator[None]:
    """Fails the test when a page it opened met a console error, a page error or a request
    outside this machine (tests/e2e/guard.py)."""
    WATCHES.clear()
    yield
    problems = [problem for watch in WATCHES for problem in watch.problems]
    traps = engine_traps()
    WATCHES.clear()
    if traps:
        raise FlutterEngineCrashError(f"{traps}; everything the page reported: {problems}")
    assert not problems, f"the page reported errors: {problems}"


def engine_traps() -> list[str]:
    """The WebAssembly traps the current test's pages met (see :class:`FlutterEngineCrashError`)."""
    return [problem for watch in WATCHES for problem in watch.problems if is_engine_trap(problem)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A browser test that failed after Flutter's engine crashed fails as
    :class:`FlutterEngineCrashError`, with what it was doing as the cause."""
    try:
        return (yield)
    # pytest.fail.Exception: pytest-timeout's, on a page that hung (not an Exception).
    except (Exception, pytest.fail.Exception) as failure:
        hung_pages(WATCHES)  # notes a page whose script stopped answering, as a trap
        traps = engine_traps()
        if traps:
            raise FlutterEngineCrashError(str(traps)) from failure
        raise


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests get one more try after a crash of Flutter's engine, and only then."""
    once_more = pytest.mark.flaky(reruns=1, only_rerun=[f"^{FlutterEngineCrashError.__name__}: "])
    for item in items:
        if item.nodeid.startswith("tests/e2e/"):
            item.add_marker(once_more)


def open_app(
    browser: Browser, url: str, width: int = 360, height: int = 800, *, text_scale: float = 1.0
) -> Page:
    """Load the page, wait for Flutter's first frame and switch its semantics tree on.

    ``text_scale``: the browser's text size (Flutter's web engine reads it from the root font
    size, as when a user sets larger text)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    WATCHES.append(Watch().attach(page))
    if text_scale != 1.0:
        page.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => {"
            f" document.documentElement.style.fontSize = '{16 * text_scale}px'; }});"
        )
    page.goto(url)
    page.wait_for_selector("#loading", state="detached", timeout=60_000)
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    page.wait_for_selector("flt-semantics-host flt-semantics", state="attached", timeout=30_000)
    return page


def aria_text(page: Page) -> str:
    """What the screen-reader view says now, or "" while it is being rebuilt.

    On a loaded machine Flutter can drop its semantics tree for a moment (a screen swap, a new
    session); a read then waits for a host that is not there. Such a read gives "" after a few
    seconds, and semantics are switched on again if Flutter offers its placeholder, so a caller
    polling for text keeps polling instead of failing on the first slow frame."""
    try:
        return page.locator("flt-semantics-host").aria_snapshot(timeout=5_000)
    except PlaywrightTimeout:
        # Every call here has a timeout (``count()`` has none): a page whose script is stuck
        # must fail its test at the caller's deadline, not hold the run until pytest-timeout.
        with suppress(PlaywrightTimeout):
            page.locator("flt-semantics-placeholder").first.dispatch_event("click", timeout=2_000)
        return ""


EDITING = "document.activeElement && ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)"
"""True while a text field has focus: Flutter puts a DOM input there only while it does."""


def field_text(page: Page) -> str:
    """What the focused text field holds, once it has settled: Flutter fills a field's input a
    moment after focus, so an early read can see it empty."""
    text, unchanged = None, 0
    for _ in range(20):
        page.wait_for_timeout(250)
        now = str(page.evaluate(f"({EDITING}) ? document.activeElement.value : ''"))
        unchanged = unchanged + 1 if now == text else 0
        text = now
        if unchanged == 2:
            break
    return text or ""


def field_value(page: Page, label: str) -> str:
    """What the text field labelled ``label`` holds: Flutter shows a field's text to the DOM
    only while it has focus, so it is focused first."""
    field = page.get_by_role("textbox", name=label, exact=True).first
    into_view(page, field)
    field.click()
    page.wait_for_function(EDITING)
    return field_text(page)


TOP_BAR = 120
"""Pixels at the top that the app bar and a screen's pinned heading can cover."""
BOTTOM_BAR = 100
"""Pixels at the bottom that a screen's pinned actions can cover."""


def into_view(page: Page, target: Locator, *, top: int = TOP_BAR, bottom: int = BOTTOM_BAR) -> None:
    """Scroll with the mouse wheel until ``target`` lies clear of the pinned bars (``top`` and
    ``bottom`` pixels; 0 for only on screen)."""
    viewport = page.viewport_size or {"width": 390, "height": 844}
    height = viewport["height"]
    for attempt in range(40):
        # A list builds only what is near the screen: a control further down is not there yet.
        box = target.bounding_box() if target.count() else None
        if box and box["y"] >= top and box["y"] + box["height"] <= height - bottom:
            return
        page.mouse.move(viewport["width"] / 2, height / 2)
        # Not built yet: further down first, then back up (it may lie above).
        down = box["y"] > height / 2 if box else attempt < 20
        page.mouse.wheel(0, 150 if down else -150)
        page.wait_for_timeout(200)


def type_into(page: Page, textbox_name: str, text: str, *, exact: bool = False) -> None:
    """Click a text field and type into it, then check the field holds what was typed.

    On a busy machine a first key can arrive before Flutter handles keys in the field, and a
    click during a redraw can leave the focus elsewhere: then the field is filled again."""
    type_into_field(page, page.get_by_role("textbox", name=textbox_name, exact=exact), text)


def type_into_field(page: Page, field: Locator, text: str) -> None:
    """:func:`type_into` for a field found otherwise (one of several with the same label)."""
    into_view(page, field, top=0, bottom=0)
    field.click()
    page.wait_for_function(EDITING)
    wanted = field_text(page) + text
    for _ in range(3):
        page.keyboard.type(text, delay=20)
        typed = str(page.evaluate(f"({EDITING}) ? document.activeElement.value : null"))
        if typed == wanted:
            return
        field.click()
        page.wait_for_function(EDITING)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Backspace")
        text = wanted
    raise AssertionError(f"the field {field} did not take the typed text")


def shot(page: Page, path: Path) -> None:
    """A screenshot once the frame has settled (fonts and the last redraw painted); the test
    fails when it shows Flutter's grey error box (a widget that failed to build), a control
    that reaches past the screen's edges, or a text cut off (see :func:`cut_off_text`)."""
    # The mouse away from the last control tapped, whose tooltip would cover what is under it
    # (a finger leaves no tooltip behind).
    page.mouse.move(1, page.viewport_size["height"] - 1 if page.viewport_size else 1)
    page.wait_for_timeout(700)
    # Two animation frames: the canvas has then painted what the semantics tree already shows
    # (once, a screenshot caught the unlock screen's last frame over the caseload's tree).
    # Bounded: a page whose engine crashed paints no frame, and fails here, not at pytest-timeout.
    page.wait_for_function(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>"
        " done(true))))",
        timeout=30_000,
    )
    page.screenshot(path=str(path))
    assert_no_error_box(path)
    wide = overflowing(page) + cut_off_text(page)
    assert not wide, f"{path.name}: {wide}"


@pytest.fixture(scope="module")
def casework_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The demo organisation with four weeks of casework, as `make run` shows it."""
    process = ServerProcess(tmp_path_factory.mktemp("server") / "server").load_demo(employer=True)
    seed_casework(process.ctx)
    process.start()
    yield process
    process.stop()
