"""The app as `make run` starts it, with a pairing code for a real server process: after unlock
it enrolls, syncs in the background, shows what it did, and the server has the demo caseload.
A sync the server never answers gives up after the timeout set in settings, says what happened
and that nothing is lost, and the change goes once the server runs again."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from fieldapp.domain.device_settings import DEFAULT_SYNC_TIMEOUT_SECONDS
from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from sync_server.db.schema import ClientRow
from sync_server.services import admin
from tests.e2e.conftest import aria_text, open_app, running_app, screenshot_dir, shot, type_into
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
        # Through shot(): a bare screenshot once caught a frame mid-redraw (glyphs scattered).
        shot(page, screenshot_dir(tmp_path) / "caseload-synced-phone-nl.png")
        page.close()
    jobcoach = admin.find_user(server.ctx, "jobcoach1")
    with server.ctx.db.read() as session:
        clients = session.execute(
            select(func.count()).select_from(ClientRow).where(ClientRow.jobcoach_id == jobcoach)
        ).scalar_one()
    assert clients == 8  # the app's demo caseload, each client once
    assert len(stored_versions(server.ctx, jobcoach)) > clients  # with its visits and more


STALL_TIMEOUT = 5
"""Seconds: the shortest choice in settings, so the test waits little."""
MARGIN = 20.0
"""Seconds a busy test machine (CI: 2 cores, a browser, the app and a server) may add before
the message is on screen. STALL_TIMEOUT + MARGIN stays under the default timeout (30 s), so a
pass shows the setting was what stopped the sync."""


def _jobcoach_clients(server: ServerProcess) -> int:
    jobcoach = admin.find_user(server.ctx, "jobcoach1")
    with server.ctx.db.read() as session:
        return int(
            session.execute(
                select(func.count()).select_from(ClientRow).where(ClientRow.jobcoach_id == jobcoach)
            ).scalar_one()
        )


def _add_client(page: Page, first: str, last: str) -> None:
    page.get_by_role("button", name=NL.gettext("Add client")).click()
    type_into(page, NL.gettext("First name"), first)
    type_into(page, NL.gettext("Last name"), last)
    type_into(page, NL.gettext("Postcode"), "1091AB")
    type_into(page, NL.gettext("House number"), "12", exact=True)
    page.get_by_role("button", name=NL.gettext("Save client")).click()
    # Saved when the client's own page shows: a "back" tapped sooner leaves the form, and the
    # save that finishes after it opens the client's page over the caseload.
    expect(page.get_by_role("heading", name=f"{first} {last}")).to_be_visible(timeout=20_000)


def _waiting(n: int) -> str:
    return NL.ngettext("%(n)d change waiting to be sent", "%(n)d changes waiting to be sent", n) % {
        "n": n
    }


def test_a_sync_the_server_never_answers_gives_up_and_loses_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    """The server process is paused (SIGSTOP: it takes connections and never answers). The
    sync gives up after the timeout set in settings, says so and that nothing is lost; once
    the server runs again, the change waiting goes with the next sync."""
    assert STALL_TIMEOUT + MARGIN < DEFAULT_SYNC_TIMEOUT_SECONDS
    server = ServerProcess(tmp_path / "server").load_demo().start()
    assert server.process is not None
    shots = screenshot_dir(tmp_path)
    work = tmp_path / "app"
    work.mkdir()
    code = server.pairing_code("jobcoach1")
    try:
        with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
            page = open_app(browser, url)
            type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
            page.get_by_role("button", name=NL.gettext("Unlock")).click()
            # Before: online, nothing waiting, and when it last worked.
            last_sync = NL.gettext("Last successful sync: {when}").split("{")[0]
            assert _shows_in_order(page, NL.gettext("Online"), _waiting(0), last_sync, timeout=60)
            before = _jobcoach_clients(server)

            page.get_by_role("button", name=NL.gettext("Settings")).click()
            choose_sync_timeout(page, STALL_TIMEOUT)
            page.get_by_role("button", name=NL.gettext("Back")).click()

            server.process.send_signal(signal.SIGSTOP)
            _add_client(page, "Stil", "Staand")  # saving asks for a sync: it hangs
            asked = time.monotonic()
            page.get_by_role("button", name=NL.gettext("Back")).click()
            stopped = NL.ngettext(
                "The server did not answer for %(n)d second, so the sync was stopped.",
                "The server did not answer for %(n)d seconds, so the sync was stopped.",
                STALL_TIMEOUT,
            ) % {"n": STALL_TIMEOUT}
            nothing_lost = NL.gettext(
                "Nothing is lost: your changes stay on this device and go with the next sync."
            )
            # After: offline, what happened, that nothing is lost, and what waits.
            assert _shows_in_order(
                page,
                NL.gettext("Offline"),
                stopped,
                nothing_lost,
                _waiting(1),
                last_sync,
                timeout=STALL_TIMEOUT + MARGIN,
            ), aria_text(page)
            assert time.monotonic() - asked <= STALL_TIMEOUT + MARGIN
            shot(page, shots / "sync-stalled-phone-nl.png")

            server.process.send_signal(signal.SIGCONT)
            page.get_by_role("button", name=NL.gettext("Sync now")).click()
            assert _shows_in_order(page, NL.gettext("Online"), _waiting(0), last_sync, timeout=60)
            assert not _shows_in_order(page, stopped, timeout=0.5)
            shot(page, shots / "sync-recovered-phone-nl.png")
            page.close()
        assert _jobcoach_clients(server) == before + 1  # the change made it, once
    finally:
        if server.process is not None:
            server.process.send_signal(signal.SIGCONT)
        server.stop()


def choose_sync_timeout(page: Page, seconds: int) -> None:
    """On the settings screen: pick how long a sync may go without progress."""
    page.get_by_role("button", name=NL.gettext("Give up after")).click()
    choice = NL.ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    page.get_by_role("button", name=choice, exact=True).click()
    assert _shows_in_order(page, NL.gettext("Give up after"), choice)
