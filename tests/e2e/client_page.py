"""What the client-page journeys share: the demo app unlocked with a client's page open, and
reading and scrolling the screen-reader view (Flutter merges a card's lines into one group,
so they are found in its label, not as nodes of their own)."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from fieldapp.i18n import Translator
from fieldapp.i18n.bidi import strip_isolates
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import aria_text, into_view, type_into

NL = Translator("nl")


def screen_text(page: Page) -> str:
    return strip_isolates(aria_text(page))


def shows(page: Page, text: str, timeout: float = 10.0) -> bool:
    """Whether the screen-reader view holds ``text`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in screen_text(page):
            return True
        page.wait_for_timeout(200)
    return False


def gone(page: Page, text: str, timeout: float = 10.0) -> bool:
    """Whether ``text`` leaves the screen-reader view within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text not in screen_text(page):
            return True
        page.wait_for_timeout(200)
    return False


def scroll_until(page: Page, text: str, timeout: float = 20.0) -> None:
    """Scroll the page down until ``text`` is in the screen-reader view."""
    page.mouse.move(195, 500)
    deadline = time.monotonic() + timeout
    while text not in screen_text(page):
        assert time.monotonic() < deadline, f"{text!r} never came into view: {screen_text(page)}"
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)


def open_client(page: Page, name: str) -> None:
    """Unlock the demo store and open ``name``'s page."""
    type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=NL.gettext("Unlock")).click()
    client = page.get_by_role("button", name=name)
    expect(client).to_be_visible(timeout=20_000)
    into_view(page, client)
    client.click()
