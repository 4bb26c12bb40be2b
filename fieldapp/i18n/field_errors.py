"""Messages for pydantic's own error types (``missing``, ``string_too_long``, ...).

Each names the field (by its translated label, filled in by :mod:`fieldapp.i18n.messages`) and
at most the numeric limit from the error's context; never the input that failed.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.i18n.translator import N_, Translator

INVALID = N_("These details are not valid.")
"""For a pydantic error that names no field."""

MISSING = N_("Fill in ‘{field}’.")

FIELD_ERRORS: Mapping[str, str] = {
    "missing": MISSING,
    "extra_forbidden": N_("‘{field}’ is not a known field and is not stored."),
    "greater_than_equal": N_("‘{field}’ must be at least {ge}."),
    "greater_than": N_("‘{field}’ must be more than {gt}."),
    "less_than_equal": N_("‘{field}’ can be at most {le}."),
    "less_than": N_("‘{field}’ must be less than {lt}."),
    "string_pattern_mismatch": N_("‘{field}’ does not have the right form."),
    "int_parsing": N_("‘{field}’ must be a whole number."),
    "int_type": N_("‘{field}’ must be a whole number."),
    "date_parsing": N_("‘{field}’ is not a valid date."),
    "datetime_parsing": N_("‘{field}’ is not a valid date and time."),
    "enum": N_("Choose one of the options for ‘{field}’."),
    "literal_error": N_("Choose one of the options for ‘{field}’."),
}
"""Pydantic's own error types with a message of their own; others get :data:`FIELD_INVALID`."""

FIELD_INVALID = N_("‘{field}’ is not valid.")

COUNTED = frozenset({"string_too_short", "string_too_long", "too_short", "too_long"})
"""Pydantic's length errors, whose message depends on the number (plural forms)."""

SAFE_CONTEXT = frozenset({"ge", "gt", "le", "lt", "min_length", "max_length"})
"""The only keys of a pydantic error's context that may appear in a message (all numbers)."""


def _counted(code: str, params: Mapping[str, object], translator: Translator) -> str | None:
    """The plural-aware template for a length error, or None for any other code."""
    count = params.get("min_length" if code in {"string_too_short", "too_short"} else "max_length")
    if not isinstance(count, int) or code not in COUNTED:
        return None
    t = translator
    if code == "string_too_short" and count == 1:
        text = t.gettext(MISSING)
    elif code == "string_too_short":
        text = t.ngettext(
            "‘{field}’ needs at least {min_length} character.",
            "‘{field}’ needs at least {min_length} characters.",
            count,
        )
    elif code == "string_too_long":
        text = t.ngettext(
            "‘{field}’ can have at most {max_length} character.",
            "‘{field}’ can have at most {max_length} characters.",
            count,
        )
    elif code == "too_short":
        text = t.ngettext(
            "‘{field}’ needs at least {min_length} item.",
            "‘{field}’ needs at least {min_length} items.",
            count,
        )
    else:
        text = t.ngettext(
            "‘{field}’ can have at most {max_length} item.",
            "‘{field}’ can have at most {max_length} items.",
            count,
        )
    return text


def field_error_template(
    code: str, params: Mapping[str, object], translator: Translator
) -> str | None:
    """The translated template for a pydantic error type, or None when it has none."""
    counted = _counted(code, params, translator)
    if counted is not None:
        return counted
    if code in FIELD_ERRORS:
        return translator.gettext(FIELD_ERRORS[code])
    return None
