"""A pending change: what the device must still tell the server, with its idempotency key.

The change id is made on the device and is the idempotency key of the sync protocol; it is
written in the same atomic commit as the record it describes.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import AwareDatetime, DomainModel


class EntityKind(StrEnum):
    CLIENT = "client"
    VISIT = "visit"
    GOAL = "goal"
    WELLBEING_CHECK = "wellbeing_check"
    SIGNAL = "signal"
    CONSENT = "consent"
    REFERRAL = "referral"


class Operation(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class PendingChange(DomainModel):
    change_id: UUID
    entity: EntityKind
    entity_id: UUID
    client_id: UUID
    operation: Operation
    entity_version: int = Field(ge=1)
    created_at: AwareDatetime
