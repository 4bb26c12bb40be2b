"""Reading a form's text fields: a date, a number, an id. Empty is None; text that cannot be
read is None too, with a code at its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

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
