"""Words for what the public visit-request form refuses, per field: the codes come from
:mod:`sync_server.services.visit_requests` (a domain code, a pydantic error type or a date
code), never with what was typed."""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.visit_request import MAX_EMPLOYEES
from fieldapp.i18n import format_number
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import N_, Translator
from sync_server.services.visit_requests import DateCode, FormErrors

_WORDS: Mapping[str, str] = {
    "missing": N_("Fill this in."),
    "string_too_short": N_("Fill this in."),
    "int_type": N_("Give the number of employees as a whole number."),
    "int_parsing": N_("Give the number of employees as a whole number."),
    "string_too_long": N_("This is too long."),
    "greater_than_equal": N_("Give a number from 1 to %(max)s."),
    "less_than_equal": N_("Give a number from 1 to %(max)s."),
    DateCode.NOT_A_DATE: N_("Give the date as day, month and year."),
    DateCode.PAST: N_("This date has passed. Choose a date from today on."),
    DateCode.TOO_FAR: N_("Choose a date within a year from today."),
    DateCode.NONE: N_("Give at least one date that would suit you."),
}
_DOMAIN = frozenset(code.value for code in ErrorCode)
LABELS: Mapping[str, str] = {
    "organisation": N_("Organisation"),
    "contact_name": N_("Contact person"),
    "phone": N_("Phone number"),
    "email": N_("Email address"),
    "employees": N_("Number of employees"),
    "date_1": N_("First choice"),
    "date_2": N_("Second choice"),
    "date_3": N_("Third choice"),
}
"""The form's fields in their order on the page, with their labels."""


def field_words(errors: FormErrors, t: Translator) -> dict[str, str]:
    """Each field at fault with its message in the page's language."""
    words: dict[str, str] = {}
    for name, code in errors.items():
        if code in _DOMAIN:
            label = t.gettext(LABELS.get(name, N_("Contact person")))
            words[name] = message_for(code, translator=t, field=label)
        else:
            source = _WORDS.get(code, N_("Check this field."))
            words[name] = t.gettext(source) % {"max": format_number(MAX_EMPLOYEES, translator=t)}
    return words
