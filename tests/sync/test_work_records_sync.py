"""Placements and the participation ladder travel like the rest of a client's records: pushed
once, pulled by the jobcoach's other device, and an edit on two devices is a conflict that the
user resolves field by field, never a silent overwrite."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

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
