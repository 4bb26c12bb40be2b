"""A device's first run in a real browser: the language switches at once, a short or mistyped
passphrase is refused with a reason, and a good one creates the encrypted store and opens the
(empty) caseload, offline and not linked to a server."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.i18n import Translator, message_for
from fieldapp.storage.store import EncryptedStore
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL, EN = Translator("nl"), Translator("en")
GOOD = "fietsen-langs-de-amstel-2026"


def _replace(page: Page, label: str, text: str) -> None:
    field = page.get_by_role("textbox", name=label)
    field.click()
    page.wait_for_function("document.activeElement && document.activeElement.tagName !== 'BODY'")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text, delay=20)


def test_first_run_creates_the_store_and_works_offline(browser: Browser, tmp_path: Path) -> None:
    with running_app(tmp_path, demo=False) as url:
        page = open_app(browser, url)
        expect(page.get_by_text(NL.gettext("Welcome to Veldwerk"))).to_be_visible(timeout=20_000)
        shot(page, screenshot_dir(tmp_path) / "first-run-phone-nl.png")
        page.get_by_role("button", name=NL.gettext("Language")).click()
        page.get_by_role("button", name="English").click()
        expect(page.get_by_text(EN.gettext("Welcome to Veldwerk"))).to_be_visible()
        # The screen is built again in English as the language menu closes. Once (CI), the
        # Start button's node then stayed off screen for 30 s, for a cause not yet found: the
        # taps wait for the settled frame, and a button off screen fails here, by that name.
        page.wait_for_timeout(700)
        expect(page.get_by_role("button", name=EN.gettext("Start"))).to_be_in_viewport()

        _replace(page, EN.gettext("Choose a passphrase"), "kort-kort")
        page.get_by_role("button", name=EN.gettext("Start")).click()
        too_short = EN.gettext("Too short: use at least 12 characters")
        expect(page.get_by_text(too_short).last).to_be_visible()

        _replace(page, EN.gettext("Choose a passphrase"), GOOD)
        _replace(page, EN.gettext("Type the passphrase again"), GOOD + "x")
        page.get_by_role("button", name=EN.gettext("Start")).click()
        expect(
            page.get_by_text(EN.gettext("The two passphrases are not the same."))
        ).to_be_visible()
        assert not EncryptedStore.exists(tmp_path / "store")

        _replace(page, EN.gettext("Type the passphrase again"), GOOD)
        page.get_by_role("button", name=EN.gettext("Start")).click()
        not_linked = "This device is not linked to a server yet. Everything stays here."
        assert _shows_in_order(page, not_linked, EN.gettext("No clients yet."), timeout=30)
        page.close()
    assert EncryptedStore.exists(tmp_path / "store")
    reopened = EncryptedStore.open(tmp_path / "store")
    reopened.unlock(GOOD)  # the store was made with the passphrase typed
    reopened.close()


def test_a_mistyped_pairing_code_is_told_and_the_caseload_still_opens(
    browser: Browser, tmp_path: Path
) -> None:
    """A code not in the pairing code format used to crash the app into Flet's error page."""
    with running_app(tmp_path, demo=False) as url:
        page = open_app(browser, url)
        expect(page.get_by_text(NL.gettext("Welcome to Veldwerk"))).to_be_visible(timeout=20_000)
        _replace(page, NL.gettext("Choose a passphrase"), GOOD)
        _replace(page, NL.gettext("Type the passphrase again"), GOOD)
        _replace(page, NL.gettext("Server (optional)"), "https://veldwerk.example.org")
        _replace(page, NL.gettext("Pairing code (optional)"), "WRONG-CODE-1")
        page.get_by_role("button", name=NL.gettext("Start")).click()
        wrong = message_for("enroll.invalid_code", translator=NL)
        later = NL.gettext("You can link this device later in Settings.")
        assert _shows_in_order(page, NL.gettext("No clients yet."), wrong, later, timeout=30)
        page.close()
