"""The jobcoach's main job in a real browser against a real server: add a client, record a
full visit (WHO-5 behind its consent, a money signal, consent for the named team), sync it,
and see the team's status come back. And a killed app loses nothing of a visit in progress."""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page

from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target
from fieldapp.i18n import (
    Translator,
    status_label,
    target_label,
)
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.wire import InboxItem
from tests.e2e.conftest import (
    EDITING,
    app_process,
    field_text,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.typical_visit import (
    TEAM,
    TEAM_ID,
    add_client_at_an_address,
    assert_holds_the_typical_visit,
    record_typical_visit,
)
from tests.sync.harness import ServerProcess

NL = Translator("nl")
t = NL.gettext
TYPICAL_VISIT_TAPS = 14
"""Issue 18's target for a typical visit (it took 20 taps with dropdowns)."""


def _unlock(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()


def _pick(page: Page, dropdown: str, option: str) -> None:
    page.get_by_role("button", name=dropdown).click()
    page.get_by_role("button", name=option, exact=True).last.click()


STEP_TITLES = ("Visit", "Notes", "Wellbeing (WHO-5)", "Money signals", "Summary and consent")


def next_step(page: Page, number: int, lang: Translator = NL) -> None:
    """Tap "Next" and wait until step ``number`` shows (a tap during a redraw can get lost)."""
    page.get_by_role("button", name=lang.gettext("Next")).click()
    heading = lang.gettext("Step {n} of {total}: {title}").format(
        n=number, total=len(STEP_TITLES), title=lang.gettext(STEP_TITLES[number - 1])
    )
    assert _shows_in_order(page, heading)


def _typed_text(page: Page, textbox: str) -> str:
    """What a text field holds (Flutter puts it in a DOM input only while it has focus)."""
    page.get_by_role("textbox", name=textbox).click()
    page.wait_for_function(EDITING)
    return field_text(page)


def _team_api(server: ServerProcess, username: str) -> httpx.Client:
    code = server.pairing_code(username)
    enrolled = httpx.post(f"{server.url}/api/v1/enroll", json={"pairing_code": code}).json()
    return server.api(enrolled["token"])


def test_add_client_record_visit_with_consent_sync_and_status_back(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    code = server.pairing_code("jobcoach1")
    work = tmp_path / "app"
    work.mkdir()
    shots = screenshot_dir(tmp_path)
    with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
        page = open_app(browser, url)
        _unlock(page)
        assert _shows_in_order(page, "Laatste geslaagde synchronisatie", timeout=60)

        add_client_at_an_address(page, shots)
        taps = record_typical_visit(page, TEAM, shots)
        assert taps <= TYPICAL_VISIT_TAPS, f"{taps} taps for a typical visit"
        shot(page, shots / "client-detail-saved-phone-nl.png")

        page.get_by_role("button", name=t("Back")).click()
        page.get_by_role("button", name=t("Sync now")).click()
        assert _shows_in_order(page, "0 wijzigingen wachten op verzenden", timeout=60)

        with _team_api(server, "schuldhulp1") as team:
            inbox = [InboxItem.model_validate(entry) for entry in team.get("/inbox").json()]
            (ours,) = [i for i in inbox if (i.payload or {}).get("name") == "Ilse Testers"]
            assert ours.status is Status.DELIVERED
            answer = team.post(
                f"/referrals/{ours.referral_id}/status", json={"status": "acknowledged"}
            )
            assert answer.status_code == 200, answer.text

        page.get_by_role("button", name=t("Sync now")).click()
        page.wait_for_timeout(3000)
        page.get_by_role("button", name="Ilse Testers").click()
        target = target_label(Target.SCHULDHULP, translator=NL)
        wanted = f"{target}: {status_label(Status.ACKNOWLEDGED, translator=NL)}"
        assert _shows_in_order(page, wanted, timeout=30)
        shot(page, shots / "client-detail-phone-nl.png")
        page.close()
    store = EncryptedStore.open(work / "store")
    store.unlock(DEMO_PASSPHRASE)
    try:
        now = lambda: datetime.now(UTC)  # noqa: E731
        service = CaseloadService(CaseloadStore(store, now), now)
        (ilse,) = [c for c in service.clients() if c.display_name == "Ilse Testers"]
        assert_holds_the_typical_visit(service.dossier(ilse.id), TEAM_ID)
    finally:
        store.close()


def test_a_killed_app_loses_nothing_of_a_visit_in_progress(
    browser: Browser, tmp_path: Path
) -> None:
    notes = "Afspraak gemaakt over de planning"
    with app_process(tmp_path) as (url, process):
        page = open_app(browser, url)
        _unlock(page)
        assert _shows_in_order(page, "Agnieszka Nowak", timeout=60)
        page.get_by_role("button", name="Agnieszka Nowak").click()
        page.get_by_role("button", name=t("New visit")).click()
        next_step(page, 2)
        type_into(page, t("Own notes"), notes)
        page.wait_for_timeout(1000)  # the draft is written after each keystroke
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        page.close()
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        _unlock(page)
        assert _shows_in_order(page, "Agnieszka Nowak", timeout=60)
        page.get_by_role("button", name="Agnieszka Nowak").click()
        page.get_by_role("button", name=t("New visit")).click()
        step2 = t("Step {n} of {total}: {title}").format(n=2, total=5, title=t("Notes"))
        assert _shows_in_order(page, step2)
        assert _typed_text(page, t("Own notes")) == notes

        # The notes step as a person reads it, and its warning at the field it concerns.
        type_into(page, t("Notes for the funder"), "Klant had een burn-out")
        assert _shows_in_order(
            page,
            t("Own notes"),
            t(
                "Own notes are for your work: the coordinator, teams and the funder never see "
                "them. The client may ask to see them."
            ),
            t("Notes for the funder"),
            "burn-out)",
        )
        review = t("Step {n}: {title}, {state}").format(
            n=5, title=t("Summary and consent"), state=t("not visited yet")
        )
        page.get_by_role("button", name=review).click()
        funder = t("Notes for the funder: {text}").format(text="Klant had een burn-out")
        assert _shows_in_order(page, t("Own notes: written"), funder)
        page.close()
