"""Referrals end to end: consent checked again, routed by address, worked by the team, and
every status back on the jobcoach's device."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import Referral, Status, StatusChange
from fieldapp.domain.targets import Target, Urgency
from fieldapp.wire import EnrollResponse, InboxItem, Outcome, ReferralSummary
from sync_server.db.schema import ReferralRow
from sync_server.services import referrals
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import (
    FIXED_NOW,
    build_client,
    build_consent,
    build_payload,
    build_referral,
)
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import ADMIN, LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")
SCHULDHULP = "schuldhulp:amsterdam"


def queued(
    recipient_id: str, target: Target = Target.BUURTTEAM, urgency: Urgency = Urgency.REGULAR
) -> Referral:
    history = (
        StatusChange(status=Status.DRAFT, at=FIXED_NOW - timedelta(minutes=10)),
        StatusChange(status=Status.QUEUED, at=FIXED_NOW - timedelta(minutes=5)),
    )
    return build_referral(
        target=target,
        recipient_id=recipient_id,
        urgency=urgency,
        history=history,
        payload=build_payload(urgency=urgency),
    )


def address(house_number: int, postcode: str = "1091 AB") -> dict[str, Any]:
    return {"postcode": postcode, "house_number": house_number, "city": "Amsterdam"}


def refer(
    server: LiveServer,
    device: EnrollResponse,
    referral: Referral,
    *,
    house_number: int = 12,
    postcode: str = "1091 AB",
    consent_for: str | None = None,
) -> Outcome:
    client = build_client(address=address(house_number, postcode))
    consent = build_consent(recipient_id=consent_for or referral.recipient_id)
    with server.client(device.token) as api:
        results = push(api, change_of(client), change_of(consent), change_of(referral))
    assert results[0].outcome is results[1].outcome is Outcome.APPLIED
    return results[2].outcome


def inbox(server: LiveServer, member: EnrollResponse) -> list[InboxItem]:
    with server.client(member.token) as api:
        response = api.get("/inbox")
    assert response.status_code == 200, response.text
    return [InboxItem.model_validate(item) for item in response.json()]


def board(server: LiveServer, coordinator: EnrollResponse) -> list[ReferralSummary]:
    with server.client(coordinator.token) as api:
        response = api.get("/org/referrals")
    assert response.status_code == 200, response.text
    return [ReferralSummary.model_validate(item) for item in response.json()]


def pulled_referral(api: httpx.Client) -> Referral:
    pages, _ = pull_all(api)
    bodies = [
        r.body for p in pages for r in p.records if r.entity is EntityKind.REFERRAL and r.body
    ]
    assert len(bodies) == 1
    return Referral.model_validate(bodies[0])


@pytest.mark.parametrize(
    ("house_number", "team_user", "recipient"),
    [(20, "buurtteam-oost1", "buurtteam:oost-1"), (21, None, "buurtteam:oost-2")],
)
def test_one_postcode_two_areas_routed_by_house_number(
    ctx: ServerContext,
    server: LiveServer,
    house_number: int,
    team_user: str | None,
    recipient: str,
) -> None:
    jobcoach, oost1 = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "buurtteam-oost1")
    referral = queued(recipient)
    assert refer(server, jobcoach, referral, house_number=house_number) is Outcome.APPLIED
    seen = [item.referral_id for item in inbox(server, oost1)]
    assert seen == ([referral.id] if team_user else [])
    with ctx.db.read() as session:
        row = session.get(ReferralRow, referral.id)
        assert row is not None and row.status == Status.DELIVERED.value


def test_an_address_in_the_other_area_than_consented_is_undeliverable(
    ctx: ServerContext, server: LiveServer
) -> None:
    jobcoach, coordinator = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "coordinator")
    oost1 = enroll(ctx, server, "buurtteam-oost1")
    referral = queued("buurtteam:oost-1")
    assert refer(server, jobcoach, referral, house_number=21) is Outcome.APPLIED
    assert inbox(server, oost1) == []
    (summary,) = board(server, coordinator)
    assert summary.status is Status.UNDELIVERABLE
    with server.client(jobcoach.token) as api:
        history = pulled_referral(api).history
    assert (history[-1].status, history[-1].note_code) == (
        Status.UNDELIVERABLE,
        "consent_other_recipient",
    )


def test_no_route_for_the_address_is_undeliverable_and_shown_to_coordinators(
    ctx: ServerContext, server: LiveServer
) -> None:
    jobcoach, coordinator = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "coordinator")
    referral = queued("buurtteam:oost-1")
    assert refer(server, jobcoach, referral, postcode="9999 ZZ") is Outcome.APPLIED
    (summary,) = board(server, coordinator)
    assert (summary.referral_id, summary.status) == (referral.id, Status.UNDELIVERABLE)
    assert summary.team_id is None


@pytest.mark.parametrize(
    ("consent_changes", "code"),
    [
        ({"recipient_id": "buurtteam:oost-2"}, "consent.other_recipient"),
        ({"client_id": "00000000-0000-4000-8000-0000000000aa"}, "consent.missing"),
        ({"withdrawn_at": FIXED_NOW - timedelta(hours=1)}, "consent.withdrawn"),
        ({"expires_at": FIXED_NOW - timedelta(hours=1)}, "consent.expired"),
        ({"via_employer": True}, "consent.not_free"),
    ],
)
def test_the_server_checks_consent_again(
    ctx: ServerContext, server: LiveServer, consent_changes: dict[str, Any], code: str
) -> None:
    jobcoach = enroll(ctx, server, "jobcoach1")
    consent = build_consent(**{"recipient_id": "buurtteam:oost-1", **consent_changes})
    referral = queued("buurtteam:oost-1")
    with server.client(jobcoach.token) as api:
        results = push(api, change_of(build_client()), change_of(consent), change_of(referral))
    assert (results[2].outcome, results[2].code) == (Outcome.REJECTED, code)
    with ctx.db.read() as session:
        assert session.get(ReferralRow, referral.id) is None


@pytest.mark.parametrize(
    ("urgency", "due"),
    [
        # Friday 20 November 2026: three working days skip the weekend.
        (Urgency.CRISIS, date(2026, 11, 25)),
        (Urgency.REGULAR, date(2026, 12, 18)),
    ],
)
def test_due_dates_follow_urgency(
    ctx: ServerContext, server: LiveServer, urgency: Urgency, due: date
) -> None:
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP, urgency)
    assert refer(server, jobcoach, referral) is Outcome.APPLIED
    (item,) = inbox(server, intake)
    assert item.due_date == due
    assert item.payload is not None and item.payload["name"] == "Sanne de Vries"


@pytest.fixture
def zoned(
    ctx: ServerContext, request: pytest.FixtureRequest
) -> Iterator[tuple[ServerContext, LiveServer]]:
    """The context and a test server with the organisation's time zone ``request.param``."""
    settings = ctx.settings.model_copy(update={"time_zone": request.param})
    zoned_ctx = dataclasses.replace(ctx, settings=settings)
    live = LiveServer(zoned_ctx).start()
    yield zoned_ctx, live
    live.stop()


