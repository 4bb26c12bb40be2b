"""An employer's concern, end to end in Chromium against a real server process: a jobcoach's
client works at the demo employer and agreed that the employer may pass concerns; the
employer's contact person logs in on a phone, sees only that worker by first name and
initial, forgets to say what they noticed and is told so, sends it, and sees "received";
the jobcoach's app syncs and the client's page shows the concern to discuss."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect

from fieldapp.domain.concern import employer_recipient
from fieldapp.domain.consent import Purpose
from fieldapp.domain.placement import Placement, PlacementKind
from fieldapp.i18n import Translator
from fieldapp.services.demo import DEMO_PASSPHRASE
from sync_server.demo import DEMO_EMPLOYER, DEMO_EMPLOYER_ID, EMPLOYER_CONTACT
from tests.e2e.client_page import screen_text, scroll_until
from tests.e2e.conftest import into_view, open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.web_login import web_login
from tests.factories import build_client, build_consent
from tests.sync.harness import Device, ServerProcess

NL = Translator("nl")
t = NL.gettext
FLAG = "Concern from the employer to discuss"


def _placed_with_consent(server: ServerProcess, work: Path) -> None:
    """jobcoach1's other device records Noor van Beek at the demo employer, with her consent
    that the employer may pass concerns, and syncs."""
    now = datetime.now(UTC)
    device = Device(work / "other-device")
    device.enroll(server)
    client = build_client(
        id=uuid.uuid4(), given_name="Noor", family_name="van Beek", updated_at=now
    )
    placement = Placement(
        id=uuid.uuid4(),
        client_id=client.id,
        employer_id=DEMO_EMPLOYER_ID,
        kind=PlacementKind.REGULAR,
        start=now.date() - timedelta(days=60),
        hours_per_week=28,
    )
    consent = build_consent(
        id=uuid.uuid4(),
        client_id=client.id,
        purpose=Purpose.EMPLOYER_CONTACT,
        recipient_id=employer_recipient(DEMO_EMPLOYER_ID),
        given_at=now - timedelta(days=1),
    )
    device.service.save_client(client)
    device.service.save_placement(placement, consent)
    device.sync()
    device.close()


def test_an_employers_concern_reaches_the_jobcoachs_app(
    browser: Browser, server: ServerProcess, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    _placed_with_consent(server, tmp_path)

    web = browser.new_page(viewport={"width": 390, "height": 844})
    web_login(web, server.url, EMPLOYER_CONTACT)
    expect(
        web.get_by_role("heading", name="Is er iemand over wie u zich zorgen maakt?")
    ).to_be_visible()
    expect(web.get_by_role("radio", name="Noor B.")).to_be_visible()
    assert "Beek" not in web.locator("main").inner_text()
    assert web.get_by_role("link").filter(has_text="Doorverwijzingen").count() == 0
    web.get_by_role("radio", name="Noor B.").check()
    web.get_by_role("button", name="Naar de jobcoach sturen").click()
    expect(
        web.get_by_text("Vink aan wat u opviel, of beschrijf het in een paar woorden.").first
    ).to_be_visible()
    expect(web.get_by_role("radio", name="Noor B.")).to_be_checked()
    web.get_by_role("checkbox", name="Gestrest").check()
    web.get_by_role("checkbox", name="Veel telefoontjes onder het werk").check()
    web.get_by_label("In uw eigen woorden (niet verplicht)").fill("Belt vaak met schuldeisers")
    assert web.evaluate("document.documentElement.scrollWidth") <= 390
    web.screenshot(path=str(shots / "web-concern-phone-nl.png"), full_page=True)
    web.get_by_role("button", name="Naar de jobcoach sturen").click()
    expect(web.get_by_role("status")).to_have_text(
        "Ontvangen. De jobcoach krijgt het bij de volgende synchronisatie."
    )
    expect(web.locator("main li")).to_contain_text("Noor B. · Ontvangen")
    web.close()

    code = server.pairing_code("jobcoach1")
    work = tmp_path / "app"
    work.mkdir()
    with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
        page = open_app(browser, url, 390, 844)
        type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=t("Unlock")).click()
        assert _shows_in_order(page, "Laatste geslaagde synchronisatie", timeout=60)
        flagged = re.compile(r"Noor van Beek.*" + re.escape(t(FLAG)), re.DOTALL)
        client = page.get_by_role("button", name=flagged)  # the caseload says there is one
        expect(client).to_be_visible(timeout=20_000)
        into_view(page, client)
        client.click()
        scroll_until(page, t("Concerns from the employer"))
        seen = screen_text(page)
        assert DEMO_EMPLOYER in seen
        assert "Gestrest · Veel telefoontjes onder het werk · Belt vaak met schuldeisers" in seen
        assert "het is geen doorverwijzing" in seen
        shot(page, shots / "client-detail-concern-phone-nl.png")
        page.close()
