"""End to end with the real server process and the real sync client: recorded offline, pushed,
routed by address, worked by the team, and every status back on the jobcoach's device."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from fieldapp.domain.outbox import ChangeState
from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target
from fieldapp.services.caseload import VisitRecord
from fieldapp.wire import InboxItem
from sync_server.db.schema import RecordRow
from sync_server.services.devices import list_devices
from tests.factories import build_client, build_consent, build_referral, build_visit
from tests.sync.harness import Device, ServerProcess, now

SCHULDHULP = "schuldhulp:amsterdam"


def _team_api(server: ServerProcess, username: str) -> httpx.Client:
    code = server.pairing_code(username)
    enrolled = httpx.post(f"{server.url}/api/v1/enroll", json={"pairing_code": code}).json()
    return server.api(enrolled["token"])


def _unsent_on_server(server: ServerProcess, device: Device) -> int | None:
    enrollment = device.states.load_sync_state().enrollment
    assert enrollment is not None
    organisation = enrollment.organisation_id
    (summary,) = [
        d for d in list_devices(server.ctx, organisation) if d.device_id == enrollment.device_id
    ]
    return summary.unsent_changes


def _record_referral(device: Device) -> tuple[Any, Any]:
    at = now() - timedelta(minutes=30)
    client = build_client(
        address={"postcode": "1091 AB", "house_number": 12, "city": "Amsterdam"},
    )
    visit = build_visit(client_id=client.id, started_at=at)
    consent = build_consent(client_id=client.id, recipient_id=SCHULDHULP, given_at=at)
    referral = build_referral(
        client_id=client.id, target=Target.SCHULDHULP, recipient_id=SCHULDHULP, at=at
    )
    device.service.save_client(client)
    device.service.record_visit(VisitRecord(visit=visit, consents=[consent], referrals=[referral]))
    device.service.queue_referral(client.id, referral.id)
    return client, referral


def test_offline_record_reaches_the_team_and_its_status_comes_back(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("jobcoach")
    client, referral = _record_referral(device)  # before enrollment: fully offline
    assert len(device.outbox.changes()) == 4  # client, visit, consent, queued referral

    device.enroll(server)
    report = device.sync()
    assert (report.sent, report.rejected, report.conflicts) == (4, 0, 0)
    assert device.outbox.changes() == []
    state = device.states.load_sync_state()
    assert state.last_success_at == report.finished_at and state.cursor is not None
    assert {r.recipient_id for r in state.directory} >= {SCHULDHULP}

    with _team_api(server, "schuldhulp1") as team:
        inbox = [InboxItem.model_validate(item) for item in team.get("/inbox").json()]
        (item,) = [i for i in inbox if i.referral_id == referral.id]
        assert item.status is Status.DELIVERED and item.payload is not None
        for status, note in (("acknowledged", ""), ("in_contact", "phone")):
            answer = team.post(
                f"/referrals/{referral.id}/status", json={"status": status, "note_code": note}
            )
            assert answer.status_code == 200, answer.text

    device.sync()
    (back,) = device.service.dossier(client.id).referrals
    assert [change.status for change in back.history][-4:] == [
        Status.SENT,
        Status.DELIVERED,
        Status.ACKNOWLEDGED,
        Status.IN_CONTACT,
    ]
    assert back.due_date == item.due_date is not None
    assert back.history[-1].note_code == "phone"


def test_a_second_device_of_the_same_jobcoach_gets_the_caseload(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    first, second = new_device("first"), new_device("second")
    client, _referral = _record_referral(first)
    first.enroll(server)
    first.sync()
    second.enroll(server)
    report = second.sync()
    assert report.pulled >= 4
    dossier = second.service.dossier(client.id)
    assert dossier.client == client
    assert len(dossier.visits) == 1 and len(dossier.consents) == 1
    assert dossier.referrals[0].status is Status.DELIVERED


def test_one_rejected_record_does_not_block_the_others_and_is_retried_after_a_fix(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("jobcoach")
    device.enroll(server)
    known, unknown = build_client(id=uuid.uuid4()), build_client(id=uuid.uuid4())
    device.service.save_client(known)
    at = now() - timedelta(hours=1)
    orphan = build_visit(client_id=unknown.id, started_at=at)  # its client was never sent
    fine = [build_visit(client_id=known.id, started_at=at) for _ in range(3)]
    device.service.record_visit(VisitRecord(visit=orphan))
    for visit in fine:
        device.service.record_visit(VisitRecord(visit=visit))

    report = device.sync()
    assert (report.sent, report.rejected) == (4, 1)
    (held,) = device.outbox.changes()
    assert (held.entity_id, held.state, held.code) == (
        orphan.id,
        ChangeState.REJECTED,
        "client.not_in_caseload",
    )
    assert device.sync().rejected == 0  # not sent again on its own: it waits for the user
    assert _unsent_on_server(server, device) == 1  # the coordinator sees one change waiting

    device.service.save_client(unknown)  # the fix, then the user retries the visit
    device.outbox.retry(held.change_id)
    report = device.sync()
    assert (report.sent, report.rejected) == (2, 0)
    assert device.outbox.changes() == []
    assert _unsent_on_server(server, device) == 0
    with server.ctx.db.read() as session:
        stored = session.get(RecordRow, orphan.id)
    assert stored is not None
