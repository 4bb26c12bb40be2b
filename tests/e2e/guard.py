"""What no browser journey may meet (issue 18): an error in the browser's console, an uncaught
page error, a request that leaves this machine, an exception in the app's Python handlers,
Flutter's grey error box, or content wider than the screen.

A Flutter release build reports neither a failed build nor an overflow to the console, so one
signal is not enough:
- pages opened with :func:`tests.e2e.conftest.open_app` are watched (:class:`Watch`) and the
  fixture ``no_errors_in_the_browser`` fails the test on what they met;
- the app process's log is read for Python tracebacks when the app stops
  (:func:`app_log_problems`);
- every screenshot is checked for the grey box (:mod:`tests.error_box`) and for controls that
  reach past the screen's edges (:func:`overflowing`).

The app serves Flet's web client patched not to ask a CDN for Rive's loader
(``fieldapp/wiring/web_runtime.py``); the guard's own test shows an unpatched client is caught.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeout

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
LOCAL_SCHEMES = ("data:", "blob:", "about:")
TRACEBACK = "Traceback (most recent call last)"
HANDLER_ERROR = "Unhandled error in"
"""How Flet introduces the traceback of an event handler that raised."""
APP_CODE = "/fieldapp/"


ENGINE_TRAPS = (
    "memory access out of bounds",
    "table index is out of bounds",
    "null function",
    "function signature mismatch",
)
"""How a WebAssembly trap reads as a page error: Flet's web client runs Flutter's engine as
WebAssembly (skwasm), and on a loaded machine that engine has crashed this way mid-test."""


class FlutterEngineCrashError(AssertionError):
    """A page met a WebAssembly trap, or its script stopped answering after the test failed:
    Flutter's engine crashed or hung, not the app's code (which is Python on the server side of
    the page). The test fails with this, and is run once more
    (``tests/e2e/conftest.py``); the second run must pass without any error of its own, so a
    page that crashes every time still fails."""


HUNG = "page script not answering"
"""What :func:`hung_pages` notes for a page whose script stopped answering: Flutter's engine
spinning (seen after an unlock on a loaded machine, with the browser at full CPU)."""
ANSWER_WITHIN_MS = 5_000


def hung_pages(watches: list[Watch]) -> list[str]:
    """The open pages whose script does not answer a trivial call within
    :data:`ANSWER_WITHIN_MS` (asked only after a test failed), each noted as a problem."""
    found = []
    for watch in watches:
        page = watch.page
        if page is None or page.is_closed():
            continue
        try:
            page.wait_for_function("() => true", polling=100, timeout=ANSWER_WITHIN_MS)
        except PlaywrightTimeout:
            watch.problems.append(f"page error: {HUNG}")
            found.append(page.url)
    return found


def is_engine_trap(problem: str) -> bool:
    return problem.startswith("page error: ") and any(
        trap in problem for trap in (*ENGINE_TRAPS, HUNG)
    )


@dataclass
class Watch:
    """Problems one page met, in the order it met them."""

    problems: list[str] = field(default_factory=list)
    page: Page | None = None

    def attach(self, page: Page) -> Watch:
        self.page = page
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("request", self._request)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            url = str(message.location.get("url", ""))
            self.problems.append(f"console error: {message.text} ({url})")

    def _page_error(self, error: Error) -> None:
        self.problems.append(f"page error: {error}")

    def _request(self, request: Request) -> None:
        if request.url.startswith(LOCAL_SCHEMES):
            return
        host = urlsplit(request.url).hostname or ""
        if host not in LOCAL_HOSTS and f"[{host}]" not in LOCAL_HOSTS:
            self.problems.append(f"request outside this machine: {request.url}")


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const node of document.querySelectorAll('flt-semantics')) {
    if (node.querySelector('flt-semantics')) continue;  // leaves only: what a person reads
    const name = (node.getAttribute('aria-label') || node.textContent || '').trim();
    if (!name) continue;  // an icon button's inner box, say: its button has the name
    const r = node.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // A list that scrolls sideways shows part of its content on purpose.
    let sideways = false;
    for (let up = node.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'scroll' || style.overflowX === 'auto') { sideways = true; break; }
    }
    // Flutter clips a node's box to its parent's: a control cut off by the screen's edge ends
    // exactly there, although it starts inside (full-width tiles start at the edge too).
    const cutRight = Math.abs(r.right - width) < 0.5 && r.left > 0.5;
    const cutLeft = Math.abs(r.left) < 0.5 && r.right < width - 0.5;
    if (!sideways && (cutRight || cutLeft || r.left < -1 || r.right > width + 1)) {
      const span = `${Math.round(r.left)}..${Math.round(r.right)}`;
      found.push(`${name.slice(0, 60)} (${span} of ${width})`);
    }
  }
  return found;
}"""


def overflowing(page: Page) -> list[str]:
    """Controls that reach past the left or right edge of the screen (a row too wide for a
    phone, which Flutter clips without a word in a release build). Flutter drops a control
    that lies wholly off screen from the semantics tree, so the one cut at the edge is what
    shows an overflow; the journeys' content checks miss the dropped ones."""
    return [f"wider than the screen: {item}" for item in page.evaluate(OVERFLOW)]