@pytest.mark.parametrize(
    ("zoned", "due", "due_day_ends"),
    [
        # Tuesday 24 November, 03:00 in Amsterdam: three working days to Friday 27.
        ("Europe/Amsterdam", date(2026, 11, 27), datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),
        # The same moment is Monday 23 November, 21:00 in New York: due Thursday 26.
        ("America/New_York", date(2026, 11, 26), datetime(2026, 11, 27, 5, 0, tzinfo=UTC)),
    ],
    indirect=["zoned"],
)
def test_due_dates_and_expiry_count_in_the_organisations_time_zone(
    zoned: tuple[ServerContext, LiveServer], clock: Clock, due: date, due_day_ends: datetime
) -> None:
    ctx, server = zoned
    clock.now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    assert refer(server, jobcoach, queued(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)) is (
        Outcome.APPLIED
    )
    (item,) = inbox(server, intake)
    assert item.due_date == due
    clock.now = due_day_ends - timedelta(minutes=1)  # 23:59 on the due date, there
    assert referrals.expire_overdue(ctx, ADMIN) == 0
    clock.now = due_day_ends  # midnight there: the due date has passed
    assert referrals.expire_overdue(ctx, ADMIN) == 1
    (item,) = inbox(server, intake)
    assert item.status is Status.EXPIRED


