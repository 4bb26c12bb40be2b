"""An employer's request for a Flying Squad visit, made on the public web form.

It names the organisation, one contact person and when a visit would suit, and how many people
work there: never anything about an employee (the form has no field for it, and no free text
in which one could be written). The server makes it; the Flying Squad's tablets receive it and
the coordinator marks it handled.
"""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ErrorCode

MAX_DATES = 3
MAX_EMPLOYEES = 1_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


class VisitRequest(DomainModel):
    id: UUID
    organisation: str = Field(min_length=1, max_length=160)
    contact_name: str = Field(min_length=1, max_length=120)
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    preferred_dates: tuple[date, ...] = Field(min_length=1, max_length=MAX_DATES)
    employees: int = Field(ge=1, le=MAX_EMPLOYEES)
    """How many people work there: the size of the event to plan."""
    received_at: AwareDatetime
    handled_at: AwareDatetime | None = None
    """When the coordinator marked it handled (planned or answered); tablets then drop it."""
    version: int = Field(default=1, ge=1)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and not _PHONE.match(value):
            raise PydanticCustomError(ErrorCode.INVALID_PHONE.value, "not a phone number")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not _EMAIL.match(value):
            raise PydanticCustomError(ErrorCode.INVALID_EMAIL.value, "not an email address")
        return value

    @model_validator(mode="after")
    def _reachable(self) -> VisitRequest:
        if not (self.phone or self.email):
            raise PydanticCustomError(
                ErrorCode.REQUEST_NO_CONTACT.value, "a phone number or an email address is needed"
            )
        return self

    @property
    def open(self) -> bool:
        return self.handled_at is None

    def handled(self, at: AwareDatetime) -> VisitRequest:
        return self.model_copy(update={"handled_at": at, "version": self.version + 1})