AT_SCROLL_EDGE = """(node) => {
  // Whether a scrolling list clips the node (it reaches the list's edge): its box is then only
  // the part in view, smaller than the control.
  // Flutter gives a scrolling list's node overflow hidden (or scroll); others are visible.
  const r = node.getBoundingClientRect();
  const clips = ['hidden', 'scroll', 'auto'];
  for (let up = node.parentElement; up; up = up.parentElement) {
    if (up.tagName !== 'FLT-SEMANTICS') continue;
    const style = getComputedStyle(up);
    const x = clips.includes(style.overflowX);
    const y = clips.includes(style.overflowY);
    if (!x && !y) continue;
    const a = up.getBoundingClientRect();
    if (x && (r.left <= a.left + 1 || r.right >= a.right - 1)) return true;
    if (y && (r.top <= a.top + 1 || r.bottom >= a.bottom - 1)) return true;
  }
  return false;
}"""
"""A JavaScript function of a semantics node, for the checks below and the tests' own."""

TEXT_NODES = (
    """() => {
  const atScrollEdge = """
    + AT_SCROLL_EDGE
    + """;
  const scale = parseFloat(getComputedStyle(document.documentElement).fontSize) / 16;
  const nodes = [];
  for (const node of document.querySelectorAll('flt-semantics')) {
    if (node.querySelector('flt-semantics')) continue;
    const role = node.getAttribute('role'), label = node.getAttribute('aria-label');
    // Plain text (what the node shows is its text) and chips and tiles that are checked.
    const text = (role === null ? node.textContent : role === 'checkbox' ? label : '') || '';
    const r = node.getBoundingClientRect();
    // Under 57 px wide is an icon's or a check box's own box: its words are drawn beside it.
    if (!text.trim() || r.width < 57 || r.height === 0 || atScrollEdge(node)) continue;
    nodes.push({text, chip: role === 'checkbox', width: r.width, height: r.height});
  }
  return {scale, nodes};
}"""
)
"""The app page's named text nodes and its text scale (read only: the page is not touched)."""

LOAD_FONT = """async (font) => {
  const bytes = Uint8Array.from(atob(font), c => c.charCodeAt(0));
  document.fonts.add(await new FontFace('VeldwerkMeasure', bytes.buffer).load());
}"""

MEASURE = """({scale, nodes}) => {
  const ctx = document.createElement('canvas').getContext('2d');
  const wide = (text, px) => {
    ctx.font = `${px * scale}px VeldwerkMeasure`;
    return ctx.measureText(text).width;
  };
  const line = 14 * scale * 1.17, found = [];
  for (const {text, chip, width, height} of nodes) {
    const name = text.trim().slice(0, 50);
    // The smallest text the app uses is 12 px: a word wider than that at 12 px cannot fit.
    for (const word of text.split(/\\s+/)) {
      if (wide(word, 12) > width + 1) {
        found.push(`"${word}" broken inside a word in "${name}" (${Math.round(width)} px)`);
        break;
      }
    }
    // A chip keeps its label on one line (at Material's 14 px): a longer one is cut off.
    if (chip && height < 2 * line + 24 && wide(text, 14) > width - 16) {
      found.push(`"${name}" cut off (${Math.round(wide(text, 14))} px in ${Math.round(width)})`);
    }
  }
  return found;
}"""
"""Run in a blank page of its own: adding a font to the app's page could make Flutter's
engine lay its text out again in the middle of a test."""

APP_FONT = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans.ttf"
"""The font the web client draws all the app's text in."""
_MEASURING: dict[int, Page] = {}


def _font() -> str:
    return base64.b64encode(APP_FONT.read_bytes()).decode()


def _measuring_page(page: Page) -> Page:
    """One blank page per browser, with the app's font loaded once."""
    browser = page.context.browser
    key = id(browser)
    found = _MEASURING.get(key)
    if found is None or found.is_closed():
        assert browser is not None
        found = browser.new_page()
        found.evaluate(LOAD_FONT, _font())  # once per page: the font is 750 kB
        _MEASURING[key] = found
    return found


def cut_off_text(page: Page) -> list[str]:
    """Texts the screen cannot show whole: a word broken in two (a slot too narrow for it) or a
    chip's one-line label longer than the chip. Measured in the app's own font at the page's
    text size, at the smallest size the app draws, so that what is flagged is cut off for sure;
    a semantics box alone cannot tell, since Flutter clips a label inside its own box."""
    seen = page.evaluate(TEXT_NODES)
    if not seen["nodes"]:
        return []
    found = _measuring_page(page).evaluate(MEASURE, seen)
    return [f"text cut off: {item}" for item in found]


def app_log_problems(log: Path) -> list[str]:
    """Each exception of the app's own making in its log, as its last line: a traceback that
    Flet reports as an unhandled error in a handler, or one that passes through the app's code.
    Tracebacks of the web server alone (a browser that went away: ``WebSocketDisconnect``,
    ``ClientDisconnected``) are the transport's, not the app's."""
    if not log.exists():
        return []
    problems = []
    lines = log.read_text(errors="replace").splitlines()
    for index, line in enumerate(lines):
        if TRACEBACK not in line:
            continue
        rest = lines[index + 1 :]
        end = next((n for n, text in enumerate(rest) if not text.startswith(" ")), len(rest))
        frames = rest[:end]
        in_a_handler = index > 0 and HANDLER_ERROR in lines[index - 1]
        if in_a_handler or any(APP_CODE in frame for frame in frames):
            last = rest[end] if end < len(rest) else "(traceback cut off)"
            where = [frame.strip() for frame in frames if APP_CODE in frame][-1:]
            problems.append(f"exception in the app: {last} {' '.join(where)}".rstrip())
    return problems