def test_the_team_works_the_referral_and_each_step_reaches_the_jobcoach(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    refer(server, jobcoach, referral)
    steps = [
        ("acknowledged", ""),
        ("contact_attempted", "not_reached"),
        ("in_contact", "phone"),
        ("accepted", ""),
    ]
    with server.client(intake.token) as api:
        for status, note in steps:
            clock.advance(hours=5)
            response = api.post(
                f"/referrals/{referral.id}/status", json={"status": status, "note_code": note}
            )
            assert response.status_code == 200, response.text
        backwards = api.post(f"/referrals/{referral.id}/status", json={"status": "acknowledged"})
    assert backwards.status_code == 409
    assert backwards.json()["code"] == "referral.bad_transition"
    with server.client(jobcoach.token) as api:
        history = pulled_referral(api).history
    assert [(c.status.value, c.note_code) for c in history[-4:]] == steps
    times = [c.at for c in history]
    assert times == sorted(times) and times[-1] == clock.now


def test_teams_cannot_set_statuses_that_are_not_theirs(
    ctx: ServerContext, server: LiveServer
) -> None:
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    refer(server, jobcoach, referral)
    with server.client(intake.token) as api:
        for status in ("withdrawn", "queued", "sent", "delivered"):
            response = api.post(f"/referrals/{referral.id}/status", json={"status": status})
            assert response.status_code == 422, status


def test_withdrawn_consent_deletes_the_payload_at_the_server(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    client = build_client()
    consent = build_consent(recipient_id=SCHULDHULP)
    with server.client(jobcoach.token) as api:
        push(api, change_of(client), change_of(consent), change_of(referral))
        clock.advance(hours=2)
        withdrawn = consent.withdraw(clock.now)
        (result,) = push(api, change_of(withdrawn, base_version=1))
    assert result.outcome is Outcome.APPLIED
    (item,) = inbox(server, intake)
    assert (item.status, item.payload) == (Status.WITHDRAWN, None)
    with ctx.db.read() as session:
        row = session.get(ReferralRow, referral.id)
        assert row is not None
        assert (row.sealed_payload, row.wrapped_key) == (None, None)
    with server.client(jobcoach.token) as api:
        assert pulled_referral(api).status is Status.WITHDRAWN


def test_a_replayed_referral_after_withdrawal_does_not_come_back(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    jobcoach = enroll(ctx, server, "jobcoach1")
    referral = queued(SCHULDHULP, Target.SCHULDHULP)
    consent = build_consent(recipient_id=SCHULDHULP)
    with server.client(jobcoach.token) as api:
        push(api, change_of(build_client()), change_of(consent))
        original = change_of(referral)
        push(api, original)
        clock.advance(hours=1)
        push(api, change_of(consent.withdraw(clock.now), base_version=1))
        (replay,) = push(api, original)
        (fresh,) = push(api, change_of(referral))
    assert replay.outcome is Outcome.DUPLICATE
    assert (fresh.outcome, fresh.code) == (Outcome.CONFLICT, "referral.server_owned")
    with ctx.db.read() as session:
        statuses = session.execute(select(ReferralRow.status)).scalars().all()
    assert statuses == [Status.WITHDRAWN.value]


def test_an_unacknowledged_referral_expires_after_its_due_date(
    ctx: ServerContext, server: LiveServer, clock: Clock
) -> None:
    jobcoach, intake = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "schuldhulp1")
    waiting = queued(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)
    seen = queued(SCHULDHULP, Target.SCHULDHULP, Urgency.CRISIS)
    refer(server, jobcoach, waiting)
    with server.client(jobcoach.token) as api:
        push(api, change_of(seen))
    with server.client(intake.token) as api:
        response = api.post(f"/referrals/{seen.id}/status", json={"status": "acknowledged"})
        assert response.status_code == 200
    clock.now = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # the due date, in Amsterdam
    assert referrals.expire_overdue(ctx, ADMIN) == 0
    clock.advance(hours=2)  # Thursday 26 November in Amsterdam
    assert referrals.expire_overdue(ctx, ADMIN) == 1
    assert referrals.expire_overdue(ctx, ADMIN) == 0
    statuses = {item.referral_id: item.status for item in inbox(server, intake)}
    assert statuses == {waiting.id: Status.EXPIRED, seen.id: Status.ACKNOWLEDGED}
    with server.client(jobcoach.token) as api:
        pages, _ = pull_all(api)
    pulled = {
        r.entity_id: r.body["history"][-1]["note_code"]
        for p in pages
        for r in p.records
        if r.entity is EntityKind.REFERRAL and r.body
    }
    assert pulled[waiting.id] == "not_acknowledged"
