"""Pending changes: what the device must still tell the server, and how each one stands.

A change is made in the same atomic commit as the record it describes. It carries its own
idempotency key (``change_id``), a snapshot of the record as saved (``body``) and the version
it was made on (``base_version``), so sending it again after a lost answer sends exactly the
same thing. Its state is honest: ``pending`` until the server durably acknowledged it (then the
entry is gone and the record is ``sent``), ``rejected`` or ``conflict`` with the server's code,
kept for the user to fix or resolve, and never in the way of the other changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fieldapp.domain.base import AwareDatetime


class EntityKind(StrEnum):
    CLIENT = "client"
    VISIT = "visit"
    GOAL = "goal"
    WELLBEING_CHECK = "wellbeing_check"
    SIGNAL = "signal"
    CONSENT = "consent"
    REFERRAL = "referral"
    PLACEMENT = "placement"
    LADDER_STEP = "ladder_step"
    EMPLOYER = "employer"
    RATING = "rating"
    OUTREACH_EVENT = "outreach_event"
    VISIT_REQUEST = "visit_request"
    CONCERN = "employer_concern"


ORG_KINDS = frozenset({EntityKind.EMPLOYER, EntityKind.OUTREACH_EVENT, EntityKind.VISIT_REQUEST})
"""Records of the organisation, not of a client: their changes carry no ``client_id``. Every
device of the organisation receives the employer register; the Flying Squad's devices receive
visit requests; an outreach event goes to the server only (its tallies are the reach report)."""


def client_id_fits(entity: EntityKind, client_id: UUID | None) -> bool:
    """A client's record names its client; an organisation's record names none."""
    return (client_id is None) == (entity in ORG_KINDS)


class Operation(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class ChangeState(StrEnum):
    PENDING = "pending"
    """Saved on the device, not yet acknowledged by the server (maybe sent, answer lost)."""
    SENT = "sent"
    """Durably acknowledged by the server; the outbox entry is gone."""
    REJECTED = "rejected"
    """The server refused it (``code``); kept, editable, and sent again on retry."""
    CONFLICT = "conflict"
    """Another version won on the server (``server_version``); the user resolves it."""


FAILED_STATES = frozenset({ChangeState.REJECTED, ChangeState.CONFLICT})


class _Bookkeeping(BaseModel):
    """Closed and immutable like the domain models, without their BSN scan: ``body`` is the
    JSON of a record the domain model already checked, and its ids and times, as text, can
    look like a BSN to the scan."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class PendingChange(_Bookkeeping):
    change_id: UUID
    entity: EntityKind
    entity_id: UUID
    client_id: UUID | None
    """``None`` for a record of the organisation (:data:`ORG_KINDS`)."""
    operation: Operation
    entity_version: int = Field(ge=1)
    created_at: AwareDatetime
    base_version: int = Field(default=0, ge=0)
    """The version this edit was made on: the server's version of the record, as far as the
    device knows (0 for a new record). Versions, not clocks, decide conflicts."""
    body: dict[str, Any] | None = None
    """The record as saved with this change (``None`` for a delete)."""
    state: ChangeState = ChangeState.PENDING
    code: str | None = Field(default=None, max_length=80)
    fields: tuple[str, ...] = ()
    server_version: int | None = None
    failed_at: AwareDatetime | None = None
    supersedes: tuple[UUID, ...] = ()
    """Earlier changes of the same record this one replaces: never acknowledged by the server
    (rejected or in conflict), so they are dropped, in the same commit that saved this one."""

    @model_validator(mode="after")
    def _client_fits(self) -> PendingChange:
        if not client_id_fits(self.entity, self.client_id):
            raise ValueError("a client's record names its client, an organisation's none")
        return self

    @property
    def failed(self) -> bool:
        return self.state in FAILED_STATES


class ChangeOutcome(_Bookkeeping):
    """What the server answered for one change."""

    change_id: UUID
    state: ChangeState
    code: str | None = Field(default=None, max_length=80)
    fields: tuple[str, ...] = ()
    server_version: int | None = None


@dataclass(frozen=True)
class IncomingRecord:
    """A record the server sent on pull (a caseload record, a referral status, a removal).

    ``body`` is validated with the entity's domain model when it is applied."""

    entity: EntityKind
    entity_id: UUID
    client_id: UUID | None
    version: int
    removed: bool = False
    body: dict[str, Any] | None = None
