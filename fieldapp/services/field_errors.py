"""What needs fixing on a form, as a code per field: services never put words on a screen.

A :class:`FieldError` carries a stable code (a :class:`FormCode`, a service's own code, a
domain ``ErrorCode`` or a pydantic error type) and the limits a message may quote, never the
input. The UI turns codes into words (``fieldapp.ui.field_messages``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from fieldapp.domain.errors import ErrorCode

_DOMAIN_CODES = frozenset(code.value for code in ErrorCode)
M = TypeVar("M", bound=BaseModel)


class FormCode(StrEnum):
    """What the forms ask for beyond what the domain's models check."""

    POSTCODE_OR_NO_ADDRESS = "form.postcode_or_no_address"
    """Part of an address without its postcode: fill it in, or leave the address empty."""
    HOUSE_NUMBER_NOT_A_NUMBER = "form.house_number_not_a_number"
    DATE_AND_TIME = "form.date_and_time"
    """A date or time the calendar cannot read."""
    WHOLE_MINUTES = "form.whole_minutes"
    DATE = "form.date"
    """A date the calendar cannot read (YYYY-MM-DD)."""
    NUMBER = "form.number"
    CHOOSE = "form.choose"
    """Nothing chosen where the form needs a choice from its list."""


@dataclass(frozen=True)
class FieldError:
    code: str
    params: Mapping[str, int | float | str] = field(default_factory=dict)
    """Numeric limits (``max_length``, ...) and the domain's own context; never the input."""


FieldErrors = dict[str, FieldError]
"""Form field name -> what is wrong with it."""


def _params(code: str, context: Mapping[str, object]) -> dict[str, int | float | str]:
    """Numbers always; the domain's own context (its years, say) for its own codes. The field
    a domain error names is the form's business: the UI puts the field's label there."""
    params: dict[str, int | float | str] = {}
    for key, value in context.items():
        if isinstance(value, bool) or key == "field":
            continue
        if isinstance(value, int | float) or (isinstance(value, str) and code in _DOMAIN_CODES):
            params[key] = value
    return params


def field_errors(
    error: ValidationError, field_of: Callable[[str], str] = lambda name: name
) -> FieldErrors:
    """The first problem per field. A nested location counts by its last name
    (``address.postcode`` is the form's ``postcode``); ``field_of`` maps a model's field name
    to the form's, and a rule across fields lands on the field its context names."""
    errors: FieldErrors = {}
    for detail in error.errors(include_url=False, include_input=False):
        context = detail.get("ctx") or {}
        names = [part for part in detail["loc"] if isinstance(part, str)]
        named = context.get("field")
        # A rule across fields names the one to fix; a nested model's rule is located at the
        # model, so the name it gives wins over the location.
        name = named if isinstance(named, str) else names[-1] if names else ""
        errors.setdefault(
            field_of(name), FieldError(detail["type"], _params(detail["type"], context))
        )
    return errors


def validated(
    model: type[M], data: Mapping[str, object], read: FieldErrors
) -> tuple[M | None, FieldErrors]:
    """The model made from a form's ``data``, or every field to fix: ``read`` holds what could
    not be read as typed, and that is said first; the model's word on the same field waits."""
    try:
        made = model.model_validate(data)
    except ValidationError as error:
        return None, field_errors(error) | read
    return (None, read) if read else (made, {})
