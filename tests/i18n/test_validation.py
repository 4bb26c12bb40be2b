"""Validation errors and raised errors as translated text: field named, input never shown."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.client import Client
from fieldapp.domain.errors import DomainError
from fieldapp.domain.referral import Status, new_referral, queue, transition
from fieldapp.domain.rules import RuleTable
from fieldapp.domain.store_errors import IntegrityError, WrongPassphraseError
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Visit
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import Translator
from fieldapp.i18n.validation import describe, validation_messages

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
NL = Translator("nl")
EN = Translator("en")


def _client(**changes: object) -> Client:
    data: dict[str, object] = {
        "id": uuid.uuid4(),
        "given_name": "Sam",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Client.model_validate({**data, **changes})


def _errors(**changes: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _client(**changes)
    return caught.value


@st.composite
def bsn_texts(draw: st.DrawFn) -> tuple[str, str]:
    """Free text holding a nine-digit number that passes the eleven-test, and its digits."""
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(head, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    digits = "".join(map(str, [*head, check]))
    if check == 10 or digits == "0" * 9:
        digits = "111222333"
    separator = draw(st.sampled_from(["", " ", ".", "-"]))
    number = separator.join(digits) if separator else digits
    before = draw(st.sampled_from(["", "BSN ", "nummer: ", "Klant zei "]))
    return f"{before}{number} graag bellen", digits


@given(bsn_texts())
def test_a_bsn_in_any_text_field_is_named_but_never_repeated(case: tuple[str, str]) -> None:
    text, digits = case
    error = _errors(notes=text)
    for translator, field in ((NL, "‘Notities’"), (EN, "‘Notes’")):
        messages = validation_messages(error, translator=translator)
        assert messages == [
            ("notes", message_for("domain.bsn_in_text", field="notes", translator=translator))
        ]
        shown = messages[0][1] + describe(error, translator=translator)
        assert field in shown
        assert not re.search(r"\d", shown), shown
        assert digits not in shown and text not in shown


def test_a_bsn_in_a_nested_model_names_the_nested_field() -> None:
    error = _errors(address={"postcode": "1011 AB", "house_number": 1, "street": "111222333"})
    assert validation_messages(error, translator=NL) == [
        (
            "address.street",
            "In ‘Straat’ staat iets dat op een BSN lijkt. Veldwerk bewaart "
            "nooit een BSN. Haal het nummer weg.",
        ),
    ]


def test_pydantic_errors_get_a_translated_message_naming_the_field() -> None:
    error = _errors(
        given_name="",
        family_name="x" * 121,
        participation_level=9,
        address={"postcode": "99", "house_number": "een"},
        bsn="nee",
    )
    assert dict(validation_messages(error, translator=NL)) == {
        "given_name": "Vul ‘Voornaam’ in.",
        "family_name": "‘Achternaam’ mag hoogstens 120 tekens hebben.",
        "participation_level": "‘Participatieladder’ mag hoogstens 6 zijn.",
        "address.postcode": "Vul de postcode in als 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.",
        "address.house_number": "‘Huisnummer’ moet een heel getal zijn.",
        "bsn": "‘bsn’ is geen bekend veld en wordt niet bewaard.",
    }
    assert dict(validation_messages(error, translator=EN))["given_name"] == "Fill in ‘First name’."


def test_pydantic_errors_without_their_own_message_are_still_translated() -> None:
    error = _errors(easy_language="misschien", id="geen-uuid")
    messages = dict(validation_messages(error, translator=NL))
    assert messages["easy_language"] == "‘easy_language’ klopt niet."
    assert messages["id"] == "‘id’ klopt niet."
    assert "misschien" not in str(messages) and "geen-uuid" not in str(messages)


def test_model_level_domain_errors_are_translated() -> None:
    with pytest.raises(ValidationError) as caught:
        Visit.model_validate(
            {
                "id": uuid.uuid4(),
                "client_id": uuid.uuid4(),
                "type": "intake",
                "started_at": NOW,
                "duration_minutes": 30,
                "goals": [{"goal_id": uuid.uuid4(), "minutes": 45}],
            }
        )
    assert validation_messages(caught.value, translator=NL) == [
        ("", "De minuten voor de doelen zijn samen meer dan de duur van het bezoek."),
    ]
    with pytest.raises(ValidationError) as caught:
        WellbeingCheck.model_validate(
            {
                "id": uuid.uuid4(),
                "client_id": uuid.uuid4(),
                "taken_at": NOW,
                "items": [5, 5, 5],
                "instrument_version": "who5/nl/x",
                "language": "nl",
            }
        )
    assert validation_messages(caught.value, translator=EN) == [
        ("items", "Give an answer from 0 to 5 for each of the five WHO-5 questions."),
    ]


def test_raised_domain_and_store_errors_are_described() -> None:
    referral = new_referral(
        referral_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        target=Target.SCHULDHULP,
        recipient_id="schuldhulp:amsterdam",
        urgency=Urgency.REGULAR,
        at=NOW,
    )
    with pytest.raises(DomainError) as bad_move:
        transition(referral, Status.SENT, NOW)
    assert describe(bad_move.value, translator=NL) == (
        "Een verwijzing kan niet van ‘Concept’ naar ‘Verstuurd’."
    )
    with pytest.raises(DomainError) as no_consent:
        queue(referral, [], NOW)
    assert describe(no_consent.value, translator=EN).startswith("The client has not given")
    with pytest.raises(DomainError) as bad_rules:
        RuleTable.from_json("{}")
    assert "coördinator" in describe(bad_rules.value, translator=NL)
    assert describe(WrongPassphraseError(), translator=NL) == (
        "De wachtwoordzin klopt niet. Probeer het opnieuw."
    )
    assert "beschadigd" in describe(IntegrityError("segment-3.bin", 2), translator=NL)
    assert describe(KeyError("secret"), translator=EN) == "Something went wrong (code: KeyError)."
