"""Left-to-right values keep their order on right-to-left screens (issue 18, item 6).

The DOM and Flutter's semantics tree keep the logical order, so the bug never shows there: on
the web page the test measures where each character is drawn (``Range.getClientRects``), and
checks that the same text outside its ``<bdi>`` does get reordered (the measurement can see the
bug). In the app, whose text is drawn on a canvas, the client page in Arabic is screenshotted
and looked at (the semantics tree there only proves the values are on the page)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator
from fieldapp.services.caseload import VisitRecord
from fieldapp.services.demo import DEMO_PASSPHRASE
from sync_server.demo import DEMO_PASSWORD
from tests.e2e.conftest import open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_languages import _lock_on_the_left, _switch
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.factories import (
    build_client,
    build_consent,
    build_payload,
    build_referral,
    build_visit,
)
from tests.sync.harness import Device, ServerProcess

SCHULDHULP = "schuldhulp:amsterdam"
PHONE = "06-76827439"
ADDRESS = "1013 AC 5"
EMAIL = "f.elamrani@example.nl"
NL = Translator("nl")
AR = Translator("ar")

# [character, left edge] for each character drawn inside the element, in logical order.
CHARACTER_LEFTS = """(element) => {
    const found = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = range.getClientRects();
            if (rects.length) found.push([node.data[i], rects[0].left]);
        }
    }
    return found;
}"""


def _lefts(element: Locator) -> list[tuple[str, float]]:
    return [(char, float(left)) for char, left in element.evaluate(CHARACTER_LEFTS)]


def _left_of(lefts: list[tuple[str, float]], char: str, nth: int = 0) -> float:
    return [left for shown, left in lefts if shown == char][nth]


def _reads_left_to_right(lefts: list[tuple[str, float]]) -> bool:
    """Each visible character is drawn right of the one before it (spaces can collapse)."""
    drawn = [left for char, left in lefts if not char.isspace()]
    return all(a < b for a, b in itertools.pairwise(drawn))


@pytest.fixture(scope="module")
def referral_id(
    server: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[uuid.UUID]:
    """A consented referral with a phone number, an email address and an address, synced."""
    device = Device(tmp_path_factory.mktemp("device") / "store")
    device.enroll(server)
    at = datetime.now(UTC) - timedelta(minutes=20)
    client = build_client(id=uuid.uuid4(), address={"postcode": "1013 AC", "house_number": 5})
    payload = build_payload(
        name="Fatima El Amrani",
        contact={"phone": PHONE, "email": EMAIL, "best_time": "na 16 uur"},
        address={"postcode": "1013 AC", "house_number": 5},
        client_words="Ik krijg de post niet meer open.",
    )
    referral = build_referral(
        client_id=client.id, target=Target.SCHULDHULP, recipient_id=SCHULDHULP, at=at
    ).model_copy(update={"payload": payload})
    consent = build_consent(client_id=client.id, recipient_id=SCHULDHULP, given_at=at)
    device.service.save_client(client)
    device.service.record_visit(
        VisitRecord(
            visit=build_visit(client_id=client.id, started_at=at),
            consents=[consent],
            referrals=[referral],
        )
    )
    device.service.queue_referral(client.id, referral.id)
    device.sync()
    yield referral.id
    device.close()


def _log_in_in_arabic(page: Page, server: ServerProcess) -> None:
    page.goto(f"{server.url}/login?lang=ar")
    page.locator("#username").fill("schuldhulp1")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", name=AR.gettext("Inbox"))).to_be_visible()


def test_the_team_page_in_arabic_keeps_numbers_and_addresses_in_order(
    browser: Browser, server: ServerProcess, referral_id: uuid.UUID, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _log_in_in_arabic(page, server)
    page.goto(f"{server.url}/inbox/{referral_id}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing off-screen

    phone = _lefts(page.locator("bdi", has_text=PHONE))
    assert _left_of(phone, "0") < _left_of(phone, "6") < _left_of(phone, "9")
    assert _reads_left_to_right(phone), phone
    address = _lefts(page.locator("bdi", has_text=ADDRESS))
    assert _left_of(address, "1") < _left_of(address, "A") < _left_of(address, "5")
    assert _reads_left_to_right(address), address
    email = _lefts(page.locator("bdi", has_text=EMAIL))
    assert _left_of(email, "f") < _left_of(email, "@") < _left_of(email, "l", 1)
    assert _reads_left_to_right(email), email
    quote = _lefts(page.locator("bdi", has_text="Ik krijg de post"))
    assert _reads_left_to_right(quote), quote

    page.screenshot(path=str(screenshot_dir(tmp_path) / "web-referral-phone-ar.png"))

    # The same address as bare text in the same place is reordered ("AC 5 1013"): the
    # measurement above would have seen the bug.
    bare = page.locator("bdi", has_text=ADDRESS).evaluate_handle(
        "(bdi) => { const span = document.createElement('span');"
        " span.textContent = bdi.textContent; bdi.after(span); return span; }"
    )
    reordered = _lefts(page.locator("dd span").last)
    page.evaluate("(span) => span.remove()", bare)
    assert _left_of(reordered, "5") < _left_of(reordered, "1")
    page.close()


def test_the_client_page_in_arabic_keeps_phone_and_address_in_order(
    browser: Browser, tmp_path: Path
) -> None:
    """Fatima El Amrani (demo): 06-76827439, 1013 AC 5. Flutter draws on a canvas, so the
    order is checked on the screenshot: ``client-detail-phone-ar.png``."""
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        assert _shows_in_order(page, "Fatima El Amrani")
        _switch(page, NL, "العربية")
        assert _lock_on_the_left(page, wanted=True)
        page.get_by_role("button", name=AR.gettext("Back")).click()
        page.get_by_role("button", name="Fatima El Amrani").click()
        assert _shows_in_order(page, "Fatima El Amrani", "1013 AC 5", PHONE)
        shot(page, shots / "client-detail-phone-ar.png")
        page.close()
