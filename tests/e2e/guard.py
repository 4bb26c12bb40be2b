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
(``fieldapp/web_runtime.py``); the guard's own test shows an unpatched client is caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Request

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
LOCAL_SCHEMES = ("data:", "blob:", "about:")
TRACEBACK = "Traceback (most recent call last)"
HANDLER_ERROR = "Unhandled error in"
"""How Flet introduces the traceback of an event handler that raised."""
APP_CODE = "/fieldapp/"


@dataclass
class Watch:
    """Problems one page met, in the order it met them."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
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
            problems.append(f"exception in the app: {last}")
    return problems
