"""Issue 17, item 4, as a person meets it: a file of a client's was deleted while the app was
closed. After unlock the app says what is missing and what it held, offers the earlier copy with
what that brings back, and opens the caseload only after the person chose."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from fieldapp.app import prepare_demo_store
from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.store import PARTITIONS_DIR, EncryptedStore
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL = Translator("nl")


def _delete_a_client_segment_with_an_earlier_copy(directory: Path) -> None:
    store = EncryptedStore.open(directory)
    store.unlock(DEMO_PASSPHRASE)
    try:
        root = directory / PARTITIONS_DIR
        clients = [name for name in store.partitions() if name.startswith("client:")]
        for name in clients:
            segment = root / store.directory_name(name) / "000001.vws"
            if segment.with_name(segment.name + ".prev").exists():
                segment.unlink()
                return
    finally:
        store.close()
    raise AssertionError("no client segment with an earlier copy in the demo store")


def test_a_deleted_file_is_shown_and_the_earlier_copy_put_back_on_request(
    browser: Browser, tmp_path: Path
) -> None:
    prepare_demo_store(tmp_path / "store")
    _delete_a_client_segment_with_an_earlier_copy(tmp_path / "store")
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        assert _shows_in_order(
            page,
            NL.gettext("Some data on this device is missing"),
            NL.gettext("Part of a file on this device is missing."),
            NL.gettext("It belongs to a client's file."),
            NL.gettext("What was saved in this part after that copy stays lost."),
            timeout=30,
        )
        expect(page.get_by_role("button", name=NL.gettext("Continue without it"))).to_be_visible()
        shot(page, screenshot_dir(tmp_path) / "missing-data-phone-nl.png")
        assert not _shows_in_order(page, "Agnieszka Nowak", timeout=0.5)  # not before a choice
        page.get_by_role("button", name=NL.gettext("Put back the earlier copy")).click()
        assert _shows_in_order(page, "Agnieszka Nowak", timeout=30)
        page.close()
