"""Settings in a real browser: the language switches at once and stays after the next unlock,
the passphrase changes, and removing the device warns about unsent changes, asks again, and
then erases everything and starts the first run."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.store import EncryptedStore
from tests.e2e.conftest import open_app, running_app, screenshot_dir, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL, EN = Translator("nl"), Translator("en")
NEW = "een-nieuwe-lange-wachtwoordzin"


def _unlock(page: Page, passphrase: str, lang: Translator = NL) -> None:
    type_into(page, lang.gettext("Passphrase"), passphrase)
    page.get_by_role("button", name=lang.gettext("Unlock")).click()


def test_settings_language_passphrase_and_removal(browser: Browser, tmp_path: Path) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        _unlock(page, DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Settings")).click()
        remove_label = NL.gettext("Remove this device")
        page.get_by_role("button", name=remove_label).last.click()
        expect(
            page.get_by_text(
                NL.gettext("Sync first, or confirm that the unsent changes may be lost.")
            )
        ).to_be_visible()
        assert EncryptedStore.exists(tmp_path / "store")  # refused: changes are unsent
        page.screenshot(path=str(screenshot_dir(tmp_path) / "settings-phone-nl.png"))

        page.get_by_role("button", name=NL.gettext("Language")).click()
        page.get_by_role("button", name="English").click()
        assert _shows_in_order(page, EN.gettext("Automatic lock"))

        type_into(page, EN.gettext("Current passphrase"), DEMO_PASSPHRASE)
        type_into(page, EN.gettext("New passphrase"), NEW, exact=True)
        type_into(page, EN.gettext("Type the new passphrase again"), NEW)
        page.get_by_role("button", name=EN.gettext("Change passphrase")).click()
        expect(page.get_by_text(EN.gettext("The passphrase is changed."))).to_be_visible(
            timeout=20_000
        )

        page.get_by_role("button", name=EN.gettext("Back")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        page.locator('[flt-semantics-identifier="lock"]').click()
        _unlock(page, NEW, EN)  # the new passphrase, and English stayed
        assert _shows_in_order(page, "Agnieszka Nowak")

        page.get_by_role("button", name=EN.gettext("Settings")).click()
        page.get_by_role("checkbox", name="Remove anyway").click()
        page.get_by_role("button", name=EN.gettext("Remove this device")).last.click()
        expect(page.get_by_text(EN.gettext("Welcome to Veldwerk"))).to_be_visible(timeout=20_000)
        page.close()
    assert not EncryptedStore.exists(tmp_path / "store")
