"""The Flying Squad's half year in the demo organisation, so the reach report has something to
count after ``make run``: events of each kind with their tallies (a demo tablet pushes them),
and two employers' requests for a visit as typed on the public form. Deterministic (seeded by
the caller); every name is invented.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from sync_server.services.visit_requests import RequestForm

PLACES = (
    ("Schoonmaakbedrijf Glans", "Kantine", EventKind.COMPANY_VISIT),
    ("Markt Dapperstraat", "Kraam bij de ingang", EventKind.MARKET),
    ("Buurthuis De Pijp", "Grote zaal", EventKind.INFORMATION_SESSION),
    ("Zorggroep West", "Vergaderzaal", EventKind.HR_TRAINING),
)
REQUESTS = (
    ("Distributiecentrum Noord", "Sanne de Wit", "020 555 0199", "", 320),
    ("Hotel Amstelzicht", "Youssef Bakali", "", "y.bakali@amstelzicht.example", 85),
)


def events(rng: random.Random, now: datetime) -> list[OutreachEvent]:
    """Two to four events a month over the last six months, each with its tallies."""
    found = []
    for months_back in range(6):
        for _ in range(rng.randint(2, 4)):
            organisation, place, kind = rng.choice(PLACES)
            started = now - timedelta(days=30 * months_back + rng.randint(0, 27), hours=3)
            people = rng.randint(8, 40)
            event = OutreachEvent(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                organisation=organisation,
                place=place,
                kind=kind,
                started_at=started,
            ).counted(
                {
                    Tally.PEOPLE_SPOKEN: people,
                    Tally.REGULATIONS_EXPLAINED: rng.randint(people // 3, people),
                    Tally.SELF_TESTS_DONE: rng.randint(0, people // 3),
                    Tally.REFERRALS_MADE: rng.randint(0, 3),
                }
            )
            found.append(event.ended(started + timedelta(hours=2)))
    return found


def requests(today: date) -> list[RequestForm]:
    """Two employers' requests, as typed on the public form, for dates from ten days on."""
    soon = today + timedelta(days=10)
    return [
        RequestForm(
            organisation=name,
            contact_name=contact,
            phone=phone,
            email=email,
            dates=((soon + timedelta(days=7 * n)).isoformat(),),
            employees=str(employees),
        )
        for n, (name, contact, phone, email, employees) in enumerate(REQUESTS)
    ]
