"""The employer register on the device, offline, in a real browser at phone size: the demo's
employers listed with their kind and sites, an empty form refused at its field, a wrong KvK
number named at its field, an employer added with a work site and a contact person, found
again by a search; the same screens at tablet size."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from fieldapp.domain.employer import EmployerKind
from fieldapp.domain.errors import ErrorCode
from fieldapp.i18n import Translator
from fieldapp.i18n.messages import render
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.demo import DEMO_PASSPHRASE
from tests.e2e.client_page import gone, screen_text, scroll_until, shows
from tests.e2e.conftest import (
    field_value,
    into_view,
    open_app,
    running_app,
    screenshot_dir,
    shot,
    type_into,
)

NL = Translator("nl")
t = NL.gettext
NEW = "Fietsenmakerij Zuid"
APP_BAR = 56
"""The app bar's height: a field under it is on screen."""
DEMO = ("Bakkerij Van der Linden", "De Groene Keuken", "Pantar", "Stadsbeheer Oost")


def _open_register(page: Page, employers: int) -> None:
    type_into(page, t("Passphrase"), DEMO_PASSPHRASE)
    page.get_by_role("button", name=t("Unlock")).click()
    register = page.get_by_role("button", name=t("Employers"))
    expect(register).to_be_visible(timeout=20_000)
    register.click()
    assert shows(
        page, t("{shown} of {total} employers").format(shown=employers, total=employers), 20
    )


def _comes_into_view(page: Page, label: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=True)
    for _ in range(20):
        box = field.bounding_box()
        if box and box["y"] >= APP_BAR and box["y"] + box["height"] <= 844 - 80:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{label!r} did not come into view: {field.bounding_box()}")


def _click(page: Page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    scroll_until(page, name)
    into_view(page, button)
    button.click()


def test_an_employer_is_added_offline_with_a_site_and_a_contact(
    browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    with running_app(tmp_path) as url:
        page = open_app(browser, url, 390, 844)
        _open_register(page, 4)
        text = screen_text(page)
        positions = [text.index(name) for name in DEMO]
        assert positions == sorted(positions), text  # in name order
        firma = ", ".join((NL.gettext(work_label(EmployerKind.SOCIALE_FIRMA)), "1 vestiging"))
        assert firma in text, text
        page.wait_for_timeout(1000)  # the bold font settled (a glyph was missing once)
        shot(page, shots / "employers-phone-nl.png")

        page.get_by_role("button", name=t("Add employer")).click()
        save = page.get_by_role("button", name=t("Save employer"))
        expect(save).to_be_visible()
        save.click()
        missing = render("string_too_short", {"field": t("Name"), "min_length": 1}, translator=NL)
        assert shows(page, missing), screen_text(page)
        assert t("Check the fields marked below.") in screen_text(page)

        type_into(page, t("Name of the employer"), NEW)
        assert gone(page, missing), screen_text(page)  # typing takes the message away
        type_into(page, t("KvK number"), "1234567")
        _click(page, t("Add work site"))
        type_into(page, t("Name of the site"), "Werkplaats")
        type_into(page, t("Postcode"), "1074 AB")
        type_into(page, t("House number"), "7")
        _click(page, t("Add contact person"))
        type_into(page, t("Name"), "Ans de Vries", exact=True)
        type_into(page, t("Phone number"), "020-7654321")
        save.click()
        wrong_kvk = render(ErrorCode.INVALID_KVK.value, {"field": t("KvK number")}, translator=NL)
        assert shows(page, wrong_kvk), screen_text(page)
        _comes_into_view(page, t("KvK number"))  # the form scrolls to the first field to fix
        shot(page, shots / "employer-form-errors-phone-nl.png")

        field = page.get_by_role("textbox", name=t("KvK number"))
        into_view(page, field)
        field.click()
        page.keyboard.press("End")
        page.keyboard.type("8", delay=20)
        save.click()

        assert shows(page, t("{shown} of {total} employers").format(shown=5, total=5), 20)
        assert shows(page, t("Employer saved.")), screen_text(page)
        regular = NL.gettext(work_label(EmployerKind.REGULAR))
        assert f"{NEW}" in screen_text(page)
        type_into(page, t("Search by name, KvK or town"), "12345678")
        assert shows(page, t("{shown} of {total} employers").format(shown=1, total=5))
        assert f"{regular}, 1 vestiging" in screen_text(page)
        assert "Pantar" not in screen_text(page)

        page.get_by_role("button", name=NEW).click()
        page.wait_for_timeout(1500)
        shot(page, shots / "employer-form-phone-nl.png")
        for label, value in (
            (t("Name of the employer"), NEW),
            (t("KvK number"), "12345678"),
            (t("Postcode"), "1074 AB"),
            (t("Name"), "Ans de Vries"),
        ):
            assert field_value(page, label) == value, label
        page.close()

        tablet = open_app(browser, url, 1280, 800)
        _open_register(tablet, 5)  # the same device: the new one stays
        tablet.wait_for_timeout(1000)  # the list's fonts settled
        shot(tablet, shots / "employers-tablet-nl.png")
        tablet.get_by_role("button", name="Bakkerij Van der Linden").click()
        assert field_value(tablet, t("Name")) == "Marieke de Boer"
        shot(tablet, shots / "employer-form-tablet-nl.png")
        tablet.close()
