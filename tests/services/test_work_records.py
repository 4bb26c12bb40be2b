"""A client's placements and participation ladder through the caseload service, over the real
encrypted store: what is saved, what is refused with nothing saved, and what goes to the
outbox."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fieldapp.domain.employer import ContactRole, EmployerKind
from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.participation import Rung
from fieldapp.domain.placement import Overlap, Placement, PlacementKind, current
from fieldapp.domain.visit import Funder, HoursWarning, goal_usage
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.demo import seed_demo
from fieldapp.services.demo_work import seed_work
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.store import EncryptedStore
from tests.factories import build_client
from tests.storage.conftest import PASSPHRASE, fast_kdf

NOW = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
"""Half past midnight in Amsterdam: the ladder's day is the 21st there."""
EMPLOYER = uuid.uuid4()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(tmp_path: Path, clock: Clock) -> Iterator[CaseloadService]:
    store = EncryptedStore.create(tmp_path / "store", PASSPHRASE, kdf=fast_kdf())
    yield CaseloadService(CaseloadStore(store, clock), clock)
    store.close()


def test_each_new_rung_is_kept_with_its_day(service: CaseloadService, clock: Clock) -> None:
    client = build_client(participation_level=None)
    service.save_client(client)
    assert not service.dossier(client.id).ladder

    on_three = client.model_copy(update={"participation_level": 3, "version": 2})
    changes = service.save_client(on_three)
    assert [c.entity for c in changes] == [EntityKind.CLIENT, EntityKind.LADDER_STEP]
    (step,) = service.dossier(client.id).ladder
    assert (step.rung, step.on) == (Rung.ORGANISED_ACTIVITIES, date(2026, 11, 21))

    renamed = on_three.model_copy(update={"phone": "06-11112222", "version": 3})
    assert [c.entity for c in service.save_client(renamed)] == [EntityKind.CLIENT]

    corrected = renamed.model_copy(update={"participation_level": 4, "version": 4})
    service.save_client(corrected)  # the same day: that day's step is edited
    (edited,) = service.dossier(client.id).ladder
    assert (edited.id, edited.rung, edited.version) == (step.id, Rung.UNPAID_WORK, 2)

    clock.now = NOW + timedelta(days=200)
    service.save_client(corrected.model_copy(update={"participation_level": 5, "version": 5}))
    assert [s.rung for s in service.dossier(client.id).ladder] == [4, 5]


def _placement(client_id: uuid.UUID, **changes: object) -> Placement:
    data: dict[str, object] = {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "employer_id": EMPLOYER,
        "kind": PlacementKind.REGULAR,
        "start": date(2026, 1, 1),
        "hours_per_week": Decimal(20),
    } | changes
    return Placement.model_validate(data)


def test_a_second_placement_of_the_same_kind_and_place_is_refused(
    service: CaseloadService,
) -> None:
    client = build_client()
    service.save_client(client)
    first = _placement(client.id)
    assert service.save_placement(first).verdict is Overlap.NONE

    with pytest.raises(DomainError) as raised:
        service.save_placement(_placement(client.id, start=date(2026, 6, 1)))
    assert raised.value.code is ErrorCode.PLACEMENT_DUPLICATE
    assert [p.id for p in service.dossier(client.id).placements] == [first.id]

    part_time = _placement(client.id, employer_id=uuid.uuid4(), start=date(2026, 3, 1))
    found = service.save_placement(part_time)
    assert (found.verdict, found.others) == (Overlap.WARNING, (first.id,))
    assert [p.id for p in service.dossier(client.id).placements] == [first.id, part_time.id]

    longer = first.model_copy(update={"hours_per_week": Decimal(24), "version": 2})
    assert service.save_placement(longer).verdict is Overlap.WARNING  # itself is no overlap


def test_a_placement_needs_a_known_client(service: CaseloadService) -> None:
    with pytest.raises(DomainError) as raised:
        service.save_placement(_placement(uuid.uuid4()))
    assert raised.value.code is ErrorCode.NOT_FOUND


def test_the_demo_has_employers_of_every_kind_and_paths_through_work(
    service: CaseloadService, tmp_path: Path
) -> None:
    store = EncryptedStore.create(tmp_path / "register", PASSPHRASE, kdf=fast_kdf())
    register = EmployerRegister(EmployerStore(store, lambda: NOW))
    clients = seed_demo(service, NOW, clients=4)
    seed_work(service, register, clients, NOW)
    employers = register.employers()
    store.close()

    kinds = {employer.kind for employer in employers}
    assert {EmployerKind.SOCIALE_FIRMA, EmployerKind.SW_BEDRIJF, EmployerKind.REGULAR} <= kinds
    supporters = [
        contact
        for employer in employers
        for contact in employer.contacts
        if contact.role is ContactRole.IN_COMPANY_SUPPORTER
    ]
    assert supporters

    today = NOW.date()
    came_back = service.dossier(clients[0])
    ended = [p for p in came_back.placements if p.ended_on is not None]
    assert any((today - p.ended_on).days < 365 for p in ended if p.ended_on)
    now_at = current(came_back.placements, today)  # and came back
    assert now_at is not None and now_at.follow_up_due(today)

    stayed = service.dossier(clients[1])
    (long,) = stayed.placements
    assert long.ended_on is None and (today - long.start).days > 730
    (goal,) = stayed.goals
    assert goal.funder is Funder.UWV
    assert goal_usage(goal, stayed.visits).warning is HoursWarning.NEAR_LIMIT
    assert [step.rung for step in stayed.ladder] == [Rung.PAID_WORK]
