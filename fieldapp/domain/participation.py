"""The participation ladder (participatieladder): six public levels from isolated to paid
work, the outcome measure funders know. Each step is kept with its date, so the client's page
can show the path over time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import IntEnum
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import DomainModel


class Rung(IntEnum):
    ISOLATED = 1
    SOCIAL_CONTACTS = 2
    """Social contacts outside the home."""
    ORGANISED_ACTIVITIES = 3
    UNPAID_WORK = 4
    PAID_WORK_WITH_SUPPORT = 5
    PAID_WORK = 6


class LadderStep(DomainModel):
    """The client stood on ``rung`` from ``on``."""

    id: UUID
    client_id: UUID
    rung: Rung
    on: date
    version: int = Field(default=1, ge=1)


def ladder(steps: Iterable[LadderStep]) -> list[LadderStep]:
    """The steps in date order. A change on a day that has a step already edits that step
    (the service does so), so each day has one."""
    return sorted(steps, key=lambda step: (step.on, str(step.id)))


def rung_on(steps: Iterable[LadderStep], day: date) -> Rung | None:
    """Where the client stood on ``day``: the last step on or before it."""
    before = [step for step in ladder(steps) if step.on <= day]
    return before[-1].rung if before else None
