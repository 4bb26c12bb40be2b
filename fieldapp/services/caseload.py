"""Caseload use cases: add a client, record a visit with everything it brought up, see the
rules' suggestions, hand a referral over once the client consented.

Every save is one atomic commit of the client's partition with a pending change per record,
so the outbox always matches what is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from fieldapp.domain.client import Client
from fieldapp.domain.clock import local_zone
from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.outbox import PendingChange
from fieldapp.domain.participation import LadderStep, Rung
from fieldapp.domain.placement import OverlapCheck, Placement, check_overlap
from fieldapp.domain.ports import CaseloadRepository, Dossier, Overview
from fieldapp.domain.rating import SupportRating
from fieldapp.domain.referral import Referral, queue, withdraw_consent
from fieldapp.domain.rules import ClientFacts, RuleTable, Suggestion, suggest
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.visit import Goal, Visit
from fieldapp.domain.wellbeing import WellbeingCheck

T = TypeVar("T", Referral, ConsentRecord)


@dataclass(frozen=True)
class VisitRecord:
    """What the visit wizard saves in one go."""

    visit: Visit
    signals: Sequence[SignalObservation] = field(default_factory=tuple)
    check: WellbeingCheck | None = None
    consents: Sequence[ConsentRecord] = field(default_factory=tuple)
    referrals: Sequence[Referral] = field(default_factory=tuple)


class CaseloadService:
    def __init__(
        self,
        repository: CaseloadRepository,
        clock: Callable[[], datetime],
        rules: RuleTable | None = None,
    ) -> None:
        self._repository = repository
        self._clock = clock
        self._rules = rules

    def save_client(self, client: Client) -> list[PendingChange]:
        """Save the client; a new rung on the participation ladder is kept with today's date
        in the same commit (a second change on one day edits that day's step)."""
        step = self._ladder_step(client)
        return self._repository.save(client.id, [client, *([step] if step else [])])

    def _ladder_step(self, client: Client) -> LadderStep | None:
        if client.participation_level is None:
            return None
        dossier = self._repository.dossier(client.id)
        rung = Rung(client.participation_level)
        if dossier.ladder and dossier.ladder[-1].rung is rung:
            return None
        today = self.today()
        same_day = next((step for step in dossier.ladder if step.on == today), None)
        if same_day is not None:
            return same_day.model_copy(update={"rung": rung, "version": same_day.version + 1})
        return LadderStep(id=uuid.uuid4(), client_id=client.id, rung=rung, on=today)

    def save_placement(
        self, placement: Placement, consent: ConsentRecord | None = None
    ) -> OverlapCheck:
        """Save a placement unless the client has one of the same kind at the same employer
        and site at that time (DomainError); says which other placements it overlaps.
        ``consent`` (the employer may pass concerns) is saved in the same write."""
        dossier = self._repository.dossier(placement.client_id)
        if dossier.client is None:
            raise DomainError(ErrorCode.NOT_FOUND, id=str(placement.client_id))
        found = check_overlap(placement, dossier.placements)
        self._repository.save(placement.client_id, [placement, *([consent] if consent else [])])
        return found

    def save_goal(self, goal: Goal) -> list[PendingChange]:
        return self._repository.save(goal.client_id, [goal])

    def save_rating(self, rating: SupportRating) -> list[PendingChange]:
        """A rating of the support by the worker or the employer (it syncs like a visit)."""
        return self._repository.save(rating.client_id, [rating])

    def record_visit(self, record: VisitRecord) -> list[PendingChange]:
        """Save a visit with its signals, check, consents and referrals atomically."""
        client_id = record.visit.client_id
        parts: list[Visit | SignalObservation | ConsentRecord | Referral | WellbeingCheck] = [
            record.visit,
            *record.signals,
            *record.consents,
            *record.referrals,
            *([record.check] if record.check else []),
        ]
        if any(part.client_id != client_id for part in parts):
            raise DomainError(ErrorCode.MIXED_CLIENTS, visit_id=str(record.visit.id))
        return self._repository.save(client_id, parts)

    def dossier(self, client_id: UUID) -> Dossier:
        return self._repository.dossier(client_id)

    def clients(self) -> list[Client]:
        return [overview.client for overview in self.overviews()]

    def overviews(self) -> list[Overview]:
        """Every client's overview in name order."""
        return sorted(
            self._repository.overviews(),
            key=lambda overview: overview.client.display_name.casefold(),
        )

    def last_known_names(self) -> dict[UUID, str]:
        """Client names as last listed, readable when a client's own records are not."""
        return self._repository.last_known_names()

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        """Today in the organisation's time zone."""
        return self._clock().astimezone(local_zone()).date()

    def suggestions(self, client_id: UUID) -> list[Suggestion]:
        dossier = self._repository.dossier(client_id)
        return self.suggestions_for(Overview.of(dossier)) if dossier.client else []

    def suggestions_for(self, dossier: Overview) -> list[Suggestion]:
        client = dossier.client
        facts = ClientFacts(
            client_id=client.id,
            income_up_to_120pct_minimum=bool(client.income_up_to_120pct_minimum),
            new_starter_after_benefit=client.new_starter_after_benefit,
            signals=dossier.signals,
            checks=dossier.checks,
            referrals=dossier.referrals,
        )
        return suggest(facts, self._clock(), self._rules)

    def queue_referral(self, client_id: UUID, referral_id: UUID) -> Referral:
        """Pass the consent gate and queue the referral for sending (ConsentError if not)."""
        dossier = self._repository.dossier(client_id)
        referral = _find(dossier.referrals, referral_id)
        queued = queue(referral, dossier.consents, self._clock())
        self._repository.save(client_id, [queued])
        return queued

    def withdraw_consent(self, client_id: UUID, consent_id: UUID) -> list[Referral]:
        """Withdraw a consent and every open referral that relied on it, in one commit."""
        dossier = self._repository.dossier(client_id)
        consent = _find(dossier.consents, consent_id)
        withdrawn, referrals = withdraw_consent(consent, dossier.referrals, self._clock())
        self._repository.save(client_id, [withdrawn, *referrals])
        return referrals


def _find(items: Sequence[T], item_id: UUID) -> T:
    for item in items:
        if item.id == item_id:
            return item
    raise DomainError(ErrorCode.NOT_FOUND, id=str(item_id))
