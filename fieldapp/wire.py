"""The sync protocol's wire contract: the request and response bodies of ``/api/v1``.

Both sides import this module and nothing else of each other: the app's sync client builds
these models, the server validates and answers with them, and the OpenAPI schema is generated
from them. Bodies of entities travel as the domain models' JSON (``body``); the server parses
them with the same domain models, so a record the app cannot make, the server will not take.

Nothing here carries personal data outside ``body``: ids, versions, codes and counts only. URLs
never carry personal data either (the pull cursor is opaque and holds only a sequence number).
See docs/sync-protocol.md for the rules behind the fields.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.outbox import EntityKind, Operation, client_id_fits
from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target, Urgency

API_PREFIX: Final = "/api/v1"
MAX_BATCH: Final = 200
"""Most changes in one push; a device splits its outbox into batches of at most this many."""
MAX_PULL_PAGE: Final = 1000
MAX_VERSION: Final = 2**31 - 1
UNSENT_HEADER: Final = "X-Veldwerk-Unsent"
"""A pull may say how many changes the device still has to send (a count, no data)."""
MAX_UNSENT: Final = 10_000_000
"""Versions are 32-bit in every database the server runs on."""
MAX_REQUEST_BYTES_HEADER: Final = "X-Veldwerk-Max-Request-Bytes"
"""Every answer under ``/api/v1`` says the largest request body the server takes (bytes);
larger bodies get ``413 request.too_large`` unread. A device splits its pushes to fit."""
DEFAULT_MAX_REQUEST_BYTES: Final = 1024 * 1024
"""What a device assumes until a server said its cap (an older server says nothing); a
common reverse-proxy default, far above the largest single change."""

PAIRING_CODE_PATTERN: Final = r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"
"""Twelve characters from an alphabet without 0/O and 1/I, in groups of four: ``K7QM-2XWD-9PRT``."""

PairingCode = Annotated[str, StringConstraints(pattern=PAIRING_CODE_PATTERN)]
RecipientId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9:_-]{2,119}$")]


class Role(StrEnum):
    """What a person does; it decides every route and every row they may see."""

    JOBCOACH = "jobcoach"
    FLYING_SQUAD = "flying_squad"
    COORDINATOR = "coordinator"
    RECEIVING_TEAM = "receiving_team"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    ADMIN = "admin"
    EMPLOYER = "employer"
    """An employer's contact person, invited by the organisation: passes concerns about
    workers placed there (web only, tied to one employer)."""


FIELD_ROLES: Final = frozenset({Role.JOBCOACH, Role.FLYING_SQUAD})
"""Roles that record on a device and sync a caseload."""


class WireModel(BaseModel):
    """Closed, immutable bodies: an unknown field is an error, not silently dropped.

    No text anywhere in a body, also inside ``body`` and ``payload`` dicts, may hold a NUL
    character (``domain.nul_in_text``, naming the field): PostgreSQL cannot store one in text,
    so it is refused here as invalid input instead of failing in the database.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any, info: ValidationInfo) -> Any:
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                if "\x00" in item:
                    raise PydanticCustomError(
                        ErrorCode.NUL_IN_TEXT.value,
                        "field '{field}' contains a NUL character",
                        {"field": info.field_name},
                    )
            elif isinstance(item, dict):
                pending.extend(item.keys())
                pending.extend(item.values())
            elif isinstance(item, list | tuple | set | frozenset):
                pending.extend(item)
        return value


class Problem(WireModel):
    """Every error response: a stable code for the program, a short English hint for people.

    The hint never contains input, ids of other people's data, SQL or a stack trace; the app
    shows its own translated text for ``code``.
    """

    code: str
    detail: str = ""


class Health(WireModel):
    status: str
    version: str
    database: str


class EnrollRequest(WireModel):
    pairing_code: PairingCode
    device_label: str = Field(default="", max_length=80, pattern=r"^[^\x00-\x1f\x7f]*$")
    """What the user calls the device ("Samsung werk"); shown to coordinators, never to clients."""


class EnrollResponse(WireModel):
    device_id: UUID
    token: str
    """Shown once. The server keeps only its hash; send it as ``Authorization: Bearer <token>``."""
    user_id: UUID
    organisation_id: UUID
    role: Role


