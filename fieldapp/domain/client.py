"""A client in a jobcoach's caseload. There is no BSN field, and there never will be.

The address is what routing needs (postcode plus house number: one postcode can span two
neighbourhoods); language and easy-language need decide how the client is approached.
"""

from __future__ import annotations

import re
from enum import StrEnum
from uuid import UUID

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ErrorCode

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")


class TargetGroup(StrEnum):
    """The schemes a client falls under (Participatiewet and werkende minima)."""

    BIJSTAND = "bijstand"
    BESCHUT_WERK = "beschut_werk"
    BANENAFSPRAAK = "banenafspraak"
    WSW = "wsw"
    WAJONG = "wajong"
    WERKENDE_MINIMA = "werkende_minima"
    PRAKTIJKROUTE = "praktijkroute"
    """On the praktijkroute towards the doelgroepregister (banenafspraak)."""
    INTERNSHIP_PUPIL = "internship_pupil"
    """A pupil of praktijkonderwijs or VSO on an internship."""
    DAY_ACTIVITIES_WMO = "day_activities_wmo"
    """Work-like day activities under the Wmo."""
    OTHER = "other"


class Address(DomainModel):
    """A Dutch address as routing needs it; the postcode is normalised to ``1234 AB``."""

    postcode: str
    house_number: int = Field(ge=1, le=99999)
    house_number_addition: str = Field(default="", max_length=8)
    street: str = Field(default="", max_length=120)
    city: str = Field(default="", max_length=80)

    @field_validator("postcode", mode="before")
    @classmethod
    def _normalise_postcode(cls, value: object) -> str:
        text = str(value).strip().upper()
        match = _POSTCODE.match(text)
        if match is None:
            raise PydanticCustomError(
                ErrorCode.INVALID_POSTCODE.value, "postcode must look like 1234 AB"
            )
        return f"{match.group(1)} {match.group(2)}"


_NUMBER_WITH_ADDITION = re.compile(r"^([0-9]{1,5})(?![0-9])\s*[-/ ]?\s*([A-Za-z0-9]{1,8})$")
"""The number's digits all of them (``(?![0-9])``: "123" is a number, not "12" and "3")."""


def split_house_number(text: str) -> tuple[str, str]:
    """``"12a"``, ``"12 A"`` or ``"12-2"`` as the number and its addition (``("12", "a")``), as
    people write them in one field; anything else is returned whole, with no addition."""
    match = _NUMBER_WITH_ADDITION.match(text.strip())
    return (match[1], match[2]) if match else (text.strip(), "")


class Client(DomainModel):
    """A person in the caseload. Versioned for sync conflict detection (never by clock)."""

    id: UUID
    given_name: str = Field(min_length=1, max_length=80)
    family_name: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    address: Address | None = None
    preferred_language: str = Field(default="nl", min_length=2, max_length=12)
    easy_language: bool = False
    target_group: TargetGroup = TargetGroup.OTHER
    income_up_to_120pct_minimum: bool | None = None
    new_starter_after_benefit: bool = False
    participation_level: int | None = Field(default=None, ge=1, le=6)
    """Participatieladder: 1 isolated .. 6 paid work."""
    notes: str = Field(default="", max_length=4000)
    jobcoach_id: UUID | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime
    version: int = Field(default=1, ge=1)

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def initials(self) -> str:
        """``Sanne de Vries`` -> ``S. d. V.``: enough for a coordinator to tell clients apart
        on a list, with :attr:`reference`, without the name."""
        parts = f"{self.given_name} {self.family_name}".split()
        return " ".join(f"{part[0]}." for part in parts)

    @property
    def known_at_work(self) -> str:
        """How an employer may see the worker named: first name and the initial of the
        family name (``Sanne de Vries`` -> ``Sanne V.``), nothing more."""
        family = self.family_name.split()
        return f"{self.given_name} {family[-1][0].upper()}." if family else self.given_name

    @property
    def pseudonym(self) -> str:
        """How back-office pages name a client: ``S. d. V. · 3F9A-1C2B``."""
        return f"{self.initials} · {self.reference}"

    @property
    def reference(self) -> str:
        """A short reference to the client that carries no personal data (the first eight
        characters of the id, in two groups): ``3F9A-1C2B``."""
        return reference_of(self.id)


def reference_of(client_id: UUID) -> str:
    """See :attr:`Client.reference`."""
    text = client_id.hex[:8].upper()
    return f"{text[:4]}-{text[4:]}"
