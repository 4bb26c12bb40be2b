"""Reading a form's text fields: a date, a number, an id, an address. Empty is None; text that
cannot be read is None too, with a code at its field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from fieldapp.domain.client import split_house_number
from fieldapp.services.field_errors import FieldError, FieldErrors, FormCode

MISSING = "missing"
"""Pydantic's own code for a required field left empty (its words are in the catalogs)."""


def read_date(text: str, name: str, errors: FieldErrors) -> date | None:
    """``YYYY-MM-DD``, as the date picker fills it in."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[name] = FieldError(FormCode.DATE)
        return None


def read_number(
    text: str, name: str, errors: FieldErrors, *, required: bool = False
) -> Decimal | None:
    """A decimal number; a comma counts as the decimal sign, as Dutch people write it.
    ``required``: empty is said to be missing (rather than "not right")."""
    if not text.strip():
        if required:
            errors[name] = FieldError(MISSING)
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        errors[name] = FieldError(FormCode.NUMBER)
        return None


def read_id(text: str) -> UUID | None:
    """A choice's id; what is not one counts as no choice (the model then says so)."""
    try:
        return UUID(text) if text.strip() else None
    except ValueError:
        return None


@dataclass(frozen=True)
class AddressText:
    """An address's fields as typed."""

    postcode: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    street: str = ""
    city: str = ""


def read_address(
    text: AddressText, errors: FieldErrors, prefix: str = ""
) -> dict[str, object] | None:
    """The address's data for the model, or None when it was left empty (or cannot be read:
    then a code at ``prefix + "postcode"`` or ``prefix + "house_number"``). The model checks
    the postcode's shape."""
    given = [text.postcode, text.house_number, text.house_number_addition, text.street]
    if not any(part.strip() for part in given):
        return None
    problems: FieldErrors = {}
    if not text.postcode.strip():
        problems[f"{prefix}postcode"] = FieldError(FormCode.POSTCODE_OR_NO_ADDRESS)
    number, addition = text.house_number.strip(), text.house_number_addition
    if not addition.strip():  # "12a" typed in one field
        number, addition = split_house_number(number)
    if not (number.isascii() and number.isdigit()):  # '²' is a digit to Python
        problems[f"{prefix}house_number"] = FieldError(FormCode.HOUSE_NUMBER_NOT_A_NUMBER)
    if problems:
        errors.update(problems)
        return None
    return {
        "postcode": text.postcode,
        "house_number": int(number),
        "house_number_addition": addition,
        "street": text.street,
        "city": text.city,
    }
