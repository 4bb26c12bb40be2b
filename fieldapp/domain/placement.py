"""A client's placements at employers: where, what kind, for how long and how many hours, with
which instruments, and why it ended. The history read in order is the client's path
(doorstroom), for example day activities -> beschut werk -> sociale firma -> regular work.

Placements may overlap (two part-time jobs). The same employer, site and kind twice at the
same time is refused; any other overlap is allowed with a warning (:func:`check_overlap`).
No medical detail anywhere: an end reason is one of a fixed list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import DomainModel
from fieldapp.domain.errors import DomainError, ErrorCode

FOLLOW_UP_BEFORE_CONTRACT_END = timedelta(weeks=6)


class PlacementKind(StrEnum):
    REGULAR = "regular"
    BESCHUT_AT_SW = "beschut_at_sw"
    BESCHUT_AT_EMPLOYER = "beschut_at_employer"
    SECONDMENT = "secondment"
    SOCIALE_FIRMA = "sociale_firma"
    WORK_EXPERIENCE = "work_experience"
    TRIAL = "trial"
    INTERNSHIP = "internship"
    DAY_ACTIVITIES = "day_activities"


class Jobcoaching(StrEnum):
    EXTERNAL = "external"
    INTERNAL = "internal"
    """By the employer itself: UWV subsidises a share of the hours worked."""


class EndReason(StrEnum):
    REGULAR_WORK = "regular_work"
    """Moved on to regular work."""
    NOT_RENEWED = "not_renewed"
    OWN_CHOICE = "own_choice"
    DROPPED_OUT = "dropped_out"
    MOVED_HOUSE = "moved_house"
    OTHER = "other"


class Instruments(DomainModel):
    loonkostensubsidie: bool = False
    loonwaarde_pct: int | None = Field(default=None, ge=0, le=100)
    """The worker's wage value in percent, set when loonkostensubsidie applies."""
    jobcoaching: Jobcoaching | None = None
    no_risk_policy: bool = False
    workplace_adaptation: str = Field(default="", max_length=500)
    """What was adapted at the workplace; empty when nothing was."""
    in_company_supporter: bool = False

    @model_validator(mode="after")
    def _loonwaarde_with_subsidy(self) -> Instruments:
        if self.loonkostensubsidie and self.loonwaarde_pct is None:
            raise PydanticCustomError(
                ErrorCode.PLACEMENT_LOONWAARDE_MISSING.value,
                "loonkostensubsidie needs the loonwaarde",
                {"field": "loonwaarde_pct"},
            )
        return self


class Placement(DomainModel):
    id: UUID
    client_id: UUID
    employer_id: UUID
    site_id: UUID | None = None
    kind: PlacementKind
    start: date
    planned_end: date | None = None
    """The planned end, or the end of the contract."""
    hours_per_week: Decimal = Field(gt=0, le=60, max_digits=4, decimal_places=1)
    instruments: Instruments = Field(default_factory=Instruments)
    ended_on: date | None = None
    end_reason: EndReason | None = None
    notes: str = Field(default="", max_length=2000)
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _dates_and_reason(self) -> Placement:
        for name in ("planned_end", "ended_on"):
            value = getattr(self, name)
            if value is not None and value < self.start:
                raise PydanticCustomError(
                    ErrorCode.PLACEMENT_DATES_REVERSED.value,
                    "a placement cannot end before it starts",
                    {"field": name},
                )
        if self.ended_on is not None and self.end_reason is None:
            raise PydanticCustomError(
                ErrorCode.PLACEMENT_END_REASON_MISSING.value,
                "an ended placement needs its reason",
                {"field": "end_reason"},
            )
        if self.ended_on is None and self.end_reason is not None:
            raise PydanticCustomError(
                ErrorCode.PLACEMENT_END_REASON_WITHOUT_END.value,
                "an end reason needs the end date",
                {"field": "ended_on"},
            )
        return self

    @property
    def last_day(self) -> date | None:
        """The day it ended, else the planned end; None: open-ended."""
        return self.ended_on if self.ended_on is not None else self.planned_end

    def runs_on(self, day: date) -> bool:
        last = self.last_day
        return self.start <= day and (last is None or day <= last)

    def overlaps(self, other: Placement) -> bool:
        mine, theirs = self.last_day or date.max, other.last_day or date.max
        return self.start <= theirs and other.start <= mine

    @property
    def contract_end(self) -> date | None:
        """The planned end or contract end of a placement that has not ended."""
        return self.planned_end if self.ended_on is None else None

    def follow_up_due(self, today: date) -> bool:
        """The contract ends within six weeks and the placement has not ended: time to talk
        about what comes next."""
        end = self.contract_end
        return end is not None and contract_ends_soon(end, today)


def contract_ends_soon(end: date, today: date) -> bool:
    """A contract that ends within six weeks (and has not ended yet)."""
    return today <= end <= today + FOLLOW_UP_BEFORE_CONTRACT_END


class Overlap(StrEnum):
    NONE = "none"
    WARNING = "warning"
    """Overlaps another placement (two part-time jobs, say): allowed, but check."""


@dataclass(frozen=True)
class OverlapCheck:
    verdict: Overlap
    others: tuple[UUID, ...] = ()
    """The placements it overlaps."""


def check_overlap(placement: Placement, existing: Iterable[Placement]) -> OverlapCheck:
    """How ``placement`` sits among the client's other placements (itself excluded by id).
    The same employer, site and kind overlapping in time is refused (a DomainError)."""
    others = [
        other
        for other in existing
        if other.id != placement.id
        and other.client_id == placement.client_id
        and other.overlaps(placement)
    ]
    for other in others:
        if (other.employer_id, other.site_id, other.kind) == (
            placement.employer_id,
            placement.site_id,
            placement.kind,
        ):
            raise DomainError(ErrorCode.PLACEMENT_DUPLICATE, field="start")
    if not others:
        return OverlapCheck(Overlap.NONE)
    return OverlapCheck(Overlap.WARNING, tuple(other.id for other in others))


def path(placements: Iterable[Placement]) -> list[Placement]:
    """The client's placements in the order they started: the path through work."""
    return sorted(placements, key=lambda placement: (placement.start, str(placement.id)))


def current(placements: Sequence[Placement], day: date) -> Placement | None:
    """The placement running on ``day`` that started last (a workplace visit's default)."""
    running = [placement for placement in path(placements) if placement.runs_on(day)]
    return running[-1] if running else None
