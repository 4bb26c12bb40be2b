"""The event screens' words for the service's codes (each at the field it concerns, naming
that field), and the consent texts in the person's language with the staff's text beneath."""

from __future__ import annotations

from collections.abc import Iterator

import flet as ft
import pytest

from fieldapp.domain.consent import Purpose
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator, active, install, target_label
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.services.event_intake import IntakeCode
from fieldapp.services.field_errors import FieldError, FormCode
from fieldapp.ui.event_intake_view import ConsentChoice
from fieldapp.ui.field_messages import FORM_MESSAGES, field_message


@pytest.fixture
def dutch() -> Iterator[None]:
    previous = active()
    install(Translator("nl"))
    yield
    install(previous)


@pytest.mark.usefixtures("english")
def test_every_form_code_has_words_that_say_what_to_do() -> None:
    assert set(FORM_MESSAGES) == set(IntakeCode) | set(FormCode)
    assert field_message(FieldError(IntakeCode.POSTCODE_NEEDED), "Postcode") == (
        "Fill in the postcode: the team that helps depends on it."
    )
    for code in [*IntakeCode, *FormCode]:
        assert "(code: " not in field_message(FieldError(code), "Postcode")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("problem", "label", "words"),
    [
        (FieldError("string_too_short", {"min_length": 1}), "Organisation or employer",
         "Fill in ‘Organisation or employer’."),
        (FieldError("string_too_long", {"max_length": 120}), "Place",
         "‘Place’ can have at most 120 characters."),
        (FieldError(ErrorCode.INVALID_POSTCODE), "Postcode",
         "Enter the postcode as 4 digits and 2 letters, for example 1234 AB."),
        (FieldError(ErrorCode.BSN_IN_TEXT), "First name",
         "‘First name’ seems to contain a BSN. Veldwerk never stores a BSN: remove the number."),
    ],
)  # fmt: skip
def test_domain_and_pydantic_codes_name_the_field(
    problem: FieldError, label: str, words: str
) -> None:
    assert field_message(problem, label) == words


def _texts(choice: ConsentChoice) -> list[str]:
    """The box's label, then any text shown beneath it."""
    found: list[str] = [choice.box.semantics_label or ""]
    for control in choice.control.controls[1:]:
        assert isinstance(control, ft.Semantics) and isinstance(control.content, ft.Container)
        assert isinstance(control.content.content, ft.Text)
        found.append(str(control.content.content.value))
    return found


@pytest.mark.usefixtures("dutch")
def test_the_consent_follows_the_persons_language_with_the_staffs_beneath() -> None:
    choice = ConsentChoice(Purpose.FOLLOW_UP_CONTACT)
    choice.box.value = True
    choice.show("tr")
    turkish = consent_text(Purpose.FOLLOW_UP_CONTACT, "tr", event=True).text
    dutch = consent_text(Purpose.FOLLOW_UP_CONTACT, "nl", event=True).text
    assert _texts(choice) == [turkish, f"In jouw taal: {dutch}"]
    assert choice.box.value  # switching language keeps the tick

    choice.show("nl")
    assert _texts(choice) == [dutch]  # the same language: nothing twice


@pytest.mark.usefixtures("dutch")
def test_a_team_is_named_in_the_persons_language_and_arabic_reads_right_to_left() -> None:
    choice = ConsentChoice(Purpose.REFERRAL, Target.SCHULDHULP)
    choice.show("ar")
    team = target_label(Target.SCHULDHULP, translator=Translator("ar"))
    arabic = consent_text(Purpose.REFERRAL, "ar", event=True, team=team).text
    assert team != target_label(Target.SCHULDHULP, translator=Translator("nl"))
    assert _texts(choice)[0] == arabic
    assert _texts(choice)[1].startswith("In jouw taal: ")
    assert choice.control.controls[0].rtl
