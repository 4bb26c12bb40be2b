"""Words for what a form's service says needs fixing: the forms' own codes here, the domain's
and pydantic's codes through the catalogs' messages. The field goes into the message by its
label, never with what was typed."""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.i18n import N_, _
from fieldapp.i18n.field_errors import FIELD_INVALID
from fieldapp.i18n.messages import render
from fieldapp.services.event_intake import IntakeCode
from fieldapp.services.field_errors import FieldError, FieldErrors, FormCode

FORM_MESSAGES: Mapping[str, str] = {
    FormCode.POSTCODE_OR_NO_ADDRESS: N_("Fill in the postcode, or leave the whole address empty."),
    FormCode.HOUSE_NUMBER_NOT_A_NUMBER: N_("The house number is a number, like 12."),
    FormCode.DATE_AND_TIME: N_("Give the date as YYYY-MM-DD and the time as HH:MM."),
    FormCode.WHOLE_MINUTES: N_("Give a whole number of minutes."),
    FormCode.DATE: N_("Give the date as YYYY-MM-DD, for example 2026-03-01."),
    FormCode.NUMBER: N_("Give a number, for example 24 or 24,5."),
    FormCode.CHOOSE: N_("Choose one from the list."),
    IntakeCode.NO_CONTACT: N_(
        "Give a phone number or an email address, so someone can get back to this person."
    ),
    IntakeCode.POSTCODE_NEEDED: N_("Fill in the postcode: the team that helps depends on it."),
    IntakeCode.HOUSE_NUMBER_NEEDED: N_(
        "Fill in the house number: the team that helps depends on the address."
    ),
    IntakeCode.NO_TEAM: N_(
        "No team is known for this address. Check the postcode and house number."
    ),
}
"""Words for the forms' own codes; the domain's and pydantic's codes have theirs in i18n."""


def field_message(problem: FieldError, label: str) -> str:
    """What to do about ``problem`` at the field labelled ``label`` (a model field's name
    shows as its translated label), in the app's language."""
    source = FORM_MESSAGES.get(problem.code)
    if source is not None:
        return _(source)
    return render(problem.code, {**problem.params, "field": label}, default=FIELD_INVALID)


def field_messages(errors: FieldErrors) -> dict[str, str]:
    """Each field's message, the field named by its model name's label."""
    return {name: field_message(problem, name) for name, problem in errors.items()}
