"""The coordinator's employer form as posted fields: to an :class:`Employer`, or a message key
per field at fault (the words are the template's).

Sites and contact people are numbered rows (``site-0-name``, ``contact-1-role``); a row left
empty is no row, and a row whose "Remove" box is ticked (``site-0-remove``) is taken away. The
page shows the rows held plus one empty row of each, so one more of each can be added per
save, without JavaScript. A house number typed with its addition ("12a") is split.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from fieldapp.domain.client import split_house_number
from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.errors import ErrorCode

MAX_ROWS = 50
SITE_FIELDS = ("id", "name", "postcode", "house_number", "house_number_addition", "city")
CONTACT_FIELDS = ("id", "name", "role", "phone", "email")
MESSAGES = {
    ErrorCode.INVALID_KVK.value: "kvk",
    ErrorCode.INVALID_POSTCODE.value: "postcode",
    "missing": "missing",
    "string_too_short": "missing",
    "int_parsing": "house_number",
    "greater_than_equal": "house_number",
    "less_than_equal": "house_number",
    "string_too_long": "too_long",
}
"""Pydantic's and the domain's error types, to the keys of the template's messages."""


@dataclass(frozen=True)
class FormState:
    """What the form shows: the fields as typed and, after a refused save, what is wrong."""

    values: dict[str, str]
    sites: int
    contacts: int
    errors: dict[str, str] = field(default_factory=dict)


def _rows(values: dict[str, str], prefix: str) -> int:
    numbers = [
        int(number)
        for name in values
        if name.startswith(prefix)
        and (number := name.removeprefix(prefix).split("-", 1)[0]).isdigit()
    ]
    return min(MAX_ROWS, max(numbers, default=-1) + 1)


def state_of(employer: Employer | None) -> FormState:
    """The form for a new employer (``None``) or filled with one held."""
    if employer is None:
        return FormState({"kind": EmployerKind.REGULAR.value, "version": "0"}, 1, 1)
    values = {
        "name": employer.name,
        "kind": employer.kind.value,
        "kvk": employer.kvk or "",
        "version": str(employer.version),
    }
    for i, site in enumerate(employer.sites):
        address = site.address
        values |= {
            f"site-{i}-id": str(site.id),
            f"site-{i}-name": site.name,
            f"site-{i}-postcode": address.postcode if address else "",
            f"site-{i}-house_number": str(address.house_number) if address else "",
            f"site-{i}-house_number_addition": address.house_number_addition if address else "",
            f"site-{i}-city": address.city if address else "",
        }
    for i, contact in enumerate(employer.contacts):
        values |= {f"contact-{i}-{name}": str(getattr(contact, name)) for name in CONTACT_FIELDS}
        values[f"contact-{i}-role"] = contact.role.value
    return FormState(values, len(employer.sites) + 1, len(employer.contacts) + 1)


def _row_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid4()


def _filled(values: dict[str, str], prefix: str, names: tuple[str, ...]) -> list[int]:
    """The rows to keep: something typed in them, and their "Remove" box not ticked."""
    typed = [name for name in names if name not in {"id", "role"}]
    return [
        i
        for i in range(_rows(values, prefix))
        if not values.get(f"{prefix}{i}-remove")
        and any(values.get(f"{prefix}{i}-{name}", "").strip() for name in typed)
    ]


def parse(
    posted: dict[str, str], employer_id: uuid.UUID, now: datetime
) -> tuple[Employer | None, FormState]:
    """The employer the form describes, or ``None`` and the form with its errors."""
    values = {name: value.strip() for name, value in posted.items() if name != "csrf"}
    sites = _filled(values, "site-", SITE_FIELDS)
    contacts = _filled(values, "contact-", CONTACT_FIELDS)
    data: dict[str, Any] = {
        "id": employer_id,
        "name": values.get("name", ""),
        "kind": values.get("kind", ""),
        "kvk": values.get("kvk") or None,
        "updated_at": now,
        "sites": [_site(values, i) for i in sites],
        "contacts": [
            {
                "id": _row_id(values.get(f"contact-{i}-id", "")),
                "name": values.get(f"contact-{i}-name", ""),
                "role": values.get(f"contact-{i}-role", ""),
                "phone": values.get(f"contact-{i}-phone", ""),
                "email": values.get(f"contact-{i}-email", ""),
            }
            for i in contacts
        ],
    }
    state = FormState(values, _rows(values, "site-") or 1, _rows(values, "contact-") or 1)
    try:
        return Employer.model_validate(data), state
    except ValidationError as error:
        return None, FormState(
            state.values, state.sites, state.contacts, _errors(error, sites, contacts)
        )


def _site(values: dict[str, str], i: int) -> dict[str, Any]:
    postcode, number = (
        values.get(f"site-{i}-postcode", ""),
        values.get(f"site-{i}-house_number", ""),
    )
    addition = values.get(f"site-{i}-house_number_addition", "")
    if not addition:
        number, addition = split_house_number(number)
    address = (
        {
            "postcode": postcode,
            "house_number": number,
            "house_number_addition": addition,
            "city": values.get(f"site-{i}-city", ""),
        }
        if postcode or number
        else None
    )
    return {
        "id": _row_id(values.get(f"site-{i}-id", "")),
        "name": values.get(f"site-{i}-name", ""),
        "address": address,
    }


def _errors(error: ValidationError, sites: list[int], contacts: list[int]) -> dict[str, str]:
    found: dict[str, str] = {}
    for problem in error.errors(include_input=False, include_url=False):
        loc = problem["loc"]
        message = MESSAGES.get(problem["type"], "check")
        if loc and loc[0] in {"sites", "contacts"} and len(loc) >= 3:
            rows, prefix = (sites, "site") if loc[0] == "sites" else (contacts, "contact")
            row = int(loc[1])
            name = str(loc[-1]) if loc[2] == "address" else str(loc[2])
            found.setdefault(f"{prefix}-{rows[row]}-{name}", message)
        elif loc and loc[0] in {"sites", "contacts"}:
            found.setdefault("name", "check")
        elif loc:
            found.setdefault(str(loc[0]), message)
        else:
            found.setdefault("name", "check")
    return found
