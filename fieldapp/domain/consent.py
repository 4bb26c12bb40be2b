"""Consent per purpose and per named recipient, and the gate every referral passes.

Consent records the text version and language that were shown, can expire, can be withdrawn,
and does not count when it was collected through the employer (not freely given).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ConsentError, ErrorCode


class Purpose(StrEnum):
    REFERRAL = "referral"
    """Hand the whitelisted payload over to the named recipient."""
    WELLBEING_RECORDING = "wellbeing_recording"
    """Record WHO-5 answers on the device (special-category data)."""
    WELLBEING_SHARING = "wellbeing_sharing"
    """Let WHO-5 scores leave the device (a separate opt-in)."""
    FOLLOW_UP_CONTACT = "follow_up_contact"
    """Be contacted again after an event (Flying Squad)."""
    SHARE_AMOUNTS = "share_amounts"
    """Include amounts owed in a referral's payload."""
    EMPLOYER_CONTACT = "employer_contact"
    """The employer (recipient ``employer:<employer id>``) may pass concerns about the client
    to the jobcoach."""


class ConsentRecord(DomainModel):
    id: UUID
    client_id: UUID
    purpose: Purpose
    recipient_id: str = Field(min_length=1, max_length=120)
    """The named recipient, e.g. ``schuldhulp:amsterdam`` or ``buurtteam:<team id>``."""
    text_version: str = Field(min_length=1, max_length=80)
    language: str = Field(min_length=2, max_length=12)
    given_at: AwareDatetime
    expires_at: AwareDatetime | None = None
    withdrawn_at: AwareDatetime | None = None
    via_employer: bool = False
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> ConsentRecord:
        ends = (self.expires_at, self.withdrawn_at)
        if any(end is not None and end < self.given_at for end in ends):
            raise PydanticCustomError(
                ErrorCode.CONSENT_DATES_INVALID.value,
                "consent expires or is withdrawn before it was given",
            )
        return self

    def withdraw(self, at: datetime) -> ConsentRecord:
        """A new version, withdrawn at ``at``; validated, so it cannot predate the consent."""
        changes = {"withdrawn_at": at, "version": self.version + 1}
        return ConsentRecord.model_validate({**self.model_dump(), **changes})


def check_consent(
    consent: ConsentRecord,
    *,
    client_id: UUID,
    purpose: Purpose,
    recipient_id: str,
    now: datetime,
) -> None:
    """Raise :class:`ConsentError` unless ``consent`` covers exactly this use at ``now``."""
    if consent.client_id != client_id:
        raise ConsentError(ErrorCode.CONSENT_OTHER_CLIENT, consent_id=str(consent.id))
    if consent.purpose is not purpose:
        raise ConsentError(ErrorCode.CONSENT_WRONG_PURPOSE, consent_id=str(consent.id))
    if consent.recipient_id != recipient_id:
        raise ConsentError(ErrorCode.CONSENT_OTHER_RECIPIENT, consent_id=str(consent.id))
    if consent.given_at > now:
        raise ConsentError(ErrorCode.CONSENT_NOT_YET_GIVEN, consent_id=str(consent.id))
    if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
        raise ConsentError(ErrorCode.CONSENT_WITHDRAWN, consent_id=str(consent.id))
    if consent.expires_at is not None and consent.expires_at <= now:
        raise ConsentError(ErrorCode.CONSENT_EXPIRED, consent_id=str(consent.id))
    if consent.via_employer:
        raise ConsentError(ErrorCode.CONSENT_NOT_FREE, consent_id=str(consent.id))
