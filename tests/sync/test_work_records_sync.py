"""Placements, the participation ladder and the employer register travel like the rest of a
client's records: pushed once, pulled by the other devices (of the organisation, for the
register), and an edit on two devices is a conflict that the user resolves field by field,
never a silent overwrite."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

from fieldapp.domain.employer import ContactPerson, ContactRole, Employer, EmployerKind, WorkSite
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.placement import Jobcoaching, Placement, PlacementKind
from fieldapp.services.conflicts import ConflictService
from tests.factories import build_client
from tests.sync.harness import Device, ServerProcess


def _placement(client_id: uuid.UUID) -> Placement:
    return Placement.model_validate(
        {
            "id": uuid.uuid4(),
            "client_id": client_id,
            "employer_id": uuid.uuid4(),
            "kind": PlacementKind.BESCHUT_AT_EMPLOYER,
            "start": date(2025, 9, 1),
            "planned_end": date(2027, 8, 31),
            "hours_per_week": Decimal("24.5"),
            "instruments": {
                "loonkostensubsidie": True,
                "loonwaarde_pct": 55,
                "jobcoaching": Jobcoaching.INTERNAL,
            },
            "notes": "Werkt het liefst in de ochtend",
        }
    )


def test_a_placement_and_a_ladder_step_reach_the_other_device(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    phone, tablet = new_device("phone"), new_device("tablet")
    phone.enroll(server)
    tablet.enroll(server)
    client = build_client(id=uuid.uuid4(), participation_level=5)
    phone.service.save_client(client)
    placement = _placement(client.id)
    phone.service.save_placement(placement)
    kinds = sorted(change.entity.value for change in phone.outbox.changes())
    assert kinds == ["client", "ladder_step", "placement"]

    assert phone.sync().sent == 3
    tablet.sync()
    dossier = tablet.service.dossier(client.id)
    assert dossier.placements == [placement]
    assert [step.rung for step in dossier.ladder] == [5]
    assert phone.sync().sent == 0  # nothing twice


def test_a_placement_edited_on_two_devices_is_a_conflict_resolved_by_field(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    phone, tablet = new_device("phone"), new_device("tablet")
    phone.enroll(server)
    tablet.enroll(server)
    client = build_client(id=uuid.uuid4())
    phone.service.save_client(client)
    placement = _placement(client.id)
    phone.service.save_placement(placement)
    phone.sync()
    tablet.sync()

    phone.service.save_placement(
        placement.model_copy(update={"hours_per_week": Decimal(28), "version": 2})
    )
    tablet.service.save_placement(
        placement.model_copy(update={"planned_end": date(2026, 12, 31), "version": 2})
    )
    assert phone.sync().sent == 1
    report = tablet.sync()
    assert (report.sent, report.conflicts) == (0, 1)

    service = ConflictService(tablet.outbox)
    (conflict,) = service.open_conflicts()
    assert conflict.change.entity is EntityKind.PLACEMENT
    assert {d.name for d in service.differences(conflict)} == {"hours_per_week", "planned_end"}
    merged = service.resolve(conflict, take_theirs=["hours_per_week"])
    assert isinstance(merged, Placement)
    assert (merged.hours_per_week, merged.planned_end) == (Decimal(28), date(2026, 12, 31))
    assert tablet.sync().sent == 1
    phone.sync()
    assert phone.service.dossier(client.id).placements == [merged]


def _employer() -> Employer:
    return Employer(
        id=uuid.uuid4(),
        name="Bakkerij Van der Linden",
        kind=EmployerKind.REGULAR,
        kvk="12345678",
        sites=(WorkSite(id=uuid.uuid4(), name="Bakkerij"),),
        contacts=(
            ContactPerson(
                id=uuid.uuid4(),
                name="Ans de Wit",
                role=ContactRole.IN_COMPANY_SUPPORTER,
                phone="06 1234 5678",
            ),
        ),
        updated_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
    )


def test_an_employer_reaches_every_device_of_the_organisation_and_no_other(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    """The register is the organisation's: another jobcoach's device gets it too, a device of
    another organisation does not, and nothing of a client travels with it."""
    mine, colleague = new_device("mine"), new_device("colleague")
    mine.enroll(server)
    colleague.enroll(server, "jobcoach2")
    employer = mine.register.save(_employer())
    (change,) = mine.outbox.changes()
    assert (change.entity, change.client_id) == (EntityKind.EMPLOYER, None)

    assert mine.sync().sent == 1
    assert colleague.sync().pulled == 1
    assert colleague.register.employers() == [employer]
    assert colleague.service.overviews() == []  # no client came with it
    assert mine.sync().sent == 0  # nothing twice

    edited = colleague.register.save(employer.model_copy(update={"name": "Bakkerij Linden"}))
    assert edited.version == 2
    assert colleague.sync().sent == 1
    mine.sync()
    assert mine.register.employer(employer.id) == edited


def test_an_employer_edited_on_two_devices_is_a_conflict_resolved_by_field(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    phone, tablet = new_device("phone"), new_device("tablet")
    phone.enroll(server)
    tablet.enroll(server, "jobcoach2")
    employer = phone.register.save(_employer())
    phone.sync()
    tablet.sync()

    phone.register.save(employer.model_copy(update={"kvk": "87654321"}))
    tablet.register.save(employer.model_copy(update={"name": "Bakkerij Linden"}))
    assert phone.sync().sent == 1
    report = tablet.sync()
    assert (report.sent, report.conflicts) == (0, 1)
    assert tablet.register.employer(employer.id).name == "Bakkerij Linden"  # kept, not overwritten

    service = ConflictService(tablet.outbox)
    (conflict,) = service.open_conflicts()
    assert conflict.change.entity is EntityKind.EMPLOYER
    assert {d.name for d in service.differences(conflict)} >= {"kvk", "name"}
    merged = service.resolve(conflict, take_theirs=["kvk"])
    assert isinstance(merged, Employer)
    assert (merged.name, merged.kvk, merged.version) == ("Bakkerij Linden", "87654321", 3)
    assert tablet.register.employer(employer.id) == merged
    assert tablet.sync().sent == 1
    phone.sync()
    assert phone.register.employer(employer.id) == merged
