"""Ports the domain needs from the outside world; storage and sync implement them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from pydantic import BaseModel

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.outbox import EntityKind, PendingChange
from fieldapp.domain.referral import Referral
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.visit import Goal, Visit
from fieldapp.domain.wellbeing import WellbeingCheck

Entity = Client | Visit | Goal | WellbeingCheck | SignalObservation | ConsentRecord | Referral

ENTITY_MODELS: Mapping[EntityKind, type[Entity]] = {
    EntityKind.CLIENT: Client,
    EntityKind.VISIT: Visit,
    EntityKind.GOAL: Goal,
    EntityKind.WELLBEING_CHECK: WellbeingCheck,
    EntityKind.SIGNAL: SignalObservation,
    EntityKind.CONSENT: ConsentRecord,
    EntityKind.REFERRAL: Referral,
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


class CaseloadRepository(Protocol):
    def save(self, client_id: UUID, entities: Sequence[Entity]) -> list[PendingChange]:
        """Save entities of one client and their pending changes in one atomic commit."""
        ...

    def dossier(self, client_id: UUID) -> Dossier: ...

    def client_ids(self) -> list[UUID]: ...

    def pending_changes(self) -> list[PendingChange]: ...

    def mark_sent(self, change_ids: Sequence[UUID]) -> None:
        """Drop outbox entries the server has durably acknowledged."""
        ...
