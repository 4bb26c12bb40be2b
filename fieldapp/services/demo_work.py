"""Demo work records for `make run`: employers of every kind in the register, and for two demo
clients a path through work (one who left work within a year and came back, one at the same
employer for over two years) with a UWV goal for internal jobcoaching that is nearly used up.

Deterministic (fixed ids from a seeded generator); the names are invented.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from fieldapp.domain.client import Address
from fieldapp.domain.employer import (
    ContactPerson,
    ContactRole,
    Employer,
    EmployerKind,
    WorkSite,
)
from fieldapp.domain.participation import Rung
from fieldapp.domain.placement import (
    EndReason,
    Instruments,
    Jobcoaching,
    Placement,
    PlacementKind,
)
from fieldapp.domain.visit import Funder, Goal, goal_usage
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.employer_register import EmployerRegister


def _site(rng: random.Random, name: str, postcode: str, number: int) -> WorkSite:
    return WorkSite(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        name=name,
        address=Address(postcode=postcode, house_number=number, city="Amsterdam"),
    )


def demo_employers(now: datetime) -> list[Employer]:
    rng = random.Random(20261206)  # noqa: S311 (demo data, not security)

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def employer(name: str, kind: EmployerKind, **more: object) -> Employer:
        return Employer.model_validate(
            {"id": new_id(), "name": name, "kind": kind, "updated_at": now} | more
        )

    return [
        employer(
            "Pantar",
            EmployerKind.SW_BEDRIJF,
            kvk="34215678",
            sites=(_site(rng, "Werkplaats Noord", "1033 SC", 12),),
        ),
        employer(
            "De Groene Keuken",
            EmployerKind.SOCIALE_FIRMA,
            sites=(_site(rng, "Restaurant", "1093 KN", 40),),
        ),
        employer(
            "Bakkerij Van der Linden",
            EmployerKind.REGULAR,
            kvk="60123456",
            sites=(_site(rng, "Bakkerij", "1055 AB", 7),),
            contacts=(
                ContactPerson(id=new_id(), name="Marieke de Boer", role=ContactRole.MANAGER),
                ContactPerson(
                    id=new_id(), name="Harrie Smit", role=ContactRole.IN_COMPANY_SUPPORTER
                ),
            ),
        ),
        employer("Stadsbeheer Oost", EmployerKind.PUBLIC_BODY),
    ]


def _placement(client_id: uuid.UUID, employer: Employer, **fields: object) -> Placement:
    data: dict[str, object] = {
        "id": uuid.uuid5(client_id, f"{employer.id}:{fields['start']}"),
        "client_id": client_id,
        "employer_id": employer.id,
        "site_id": employer.sites[0].id if employer.sites else None,
    } | fields
    return Placement.model_validate(data)


def seed_work(
    caseload: CaseloadService,
    register: EmployerRegister,
    clients: list[uuid.UUID],
    now: datetime,
) -> None:
    """The register, and the paths of the first two demo clients (at least two are needed)."""
    sw, firma, bakery, _public = [register.save(e) for e in demo_employers(now)]
    today = now.date()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    came_back, stayed = clients[0], clients[1]
    placements = (
        _placement(
            came_back,
            sw,
            kind=PlacementKind.BESCHUT_AT_SW,
            start=ago(900),
            hours_per_week=Decimal(20),
            ended_on=ago(420),
            end_reason=EndReason.REGULAR_WORK,
        ),
        _placement(
            came_back,
            bakery,
            kind=PlacementKind.REGULAR,
            start=ago(400),
            hours_per_week=Decimal(24),
            ended_on=ago(150),
            end_reason=EndReason.NOT_RENEWED,
        ),
        _placement(
            came_back,
            firma,
            kind=PlacementKind.SOCIALE_FIRMA,
            start=ago(90),
            planned_end=today + timedelta(days=28),  # follow-up due
            hours_per_week=Decimal(16),
        ),
        _placement(
            stayed,
            bakery,
            kind=PlacementKind.REGULAR,
            start=ago(800),
            hours_per_week=Decimal(32),
            instruments=Instruments(
                loonkostensubsidie=True,
                loonwaarde_pct=70,
                jobcoaching=Jobcoaching.INTERNAL,
                in_company_supporter=True,
            ),
        ),
    )
    for placement in placements:
        caseload.save_placement(placement)
    _nearly_used_goal(caseload, stayed, placements[-1].id)
    for client_id, rung in ((came_back, Rung.PAID_WORK_WITH_SUPPORT), (stayed, Rung.PAID_WORK)):
        client = caseload.dossier(client_id).client
        assert client is not None
        caseload.save_client(
            client.model_copy(
                update={"participation_level": int(rung), "version": client.version + 1}
            )
        )


def _nearly_used_goal(
    caseload: CaseloadService, client_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    """The client's demo goal becomes a UWV goal whose grant is about 87% used, supporting the
    placement with internal jobcoaching (the logbook names its employer)."""
    dossier = caseload.dossier(client_id)
    goal = dossier.goals[0]
    used = goal_usage(goal, dossier.visits).used_minutes
    granted = (Decimal(used) / 60 / Decimal("0.87")).quantize(Decimal("0.01"))
    caseload.save_goal(
        Goal.model_validate(
            goal.model_dump()
            | {
                "funder": Funder.UWV,
                "granted_hours": granted,
                "placement_id": placement_id,
                "version": goal.version + 1,
            }
        )
    )
