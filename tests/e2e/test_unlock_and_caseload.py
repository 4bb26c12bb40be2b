"""`make run`'s app in a real browser: a wrong passphrase is refused with a message, the demo
passphrase opens the caseload from the encrypted store, and the lock button locks again."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.store_errors import StoreErrorCode
from fieldapp.i18n import Translator, message_for
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import aria_text, open_app, running_app, screenshot_dir, shot, type_into

NL = Translator("nl")


def _shows_in_order(page: Page, *names: str, timeout: float = 20.0) -> bool:
    """True once the screen-reader view lists ``names`` in this order (Flutter merges the
    read-only tiles into one group whose text is in aria labels, not DOM text)."""
    order = re.compile(".*".join(map(re.escape, names)), re.DOTALL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if order.search(aria_text(page)):
            return True
        page.wait_for_timeout(200)
    return False


def type_and_read(page: Page, label: str, text: str, *, exact: bool = False) -> None:
    """:func:`type_into`, then check the screen-reader view holds what was typed: the field's
    own node, not a hidden input of Flutter's web engine, took the keys. (A field focused
    before the screen-reader mode was on, e.g. by autofocus, makes the engine type into a
    hidden input for the rest of the session.)"""
    type_into(page, label, text, exact=exact)
    expect(page.get_by_role("textbox", name=label, exact=exact)).to_have_value(text)


def test_unlock_shows_the_demo_caseload_and_lock_returns(
    browser: Browser, demo_app: str, tmp_path: Path
) -> None:
    page = open_app(browser, demo_app)
    passphrase_label = NL.gettext("Passphrase")
    unlock_label = NL.gettext("Unlock")

    type_into(page, passphrase_label, "dit-is-niet-het-wachtwoord")
    page.get_by_role("button", name=unlock_label).click()
    wrong = message_for(StoreErrorCode.WRONG_PASSPHRASE.value, translator=NL)
    expect(page.get_by_text(wrong)).to_be_visible(timeout=15_000)

    type_into(page, passphrase_label, DEMO_PASSPHRASE)
    page.get_by_role("button", name=unlock_label).click()
    assert _shows_in_order(page, "Agnieszka Nowak", "Fatima El Amrani", "Jayden Pinas")
    shot(page, screenshot_dir(tmp_path) / "caseload-phone-nl.png")

    page.get_by_role("button", name=NL.gettext("Lock")).click()
    expect(page.get_by_role("textbox", name=passphrase_label)).to_be_visible(timeout=10_000)
    assert not _shows_in_order(page, "Agnieszka Nowak", timeout=0.5)
    page.close()


def test_the_app_locks_itself_after_a_while_without_use(browser: Browser, tmp_path: Path) -> None:
    with running_app(tmp_path, "--auto-lock-seconds", "3") as url:
        page = open_app(browser, url)
        type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        notice = NL.gettext("Locked after a while without use.")
        expect(page.get_by_text(notice)).to_be_visible(timeout=15_000)
        expect(page.get_by_role("textbox", name=NL.gettext("Passphrase"))).to_be_visible()
        assert not _shows_in_order(page, "Agnieszka Nowak", timeout=0.5)
        page.close()


def test_the_sync_screen_lists_what_waits_offline(
    browser: Browser, demo_app: str, tmp_path: Path
) -> None:
    page = open_app(browser, demo_app)
    type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=NL.gettext("Unlock")).click()
    assert _shows_in_order(page, "Agnieszka Nowak")
    page.get_by_role("button", name=NL.gettext("Sync details")).click()
    waiting = NL.gettext("Waiting to be sent")
    assert _shows_in_order(page, NL.gettext("Client details"), waiting)
    shot(page, screenshot_dir(tmp_path) / "sync-details-phone-nl.png")
    page.get_by_role("button", name=NL.gettext("Back")).click()
    assert _shows_in_order(page, "Agnieszka Nowak")
    page.close()


def test_the_passphrase_can_be_shown_and_hidden_with_a_named_button(
    browser: Browser, demo_app: str, tmp_path: Path
) -> None:
    page = open_app(browser, demo_app)
    show, hide = NL.gettext("Show passphrase"), NL.gettext("Hide passphrase")
    type_and_read(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
    # The field, what was typed, and the button beside it that says what it does.
    assert _shows_in_order(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE, show)
    page.get_by_role("button", name=show).click()
    expect(page.get_by_role("button", name=hide)).to_be_visible()
    expect(page.get_by_role("button", name=show)).to_have_count(0)
    shot(page, screenshot_dir(tmp_path) / "unlock-shown-phone-nl.png")
    page.get_by_role("button", name=hide).click()
    expect(page.get_by_role("button", name=show)).to_be_visible()
    page.get_by_role("button", name=NL.gettext("Unlock")).click()
    assert _shows_in_order(page, "Agnieszka Nowak")  # the passphrase was kept as typed
    page.close()
