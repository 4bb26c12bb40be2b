"""The organisation's employer register: who people work for, where, and whom the jobcoach
talks to there. It holds no client data: which client works where is a placement
(:mod:`fieldapp.domain.placement`), kept with the client."""

from __future__ import annotations

import re
from enum import StrEnum
from uuid import UUID

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.client import Address
from fieldapp.domain.errors import ErrorCode

_KVK = re.compile(r"^\d{8}$")


class EmployerKind(StrEnum):
    REGULAR = "regular"
    SOCIALE_FIRMA = "sociale_firma"
    SW_BEDRIJF = "sw_bedrijf"
    PUBLIC_BODY = "public_body"
    SCHOOL = "school"


class ContactRole(StrEnum):
    MANAGER = "manager"
    HR = "hr"
    IN_COMPANY_SUPPORTER = "in_company_supporter"
    """Supports workers at the workplace day to day (in Amsterdam a "Harrie")."""


class WorkSite(DomainModel):
    id: UUID
    name: str = Field(min_length=1, max_length=120)
    address: Address | None = None


class ContactPerson(DomainModel):
    id: UUID
    name: str = Field(min_length=1, max_length=120)
    role: ContactRole
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=200)


class Employer(DomainModel):
    """One employer, organisation-wide. Versioned for sync conflicts, like a client."""

    id: UUID
    name: str = Field(min_length=1, max_length=160)
    kind: EmployerKind
    kvk: str | None = None
    """The Chamber of Commerce number: 8 digits (spaces and dots are dropped)."""
    sites: tuple[WorkSite, ...] = ()
    contacts: tuple[ContactPerson, ...] = ()
    updated_at: AwareDatetime
    version: int = Field(default=1, ge=1)

    @field_validator("kvk", mode="before")
    @classmethod
    def _kvk_number(cls, value: object) -> str | None:
        if value is None:
            return None
        text = re.sub(r"[\s.]", "", str(value))
        if not text:
            return None
        if _KVK.match(text) is None:
            raise PydanticCustomError(ErrorCode.INVALID_KVK.value, "a KvK number has 8 digits")
        return text

    @model_validator(mode="after")
    def _ids_unique(self) -> Employer:
        for parts in (self.sites, self.contacts):
            ids = [part.id for part in parts]
            if len(set(ids)) != len(ids):
                raise ValueError("sites and contacts each need their own id")
        return self

    def site(self, site_id: UUID | None) -> WorkSite | None:
        return next((site for site in self.sites if site.id == site_id), None)
