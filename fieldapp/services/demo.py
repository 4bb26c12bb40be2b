"""Demo caseload for `make run`: fictional clients with visits, signals, WHO-5 and referrals.

Deterministic (seeded), so screenshots and manual checks look the same every time. Names are
invented; nothing here resembles a real person's data.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from fieldapp.domain.client import Address, Client, TargetGroup
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.referral import Contact, ReferralPayload, new_referral
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Goal, GoalTime, Visit, VisitType
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.services.caseload import CaseloadService, VisitRecord

DEMO_PASSPHRASE = "demo-veldwerk-2026"  # noqa: S105 (the published demo passphrase)
_GIVEN = ["Sanne", "Mehmet", "Fatima", "Kees", "Agnieszka", "Jayden", "Noor", "Ricardo"]
_FAMILY = ["de Vries", "Yilmaz", "El Amrani", "Bakker", "Nowak", "Pinas", "Jansen", "Soares"]
_SIGNAL_SETS = [(), ("A02", "B01"), ("D01", "A01"), ("E01",), ("G01",), ("C01",), (), ("F06",)]
_WHO5 = [(4, 4, 3, 4, 4), (2, 2, 3, 2, 3), (1, 2, 1, 1, 2), (3, 3, 3, 2, 3)]


def seed_demo(service: CaseloadService, now: datetime, clients: int = 8) -> list[uuid.UUID]:
    """Create ``clients`` demo clients; returns their ids."""
    rng = random.Random(20261122)  # noqa: S311 (demo data, not security)
    ids = []
    for n in range(clients):
        client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        ids.append(client_id)
        service.save_client(
            Client(
                id=client_id,
                given_name=_GIVEN[n % len(_GIVEN)],
                family_name=_FAMILY[n % len(_FAMILY)],
                phone=f"06-{rng.randrange(10_000_000, 99_999_999)}",
                address=Address(
                    postcode=f"10{n + 11} A{chr(65 + n)}", house_number=n + 3, city="Amsterdam"
                ),
                preferred_language=["nl", "tr", "ar", "pl"][n % 4],
                easy_language=n % 3 == 0,
                target_group=list(TargetGroup)[n % len(TargetGroup)],
                income_up_to_120pct_minimum=n % 4 == 1,
                created_at=now - timedelta(days=200),
                updated_at=now - timedelta(days=200),
            )
        )
        goal = Goal(
            id=uuid.uuid4(),
            client_id=client_id,
            title="Zelfstandig werken op de afdeling",
            period_start=(now - timedelta(days=180)).date(),
            period_end=(now + timedelta(days=180)).date(),
            granted_hours=Decimal(20),
        )
        service.save_goal(goal)
        for visit_number in range(rng.randrange(2, 6)):
            _visit(
                service,
                goal,
                when=now - timedelta(days=14 * visit_number + 1),
                n=n,
                visit_number=visit_number,
            )
    return ids


def _visit(
    service: CaseloadService, goal: Goal, *, when: datetime, n: int, visit_number: int
) -> None:
    latest = visit_number == 0
    client_id = goal.client_id
    visit = Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=when,
        duration_minutes=60,
        goals=(GoalTime(goal_id=goal.id, minutes=45),),
        notes_internal="Gesprek op de werkvloer over planning en samenwerking.",
        notes_for_funder="Voortgang op het doel besproken.",
    )
    signals = [
        SignalObservation(
            id=uuid.uuid4(),
            client_id=client_id,
            visit_id=visit.id,
            code=code,
            observed_at=when,
            source=SignalSource.OBSERVED_BY_JOBCOACH,
        )
        for code in (_SIGNAL_SETS[n % len(_SIGNAL_SETS)] if latest else ())
    ]
    check = WellbeingCheck(
        id=uuid.uuid4(),
        client_id=client_id,
        visit_id=visit.id,
        taken_at=when,
        items=_WHO5[(n + visit_number) % len(_WHO5)],  # the same demo on any day
        instrument_version="who5/nl/registered",
        language="nl",
    )
    consents, referrals = [], []
    if latest and n % 3 == 0:
        recipient = "schuldhulp:amsterdam"
        consents.append(
            ConsentRecord(
                id=uuid.uuid4(),
                client_id=client_id,
                purpose=Purpose.REFERRAL,
                recipient_id=recipient,
                text_version="consent-referral/nl/1",
                language="nl",
                given_at=when,
                expires_at=when + timedelta(days=365),
            )
        )
        referrals.append(
            new_referral(
                referral_id=uuid.uuid4(),
                client_id=client_id,
                target=Target.SCHULDHULP,
                recipient_id=recipient,
                urgency=Urgency.REGULAR,
                at=when,
                payload=ReferralPayload(
                    name=f"{_GIVEN[n]} {_FAMILY[n]}",
                    contact=Contact(phone="06-00000000"),
                    language="nl",
                    urgency=Urgency.REGULAR,
                ),
            )
        )
    service.record_visit(
        VisitRecord(
            visit=visit, signals=signals, check=check, consents=consents, referrals=referrals
        )
    )
