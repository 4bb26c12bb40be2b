"""Synced casework for the demo organisation, so the web pages have something to show after
``make run``: 30 clients of the two demo jobcoaches with visits, goals, signals and WHO-5 checks,
placements at the register's employers and ladder steps (:mod:`sync_server.demo_placements`),
and consented referrals to schuldhulp and the buurtteams that the teams have taken to
different steps.

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
from sync_server import demo_outreach, demo_placements
from sync_server.audit import Actor
from sync_server.db.schema import EmployerRow
from sync_server.demo import DEMO_EMPLOYER_ID, ROUTING_CSV
from sync_server.routing.table import parse_csv, resolve
from sync_server.services import admin, devices, push, teams, visit_requests
from sync_server.services.context import Principal, ServerContext

GIVEN = (
    "Mehmet", "Fatima", "Kees", "Agnieszka", "Sanne", "Jayden", "Noor", "Ricardo", "Ilse",
    "Youssef", "Marieke", "Tomasz", "Priya", "Dirk", "Esra", "Kofi", "Lotte", "Hamza",
)  # fmt: skip
FAMILY = (
    "Yilmaz", "El Amrani", "Bakker", "Nowak", "de Vries", "Pinas", "Jansen", "Soares",
    "Visser", "Bouzid", "Smit", "Kowalski", "Ramdin", "Mulder", "Demir", "Mensah",
)  # fmt: skip
ADDRESSES = (("1091 AB", 7), ("1093 KL", 21), ("1011 AA", 3), ("1094 CD", 40), ("1091 AB", 33),
             ("1012 JS", 12), ("1093 XB", 5), ("1094 AA", 18))  # fmt: skip
CLIENTS_PER_JOBCOACH = 15
JOBCOACHES = ("jobcoach1", "jobcoach2")
FLYING_SQUAD = "flyingsquad1"
SIGNALS = [("A02", "B01"), ("D01",), ("E01",), ("C01", "A01"), ("G01",), ("D03", "F05"), ()]
SCHULDHULP = "schuldhulp:amsterdam"
TEAM_STEPS = [
    [],
    [(Status.ACKNOWLEDGED, "")],
    [(Status.ACKNOWLEDGED, ""), (Status.CONTACT_ATTEMPTED, "phone_not_reached")],
    [(Status.ACKNOWLEDGED, ""), (Status.IN_CONTACT, "phone")],
    [(Status.ACKNOWLEDGED, ""), (Status.IN_CONTACT, "phone"), (Status.ACCEPTED, "")],
    [(Status.ACKNOWLEDGED, ""), (Status.DECLINED_BY_CLIENT, "")],
]
"""Steps a team has taken, cycled over the referrals (the first: none yet, so some are late)."""
TEAM_MEMBERS = {SCHULDHULP: "schuldhulp1", "buurtteam:oost-1": "buurtteam-oost1"}


ROUTES = parse_csv(ROUTING_CSV)[0]


def _person(n: int) -> tuple[str, str, str, int]:
    postcode, house = ADDRESSES[n % len(ADDRESSES)]
    return GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)], postcode, house + n // 8


def new_change(entity: BaseModel, client_id: uuid.UUID | None) -> Change:
    """The change a device sends for ``entity``, new on the server (base version 0)."""
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
) -> tuple[list[BaseModel], tuple[str, uuid.UUID] | None]:
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
    if n % 3 == 2:
        return work, None  # no referral for this client
    target = Target.SCHULDHULP if n % 2 == 0 else Target.BUURTTEAM
    route = resolve(ROUTES, target, postcode, client.address.house_number if client.address else 1)
    assert route is not None, "the demo routing table covers every demo address"
    recipient = route.recipient_id
    urgency = Urgency.CRISIS if "E01" in SIGNALS[n % len(SIGNALS)] else Urgency.REGULAR
    at = now - timedelta(days=2 * n + 1)
    consent = ConsentRecord(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        client_id=client.id,
        purpose=Purpose.REFERRAL,
        recipient_id=recipient,
        text_version="consent-referral/nl/1",
        language="nl",
        given_at=at - timedelta(minutes=5),
        expires_at=at + timedelta(days=365),
    )
    draft = new_referral(
        referral_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        client_id=client.id,
        target=target,
        recipient_id=recipient,
        urgency=urgency,
        at=at - timedelta(minutes=4),
        payload=ReferralPayload(
            name=f"{given} {family}",
            contact=Contact(phone="06-00000000", best_time="ochtend"),
            language="nl",
            address=client.address,
            urgency=urgency,
            client_words="Ik heb brieven van de deurwaarder.",
            jobcoach_contact="Jobcoach, via Veldwerk",
        ),
    )
    work += [consent, queue(draft, [consent], at)]
    return work, (recipient, draft.id)


def _demo_device(ctx: ServerContext, username: str) -> Principal:
    user = admin.find_user(ctx, username)
    code = devices.issue_pairing_code(ctx, user, Actor.system())
    return devices.authenticate(ctx, devices.enroll(ctx, code, "demo tablet").token)


def _push_all(ctx: ServerContext, device: Principal, changes: list[Change]) -> None:
    for start in range(0, len(changes), MAX_BATCH):
        batch = PushRequest(changes=changes[start : start + MAX_BATCH])
        refused = [r.code for r in push.push(ctx, device, batch).results if r.outcome != "applied"]
        if refused:
            raise RuntimeError(f"demo casework refused: {refused[0]}")


def seed_outreach(ctx: ServerContext, rng: random.Random) -> None:
    """The Flying Squad's events of the last six months, and two open requests for a visit."""
    now = ctx.clock()
    tablet = _demo_device(ctx, FLYING_SQUAD)
    _push_all(ctx, tablet, [new_change(e, None) for e in demo_outreach.events(rng, now)])
    organisation = admin.find_organisation(ctx, "Gemeente Amsterdam (demo)")
    for form in demo_outreach.requests(ctx.local_day(now)):
        sent = visit_requests.submit(ctx, organisation, form, "demo")
        if isinstance(sent, dict):
            raise RuntimeError(f"demo request refused: {sorted(sent)}")


