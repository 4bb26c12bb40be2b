"""Ports the domain needs from the outside world; storage and sync implement them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from pydantic import BaseModel

from fieldapp.domain.client import Client
from fieldapp.domain.concern import EmployerConcern
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.device_settings import DeviceSettings
from fieldapp.domain.employer import Employer
from fieldapp.domain.outbox import ChangeOutcome, EntityKind, IncomingRecord, PendingChange
from fieldapp.domain.outreach import OutreachEvent
from fieldapp.domain.participation import LadderStep
from fieldapp.domain.placement import Placement
from fieldapp.domain.rating import SupportRating
from fieldapp.domain.referral import Referral
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.store_errors import Damage
from fieldapp.domain.sync_state import SyncState
from fieldapp.domain.visit import Goal, Visit
from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.domain.wellbeing import WellbeingCheck

Entity = (
    Client
    | Visit
    | Goal
    | WellbeingCheck
    | SignalObservation
    | ConsentRecord
    | Referral
    | Placement
    | LadderStep
    | Employer
    | SupportRating
    | OutreachEvent
    | VisitRequest
    | EmployerConcern
)

ENTITY_MODELS: Mapping[EntityKind, type[Entity]] = {
    EntityKind.CLIENT: Client,
    EntityKind.VISIT: Visit,
    EntityKind.GOAL: Goal,
    EntityKind.WELLBEING_CHECK: WellbeingCheck,
    EntityKind.SIGNAL: SignalObservation,
    EntityKind.CONSENT: ConsentRecord,
    EntityKind.REFERRAL: Referral,
    EntityKind.PLACEMENT: Placement,
    EntityKind.LADDER_STEP: LadderStep,
    EntityKind.EMPLOYER: Employer,
    EntityKind.RATING: SupportRating,
    EntityKind.OUTREACH_EVENT: OutreachEvent,
    EntityKind.VISIT_REQUEST: VisitRequest,
    EntityKind.CONCERN: EmployerConcern,
}
"""The model of each kind of entity; the one place device storage, sync and server agree on."""
ENTITY_KINDS: Mapping[type[BaseModel], EntityKind] = {
    model: kind for kind, model in ENTITY_MODELS.items()
}


@dataclass(frozen=True)
class Dossier:
    """Everything recorded about one client on this device."""

    client: Client | None
    visits: Sequence[Visit] = field(default_factory=tuple)
    goals: Sequence[Goal] = field(default_factory=tuple)
    checks: Sequence[WellbeingCheck] = field(default_factory=tuple)
    signals: Sequence[SignalObservation] = field(default_factory=tuple)
    consents: Sequence[ConsentRecord] = field(default_factory=tuple)
    referrals: Sequence[Referral] = field(default_factory=tuple)
    placements: Sequence[Placement] = field(default_factory=tuple)
    """In the order they started: the client's path through work."""
    ladder: Sequence[LadderStep] = field(default_factory=tuple)
    """The participation ladder's steps in date order."""
    ratings: Sequence[SupportRating] = field(default_factory=tuple)
    """Ratings of the support by the worker and the employer, oldest first."""
    concerns: Sequence[EmployerConcern] = field(default_factory=tuple)
    """Concerns employers passed through the web, oldest first."""


@dataclass(frozen=True)
class Overview:
    """What the caseload list and the rules need of one client, without visit notes, goals or
    consents: the client, how many visits and when the last was, signals, checks, referrals
    and when the contracts of the placements still running end."""

    client: Client
    visit_count: int
    last_visit_at: datetime | None
    signals: Sequence[SignalObservation] = field(default_factory=tuple)
    checks: Sequence[WellbeingCheck] = field(default_factory=tuple)
    referrals: Sequence[Referral] = field(default_factory=tuple)
    contract_ends: Sequence[date] = field(default_factory=tuple)
    """The contract ends of the placements that have not ended (follow-up due before one):
    dates only, so the caseload index stays small."""
    concern_to_discuss: bool = False
    """An employer passed a concern after the last visit: the next visit discusses it."""

    @classmethod
    def of(cls, dossier: Dossier) -> Overview:
        assert dossier.client is not None, "an overview needs the client"
        return cls(
            client=dossier.client,
            visit_count=len(dossier.visits),
            last_visit_at=max((v.started_at for v in dossier.visits), default=None),
            signals=tuple(dossier.signals),
            checks=tuple(dossier.checks),
            referrals=tuple(dossier.referrals),
            contract_ends=tuple(
                end for p in dossier.placements if (end := p.contract_end) is not None
            ),
            concern_to_discuss=_concern_after_last_visit(dossier),
        )


def _concern_after_last_visit(dossier: Dossier) -> bool:
    last = max((v.started_at for v in dossier.visits), default=None)
    return any(last is None or c.reported_at > last for c in dossier.concerns)


