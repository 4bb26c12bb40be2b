"""Left-to-right values in right-to-left text (issue 18, item 6): every formatter of phone
numbers, email addresses, postcodes, house numbers and addresses wraps its value in a
left-to-right isolate in the app (LRI ... PDI) and in a ``<bdi dir="ltr">`` on the web pages.

The semantics tree and the DOM keep the logical order, so the reordering itself only shows on
screen: see tests/e2e/test_rtl_isolates.py for that."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from fieldapp.domain.client import Address
from fieldapp.i18n import formatting
from fieldapp.i18n.bidi import FSI, LRI, PDI, isolate, isolate_ltr, strip_isolates
from fieldapp.i18n.formatting import (
    address_text,
    format_address,
    format_email,
    format_house_number,
    format_phone,
    format_postcode,
    house_number_text,
)
from sync_server.web import bidi as web

LTR_VALUE = re.compile(r"phone|email|postcode|house|address")
"""Names of formatters whose values are written left to right in every language."""

ADDRESS = Address(postcode="1013 AC", house_number=5)
FULL_ADDRESS = Address(
    postcode="1091 AB", house_number=12, house_number_addition="A", street="Kerkstraat", city="Ams"
)

APP_CASES: list[tuple[Callable[[], str], str]] = [
    (lambda: format_phone("06-12345678"), "06-12345678"),
    (lambda: format_phone(" +31 6 1234 5678 "), "+31 6 1234 5678"),
    (lambda: format_email("a.nowak@example.nl"), "a.nowak@example.nl"),
    (lambda: format_postcode("1013 AC"), "1013 AC"),
    (lambda: format_house_number(5), "5"),
    (lambda: format_house_number(12, "A"), "12A"),
    (lambda: format_house_number(12, "2"), "12-2"),
    (lambda: format_address(ADDRESS), "1013 AC 5"),
    (lambda: format_address(FULL_ADDRESS), "Kerkstraat 12A, 1091 AB Ams"),
]


@pytest.mark.parametrize(("shown", "plain"), APP_CASES)
def test_app_formatters_wrap_the_value_in_a_left_to_right_isolate(
    shown: Callable[[], str], plain: str
) -> None:
    text = shown()
    assert text == f"{LRI}{plain}{PDI}"
    assert strip_isolates(text) == plain


def test_every_left_to_right_formatter_of_the_app_is_checked() -> None:
    """A new ``format_phone``-like function fails here until it is in ``APP_CASES``."""
    found = {
        name
        for name, function in inspect.getmembers(formatting, inspect.isfunction)
        if name.startswith("format_") and LTR_VALUE.search(name)
    }
    checked = {
        "format_phone",
        "format_email",
        "format_postcode",
        "format_house_number",
        "format_address",
    }
    assert found == checked
    source = "\n".join(inspect.getsource(case) for case, _ in APP_CASES)
    assert all(name in source for name in found)


@given(st.text(min_size=1, max_size=40))
def test_isolates_keep_any_text_and_only_wrap_it(text: str) -> None:
    assert strip_isolates(isolate_ltr(text)) == strip_isolates(text)
    assert isolate_ltr(text).startswith(LRI) and isolate_ltr(text).endswith(PDI)
    assert isolate(text).startswith(FSI) and isolate(text).endswith(PDI)


def test_empty_values_stay_empty() -> None:
    assert format_phone("") == format_email("  ") == isolate("") == isolate_ltr("") == ""


def test_plain_texts_carry_no_isolates() -> None:
    assert address_text(ADDRESS) == "1013 AC 5"
    assert address_text(Address(postcode="1013 AC", house_number=5, city="Amsterdam")) == (
        "1013 AC 5, Amsterdam"
    )
    assert house_number_text(7, " b ") == "7b"


WEB_CASES: list[tuple[Callable[[], Markup], str]] = [
    (lambda: web.phone("06-12345678"), "06-12345678"),
    (lambda: web.email("a.nowak@example.nl"), "a.nowak@example.nl"),
    (lambda: web.postcode("1013 AC"), "1013 AC"),
    (lambda: web.house_number(12, "A"), "12A"),
    (lambda: web.address(ADDRESS), "1013 AC 5"),
    (lambda: web.address({"postcode": "1013 AC", "house_number": 5}), "1013 AC 5"),
    (lambda: web.house_range(1, 20), "1–20"),
    (lambda: web.house_range(None, 20), "–20"),
    (lambda: web.ltr("schuldhulp:amsterdam"), "schuldhulp:amsterdam"),
]


@pytest.mark.parametrize(("shown", "plain"), WEB_CASES)
def test_web_helpers_put_the_value_in_a_left_to_right_bdi(
    shown: Callable[[], Markup], plain: str
) -> None:
    html = shown()
    assert isinstance(html, Markup)
    isolated = f'<bdi dir="ltr">{plain}</bdi>'
    # A phone number or an address may sit in a link to call or mail it; the text is isolated.
    assert re.sub(r'^<a href="(?:tel|mailto):[^"]+">(.*)</a>$', r"\1", str(html)) == isolated


def test_phone_numbers_and_addresses_are_links_to_call_and_to_mail() -> None:
    assert str(web.phone("06-12 34 56 78")).startswith('<a href="tel:0612345678">')
    assert str(web.phone("+31 6 1234")).startswith('<a href="tel:+3161234">')
    assert str(web.phone("+31 (0)20 123 4567")).startswith('<a href="tel:+31201234567">')
    assert str(web.email("a.nowak@example.nl")).startswith('<a href="mailto:a.nowak@example.nl">')
    assert "<a" not in str(web.email('x"@evil onclick=1'))  # nothing that could break out
    assert "<a" not in str(web.phone("bel de receptie"))


def test_every_left_to_right_helper_of_the_web_pages_is_checked() -> None:
    wanted = {name for name in web.HELPERS if LTR_VALUE.search(name)}
    source = "\n".join(inspect.getsource(case) for case, _ in WEB_CASES)
    assert wanted == {"phone", "email", "postcode", "house_number", "address", "house_range"}
    assert all(f"web.{name}(" in source for name in wanted)


def test_web_helpers_escape_and_leave_out_empty_values() -> None:
    assert str(web.ltr("<b>06</b>")) == '<bdi dir="ltr">&lt;b&gt;06&lt;/b&gt;</bdi>'
    assert str(web.auto("“Ik krijg de post niet meer open.”")) == (
        "<bdi>“Ik krijg de post niet meer open.”</bdi>"
    )
    assert web.phone("") == web.address(None) == web.auto(None) == Markup("")