def seed_casework(ctx: ServerContext) -> None:
    """30 clients of two jobcoaches with four weeks of visits, signals, WHO-5 and referrals
    that the teams have taken to different steps (some not yet: those run late); the Flying
    Squad's events and requests; where the demo employer is in the register, one client works
    there and agreed that it may pass concerns."""
    rng = random.Random(20261123)  # noqa: S311 - demo data, not security
    now = ctx.clock()
    register = demo_placements.employers(rng, now)
    with ctx.db.read() as session:
        glans = session.get(EmployerRow, DEMO_EMPLOYER_ID) is not None
    referrals: list[tuple[str, uuid.UUID]] = []
    for j, username in enumerate(JOBCOACHES):
        device = _demo_device(ctx, username)
        changes = [new_change(employer, None) for employer in register] if j == 0 else []
        for n in range(j * CLIENTS_PER_JOBCOACH, (j + 1) * CLIENTS_PER_JOBCOACH):
            work, referral = _client_work(rng, n, _person(n), now)
            client_id = work[0].id  # type: ignore[attr-defined]
            work += demo_placements.work_of(rng, n, client_id, register, now)
            if glans and n == demo_placements.GLANS_CLIENT:
                work += demo_placements.at_employer(rng, client_id, DEMO_EMPLOYER_ID, now)
            changes += [new_change(entity, client_id) for entity in work]
            if referral is not None:
                referrals.append(referral)
        _push_all(ctx, device, changes)
    seed_outreach(ctx, rng)
    for n, (recipient, referral_id) in enumerate(referrals):
        member = TEAM_MEMBERS.get(recipient)
        if member is None:
            continue  # no demo user in that team: the referral waits in its inbox
        worker = _team_member(ctx, member, recipient)
        for status, note in TEAM_STEPS[n % len(TEAM_STEPS)]:
            teams.update_status(
                ctx, worker, referral_id, StatusUpdate(status=status, note_code=note)
            )


def _team_member(ctx: ServerContext, username: str, recipient: str) -> Principal:
    user = admin.find_user(ctx, username)
    return Principal(
        user_id=user,
        organisation_id=admin.find_organisation(ctx, "Gemeente Amsterdam (demo)"),
        role=Role.RECEIVING_TEAM,
        team_id=admin.find_team(ctx, recipient),
        device_id=None,
    )