class Change(WireModel):
    """One entry of the device's outbox: the idempotency key is ``change_id``."""

    change_id: UUID
    entity: EntityKind
    entity_id: UUID
    client_id: UUID | None = None
    """The client the record belongs to; absent for a record of the organisation (an employer
    in the register, see ``ORG_KINDS``), which every device of the organisation receives."""
    operation: Operation
    entity_version: int = Field(ge=1, le=MAX_VERSION)
    base_version: int = Field(ge=0, le=MAX_VERSION)
    """The server version this edit was made on (0 for a new entity): versions, not clocks,
    decide conflicts."""
    body: dict[str, Any] | None = None
    """The entity as the domain model's JSON; ``None`` only for ``delete``."""

    @model_validator(mode="after")
    def _client_fits(self) -> Change:
        if not client_id_fits(self.entity, self.client_id):
            raise PydanticCustomError(
                "change.client_id", "client_id is required for a client's record only"
            )
        return self


class PushRequest(WireModel):
    changes: list[Change] = Field(min_length=1, max_length=MAX_BATCH)


class Outcome(StrEnum):
    APPLIED = "applied"
    """Stored durably; the device may drop the outbox entry."""
    DUPLICATE = "duplicate"
    """Seen before with the same content: the stored result, no second effect."""
    REJECTED = "rejected"
    """Not stored; ``code`` says why. The device keeps it, the rest of the batch went on."""
    CONFLICT = "conflict"
    """Not stored: another version won (``server_version``) or the key was reused."""


class ChangeResult(WireModel):
    change_id: UUID
    outcome: Outcome
    code: str | None = None
    server_version: int | None = None
    fields: list[str] = Field(default_factory=list)
    """For a rejection by validation: the names of the fields at fault (never their values)."""


class PushResponse(WireModel):
    results: list[ChangeResult]


class PulledRecord(WireModel):
    entity: EntityKind
    entity_id: UUID
    client_id: UUID | None = None
    """``None`` for a record of the organisation (an employer)."""
    version: int
    removed: bool = False
    """The client left this user's caseload (reassigned or purged): delete it on the device."""
    body: dict[str, Any] | None = None


class DirectoryEntry(WireModel):
    """A receiving team the app can name when it asks a client for consent."""

    recipient_id: RecipientId
    target: Target
    name: str


class RouteEntry(WireModel):
    """A row of the routing table: which team serves which addresses, for one target."""

    target: Target
    postcode: str = Field(max_length=8)
    house_from: int | None = Field(default=None, ge=1)
    house_to: int | None = Field(default=None, ge=1)
    recipient_id: RecipientId


class PullResponse(WireModel):
    records: list[PulledRecord]
    cursor: str
    """Opaque; send it back as ``?cursor=`` to get what changed after this page."""
    has_more: bool
    directory: list[DirectoryEntry] | None = None
    """The routing directory, only when it changed since the cursor."""
    routes: list[RouteEntry] | None = None
    """The routing table, sent with the directory, so the app names the right team."""
    server_time: datetime
    remaining: int | None = Field(default=None, ge=0)
    """Only when asked (``?count=true``): the records after the cursor, this page's included,
    so a device can show how far along a long pull is."""


class StatusUpdate(WireModel):
    """A receiving team reports progress on a referral."""

    status: Status
    note_code: str = Field(default="", max_length=40, pattern=r"^[a-z_]*$")
    """A channel or reason code (``phone``, ``email``, ``not_reached``), never free text."""


class InboxItem(WireModel):
    """A referral as the receiving team sees it: only what the client agreed to share."""

    referral_id: UUID
    target: Target
    urgency: Urgency
    status: Status
    due_date: date | None
    received_at: datetime
    history: list[tuple[Status, datetime]]
    payload: dict[str, Any] | None
    """``None`` once consent is withdrawn: the team then sees only the status."""


class ReferralSummary(WireModel):
    """A referral on the coordinator's board: status and dates, no payload."""

    referral_id: UUID
    client_id: UUID
    jobcoach_id: UUID
    target: Target
    recipient_id: str
    team_id: UUID | None
    urgency: Urgency
    status: Status
    due_date: date | None
    overdue: bool
    history: list[tuple[Status, datetime]]


class DeviceSummary(WireModel):
    device_id: UUID
    user_id: UUID
    label: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    unsent_changes: int | None = None
    """What the device still has to send (pending, rejected or in conflict), as reported at
    its last pull; ``None`` before its first report."""


class AssignRequest(WireModel):
    jobcoach_id: UUID


class AccessLogEntry(WireModel):
    at: datetime
    actor_id: UUID | None
    role: str
    action: str
    object_type: str
    object_id: str
    result: str
