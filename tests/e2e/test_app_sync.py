"""The app as `make run` starts it, with a pairing code for a real server process: after unlock
it enrolls, syncs in the background, shows what it did, and the server has the demo caseload."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from sync_server.db.schema import ClientRow
from sync_server.services import admin
from tests.e2e.conftest import open_app, running_app, screenshot_dir, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.sync.checks import stored_versions
from tests.sync.harness import ServerProcess

NL = Translator("nl")


def test_the_app_enrolls_syncs_and_shows_it(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    code = server.pairing_code("jobcoach1")
    work = tmp_path / "app"
    work.mkdir()
    with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
        page = open_app(browser, url)
        type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        assert _shows_in_order(page, "Laatste geslaagde synchronisatie", timeout=60)
        assert _shows_in_order(page, "0 wijzigingen wachten op verzenden")
        expect(page.get_by_role("button", name=NL.gettext("Sync now"))).to_be_visible()
        page.screenshot(path=str(screenshot_dir(tmp_path) / "caseload-synced-phone-nl.png"))
        page.close()
    jobcoach = admin.find_user(server.ctx, "jobcoach1")
    with server.ctx.db.read() as session:
        clients = session.execute(
            select(func.count()).select_from(ClientRow).where(ClientRow.jobcoach_id == jobcoach)
        ).scalar_one()
    assert clients == 8  # the app's demo caseload, each client once
    assert len(stored_versions(server.ctx, jobcoach)) > clients  # with its visits and more
