"""Left-to-right values in right-to-left pages: each one in its own ``<bdi>``.

An Arabic page (``dir="rtl"``) would reorder the runs of a phone number, a postcode with its
house number, an email address or a range such as ``1–20``. ``<bdi dir="ltr">`` keeps such a
value in its order and keeps it from reordering the text around it (HTML's form of the Unicode
isolates that the app uses, :mod:`fieldapp.i18n.bidi`, without hidden characters in what a
user copies). Text of either direction (a name, the client's own words) gets a plain ``<bdi>``:
its first strong letter decides. The value is escaped; an empty value gives nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from fieldapp.i18n.formatting import AddressParts, address_text, house_number_text


def ltr(value: object) -> Markup:
    """``<bdi dir="ltr">value</bdi>``, escaped; ``None`` or empty gives nothing."""
    text = "" if value is None else str(value)
    return Markup('<bdi dir="ltr">{}</bdi>').format(text) if text else Markup("")


def auto(value: object) -> Markup:
    """``<bdi>value</bdi>`` for text of either direction, escaped."""
    text = "" if value is None else str(value)
    return Markup("<bdi>{}</bdi>").format(text) if text else Markup("")


def phone(value: str) -> Markup:
    """A phone number to tap on a phone (``tel:``), kept left to right."""
    # "+31 (0)20 ...": the (0) is not dialled after a country code.
    dialled = value.replace("(0)", "") if value.strip().startswith("+") else value
    number = "".join(c for c in dialled if c.isascii() and (c.isdigit() or c == "+"))
    if not number:
        return ltr(value.strip())
    return Markup('<a href="tel:{}">{}</a>').format(number, ltr(value.strip()))


def email(value: str) -> Markup:
    """An email address that opens a new message (``mailto:``), kept left to right."""
    address = value.strip()
    if not address or any(c in address for c in '<>"?# '):
        return ltr(address)
    return Markup('<a href="mailto:{}">{}</a>').format(address, ltr(address))


def postcode(value: str) -> Markup:
    return ltr(value.strip())


def house_number(number: int, addition: str = "") -> Markup:
    return ltr(house_number_text(number, addition))


@dataclass(frozen=True)
class _Parts:
    postcode: str
    house_number: int
    house_number_addition: str = ""
    street: str = ""
    city: str = ""


def _parts(value: Mapping[str, Any]) -> _Parts:
    """An address as a referral's payload holds it (a JSON object)."""
    return _Parts(
        postcode=str(value.get("postcode") or ""),
        house_number=int(value.get("house_number") or 0),
        house_number_addition=str(value.get("house_number_addition") or ""),
        street=str(value.get("street") or ""),
        city=str(value.get("city") or ""),
    )


def address(value: AddressParts | Mapping[str, Any] | None) -> Markup:
    """The whole address as one left-to-right island (``1091 AB 12, Amsterdam``); from the
    domain's ``Address`` or a payload's JSON object."""
    if not value:
        return Markup("")
    return ltr(address_text(_parts(value) if isinstance(value, Mapping) else value))


def house_range(low: int | None, high: int | None) -> Markup:
    """A range of house numbers (``1–20``, open ends left empty), kept left to right."""
    return ltr(f"{'' if low is None else low}–{'' if high is None else high}")


HELPERS = {
    "ltr": ltr,
    "bdi": auto,
    "phone": phone,
    "email": email,
    "postcode": postcode,
    "house_number": house_number,
    "address": address,
    "house_range": house_range,
}
"""What every template can call."""
