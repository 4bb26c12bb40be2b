"""Flying Squad event mode: an outreach event at a company, school or party, with anonymous
tallies. People who want follow-up become clients with their consent; nobody else leaves a
trace beyond a count."""

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


class OutreachEvent(DomainModel):
    id: UUID
    organisation: str = Field(min_length=1, max_length=120)
    """Where the event is held: the employer, school or organiser."""
    place: str = Field(default="", max_length=120)
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
