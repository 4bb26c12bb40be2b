"""Issue 17, item 4, as a person meets it: a file of a client's was deleted while the app was
closed. After unlock the app says what is missing and what it held, offers the earlier copy with
what that brings back, and opens the caseload only after the person chose."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Browser, expect

from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import PARTITIONS_DIR, EncryptedStore
from fieldapp.wiring.app import prepare_demo_store
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL = Translator("nl")


def _delete_a_client_segment_with_an_earlier_copy(directory: Path) -> str:
    """Returns the client's name."""
    store = EncryptedStore.open(directory)
    store.unlock(DEMO_PASSPHRASE)
    try:
        caseload = CaseloadStore(store, lambda: datetime.now(UTC))
        caseload.overviews()  # as the first unlock of the demo did: the index lists every client
        names = caseload.last_known_names()
        root = directory / PARTITIONS_DIR
        for client_id, name in sorted(names.items(), key=lambda item: item[1]):
            segment = root / store.directory_name(f"client:{client_id}") / "000001.vws"
            if segment.with_name(segment.name + ".prev").exists():
                segment.unlink()
                return name
    finally:
        store.close()
    raise AssertionError("no client segment with an earlier copy in the demo store")


def test_a_deleted_file_is_shown_and_the_earlier_copy_put_back_on_request(
    browser: Browser, tmp_path: Path
) -> None:
    prepare_demo_store(tmp_path / "store")
    name = _delete_a_client_segment_with_an_earlier_copy(tmp_path / "store")
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        assert _shows_in_order(
            page,
            NL.gettext("Some data on this device is missing"),
            NL.gettext("Part of a file on this device is missing."),
            NL.gettext("It belongs to the file of {name}.").format(name=name),
            NL.gettext("What was saved in this part after that copy stays lost."),
            timeout=30,
        )
        page.get_by_role("button", name=NL.gettext("Continue without this part")).click()
        yes = page.get_by_role("button", name=NL.gettext("Yes, continue without it"))
        expect(yes).to_be_visible()  # asked once more, nothing dropped yet
        shot(page, screenshot_dir(tmp_path) / "missing-data-phone-nl.png")
        add_client = page.get_by_role("button", name=NL.gettext("Add client"))
        assert add_client.count() == 0  # the caseload waits for a choice
        page.get_by_role("button", name=NL.gettext("Put back the earlier copy")).click()
        expect(add_client).to_be_visible(timeout=30_000)
        assert _shows_in_order(page, name, timeout=30)  # the client is back in the caseload
        page.close()
