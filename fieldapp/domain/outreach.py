"""Flying Squad event mode: an outreach event at a company, school or party, with anonymous
tallies. People who want follow-up become clients with their consent; nobody else leaves a
trace beyond a count.

An event is a record of the organisation (no client in it): it syncs with its tallies, so the
coordinator sees the Flying Squad's reach per month."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import AwareDatetime, DomainModel


class Tally(StrEnum):
    PEOPLE_SPOKEN = "people_spoken"
    REGULATIONS_EXPLAINED = "regulations_explained"
    SELF_TESTS_DONE = "self_tests_done"
    REFERRALS_MADE = "referrals_made"


class EventKind(StrEnum):
    COMPANY_VISIT = "company_visit"
    MARKET = "market"
    """A stand at a market, fair or party in the neighbourhood."""
    INFORMATION_SESSION = "information_session"
    HR_TRAINING = "hr_training"
    """Training for HR staff and team managers to recognise money problems."""


class OutreachEvent(DomainModel):
    id: UUID
    organisation: str = Field(min_length=1, max_length=120)
    """Where the event is held: the employer, school or organiser."""
    place: str = Field(default="", max_length=120)
    kind: EventKind | None = None
    """Every new event names its kind; ``None`` only for events started before kinds existed."""
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    tallies: dict[Tally, int] = Field(default_factory=dict)
    version: int = Field(default=1, ge=1)

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def count(self, tally: Tally) -> int:
        return self.tallies.get(tally, 0)

    def counted(self, changes: dict[Tally, int]) -> OutreachEvent:
        """Add ``changes`` (negative to correct a mistake); a count never goes below zero."""
        tallies = {t: max(0, self.count(t) + changes.get(t, 0)) for t in Tally}
        return self.model_copy(update={"tallies": tallies, "version": self.version + 1})

    def ended(self, at: datetime) -> OutreachEvent:
        return self.model_copy(update={"ended_at": at, "version": self.version + 1})
