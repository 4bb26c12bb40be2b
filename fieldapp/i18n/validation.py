"""Pydantic validation errors, and raised errors in general, as translated text for people.

A ``ValidationError`` from the domain models becomes a list of (field path, message): each
error's ``type`` is the code (the domain's ``PydanticCustomError`` types are
:class:`~fieldapp.domain.errors.ErrorCode` values). Only the domain's own context and the
numeric limits of pydantic's context are used, never the input that failed, so no client data
can reach a message.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from fieldapp.domain.errors import DomainError
from fieldapp.domain.store_errors import StoreError
from fieldapp.i18n.field_errors import FIELD_INVALID, INVALID, SAFE_CONTEXT
from fieldapp.i18n.messages import CODES, message_for, render
from fieldapp.i18n.translator import Translator, active


def field_path(loc: tuple[int | str, ...]) -> str:
    """A dotted path for an error location: ``("address", "postcode")`` -> ``address.postcode``."""
    return ".".join(str(part) for part in loc)


def _field_name(detail: ErrorDetails) -> str | None:
    named = (detail.get("ctx") or {}).get("field")
    if isinstance(named, str):
        return named
    names = [part for part in detail["loc"] if isinstance(part, str)]
    return names[-1] if names else None


def error_message(detail: ErrorDetails, *, translator: Translator | None = None) -> str:
    """The translated message for one entry of ``ValidationError.errors()``."""
    t = translator if translator is not None else active()
    code = detail["type"]
    context = detail.get("ctx") or {}
    field = _field_name(detail)
    if code in CODES:
        params: dict[str, object] = {**context}
        if field is not None:
            params.setdefault("field", field)
        return render(code, params, translator=t)
    if field is None:
        return t.gettext(INVALID)
    params = {key: value for key, value in context.items() if key in SAFE_CONTEXT}
    params["field"] = field
    return render(code, params, translator=t, default=FIELD_INVALID)


def validation_messages(
    error: ValidationError, *, translator: Translator | None = None
) -> list[tuple[str, str]]:
    """(field path, translated message) for every error in ``error``, in pydantic's order."""
    details = error.errors(include_url=False, include_input=False)
    return [
        (field_path(detail["loc"]), error_message(detail, translator=translator))
        for detail in details
    ]


def describe(error: BaseException, *, translator: Translator | None = None) -> str:
    """Translated text for any raised error, safe to show and to log."""
    t = translator if translator is not None else active()
    if isinstance(error, DomainError):
        return message_for(error.code, translator=t, **error.params)
    if isinstance(error, StoreError):
        return message_for(error.code, translator=t)
    if isinstance(error, ValidationError):
        return "\n".join(message for _, message in validation_messages(error, translator=t))
    return message_for(type(error).__name__, translator=t)
