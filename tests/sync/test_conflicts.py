"""A client edited on two devices: detected by versions, both kept, resolved field by field."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fieldapp.domain.client import Client
from fieldapp.domain.outbox import ChangeState
from fieldapp.services.conflicts import ConflictService
from tests.factories import build_client
from tests.sync.checks import stored_versions
from tests.sync.harness import Device, ServerProcess


def _edit(device: Device, client: Client, **changes: object) -> Client:
    edited = client.model_copy(update={"version": client.version + 1, **changes})
    device.service.save_client(edited)
    return edited


def test_two_devices_edit_one_client_and_the_user_merges_field_by_field(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    first, second = new_device("first"), new_device("second")
    first.enroll(server)
    second.enroll(server)
    client = build_client(id=uuid.uuid4(), given_name="Sanne", phone="06-11111111")
    first.service.save_client(client)
    first.sync()
    second.sync()
    assert second.service.dossier(client.id).client == client

    _edit(first, client, given_name="Susanne")  # both edit version 1 offline
    _edit(second, client, phone="06-22222222")
    assert first.sync().sent == 1
    report = second.sync()
    assert (report.sent, report.conflicts) == (0, 1)  # never a silent last-writer-wins

    service = ConflictService(second.outbox)
    (conflict,) = service.open_conflicts()
    assert conflict.change.state is ChangeState.CONFLICT
    assert conflict.change.server_version == 2
    assert isinstance(conflict.theirs, Client) and conflict.theirs.given_name == "Susanne"
    mine = second.service.dossier(client.id).client
    assert mine is not None and mine.phone == "06-22222222"  # the device's version untouched
    assert {d.name for d in service.differences(conflict)} == {"given_name", "phone"}
    assert second.sync().sent == 0  # held until resolved

    merged = service.resolve(conflict, take_theirs=["given_name"])
    assert isinstance(merged, Client)
    assert (merged.given_name, merged.phone, merged.version) == ("Susanne", "06-22222222", 3)
    assert service.open_conflicts() == []
    report = second.sync()
    assert (report.sent, report.conflicts) == (1, 0)
    assert second.outbox.changes() == []

    first.sync()
    assert first.service.dossier(client.id).client == second.service.dossier(client.id).client
    enrollment = first.states.load_sync_state().enrollment
    assert enrollment is not None
    assert stored_versions(server.ctx, enrollment.user_id)[client.id] == 3


def test_an_edit_while_in_conflict_waits_for_the_resolution(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    first, second = new_device("first"), new_device("second")
    first.enroll(server)
    second.enroll(server)
    client = build_client(id=uuid.uuid4())
    first.service.save_client(client)
    first.sync()
    second.sync()
    _edit(first, client, notes="eerste")
    mine = _edit(second, client, notes="tweede")
    first.sync()
    second.sync()
    _edit(second, mine, email="sanne@example.org")  # the user goes on editing
    assert second.sync().sent == 0
    service = ConflictService(second.outbox)
    (conflict,) = service.open_conflicts()
    merged = service.resolve(conflict, take_theirs=[])
    assert isinstance(merged, Client)
    assert (merged.notes, merged.email) == ("tweede", "sanne@example.org")  # no edit lost
    assert second.sync().sent == 1
    assert second.outbox.changes() == []
