"""A client's consents on the client page, in a real browser at phone size: the consent shows
what it is for, when it was given, which text in which language and until when it holds;
withdrawing asks first and says what happens; afterwards the consent reads "withdrawn" and the
referral that relied on it too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator
from fieldapp.i18n.labels import status_label, target_label
from tests.e2e.client_page import open_client, screen_text, scroll_until, shows
from tests.e2e.conftest import into_view, open_app, running_app, screenshot_dir, shot

NL = Translator("nl")
t = NL.gettext
CLIENT = "Kees Bakker"
"""A demo client whose latest visit brought a consented referral to schuldhulp."""


@pytest.mark.parametrize(("width", "height", "name"), [(390, 844, "phone"), (1280, 800, "tablet")])
def test_a_consent_is_withdrawn_after_a_confirmation_that_says_what_happens(
    browser: Browser, tmp_path: Path, width: int, height: int, name: str
) -> None:
    with running_app(tmp_path) as url:
        page = open_app(browser, url, width, height)
        open_client(page, CLIENT)

        withdraw = t("Withdraw consent")
        scroll_until(page, withdraw)
        into_view(page, page.get_by_role("button", name=withdraw))
        text = screen_text(page)
        assert f"{t('Referral')}: {t('Team unknown on this device')}" in text
        assert "consent-referral/nl/1 · Nederlands" in text
        assert re.search(re.escape(t("Valid until {date}")).replace(r"\{date\}", ".+"), text)
        schuldhulp = target_label(Target.SCHULDHULP, translator=NL)
        assert f"{schuldhulp}: {status_label(Status.DRAFT, translator=NL)}" in text

        page.get_by_role("button", name=withdraw).click()
        explanation = t(
            "After this, nothing more is shared on this consent. A referral that relies on "
            "it is withdrawn, and the team is told. This cannot be undone."
        )
        assert shows(page, t("Withdraw this consent?")), screen_text(page)
        assert shows(page, explanation), screen_text(page)
        shot(page, screenshot_dir(tmp_path) / f"consent-withdraw-confirm-{name}-nl.png")
        page.get_by_role("button", name=t("Keep it")).click()
        assert shows(page, withdraw) and explanation not in screen_text(page)
        page.get_by_role("button", name=withdraw).click()
        page.get_by_role("button", name=t("Yes, withdraw")).click()

        expect(page.get_by_text(t("Consent withdrawn.")).last).to_be_visible(timeout=10_000)
        withdrawn_on = re.escape(t("Withdrawn on {date}")).replace(r"\{date\}", ".+")
        for _ in range(20):
            text = screen_text(page)
            if re.search(withdrawn_on, text):
                break
            page.mouse.wheel(0, 300)
            page.wait_for_timeout(300)
        assert re.search(withdrawn_on, text), text
        assert f"{schuldhulp}: {status_label(Status.WITHDRAWN, translator=NL)}" in text
        assert withdraw not in text  # nothing left to withdraw
        shot(page, screenshot_dir(tmp_path) / f"consent-withdrawn-{name}-nl.png")
        page.close()
