"""The BSN guard: a nine-digit number passing the eleven-test is refused in any free text.

Refusals carry the stable type ``domain.bsn_in_text``, name the field and never repeat the
digits. Phone numbers, IBANs, postcodes, dates and numbers failing the eleven-test pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from fieldapp.domain.bsn import contains_bsn, passes_eleven_test
from fieldapp.domain.client import Client
from fieldapp.domain.referral import ReferralPayload
from tests.factories import (
    build_client,
    build_consent,
    build_goal,
    build_payload,
    build_referral,
    build_signal,
    build_visit,
)

VALID_BSNS = ("111222333", "123456782")

Builder = Callable[[str], BaseModel]

FREE_TEXT_FIELDS: dict[str, tuple[Builder, str]] = {
    "client.given_name": (lambda text: build_client(given_name=text), "given_name"),
    "client.family_name": (lambda text: build_client(family_name=text), "family_name"),
    "client.notes": (lambda text: build_client(notes=text), "notes"),
    "client.phone": (lambda text: build_client(phone=text), "phone"),
    "client.email": (lambda text: build_client(email=text), "email"),
    "client.address.street": (
        lambda text: build_client(
            address={"postcode": "1091 AB", "house_number": 1, "street": text}
        ),
        "street",
    ),
    "visit.notes_internal": (lambda text: build_visit(notes_internal=text), "notes_internal"),
    "visit.notes_for_funder": (
        lambda text: build_visit(notes_for_funder=text),
        "notes_for_funder",
    ),
    "visit.participant.name": (
        lambda text: build_visit(participants=[{"role": "employer", "name": text}]),
        "name",
    ),
    "signal.client_words": (lambda text: build_signal(client_words=text), "client_words"),
    "payload.client_words": (lambda text: build_payload(client_words=text), "client_words"),
    "payload.name": (lambda text: build_payload(name=text), "name"),
    "payload.contact.best_time": (
        lambda text: build_payload(contact={"best_time": text}),
        "best_time",
    ),
    "referral.payload.client_words": (
        lambda text: build_referral(payload={**build_payload().model_dump(), "client_words": text}),
        "client_words",
    ),
    "goal.title": (lambda text: build_goal(title=text), "title"),
    "consent.text_version": (lambda text: build_consent(text_version=text), "text_version"),
}


def _refusal(build: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        build()
    return caught.value


def _assert_bsn_refusal(error: ValidationError, field: str, digits: str, text: str) -> None:
    (detail,) = error.errors(include_input=False)
    assert detail["type"] == "domain.bsn_in_text"
    assert detail["loc"][-1] == field
    assert f"'{field}'" in detail["msg"]
    shown = str(error)
    assert f"'{field}'" in shown
    assert digits not in shown
    assert text not in shown


@pytest.mark.parametrize("bsn", VALID_BSNS)
@pytest.mark.parametrize("where", sorted(FREE_TEXT_FIELDS))
def test_bsn_in_free_text_is_refused_naming_the_field(where: str, bsn: str) -> None:
    build, field = FREE_TEXT_FIELDS[where]
    text = f"Klant gaf BSN {bsn} door"
    error = _refusal(lambda: build(text))
    _assert_bsn_refusal(error, field, bsn, text)


@pytest.mark.parametrize("where", sorted(FREE_TEXT_FIELDS))
def test_free_text_fields_accept_ordinary_text(where: str) -> None:
    build, _ = FREE_TEXT_FIELDS[where]
    text = "06-12345678, na 9 uur"
    assert text in build(text).model_dump_json()


WRITTEN_FORMS = (
    "123456782",
    "123 456 782",
    "1234.56.782",
    "123-456-782",
    "12 34 56 782",
    "1-2-3-4-5-6-7-8-2",
    "BSN: 123456782.",
    "bsn123456782x",
    "nr.123456782",
    "BSN-123456782",
    "(123.456.782)",
    "(0) 123456782",
)


@pytest.mark.parametrize("text", WRITTEN_FORMS)
def test_bsn_written_with_separators_or_glued_to_words_is_caught(text: str) -> None:
    assert contains_bsn(text)
    error = _refusal(lambda: build_visit(notes_internal=f"Notitie: {text}"))
    _assert_bsn_refusal(error, "notes_internal", "123456782", text)


NOT_A_BSN = (
    "123456789",  # nine digits, fails the eleven-test
    "111222334",  # one digit off a valid one
    "000000000",  # passes the arithmetic, but is no number
    "12345678",  # eight digits
    "06-12345678",
    "0612345678",
    "06 12345678",
    "+31 6 12345678",
    "+31612345678",
    "+31-6-1234-5678",
    "+31 (0)20 555-0101",  # the nine digits after "(0)" pass the eleven-test
    "+31 (0)205550101",
    "020-1234567",
    "NL91ABNA0417164300",
    "NL91 ABNA 0417 1643 00",
    "1091 AB",
    "1234AB",
    "20-11-2026",
    "2026-11-20",
    "20.11.2026 om 14.30",
    "1234567820",  # a valid BSN inside a longer digit run
    "1234 5678 20",  # the same, grouped
    "123-456-782-1",
    "EUR 1.234.567,82",
)


@pytest.mark.parametrize("text", NOT_A_BSN)
def test_numbers_that_are_not_a_bsn_are_accepted(text: str) -> None:
    assert not contains_bsn(text)
    visit = build_visit(notes_internal=f"Notitie: {text}", notes_for_funder=text)
    assert visit.notes_for_funder == text
    assert build_signal(client_words=text).client_words == text


def _eleven_test(digits: str) -> bool:
    """The BSN eleven-test, written out: 9a + 8b + ... + 2h - 1i is a multiple of 11."""
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    total = 0
    for weight, digit in zip(weights, digits, strict=True):
        total += weight * int(digit)
    return total % 11 == 0 and int(digits) != 0


NINE_DIGITS = st.text("0123456789", min_size=9, max_size=9)


@settings(max_examples=500)
@given(NINE_DIGITS)
def test_eleven_test_agrees_with_a_straightforward_reimplementation(digits: str) -> None:
    assert passes_eleven_test(digits) == _eleven_test(digits)
    assert contains_bsn(digits) == _eleven_test(digits)


@given(st.text("0123456789", max_size=20).filter(lambda value: len(value) != 9))
def test_eleven_test_needs_exactly_nine_digits(digits: str) -> None:
    assert not passes_eleven_test(digits)


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    digits = "".join(map(str, [*head, check]))
    if check == 10 or int(digits) == 0:
        digits = "123456782"
    return digits


WORDS = st.text("abcdefghijklmnopqrstuvwxyz ,:", max_size=30).map(lambda s: s.strip(" "))


@settings(deadline=None)
@given(valid_bsns(), st.sampled_from(["", " ", ".", "-"]), WORDS, WORDS)
def test_any_valid_bsn_in_any_separator_format_is_refused(
    digits: str, separator: str, before: str, after: str
) -> None:
    written = separator.join(digits)
    text = f"{before} {written} {after}".strip()
    assert contains_bsn(text)
    error = _refusal(lambda: build_signal(client_words=text))
    _assert_bsn_refusal(error, "client_words", digits, text)


def test_a_bsn_field_is_refused_as_unknown() -> None:
    fields: dict[str, Any] = build_client().model_dump()
    error = _refusal(lambda: Client.model_validate({**fields, "bsn": "123456782"}))
    (detail,) = error.errors(include_input=False)
    assert detail["type"] == "extra_forbidden"
    assert detail["loc"] == ("bsn",)
    assert "123456782" not in str(error)


def test_a_bsn_key_in_synced_json_is_refused() -> None:
    text = build_client().model_dump_json()[:-1] + ', "bsn": "123456782"}'
    error = _refusal(lambda: Client.model_validate_json(text))
    assert [detail["type"] for detail in error.errors()] == ["extra_forbidden"]


def test_bsn_hidden_in_amount_keys_of_a_payload_is_refused() -> None:
    error = _refusal(
        lambda: ReferralPayload.model_validate(
            {**build_payload().model_dump(), "amounts_cents": {"123456782": 100}}
        )
    )
    assert error.errors()[0]["type"] == "domain.bsn_in_text"