class CaseloadRepository(Protocol):
    def save(self, client_id: UUID, entities: Sequence[Entity]) -> list[PendingChange]:
        """Save entities of one client and their pending changes in one atomic commit."""
        ...

    def dossier(self, client_id: UUID) -> Dossier: ...

    def client_ids(self) -> list[UUID]: ...

    def overviews(self) -> list[Overview]:
        """Every client's overview (fast: from an index that each call keeps current)."""
        ...

    def last_known_names(self) -> dict[UUID, str]:
        """Each client's name as the overview index last held it, without reading the
        clients' own records (to name a client whose records went missing)."""
        ...

    def pending_changes(self) -> list[PendingChange]: ...

    def mark_sent(self, change_ids: Sequence[UUID]) -> None:
        """Drop outbox entries the server has durably acknowledged."""
        ...


class SyncOutbox(Protocol):
    """The device's side of sync: what to send, what the server said, what it sent back."""

    def sendable(self) -> list[PendingChange]:
        """Pending changes not held by a rejection or conflict, in commit order per client."""
        ...

    def unsent_count(self) -> int:
        """Changes not yet acknowledged, whatever their state (pending, rejected, conflict)."""
        ...

    def record_outcomes(self, outcomes: Sequence[ChangeOutcome]) -> None:
        """Drop acknowledged changes (durably) and mark refused ones with the server's code."""
        ...

    def apply_incoming(self, records: Sequence[IncomingRecord]) -> None:
        """Durably apply pulled records; applying the same records again changes nothing."""
        ...


@dataclass(frozen=True)
class Conflict:
    """A record the device changed while the server took another version of it."""

    change: PendingChange
    mine: Entity
    theirs: Entity | None
    """The server's version, once a pull brought it; until then the user can only wait."""


class ConflictRepository(Protocol):
    def conflicts(self) -> list[Conflict]: ...

    def resolve(self, conflict: Conflict, merged: Entity) -> None:
        """Save the merge; it replaces the conflicting change in the same write."""
        ...


class OutboxReview(ConflictRepository, Protocol):
    """The device's unsent changes as the person reviews them on the sync screen."""

    def changes(self) -> list[PendingChange]:
        """Every change not yet acknowledged, with its state."""
        ...

    def retry(self, change_id: UUID) -> None:
        """Send a refused change again as it is."""
        ...


class DamageRepair(Protocol):
    """What the store found missing or rolled back since unlock, and the two ways on."""

    def damage(self) -> list[Damage]: ...

    def restore_previous_copy(self, damage: Damage) -> int:
        """Put back the kept previous copy; returns its generation."""
        ...

    def accept_loss(self, damage: Damage) -> None:
        """Go on without the missing part."""
        ...


class SyncStateRepository(Protocol):
    def load_sync_state(self) -> SyncState: ...

    def save_sync_state(self, state: SyncState) -> None:
        """Durably replace the sync state (cursor, enrollment, last sync)."""
        ...


class DraftRepository(Protocol):
    """The visit wizard's drafts, one per client, kept until the visit is saved."""

    def load(self, client_id: UUID) -> VisitDraft | None: ...

    def save(self, draft: VisitDraft) -> None: ...

    def discard(self, client_id: UUID) -> None: ...


class EventRepository(Protocol):
    """Outreach events on this device; at most one is running."""

    def active(self) -> OutreachEvent | None: ...

    def save(self, event: OutreachEvent) -> None: ...

    def open_requests(self) -> list[VisitRequest]:
        """Employers' requests for a Flying Squad visit not yet handled, oldest first."""
        ...


class EmployerRepository(Protocol):
    """The organisation's employer register on this device."""

    def employers(self) -> list[Employer]: ...

    def employer(self, employer_id: UUID) -> Employer | None: ...

    def save(self, employer: Employer) -> None: ...


class SettingsRepository(Protocol):
    """This device's own settings (:class:`DeviceSettings`)."""

    def load(self) -> DeviceSettings: ...

    def save(self, settings: DeviceSettings) -> None: ...


@dataclass(frozen=True)
class ShownText:
    """Which text a person was shown: its version and the language it was in (``nl-b1`` for
    the easy-language Dutch text)."""

    version: str
    language: str


class TextVersions(Protocol):
    """The versions of the texts a record names, without their words (the catalogs hold those
    and implement this port)."""

    def consent(
        self, purpose: Purpose, language: str, *, easy: bool = False, event: bool = False
    ) -> ShownText:
        """The consent text for ``purpose`` as shown in ``language``: easy language (B1)
        where it exists and the client needs it; ``event``: the Flying Squad's own text."""
        ...

    def who5(self, language: str) -> str:
        """The WHO-5 ``instrument_version`` of a check answered in ``language``."""
        ...

    def language(self, preferred: str) -> str:
        """The language the texts are shown in to a client who prefers ``preferred``: that
        language where the catalogs have it, else Dutch."""
        ...
