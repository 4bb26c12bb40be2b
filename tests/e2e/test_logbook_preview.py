"""The funder's logbook previewed on the device, in a real browser at phone and tablet size:
from the client page, the sections of the coordinator's PDF with the hours per UWV goal, and
never the jobcoach's own notes (the demo's visits all have one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from fieldapp.i18n import Translator
from fieldapp.i18n.logbook_words import HEADINGS
from tests.e2e.client_page import open_client, screen_text, scroll_until, shows
from tests.e2e.conftest import into_view, open_app, running_app, screenshot_dir, shot

NL = Translator("nl")
t = NL.gettext
CLIENT = "Mehmet Yilmaz"
"""The demo client whose goal is a UWV goal with about 87% of its hours used."""
INTERNAL_NOTE = "Gesprek op de werkvloer over planning en samenwerking."
"""Every demo visit's internal note (fieldapp/services/demo.py)."""


@pytest.mark.parametrize(("width", "height", "name"), [(390, 844, "phone"), (1280, 800, "tablet")])
def test_the_logbook_preview_shows_the_funders_part_only(
    browser: Browser, tmp_path: Path, width: int, height: int, name: str
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, width, height)
        open_client(page, CLIENT)
        scroll_until(page, t("Logbook for the funder"))
        button = page.get_by_role("button", name=t("Logbook for the funder"))
        into_view(page, button)
        button.click()
        assert shows(page, t(HEADINGS[0])), screen_text(page)
        text = screen_text(page)
        assert CLIENT in text and "Bakkerij" in text  # the worker and the employer
        assert "Zelfstandig werken op de afdeling" in text  # the UWV goal
        assert t("Workplace visit") in text  # an activity in words, with its hours
        shot(page, screenshot_dir(tmp_path) / f"logbook-preview-{name}-nl.png")
        for heading in HEADINGS[1:7]:
            scroll_until(page, t(heading))
        assert INTERNAL_NOTE not in screen_text(page)
        page.get_by_role("button", name=t("Back")).click()
        assert shows(page, t("Logbook for the funder"))
        page.close()
