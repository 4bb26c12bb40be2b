"""Enroll, push and pull over real HTTP on loopback, against SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import Status, StatusChange
from fieldapp.wire import Outcome
from sync_server.db.schema import ClientRow, Device, IdempotencyRow, RecordRow
from sync_server.services import admin, devices, feed
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import (
    CLIENT_ID,
    FIXED_NOW,
    build_client,
    build_consent,
    build_employer,
    build_referral,
    build_visit,
)
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import ADMIN, LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")


def _count(ctx: ServerContext, table: type[object]) -> int:
    with ctx.db.read() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_pairing_code_works_once(ctx: ServerContext, server: LiveServer) -> None:
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
    with server.client() as api:
        first = api.post("/enroll", json={"pairing_code": code})
        second = api.post("/enroll", json={"pairing_code": code})
    assert first.status_code == 200
    assert second.status_code == 401
    assert second.json() == {
        "code": "enroll.invalid_code",
        "detail": "The pairing code is not valid.",
    }


def test_a_pairing_code_expires_after_ten_minutes(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
    clock.advance(minutes=10, seconds=1)
    with server.client() as api:
        assert api.post("/enroll", json={"pairing_code": code}).status_code == 401


def test_the_token_is_stored_only_as_a_hash(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    with ctx.db.read() as session:
        stored = session.execute(select(Device.token_hash)).scalars().all()
    assert all(device.token.encode() not in value for value in stored)
    assert len(stored) == 1 and len(stored[0]) == 32


def test_push_then_pull_on_another_device_of_the_same_user(
    ctx: ServerContext, server: LiveServer
) -> None:
    phone, tablet = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach1")
    client, visit = build_client(), build_visit()
    with server.client(phone.token) as api:
        results = push(api, change_of(client), change_of(visit))
    assert [r.outcome for r in results] == [Outcome.APPLIED, Outcome.APPLIED]
    with server.client(tablet.token) as api:
        pages, _ = pull_all(api)
    records = [record for page in pages for record in page.records]
    assert {(r.entity, r.entity_id) for r in records} == {
        (EntityKind.CLIENT, client.id),
        (EntityKind.VISIT, visit.id),
    }
    bodies = {r.entity_id: r.body for r in records}
    assert bodies[client.id] == client.model_dump(mode="json")
    assert pages[0].directory is not None
    assert {entry.recipient_id for entry in pages[0].directory} >= {"buurtteam:oost-1"}


def test_a_replayed_change_has_no_second_effect(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    changes = [change_of(build_client()), change_of(build_visit())]
    with server.client(device.token) as api:
        first = push(api, *changes)
        again = push(api, *changes)
    assert [r.outcome for r in again] == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert [r.server_version for r in again] == [r.server_version for r in first]
    assert _count(ctx, ClientRow) == 1
    assert _count(ctx, RecordRow) == 1


def test_the_same_key_with_other_content_is_a_conflict(
    ctx: ServerContext, server: LiveServer
) -> None:
    device = enroll(ctx, server, "jobcoach1")
    visit = build_visit()
    original = change_of(visit)
    altered = change_of(
        visit.model_copy(update={"duration_minutes": 90}), change_id=original.change_id
    )
    with server.client(device.token) as api:
        push(api, change_of(build_client()), original)
        (result,) = push(api, altered)
    assert result.outcome is Outcome.CONFLICT
    assert result.code == "change.key_reused"
    with server.client(device.token) as api:
        pages, _ = pull_all(api)
    stored = next(r for p in pages for r in p.records if r.entity_id == visit.id)
    assert stored.body is not None and stored.body["duration_minutes"] == 60


def test_concurrent_duplicates_are_applied_once(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    changes = [change_of(build_client())] + [change_of(build_visit()) for _ in range(20)]

    def send(_: int) -> list[Outcome]:
        with server.client(device.token) as api:
            return [result.outcome for result in push(api, *changes)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(send, range(8)))
    for position in range(len(changes)):
        column = [run[position] for run in outcomes]
        assert column.count(Outcome.APPLIED) == 1, column
        assert column.count(Outcome.DUPLICATE) == 7, column
    assert _count(ctx, RecordRow) == 20
    assert _count(ctx, IdempotencyRow) == 21


def test_a_bad_record_is_rejected_and_the_rest_applied(
    ctx: ServerContext, server: LiveServer
) -> None:
    device = enroll(ctx, server, "jobcoach1")
    good = change_of(build_visit())
    bad = change_of(build_visit())
    bad = bad.model_copy(update={"body": {**(bad.body or {}), "notes_internal": "BSN 111222333"}})
    with server.client(device.token) as api:
        results = push(api, change_of(build_client()), bad, good)
    assert [r.outcome for r in results] == [Outcome.APPLIED, Outcome.REJECTED, Outcome.APPLIED]
    assert results[1].code == "domain.bsn_in_text"
    assert results[1].fields == ["notes_internal"]
    # A rejection stores nothing, so the corrected record can come with the same key.
    fixed = bad.model_copy(update={"body": {**(bad.body or {}), "notes_internal": "ok"}})
    with server.client(device.token) as api:
        (retry,) = push(api, fixed)
    assert retry.outcome is Outcome.APPLIED


def test_records_of_a_client_outside_the_caseload_are_refused_alike(
    ctx: ServerContext, server: LiveServer
) -> None:
    mine, theirs = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach2")
    with server.client(theirs.token) as api:
        push(api, change_of(build_client()))
    with server.client(mine.token) as api:
        (foreign,) = push(api, change_of(build_visit()))
        (unknown,) = push(api, change_of(build_visit(client_id=uuid.uuid4())))
        (edit,) = push(api, change_of(build_client(version=2), base_version=1))
    assert foreign.code == unknown.code == edit.code == "client.not_in_caseload"
    with server.client(mine.token) as api:
        pages, _ = pull_all(api)
    assert [r for p in pages for r in p.records] == []


def test_an_edit_on_an_old_version_is_a_conflict_not_an_overwrite(
    ctx: ServerContext, server: LiveServer
) -> None:
    phone, tablet = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach1")
    with server.client(phone.token) as api:
        push(api, change_of(build_client()))
        (first,) = push(
            api, change_of(build_client(version=2, phone="06-11111111"), base_version=1)
        )
    with server.client(tablet.token) as api:
        (second,) = push(
            api, change_of(build_client(version=2, phone="06-22222222"), base_version=1)
        )
    assert first.outcome is Outcome.APPLIED
    assert second.outcome is Outcome.CONFLICT
    assert (second.code, second.server_version) == ("change.version_conflict", 2)


def test_paging_returns_every_record_exactly_once(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    visits = [build_visit() for _ in range(23)]
    with server.client(device.token) as api:
        push(api, change_of(build_client()), *[change_of(v) for v in visits[:10]])
        pages, cursor = pull_all(api, limit=4)
        push(api, *[change_of(v) for v in visits[10:]])
        later, _ = pull_all(api, cursor, limit=5)
    seen = [r.entity_id for p in pages + later for r in p.records]
    assert len(pages) == 3 and len(later) == 3
    assert sorted(seen) == sorted([CLIENT_ID] + [v.id for v in visits])


def test_a_device_that_asks_learns_how_many_records_are_left(
    ctx: ServerContext, server: LiveServer
) -> None:
    device = enroll(ctx, server, "jobcoach1")
    visits = [build_visit() for _ in range(9)]
    with server.client(device.token) as api:
        push(api, change_of(build_client()), *[change_of(v) for v in visits])
        pages, _ = pull_all(api)
        first = api.get("/sync/pull", params={"limit": 4, "count": "true"}).json()
        cursor = first["cursor"]
        second = api.get("/sync/pull", params={"limit": 4, "cursor": cursor, "count": "true"})
        third = api.get("/sync/pull", params={"limit": 4, "cursor": second.json()["cursor"]})
    everything = sum(len(page.records) for page in pages)  # the employer register comes too
    assert everything >= 10
    assert pages[0].remaining is None  # nobody asked
    assert "remaining" not in third.json()  # not even null: older apps refuse unknown fields
    assert first["remaining"] == everything
    assert second.json()["remaining"] == everything - 4


def test_a_cursor_with_nothing_left_moves_to_the_feed_head(
    ctx: ServerContext, server: LiveServer
) -> None:
    """So the next pull does not walk again past what other caseloads changed meanwhile."""
    mine, other = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach2")
    with server.client(mine.token) as api:
        push(api, change_of(build_client()))
    other_client = build_client(id=uuid.uuid4())
    with server.client(other.token) as api:
        push(
            api,
            change_of(other_client),
            *[change_of(build_visit(client_id=other_client.id)) for _ in range(5)],
        )
    with server.client(mine.token) as api:
        pages, cursor = pull_all(api)
        assert cursor is not None
        with ctx.db.read() as session:
            assert int(cursor.split(".")[0]) == feed.head(session)
        visit = build_visit()
        push(api, change_of(visit))
        later, _ = pull_all(api, cursor)
    assert CLIENT_ID in {r.entity_id for p in pages for r in p.records}
    assert other_client.id not in {r.entity_id for p in pages for r in p.records}
    assert [r.entity_id for p in later for r in p.records] == [visit.id]


def test_a_forged_cursor_is_refused(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    with server.client(device.token) as api:
        push(api, change_of(build_client()))
        _, cursor = pull_all(api)
        assert cursor is not None
        after, directory, mac = cursor.split(".")
        assert after != "0"
        forged = api.get("/sync/pull", params={"cursor": f"0.{directory}.{mac}"})
    assert forged.status_code == 422
    assert forged.json()["code"] == "pull.bad_cursor"


def test_a_revoked_device_is_told_so(ctx: ServerContext, server: LiveServer) -> None:
    device = enroll(ctx, server, "jobcoach1")
    coordinator = enroll(ctx, server, "coordinator")
    with server.client(coordinator.token) as api:
        assert api.post(f"/org/devices/{device.device_id}/revoke").status_code == 204
    with server.client(device.token) as api:
        response = api.get("/sync/pull")
    assert response.status_code == 401
    assert response.json()["code"] == "device.revoked"


def test_a_reassigned_client_leaves_the_old_caseload(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    old, new = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach2")
    coordinator = enroll(ctx, server, "coordinator")
    visit = build_visit()
    with server.client(old.token) as api:
        push(api, change_of(build_client()), change_of(visit))
        _, old_cursor = pull_all(api)
    with server.client(new.token) as api:
        _, new_cursor = pull_all(api)
    clock.advance(days=1)
    with server.client(coordinator.token) as api:
        response = api.post(
            f"/org/clients/{CLIENT_ID}/assign", json={"jobcoach_id": str(new.user_id)}
        )
        assert response.status_code == 204
    with server.client(old.token) as api:
        pages, _ = pull_all(api, old_cursor)
        (late,) = push(api, change_of(build_visit(started_at=clock.now - timedelta(hours=1))))
    gone = [r for p in pages for r in p.records]
    assert [(r.entity_id, r.removed) for r in gone] == [(CLIENT_ID, True)]
    assert late.code == "client.not_in_caseload"
    with server.client(new.token) as api:
        pages, _ = pull_all(api, new_cursor)
    assert {r.entity_id for p in pages for r in p.records} == {CLIENT_ID, visit.id}


def test_one_batch_may_create_and_then_edit_the_same_record(
    ctx: ServerContext, server: LiveServer
) -> None:
    device = enroll(ctx, server, "jobcoach1")
    first, second = build_visit(), build_visit()
    consent = build_consent()
    referral = build_referral(
        history=(
            StatusChange(status=Status.DRAFT, at=FIXED_NOW - timedelta(minutes=2)),
            StatusChange(status=Status.QUEUED, at=FIXED_NOW - timedelta(minutes=1)),
        )
    )
    edited_first = first.model_copy(update={"version": 2, "duration_minutes": 75})
    edited_second = second.model_copy(update={"version": 2, "duration_minutes": 30})
    batch = [
        change_of(build_client()),
        change_of(first),
        change_of(edited_first, base_version=1),  # edits a row not yet written
        change_of(second),
        change_of(consent),
        change_of(referral),  # the referral makes the batch write what it has so far
        change_of(edited_second, base_version=1),  # edits a row written mid-batch
        change_of(edited_second.model_copy(update={"version": 3}), base_version=1),
    ]
    with server.client(device.token) as api:
        results = push(api, *batch)
        pages, _ = pull_all(api)
    assert [r.outcome for r in results] == [Outcome.APPLIED] * 7 + [Outcome.CONFLICT]
    bodies = {r.entity_id: r.body for p in pages for r in p.records}
    assert bodies[first.id] == edited_first.model_dump(mode="json")
    assert bodies[second.id] == edited_second.model_dump(mode="json")
    assert _count(ctx, RecordRow) == 3


@pytest.mark.parametrize("case", ["employer with a client", "visit without one"])
def test_a_client_id_only_where_the_kind_has_a_client(
    ctx: ServerContext, server: LiveServer, case: str
) -> None:
    """An employer is the organisation's: a change of it naming a client, or a change of a
    client's record naming none, is a malformed request, refused whole and stored nowhere."""
    device = enroll(ctx, server, "jobcoach1")
    employer, visit = change_of(build_employer(id=uuid.uuid4())), change_of(build_visit())
    body = (
        {**employer.model_dump(mode="json"), "client_id": str(uuid.uuid4())}
        if case == "employer with a client"
        else {**visit.model_dump(mode="json"), "client_id": None}
    )
    with server.client(device.token) as api:
        answer = api.post("/sync/push", json={"changes": [body]})
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "request.invalid"
    with ctx.db.read() as session:
        assert session.execute(select(func.count()).select_from(IdempotencyRow)).scalar_one() == 0
