"""The worker rates the jobcoach's support on the device, in a real browser at phone and
tablet size: from the client page, the question in the client's own language (Turkish here)
with Dutch beneath, no save without a score, one tap per score and answer, saved; the rating
then shows in the logbook's satisfaction section."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from fieldapp.i18n import Translator
from fieldapp.i18n.logbook_words import HEADINGS
from fieldapp.ui.rating_view import PROMPT
from tests.e2e.client_page import gone, open_client, screen_text, scroll_until, shows
from tests.e2e.conftest import into_view, open_app, running_app, screenshot_dir, shot

NL, TR = Translator("nl"), Translator("tr")
t = NL.gettext
CLIENT = "Mehmet Yilmaz"
"""The demo client who reads Turkish and has a UWV goal."""


@pytest.mark.parametrize(("width", "height", "name"), [(390, 844, "phone"), (1280, 800, "tablet")])
def test_the_worker_rates_the_support_in_their_own_language(
    browser: Browser, tmp_path: Path, width: int, height: int, name: str
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, width, height)
        open_client(page, CLIENT)
        scroll_until(page, t("Rate the support"))
        button = page.get_by_role("button", name=t("Rate the support"))
        into_view(page, button)
        button.click()
        assert shows(page, TR.gettext(PROMPT)), screen_text(page)
        text = screen_text(page)
        assert t(PROMPT) in text  # the jobcoach reads along in Dutch
        # Each text is read on its own, not merged into one big button around the form.
        assert f"text: {t('Who rates?')}" in text, text
        assert "İş koçuyla yapılan anlaşmalar açıktı." in text and "Kısmen" in text
        save = page.get_by_role("button", name=t("Save rating"))
        into_view(page, save)
        save.click()
        assert shows(page, t("Choose a score from 1 to 10 first.")), screen_text(page)
        score = page.get_by_role("checkbox", name="8", exact=True)
        into_view(page, score)
        score.click()
        assert gone(page, t("Choose a score from 1 to 10 first.")), screen_text(page)
        answer = page.get_by_role("checkbox", name="Evet").first
        into_view(page, answer)
        answer.click()
        shot(page, screenshot_dir(tmp_path) / f"rating-{name}-nl.png")
        into_view(page, save)
        save.click()
        assert shows(page, t("Rating saved.")), screen_text(page)
        scroll_until(page, t("Logbook for the funder"))
        logbook = page.get_by_role("button", name=t("Logbook for the funder"))
        into_view(page, logbook)
        logbook.click()
        scroll_until(page, t(HEADINGS[7]))
        scroll_until(page, "Werknemer: 8 van 10")  # in the UWV logbook: UWV was chosen for it
        page.close()
