"""A client edited on two devices, resolved in the app in a real browser: the sync screen shows
the conflict, the side-by-side screen lets the user take the other device's name and keep
their own phone number, and after the next sync both versions' choices are on the server."""

from __future__ import annotations

import uuid
from pathlib import Path

from playwright.sync_api import Browser

from fieldapp.domain.client import Client
from fieldapp.i18n import Translator
from sync_server.services import admin
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.factories import build_client
from tests.storage.conftest import PASSPHRASE
from tests.sync.checks import stored_versions
from tests.sync.harness import Device, ServerProcess

NL = Translator("nl")


def _edit(device: Device, client: Client, **changes: object) -> None:
    device.service.save_client(client.model_copy(update={"version": 2, **changes}))


def _conflict(server: ServerProcess, work: Path) -> Client:
    """This device and another one both edit version 1 of a client; the other syncs first."""
    mine, other = Device(work / "store"), Device(work / "other")
    mine.enroll(server)
    other.enroll(server)
    client = build_client(id=uuid.uuid4(), given_name="Sanne", phone="06-11111111")
    mine.service.save_client(client)
    mine.sync()
    other.sync()
    _edit(other, client, given_name="Susanne")
    other.sync()
    _edit(mine, client, phone="06-22222222")
    assert mine.sync().conflicts == 1
    mine.close()
    other.close()
    return client


def test_a_conflict_is_resolved_field_by_field(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    client = _conflict(server, tmp_path)
    with running_app(tmp_path, demo=False) as url:
        page = open_app(browser, url)
        type_into(page, NL.gettext("Passphrase"), PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        page.get_by_role("button", name=NL.gettext("Sync details")).click()
        page.get_by_role("button", name=NL.gettext("Resolve")).click()
        assert _shows_in_order(page, "Voornaam", "Op de server: Susanne", "Telefoon")
        page.get_by_role("radio", name="Op de server: Susanne").click()
        shot(page, screenshot_dir(tmp_path) / "conflict-phone-nl.png")
        page.get_by_role("button", name=NL.gettext("Keep these values")).click()
        assert _shows_in_order(page, NL.gettext("Everything is sent."), timeout=30)
        page.close()
    reopened = Device(tmp_path / "store", create=False)
    merged = reopened.service.dossier(client.id).client
    reopened.close()
    assert merged is not None
    assert (merged.given_name, merged.phone, merged.version) == ("Susanne", "06-22222222", 3)
    jobcoach = admin.find_user(server.ctx, "jobcoach1")
    assert stored_versions(server.ctx, jobcoach)[client.id] == 3
