"""Visits and the coaching plan's goals with granted and used hours per period.

UWV pays only for hours registered against goals, so a visit says how many of its minutes went
to which goal; :func:`goal_usage` adds them up per goal and warns at 80% and 100%.
Notes are split: ``notes_internal`` stays with the jobcoach, ``notes_for_funder`` may go into a
funder report (and must not hold medical information).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ErrorCode

MAX_VISIT_MINUTES = 12 * 60


class VisitType(StrEnum):
    INTAKE = "intake"
    WORKPLACE_VISIT = "workplace_visit"
    PROGRESS_TALK = "progress_talk"
    THREE_WAY_TALK = "three_way_talk"
    EVALUATION = "evaluation"
    PHONE_VIDEO = "phone_video"
    HOME_VISIT = "home_visit"
    AFTERCARE = "aftercare"
    CLOSING = "closing"
    OUTREACH_EVENT = "outreach_event"


class ParticipantRole(StrEnum):
    CLIENT = "client"
    EMPLOYER = "employer"
    COLLEAGUE = "colleague"
    FAMILY = "family"
    INTERPRETER = "interpreter"
    OTHER_PROFESSIONAL = "other_professional"


class Participant(DomainModel):
    role: ParticipantRole
    name: str = Field(default="", max_length=120)


class GoalTime(DomainModel):
    """Minutes of a visit spent on one goal."""

    goal_id: UUID
    minutes: int = Field(ge=1, le=MAX_VISIT_MINUTES)


class Visit(DomainModel):
    """One contact with a client. Append-only per author once synced."""

    id: UUID
    client_id: UUID
    author_id: UUID | None = None
    type: VisitType
    started_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=MAX_VISIT_MINUTES)
    participants: tuple[Participant, ...] = ()
    goals: tuple[GoalTime, ...] = ()
    notes_internal: str = Field(default="", max_length=8000)
    notes_for_funder: str = Field(default="", max_length=4000)
    placement_id: UUID | None = None
    """The placement a workplace visit was made at, if any."""
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _goal_minutes_fit(self) -> Visit:
        if sum(goal.minutes for goal in self.goals) > self.duration_minutes:
            raise PydanticCustomError(
                ErrorCode.GOAL_MINUTES_EXCEED_DURATION.value,
                "minutes registered on goals exceed the visit's duration",
            )
        return self


class Funder(StrEnum):
    UWV = "uwv"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class GoalStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


class Goal(DomainModel):
    """A goal of the coaching plan with the hours granted for one period, who pays for them,
    and how it went (the status and an evaluation, for the accountability report)."""

    id: UUID
    client_id: UUID
    title: str = Field(min_length=1, max_length=200)
    """The goal as the plan words it."""
    funder: Funder = Funder.OTHER
    period_start: date
    period_end: date
    granted_hours: Decimal = Field(ge=0, max_digits=7, decimal_places=2)
    status: GoalStatus = GoalStatus.OPEN
    evaluation: str = Field(default="", max_length=2000)
    """How it went and whether more support is needed; goes into the funder's report, so no
    medical detail."""
    more_support: bool = False
    """The jobcoach judges that more support is needed after this period: the logbook names the
    goal under "more support needed" (the basis of a follow-up application)."""
    placement_id: UUID | None = None
    """The placement the goal supports, if any (internal jobcoaching's hours follow it)."""
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _period_in_order(self) -> Goal:
        if self.period_end < self.period_start:
            raise PydanticCustomError(
                ErrorCode.GOAL_PERIOD_REVERSED.value,
                "a goal's period ends before it starts",
                {"field": "period_end"},
            )
        return self

    def covers(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end


class HoursWarning(StrEnum):
    NONE = "none"
    NEAR_LIMIT = "near_limit"  # at or above 80%
    AT_LIMIT = "at_limit"  # at or above 100%


class GoalUsage(DomainModel):
    goal_id: UUID
    granted_minutes: int
    used_minutes: int

    @property
    def fraction(self) -> float:
        if self.granted_minutes == 0:
            return 1.0 if self.used_minutes else 0.0
        return self.used_minutes / self.granted_minutes

    @property
    def warning(self) -> HoursWarning:
        if self.granted_minutes == 0 and self.used_minutes == 0:
            return HoursWarning.NONE
        if self.fraction >= 1.0:
            return HoursWarning.AT_LIMIT
        if self.fraction >= 0.8:
            return HoursWarning.NEAR_LIMIT
        return HoursWarning.NONE


def goal_usage(goal: Goal, visits: Iterable[Visit]) -> GoalUsage:
    """Minutes used on ``goal`` by visits that started inside its period."""
    used = sum(
        spent.minutes
        for visit in visits
        if visit.client_id == goal.client_id and goal.covers(visit.started_at.date())
        for spent in visit.goals
        if spent.goal_id == goal.id
    )
    return GoalUsage(
        goal_id=goal.id, granted_minutes=int(goal.granted_hours * 60), used_minutes=used
    )
