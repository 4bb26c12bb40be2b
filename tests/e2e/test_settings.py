"""Settings in a real browser: the language switches at once (the sync bar's texts too) and
stays after the next unlock, the passphrase changes, and removing the device warns about
unsent changes, asks again, and then erases everything and starts the first run. The whole
screen reads in order: each setting with its value, what was typed, and each message."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from fieldapp.i18n import Translator, message_for
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.store import EncryptedStore
from fieldapp.ui.passphrase import judge
from tests.e2e.conftest import (
    EDITING,
    field_text,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)
from tests.e2e.taps import into_view
from tests.e2e.test_unlock_and_caseload import _shows_in_order, type_and_read

NL, EN = Translator("nl"), Translator("en")
NEW = "een-nieuwe-lange-wachtwoordzin"


def _unlock(page: Page, passphrase: str, lang: Translator = NL) -> None:
    type_into(page, lang.gettext("Passphrase"), passphrase)
    page.get_by_role("button", name=lang.gettext("Unlock")).click()


def _on_screen(page: Page, text: str) -> Locator:
    """``text`` on the screen itself (a message is also read out: Flutter puts it in an
    announcement element as well)."""
    return page.locator("flt-semantics-host").get_by_text(text, exact=True)


def _the_sync_bar_speaks(page: Page, lang: Translator, other: Translator) -> None:
    """Every text of the sync bar (state, screen-reader names and tooltips) in ``lang``: the bar
    outlives a language switch."""
    for text in ("Sync now", "Sync details"):
        # The name is the label, then the tooltip: both in the new language.
        both = re.compile(rf"^{re.escape(lang.gettext(text))}\s+{re.escape(lang.gettext(text))}$")
        expect(page.get_by_role("button", name=both)).to_be_visible()
        expect(page.get_by_role("button", name=other.gettext(text))).to_have_count(0)
    page.get_by_role("button", name=lang.gettext("Sync now")).hover()
    expect(_on_screen(page, lang.gettext("Sync now"))).to_be_visible()  # its tooltip
    assert _shows_in_order(page, lang.gettext("Offline"))


def test_settings_language_passphrase_and_removal(browser: Browser, tmp_path: Path) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        _unlock(page, DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Settings")).click()
        remove = page.get_by_role("button", name=NL.gettext("Remove this device")).last
        into_view(page, remove)
        remove.click()
        sync_first = NL.gettext("Sync first, or confirm that the unsent changes may be lost.")
        expect(_on_screen(page, sync_first)).to_be_visible()
        assert EncryptedStore.exists(tmp_path / "store")  # refused: changes are unsent
        shot(page, screenshot_dir(tmp_path) / "settings-phone-nl.png")

        language = page.get_by_role("button", name=NL.gettext("Language"))
        into_view(page, language, top=0, bottom=0)
        language.click()
        page.get_by_role("button", name="English").click()
        assert _shows_in_order(page, EN.gettext("Automatic lock"))

        type_into(page, EN.gettext("Current passphrase"), DEMO_PASSPHRASE)
        type_into(page, EN.gettext("New passphrase"), NEW, exact=True)
        type_into(page, EN.gettext("Repeat the new passphrase"), NEW)
        page.get_by_role("button", name=EN.gettext("Change passphrase")).click()
        changed = EN.gettext("The passphrase is changed.")
        expect(_on_screen(page, changed)).to_be_visible(timeout=20_000)

        page.get_by_role("button", name=EN.gettext("Back")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        _the_sync_bar_speaks(page, EN, NL)
        page.locator('[flt-semantics-identifier="lock"]').click()
        _unlock(page, NEW, EN)  # the new passphrase, and English stayed
        assert _shows_in_order(page, "Agnieszka Nowak")

        page.get_by_role("button", name=EN.gettext("Settings")).click()
        anyway = page.get_by_role("checkbox", name="Remove anyway")
        into_view(page, anyway)
        anyway.click()
        page.get_by_role("button", name=EN.gettext("Remove this device")).last.click()
        expect(page.get_by_text(EN.gettext("Welcome to Veldwerk"))).to_be_visible(timeout=20_000)
        # The first run has the named show-passphrase button too (in the language kept).
        page.get_by_role("button", name=EN.gettext("Show passphrase")).click()
        expect(page.get_by_role("button", name=EN.gettext("Hide passphrase"))).to_be_visible()
        page.close()
    assert not EncryptedStore.exists(tmp_path / "store")


def _retype(page: Page, label: str, text: str, *, exact: bool = False) -> None:
    """Empty the field, then type ``text`` into it. On a busy machine the first keys can
    arrive before Flutter handles keys in the field: the clearing is repeated until it took."""
    for _ in range(3):
        page.get_by_role("textbox", name=label, exact=exact).click()
        page.wait_for_function(EDITING)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Backspace")
        if field_text(page) == "":
            break
    type_and_read(page, label, text, exact=exact)


def _pick(page: Page, label: str, choice: str) -> None:
    page.get_by_role("button", name=label).click()
    page.get_by_role("button", name=choice, exact=True).click()


def test_settings_read_in_order_with_values_and_messages(browser: Browser, tmp_path: Path) -> None:
    """The screen-reader view of settings, top to bottom: each setting's label with its value,
    what was just typed, and each message where it belongs."""
    t = NL.gettext

    def minutes(n: int) -> str:
        return NL.ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}

    def seconds(n: int) -> str:
        return NL.ngettext("%(n)d second", "%(n)d seconds", n) % {"n": n}

    lock_after, give_up = t("Lock after"), t("Give up after")
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        _unlock(page, DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Settings")).click()
        assert _shows_in_order(
            page,
            t("Language"),
            "Nederlands",
            t("Automatic lock"),
            lock_after,
            minutes(5),
            t("Server"),
            t("Pairing code"),
            t("Link"),
            t("Sync"),
            t("A sync that makes no progress for this long stops. Nothing is lost."),
            give_up,
            seconds(30),
            t("Current passphrase"),
            t("New passphrase"),
            t("Repeat the new passphrase"),
            t("Change passphrase"),
            t("Remove this device"),
        )

        _pick(page, lock_after, minutes(10))
        _pick(page, give_up, seconds(10))
        assert _shows_in_order(page, lock_after, minutes(10), give_up, seconds(10))

        type_and_read(page, t("Server"), "http://veldwerk.example.org")
        type_and_read(page, t("Pairing code"), "K7QM-2XWD-9PRT")
        page.get_by_role("button", name=t("Link")).click()
        bad_url = message_for("sync.bad_url", translator=NL)
        assert _shows_in_order(
            page,
            t("Server"),
            "http://veldwerk.example.org",
            t("Pairing code"),
            "K7QM-2XWD-9PRT",
            bad_url,
            t("Link"),
        )

        _retype(page, t("Server"), "https://veldwerk.example.org")
        _retype(page, t("Pairing code"), "1234")
        page.get_by_role("button", name=t("Link")).click()
        bad_code = message_for("enroll.invalid_code", translator=NL)
        assert _shows_in_order(page, "https://veldwerk.example.org", "1234", bad_code, t("Link"))
        assert not _shows_in_order(page, bad_url, timeout=0.5)

        type_and_read(page, t("Current passphrase"), DEMO_PASSPHRASE)
        type_and_read(page, t("New passphrase"), "kort", exact=True)
        page.get_by_role("button", name=t("Change passphrase")).click()
        too_short = judge("kort").label
        assert _shows_in_order(page, t("New passphrase"), "kort", too_short, t("Change passphrase"))
        _retype(page, t("New passphrase"), NEW, exact=True)
        type_and_read(page, t("Repeat the new passphrase"), NEW + "-anders")
        page.get_by_role("button", name=t("Change passphrase")).click()
        differ = t("The two passphrases are not the same.")
        assert _shows_in_order(page, t("Repeat the new passphrase"), NEW + "-anders", differ)
        shot(page, screenshot_dir(tmp_path) / "settings-messages-phone-nl.png")

        # The choices stay: the screen again, after leaving it.
        page.get_by_role("button", name=t("Back")).click()
        page.get_by_role("button", name=t("Settings")).click()
        assert _shows_in_order(page, lock_after, minutes(10), give_up, seconds(10))
        page.close()
