"""Synced casework for the demo organisation, so the web pages have something to show after
``make run``: clients of both demo jobcoaches with visits, goals, signals and WHO-5 checks, and
consented referrals that the teams have taken to different steps.

It goes in the way real data does: a demo device per jobcoach pushes through the push service
(validation, consent check, routing, sealing, audit), and the teams move referrals through the
team service. Deterministic (seeded); every name is invented.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel

from fieldapp.domain.client import Address, Client, TargetGroup
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.outbox import Operation
from fieldapp.domain.ports import ENTITY_KINDS
from fieldapp.domain.referral import Contact, ReferralPayload, Status, new_referral, queue
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Goal, GoalTime, Visit, VisitType
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.wire import MAX_BATCH, Change, PushRequest, Role, StatusUpdate
from sync_server.audit import Actor
from sync_server.services import admin, devices, push, teams
from sync_server.services.context import Principal, ServerContext

CASELOADS = {
    "jobcoach1": [("Mehmet", "Yilmaz", "1091 AB", 7), ("Fatima", "El Amrani", "1093 KL", 21)],
    "jobcoach2": [("Kees", "Bakker", "1011 AA", 3), ("Agnieszka", "Nowak", "1094 CD", 40)],
}
SIGNALS = [("A02", "B01"), ("D01",), ("E01",), ("C01", "A01")]
SCHULDHULP = "schuldhulp:amsterdam"
TEAM_STEPS = [
    [],
    [(Status.ACKNOWLEDGED, "")],
    [(Status.ACKNOWLEDGED, ""), (Status.CONTACT_ATTEMPTED, "phone_not_reached")],
    [(Status.ACKNOWLEDGED, ""), (Status.IN_CONTACT, "phone")],
]


def _change(entity: BaseModel, client_id: uuid.UUID) -> Change:
    version = int(getattr(entity, "version", 1))
    return Change(
        change_id=uuid.uuid4(),
        entity=ENTITY_KINDS[type(entity)],
        entity_id=getattr(entity, "id"),  # noqa: B009 - every entity has an id
        client_id=client_id,
        operation=Operation.UPSERT,
        entity_version=version,
        base_version=0,
        body=entity.model_dump(mode="json"),
    )


def _client_work(
    rng: random.Random, n: int, person: tuple[str, str, str, int], now: datetime
) -> tuple[list[BaseModel], uuid.UUID]:
    given, family, postcode, house = person
    client = Client(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        given_name=given,
        family_name=family,
        phone=f"06-{rng.randrange(10_000_000, 99_999_999)}",
        address=Address(postcode=postcode, house_number=house, city="Amsterdam"),
        target_group=list(TargetGroup)[n % len(TargetGroup)],
        created_at=now - timedelta(days=120),
        updated_at=now - timedelta(days=120),
    )
    goal = Goal(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        client_id=client.id,
        title="Zelfstandig werken op de afdeling",
        period_start=(now - timedelta(days=90)).date(),
        period_end=(now + timedelta(days=90)).date(),
        granted_hours=Decimal(6),
    )
    work: list[BaseModel] = [client, goal]
    for week in range(4):
        at = now - timedelta(days=7 * week + 1, hours=n)
        visit = Visit(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            client_id=client.id,
            type=VisitType.WORKPLACE_VISIT,
            started_at=at,
            duration_minutes=60,
            goals=(GoalTime(goal_id=goal.id, minutes=45),),
            notes_internal="Gesprek op de werkvloer over planning en samenwerking.",
            notes_for_funder="Voortgang op het doel besproken.",
        )
        work.append(visit)
        if week == 0:
            work += [
                SignalObservation(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    client_id=client.id,
                    visit_id=visit.id,
                    code=code,
                    observed_at=at,
                    source=SignalSource.OBSERVED_BY_JOBCOACH,
                )
                for code in SIGNALS[n % len(SIGNALS)]
            ]
            work.append(
                WellbeingCheck(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    client_id=client.id,
                    visit_id=visit.id,
                    taken_at=at,
                    items=(3, 2, 3, 2, 3),
                    instrument_version="who5/nl/registered",
                    language="nl",
                )
            )
    at = now - timedelta(days=n + 1)
    consent = ConsentRecord(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        client_id=client.id,
        purpose=Purpose.REFERRAL,
        recipient_id=SCHULDHULP,
        text_version="consent-referral/nl/1",
        language="nl",
        given_at=at - timedelta(minutes=5),
        expires_at=at + timedelta(days=365),
    )
    draft = new_referral(
        referral_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        client_id=client.id,
        target=Target.SCHULDHULP,
        recipient_id=SCHULDHULP,
        urgency=Urgency.CRISIS if n == 2 else Urgency.REGULAR,
        at=at - timedelta(minutes=4),
        payload=ReferralPayload(
            name=f"{given} {family}",
            contact=Contact(phone="06-00000000", best_time="ochtend"),
            language="nl",
            urgency=Urgency.CRISIS if n == 2 else Urgency.REGULAR,
            client_words="Ik heb brieven van de deurwaarder.",
            jobcoach_contact="Jobcoach, via Veldwerk",
        ),
    )
    work += [consent, queue(draft, [consent], at)]
    return work, draft.id


def seed_casework(ctx: ServerContext) -> None:
    rng = random.Random(20261123)  # noqa: S311 - demo data, not security
    now = ctx.clock()
    referrals: list[uuid.UUID] = []
    n = 0
    for username, people in CASELOADS.items():
        user = admin.find_user(ctx, username)
        code = devices.issue_pairing_code(ctx, user, Actor.system())
        device = devices.authenticate(ctx, devices.enroll(ctx, code, "demo tablet").token)
        changes: list[Change] = []
        for person in people:
            work, referral_id = _client_work(rng, n, person, now)
            client_id = work[0].id  # type: ignore[attr-defined]
            changes += [_change(entity, client_id) for entity in work]
            referrals.append(referral_id)
            n += 1
        for start in range(0, len(changes), MAX_BATCH):
            batch = PushRequest(changes=changes[start : start + MAX_BATCH])
            refused = [
                r.code for r in push.push(ctx, device, batch).results if r.outcome != "applied"
            ]
            if refused:
                raise RuntimeError(f"demo casework refused: {refused[0]}")
    intake = _team_member(ctx, "schuldhulp1")
    for referral_id, steps in zip(referrals, TEAM_STEPS, strict=True):
        for status, note in steps:
            teams.update_status(
                ctx, intake, referral_id, StatusUpdate(status=status, note_code=note)
            )


def _team_member(ctx: ServerContext, username: str) -> Principal:
    user = admin.find_user(ctx, username)
    return Principal(
        user_id=user,
        organisation_id=admin.find_organisation(ctx, "Gemeente Amsterdam (demo)"),
        role=Role.RECEIVING_TEAM,
        team_id=admin.find_team(ctx, SCHULDHULP),
        device_id=None,
    )
