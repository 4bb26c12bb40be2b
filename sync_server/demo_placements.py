"""The demo organisation's work records, so the outcome report has something to count after
``make run``: four employers in the register, and for each demo client a path through work
(placements with their instruments, some ended) and steps on the participation ladder.
Deterministic (seeded by the caller); every name is invented.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from pydantic import BaseModel

from fieldapp.domain.concern import employer_recipient
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.participation import LadderStep, Rung
from fieldapp.domain.placement import EndReason, Instruments, Jobcoaching, Placement, PlacementKind

EMPLOYERS = (
    ("Bakkerij De Korenschoof", EmployerKind.REGULAR),
    ("Groenbedrijf Oost", EmployerKind.REGULAR),
    ("Sociale firma Het Atelier", EmployerKind.SOCIALE_FIRMA),
    ("Pantar (SW-bedrijf)", EmployerKind.SW_BEDRIJF),
)
Step = tuple[PlacementKind, int, int | None, EndReason | None]
"""A placement of a path: kind, employer (index), days it lasted (None: still running),
why it ended."""
PATHS: tuple[tuple[Step, ...], ...] = (
    (
        (PlacementKind.DAY_ACTIVITIES, 3, 420, EndReason.OTHER),
        (PlacementKind.BESCHUT_AT_SW, 3, None, None),
    ),
    ((PlacementKind.REGULAR, 0, None, None),),
    ((PlacementKind.TRIAL, 1, 60, EndReason.REGULAR_WORK), (PlacementKind.REGULAR, 1, None, None)),
    ((PlacementKind.SOCIALE_FIRMA, 2, None, None),),
    ((PlacementKind.REGULAR, 1, 300, EndReason.NOT_RENEWED),),
    (
        (PlacementKind.WORK_EXPERIENCE, 2, 180, EndReason.OWN_CHOICE),
        (PlacementKind.SOCIALE_FIRMA, 2, None, None),
    ),
)


GLANS_CLIENT = 4
"""The demo client who works at the demo employer since two months (their path's placement
ended), and agreed that the employer may pass concerns: so that the demo contact person has
someone to pass a concern about."""


def _id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def employers(rng: random.Random, now: datetime) -> list[Employer]:
    return [Employer(id=_id(rng), name=name, kind=kind, updated_at=now) for name, kind in EMPLOYERS]


def work_of(
    rng: random.Random, n: int, client_id: uuid.UUID, register: list[Employer], now: datetime
) -> list[BaseModel]:
    """Client ``n``'s placements (one of :data:`PATHS`, started one to three years ago) and
    ladder steps (a step up where the path reached paid work)."""
    start = now.date() - timedelta(days=400 + 37 * n)
    records: list[BaseModel] = []
    path = PATHS[n % len(PATHS)]
    for kind, employer, days, reason in path:
        ended = None if days is None else start + timedelta(days=days)
        subsidy = kind is PlacementKind.REGULAR and n % 4 == 1
        records.append(
            Placement(
                id=_id(rng),
                client_id=client_id,
                employer_id=register[employer].id,
                kind=kind,
                start=start,
                hours_per_week=24,
                instruments=Instruments(
                    loonkostensubsidie=subsidy,
                    loonwaarde_pct=70 if subsidy else None,
                    jobcoaching=Jobcoaching.EXTERNAL if n % 3 else None,
                    no_risk_policy=n % 5 == 0,
                ),
                ended_on=ended,
                end_reason=reason,
            )
        )
        start = (ended or start) + timedelta(days=14 + 60 * (n % 2))
    first = date(now.year - 2, 1 + n % 12, 1)
    records.append(
        LadderStep(id=_id(rng), client_id=client_id, rung=Rung.ORGANISED_ACTIVITIES, on=first)
    )
    if any(kind in (PlacementKind.REGULAR, PlacementKind.SOCIALE_FIRMA) for kind, *_ in path):
        later = date(now.year, 1 + n % 10, 1)
        records.append(
            LadderStep(id=_id(rng), client_id=client_id, rung=Rung.PAID_WORK_WITH_SUPPORT, on=later)
        )
    return records


def at_employer(
    rng: random.Random, client_id: uuid.UUID, employer_id: uuid.UUID, now: datetime
) -> list[BaseModel]:
    """A regular placement at ``employer_id`` since two months, and the client's consent that
    the employer may pass concerns to the jobcoach."""
    start = now - timedelta(days=60)
    placement = Placement(
        id=_id(rng),
        client_id=client_id,
        employer_id=employer_id,
        kind=PlacementKind.REGULAR,
        start=start.date(),
        hours_per_week=20,
        instruments=Instruments(jobcoaching=Jobcoaching.EXTERNAL),
    )
    consent = ConsentRecord(
        id=_id(rng),
        client_id=client_id,
        purpose=Purpose.EMPLOYER_CONTACT,
        recipient_id=employer_recipient(employer_id),
        text_version="consent-employer-contact/nl/1",
        language="nl",
        given_at=start,
    )
    return [placement, consent]
