"""Flying Squad event mode on a shared tablet, in a real browser: start an event, count, take
in a person who wants help (who becomes a client with consent), and check that the next person
sees an empty form and nothing of the one before; leaving needs the passphrase.

What a person sees is read from the screen reader's view (Flutter's semantics tree): every
field's label, the value just typed and each message at the field it concerns, in order."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, FloatRect, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from fieldapp.domain.consent import Purpose
from fieldapp.domain.outreach import Tally
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator, target_label
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.i18n.work_labels import EVENT_KINDS
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.ui.event_view import TALLY_LABELS
from tests.e2e.conftest import aria_text, open_app, running_app, screenshot_dir, shot, type_into
from tests.e2e.test_unlock_and_caseload import _shows_in_order
from tests.e2e.test_visit_flow import _typed_text

NL = Translator("nl")
t = NL.gettext
TABLET = {"width": 1024, "height": 768}
Role = Literal["button", "checkbox"]
COUNTED = [tally for tally in Tally if tally is not Tally.REFERRALS_MADE]
"""The tallies with buttons; referrals are counted by the intake itself."""


def _unlock(page: Page) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()


def _enter_event_mode(page: Page) -> None:
    """Unlock and go into event mode from the caseload (the start screen, or the counters of
    an event still running)."""
    _unlock(page)
    assert _shows_in_order(page, "Agnieszka Nowak")
    open_event_mode(page)


def open_event_mode(page: Page) -> None:
    """From the caseload into event mode (the start screen, or the counters of an event still
    running)."""
    arrived = page.get_by_role("textbox", name=t("Organisation or employer")).or_(
        page.get_by_role("button", name=t("New contact"))
    )
    for _ in range(3):  # a tap while the caseload redraws (the sync bar filling in) is lost
        page.get_by_role("button", name=t("Event mode")).first.click()
        try:
            arrived.first.wait_for(timeout=10_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("event mode did not open")


def start_event(page: Page, organisation: str, place: str = "") -> None:
    """Unlock, go into event mode from the caseload and start an event (a market) there."""
    _enter_event_mode(page)
    type_into(page, t("Organisation or employer"), organisation)
    if place:
        type_into(page, t("Place"), place)
    page.get_by_role("radio", name=t("Market or fair")).click()
    page.get_by_role("button", name=t("Start event")).click()
    assert _shows_in_order(page, organisation)


def _aria(page: Page) -> str:
    return aria_text(page)


def _gone(page: Page, text: str, timeout: float = 10.0) -> bool:
    """True once the screen reader no longer reads ``text``."""
    for _ in range(int(timeout * 5)):
        if text not in _aria(page):
            return True
        page.wait_for_timeout(200)
    return False


def _message_at(page: Page, textbox: str, message: str, timeout: float = 20.0) -> bool:
    """True once the screen reader reads ``message`` right after the text field ``textbox``
    (its label, then the value typed in it): the message belongs to that field."""
    for _ in range(int(timeout * 5)):
        lines = _aria(page).splitlines()
        for at, line in enumerate(lines[:-1]):
            if f'textbox "{textbox}"' in line and message in lines[at + 1]:
                return True
        page.wait_for_timeout(200)
    return False


def _box(page: Page, role: Role, name: str) -> FloatRect:
    box = page.get_by_role(role, name=name, exact=True).bounding_box()
    assert box is not None, name
    return box


def _apart(one: FloatRect, other: FloatRect) -> bool:
    return (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def _hit(page: Page, role: Role, name: str) -> bool:
    """Whether a tap in the middle of the control lands on it (nothing lies on top)."""
    box = _box(page, role, name)
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return bool(
        page.get_by_role(role, name=name, exact=True).evaluate(
            "(node, [x, y]) => node.contains(document.elementFromPoint(x, y))", middle
        )
    )


def test_event_journey_reads_every_label_value_and_message_in_order(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    organisation, place = t("Organisation or employer"), t("Place")
    with running_app(tmp_path) as url:
        page = open_app(browser, url, **TABLET)

        # The start screen: an empty organisation is marked at its field, a missing kind under
        # its choices.
        _enter_event_mode(page)
        type_into(page, place, "Kantine")
        page.get_by_role("button", name=t("Start event")).click()
        missing = t("Fill in ‘{field}’.").format(field=organisation)
        no_kind = t("Choose the kind of event.")
        kinds = [t(name) for name in EVENT_KINDS.values()]
        assert _message_at(page, organisation, missing)
        assert _shows_in_order(
            page, organisation, missing, place, "Kantine", t("Kind of event"), *kinds, no_kind
        )
        shot(page, shots / "event-start-error-tablet-nl.png")
        type_into(page, organisation, "Bouwbedrijf Jansen")
        page.get_by_role("radio", name=t("Company visit")).click()
        assert _gone(page, no_kind)
        page.get_by_role("button", name=t("Start event")).click()

        # The counters: each count in words, then "+1" before "-1".
        names = [t(TALLY_LABELS[tally]) for tally in COUNTED]
        buttons = [
            text.format(tally=name)
            for name in names
            for text in (f"{name}: 0", t("One more: {tally}"), t("One less: {tally}"))
        ]
        referrals = f"{t(TALLY_LABELS[Tally.REFERRALS_MADE])}: 0"
        assert _shows_in_order(
            page,
            "Bouwbedrijf Jansen · Kantine",
            t("Regulations check"),
            *buttons,
            referrals,
            t("End event"),
            t("New contact"),
        )
        assert "Agnieszka" not in _aria(page)
        explained = t(TALLY_LABELS[Tally.REGULATIONS_EXPLAINED])
        page.get_by_role("button", name=t("One more: {tally}").format(tally=explained)).click()
        assert _shows_in_order(page, f"{names[0]}: 0", f"{explained}: 1", f"{names[2]}: 0")

        # The intake: the person's language first; the consent texts follow it, with the
        # staff's Dutch beneath.
        page.get_by_role("button", name=t("New contact")).click()
        follow_up = {
            lang: consent_text(Purpose.FOLLOW_UP_CONTACT, lang, event=True).text
            for lang in ("nl", "tr")
        }
        team = {
            lang: target_label(Target.SCHULDHULP, translator=Translator(lang))
            for lang in ("nl", "tr")
        }
        referral = {
            lang: consent_text(Purpose.REFERRAL, lang, event=True, team=team[lang]).text
            for lang in ("nl", "tr")
        }
        fields = [t(name) for name in ("First name", "Phone number", "Email address")]
        address = [t("Postcode"), t("House number")]
        assert _shows_in_order(
            page,
            t("The person's language"),
            "Nederlands",
            "Türkçe",
            follow_up["nl"],
            referral["nl"],
            *fields,
            *address,
            t("Regulations explained"),
            t("Self-test done"),
        )
        page.get_by_role("radio", name="Türkçe").click()
        beneath = t("In your language: {text}")
        assert _shows_in_order(
            page,
            follow_up["tr"],
            beneath.format(text=follow_up["nl"]),
            referral["tr"],
            beneath.format(text=referral["nl"]),
        )
        dutch = page.get_by_text(beneath.format(text=referral["nl"]), exact=True).bounding_box()
        turkish = _box(page, "checkbox", referral["tr"])
        assert dutch is not None and dutch["y"] >= turkish["y"] + turkish["height"] - 4
        page.get_by_role("checkbox", name=referral["tr"]).click()
        shot(page, shots / "event-intake-tablet-nl.png")
        type_into(page, fields[0], "Pieter")
        type_into(page, fields[1], "06-87654321")

        # An empty address asks for it at its fields; no team is named before there is one.
        page.get_by_role("button", name=t("Save contact")).click()
        postcode_needed = t("Fill in the postcode: the team that helps depends on it.")
        number_needed = t("Fill in the house number: the team that helps depends on the address.")
        assert _message_at(page, address[0], postcode_needed)
        assert _message_at(page, address[1], number_needed)
        assert _shows_in_order(
            page,
            fields[0],
            "Pieter",
            fields[1],
            "06-87654321",
            fields[2],
            address[0],
            postcode_needed,
            address[1],
            number_needed,
        )
        no_team = t("No team is known for this address. Check the postcode and house number.")
        assert no_team not in _aria(page)
        shot(page, shots / "event-intake-errors-tablet-nl.png")

        # An address without a team in the routing table (there is none offline): at the
        # postcode.
        type_into(page, address[0], "1091 AB")
        type_into(page, address[1], "3")
        page.get_by_role("button", name=t("Save contact")).click()
        assert _message_at(page, address[0], no_team)
        assert _shows_in_order(page, address[0], "1091 AB", no_team, address[1], "3")

        # Follow-up only: saved, and the confirmation stays clear of the next actions.
        page.get_by_role("checkbox", name=referral["tr"]).click()
        page.get_by_role("checkbox", name=follow_up["tr"]).click()
        page.get_by_role("button", name=t("Save contact")).click()
        saved = t("Saved. The form is empty again for the next person.")
        assert _shows_in_order(page, saved, f"{names[0]}: 1", f"{explained}: 1")
        notice = page.locator('[flt-semantics-identifier="event-notice"]').bounding_box()
        assert notice is not None
        for action in (t("New contact"), t("End event")):
            assert _apart(notice, _box(page, "button", action)), action
            assert _hit(page, "button", action), action
        shot(page, shots / "event-tablet-nl.png")
        assert "Pieter" not in _aria(page)

        page.get_by_role("button", name=t("New contact")).click()  # the next person
        assert _typed_text(page, fields[0]) == ""
        assert _typed_text(page, fields[1]) == ""
        assert "Pieter" not in _aria(page)
        page.get_by_role("button", name=t("Cancel")).click()

        page.get_by_role("button", name=t("End event")).click()
        assert _shows_in_order(page, t("Passphrase"))
        assert "Agnieszka" not in _aria(page)  # the caseload needs the passphrase
        _unlock(page)
        assert _shows_in_order(page, "Agnieszka Nowak", "Pieter")  # followed up, with consent
        page.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_counters_are_big_plus_first_and_a_confirmation_covers_no_action(
    browser: Browser, demo_app: str, tmp_path: Path, width: int, height: int
) -> None:
    page = open_app(browser, demo_app, width, height)
    _enter_event_mode(page)
    if page.get_by_role("textbox", name=t("Organisation or employer")).count():
        type_into(page, t("Organisation or employer"), "Markt")
        page.get_by_role("radio", name=t("Market or fair")).click()
        page.get_by_role("button", name=t("Start event")).click()
    assert _shows_in_order(page, "Markt", t("New contact"))
    for tally in COUNTED:
        name = t(TALLY_LABELS[tally])
        more = t("One more: {tally}").format(tally=name)
        less = t("One less: {tally}").format(tally=name)
        assert _shows_in_order(page, f"{name}: ", more, less)  # "+" first in reading order
        plus, minus = _box(page, "button", more), _box(page, "button", less)
        for box in (plus, minus):
            assert box["width"] >= 64 and box["height"] >= 64, (name, box)
        assert plus["width"] * plus["height"] > minus["width"] * minus["height"]

    page.get_by_role("button", name=t("New contact")).click()
    page.get_by_role("button", name=t("Save contact")).click()  # nothing ticked: a count
    assert _shows_in_order(page, t("Saved. The form is empty again for the next person."))
    notice = page.locator('[flt-semantics-identifier="event-notice"]').bounding_box()
    assert notice is not None
    for action in (t("New contact"), t("End event")):
        assert _apart(notice, _box(page, "button", action)), action
        assert _hit(page, "button", action), action
    shot(page, tmp_path / f"event-saved-{width}.png")
    page.get_by_role("button", name=t("New contact")).click()
    assert _shows_in_order(page, t("The person's language"))
    page.close()
