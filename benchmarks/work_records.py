"""The work records the benchmarks add per client (issue 21): one placement at an employer of
the demo register and two goals of the coaching plan, as a jobcoach's caseload holds them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from fieldapp.domain.employer import Employer
from fieldapp.domain.placement import Jobcoaching, Placement, PlacementKind
from fieldapp.domain.visit import Funder, Goal


def work_of(
    client_id: uuid.UUID, employer: Employer, n: int, today: date
) -> list[Placement | Goal]:
    start = today - timedelta(days=30 + n % 700)
    placement = Placement.model_validate(
        {
            "id": uuid.uuid4(),
            "client_id": client_id,
            "employer_id": employer.id,
            "site_id": employer.sites[0].id if employer.sites else None,
            "kind": PlacementKind.REGULAR if n % 3 else PlacementKind.BESCHUT_AT_EMPLOYER,
            "start": start,
            "planned_end": start + timedelta(days=365 + n % 200),
            "hours_per_week": Decimal(16 + n % 20),
            "instruments": {"jobcoaching": Jobcoaching.INTERNAL} if n % 2 else {},
            "notes": "Werkt in de ochtend; vaste begeleider op de afdeling.",
        }
    )
    goals = [
        Goal(
            id=uuid.uuid4(),
            client_id=client_id,
            title=title,
            funder=Funder.UWV if n % 2 else Funder.MUNICIPALITY,
            period_start=start,
            period_end=start + timedelta(days=364),
            granted_hours=Decimal(20 + n % 30),
            placement_id=placement.id,
        )
        for title in ("Zelfstandig de werkdag plannen", "Samenwerken met collega's")
    ]
    return [placement, *goals]
