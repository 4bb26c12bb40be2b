"""Languages in a real browser: Arabic lays the app out right to left and shows the client's
texts in Arabic; Turkish shows them in Turkish; the staff text around them falls back to Dutch.
Switching applies at once and keeps a visit in progress."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Browser, Page

from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.test_visit_flow import next_step

NL = Translator("nl")
t = NL.gettext


def _switch(page: Page, current: Translator, name: str) -> None:
    page.get_by_role("button", name=current.gettext("Settings")).click()
    page.get_by_role("button", name=current.gettext("Language")).click()
    page.get_by_role("button", name=name, exact=True).last.click()


def _lock_on_the_left(page: Page, wanted: bool, timeout: float = 20.0) -> bool:
    """Whether the lock button ends up on the left half (right to left) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        box = page.locator('[flt-semantics-identifier="lock"]').first.bounding_box()
        if box is not None and (box["x"] < page.viewport_size["width"] / 2) == wanted:  # type: ignore[index]
            return True
        page.wait_for_timeout(200)
    return False


def test_arabic_is_right_to_left_and_a_draft_survives_the_switch(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        assert _lock_on_the_left(page, wanted=False)  # left to right: lock on the right
        page.get_by_role("button", name="Agnieszka Nowak").click()
        page.get_by_role("button", name=t("New visit")).click()
        next_step(page, 2)
        type_into(page, t("Own notes"), "Voor de taalwissel")
        page.wait_for_timeout(800)
        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, t("Referrals"))  # the client's page
        page.get_by_role("button", name=t("Back")).click()
        assert _shows_in_order(page, "Agnieszka Nowak", "Fatima El Amrani")

        _switch(page, NL, "العربية")
        ar = Translator("ar")
        assert _lock_on_the_left(page, wanted=True)  # right to left: the app bar is mirrored
        shot(page, shots / "settings-phone-ar.png")
        page.get_by_role("button", name=ar.gettext("Back")).click()
        assert _shows_in_order(page, "Agnieszka Nowak")
        shot(page, shots / "caseload-phone-ar.png")
        page.get_by_role("button", name="Agnieszka Nowak").click()
        page.get_by_role("button", name=ar.gettext("New visit")).click()
        step2 = ar.gettext("Step {n} of {total}: {title}").format(
            n=2, total=5, title=ar.gettext("Notes")
        )
        assert _shows_in_order(page, step2)  # the draft kept its step through the switch
        page.close()


def test_a_turkish_client_reads_the_who5_and_consent_in_turkish(
    browser: Browser, tmp_path: Path
) -> None:
    """Mehmet Yilmaz prefers Turkish (demo data): the app stays Dutch for the jobcoach."""
    shots = screenshot_dir(tmp_path)
    tr = Translator("tr")
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        type_into(page, t("Search by name or postcode"), "mehmet")
        page.get_by_role("button", name="Mehmet Yilmaz").click()
        page.get_by_role("button", name=t("New visit")).click()
        next_step(page, 2)
        next_step(page, 3)
        consent = tr.gettext(
            "I agree to answer five questions about how I have felt in the last two weeks, and "
            "that my jobcoach keeps my answers. The answers are not given to my employer or to "
            "UWV. I can say no, and I can take this back at any time."
        )
        assert _shows_in_order(page, t("Read this to the client:"), consent[:40])
        page.get_by_role(
            "checkbox",
            name=t("The client agrees to answer the WHO-5 and to have the answers recorded"),
        ).click()
        assert _shows_in_order(page, tr.gettext("I have felt cheerful and in good spirits"))
        assert _shows_in_order(page, t("This WHO-5 translation is not the registered one."))
        shot(page, shots / "visit-who5-phone-tr.png")
        page.close()
