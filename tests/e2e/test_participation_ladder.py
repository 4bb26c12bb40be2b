"""The participation ladder on the client form, in a real browser at phone size: choosing a
rung and saving keeps it with today's date, and the client page shows the path."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from fieldapp.domain.clock import local_zone, utc_now
from fieldapp.domain.participation import Rung
from fieldapp.i18n import Translator, format_date
from fieldapp.i18n.work_labels import work_label
from tests.e2e.client_page import open_client, screen_text, scroll_until
from tests.e2e.conftest import into_view, open_app, running_app, screenshot_dir, shot

NL = Translator("nl")
t = NL.gettext
CLIENT = "Fatima El Amrani"


def test_a_new_rung_is_kept_with_todays_date_and_shown_on_the_client_page(
    browser: Browser, tmp_path: Path
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        open_client(page, CLIENT)
        page.get_by_role("button", name=t("Edit client")).click()

        ladder_label = t("Participation ladder")
        scroll_until(page, ladder_label)
        menu = page.get_by_role("button", name=ladder_label).or_(
            page.get_by_role("combobox", name=ladder_label)
        )
        into_view(page, menu.first)
        menu.first.click()
        rung = work_label(Rung.UNPAID_WORK, translator=NL)
        page.get_by_role("menuitem", name=rung).or_(
            page.get_by_text(rung, exact=True)
        ).first.click()
        assert t("A change of rung is kept with today's date.") in screen_text(page)
        shot(page, screenshot_dir(tmp_path) / "client-form-ladder-phone-nl.png")
        page.get_by_role("button", name=t("Save client")).click()

        today = format_date(utc_now().astimezone(local_zone()).date(), translator=NL)
        expected = f"{today} · {rung}"
        scroll_until(page, expected)
        shot(page, screenshot_dir(tmp_path) / "client-detail-ladder-phone-nl.png")
        page.close()
