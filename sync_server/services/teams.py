"""What receiving teams and coordinators do with referrals and caseloads.

Every read that shows client data writes one audit entry per record shown, in the same
transaction as the read, so nothing is shown that was not logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldapp.domain.errors import TransitionError
from fieldapp.domain.referral import (
    ALLOWED,
    ON_THE_DEVICE,
    OPEN,
    OUTCOMES,
    TERMINAL,
    Referral,
    Status,
    is_overdue,
    transition,
)
from fieldapp.domain.targets import Urgency
from fieldapp.wire import (
    FIELD_ROLES,
    InboxItem,
    ReferralSummary,
    Role,
    StatusUpdate,
)
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, RecordRow, ReferralRow, Removal, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.feed import next_seq
from sync_server.services.referrals import open_payload, save_history, to_domain

PAGE_SIZE = 50
"""Referrals on one page of an inbox or the board."""
SERVER_STATUSES = [status for status in Status if status not in ON_THE_DEVICE]
"""The statuses a referral can have on the server, in the order of its lifecycle."""
TEAM_ACTIONS = (Status.ACKNOWLEDGED, Status.CONTACT_ATTEMPTED, Status.IN_CONTACT)
"""The steps a team takes on the way to an outcome, in the order they come."""
TEAM_STATUSES = frozenset(TEAM_ACTIONS) | OUTCOMES


def next_steps(status: Status) -> tuple[list[Status], list[Status]]:
    """The steps and the outcomes a team can record for a referral at ``status`` (none once
    it is closed), so a form offers only what will be taken."""
    allowed = ALLOWED.get(status, frozenset())
    actions = [step for step in TEAM_ACTIONS if step in allowed]
    outcomes = sorted((step for step in OUTCOMES if step in allowed), key=lambda s: s.value)
    return actions, outcomes


def _require(principal: Principal, *roles: Role) -> None:
    if principal.role not in roles:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


@dataclass(frozen=True)
class ReferralFilter:
    """What a list of referrals is narrowed to (empty: everything), and the page wanted."""

    status: Status | None = None
    urgency: Urgency | None = None
    overdue: bool = False
    page: int = 1

    def keeps_referral(self, status: Status, urgency: Urgency, overdue: bool) -> bool:
        return (
            (self.status is None or status is self.status)
            and (self.urgency is None or urgency is self.urgency)
            and (not self.overdue or overdue)
        )


def is_new(status: Status) -> bool:
    """Delivered to the team, not yet taken up by it: the inbox marks it."""
    return status in {Status.DELIVERED, Status.EXPIRED}


def _history(referral: Referral) -> list[tuple[Status, datetime]]:
    """The steps since the server received it (not the device's draft and queue)."""
    return [
        (change.status, change.at)
        for change in referral.history
        if change.status not in ON_THE_DEVICE
    ]


def inbox(ctx: ServerContext, principal: Principal) -> list[InboxItem]:
    """The team's referrals, open crises first, closed ones last, else newest first, with only
    the payload the client consented to."""
    return inbox_page(ctx, principal, ReferralFilter(), page_size=None)[0]


def inbox_page(
    ctx: ServerContext,
    principal: Principal,
    chosen: ReferralFilter,
    *,
    page_size: int | None = PAGE_SIZE,
) -> tuple[list[InboxItem], int]:
    """One page of :func:`inbox` as filtered (all of it when ``page_size`` is None) and how
    many pass the filter. Only the referrals on the page are opened and audited as read."""
    _require(principal, Role.RECEIVING_TEAM)
    now = ctx.clock()
    today = ctx.local_day(now)
    with ctx.db.write() as session:
        rows = [
            row
            for row in session.execute(
                select(ReferralRow)
                .where(ReferralRow.team_id == principal.team_id)
                .order_by(ReferralRow.received_at.desc())
            ).scalars()
            if chosen.keeps_referral(
                Status(row.status),
                Urgency(row.urgency),
                is_overdue(Status(row.status), row.due_date, today),
            )
        ]
        rows.sort(
            key=lambda row: (
                not crisis_open(Urgency(row.urgency), Status(row.status)),
                Status(row.status) in TERMINAL,
            )
        )
        total = len(rows)
        if page_size is not None:
            page = chosen.page
            rows = rows[(page - 1) * page_size : page * page_size] if page >= 1 else []
        items = [_inbox_item(ctx, row) for row in rows]
        events = [Event("read", "referral", str(row.id)) for row in rows]
        ctx.audit(session, principal.actor, *events, at=now)
    return items, total


def inbox_item(ctx: ServerContext, principal: Principal, referral_id: uuid.UUID) -> InboxItem:
    """One referral of the team's inbox (read audited); not found when routed elsewhere."""
    _require(principal, Role.RECEIVING_TEAM)
    with ctx.db.write() as session:
        row = session.get(ReferralRow, referral_id)
        if row is None or row.team_id is None or row.team_id != principal.team_id:
            raise not_found()
        item = _inbox_item(ctx, row)
        event = Event("read", "referral", str(row.id))
        ctx.audit(session, principal.actor, event)
    return item


def _inbox_item(ctx: ServerContext, row: ReferralRow) -> InboxItem:
    referral = to_domain(row)
    return InboxItem(
        referral_id=row.id,
        target=referral.target,
        urgency=referral.urgency,
        status=referral.status,
        due_date=row.due_date,
        received_at=row.received_at,
        history=_history(referral),
        payload=open_payload(ctx, row),
    )


def update_status(
    ctx: ServerContext, principal: Principal, referral_id: uuid.UUID, update_: StatusUpdate
) -> InboxItem:
    _require(principal, Role.RECEIVING_TEAM)
    if update_.status not in TEAM_STATUSES:
        raise ServiceError(
            Kind.INVALID, ProblemCode.REFERRAL_STATUS_NOT_FOR_TEAMS, "Not a team status."
        )
    now = ctx.clock()
    with ctx.db.write() as session:
        row = session.get(ReferralRow, referral_id)
        if row is None or row.team_id is None or row.team_id != principal.team_id:
            raise not_found()
        current = to_domain(row)
        try:
            moved = transition(
                current, update_.status, max(now, current.history[-1].at), update_.note_code
            )
        except TransitionError as error:
            raise ServiceError(Kind.CONFLICT, error.code.value, "Not allowed now.") from None
        save_history(session, row, moved, now)
        event = Event(f"status_{update_.status.value}", "referral", str(row.id))
        ctx.audit(session, principal.actor, event, at=now)
        return _inbox_item(ctx, row)


def board(
    ctx: ServerContext, principal: Principal, referral_id: uuid.UUID | None = None
) -> list[ReferralSummary]:
    """The coordinator's view of the organisation's referrals: open crises first, then
    overdue ones, no payloads. With ``referral_id``: that one referral only (none when it is
    not the organisation's), audited as read."""
    _require(principal, Role.COORDINATOR)
    now = ctx.clock()
    today = ctx.local_day(now)
    query = (
        select(ReferralRow, ClientRow.jobcoach_id)
        .join(ClientRow, ClientRow.id == ReferralRow.client_id)
        .where(ReferralRow.organisation_id == principal.organisation_id)
    )
    if referral_id is not None:
        query = query.where(ReferralRow.id == referral_id)
    with ctx.db.write() as session:
        summaries = []
        for row, jobcoach_id in session.execute(query).all():
            referral = to_domain(row)
            summaries.append(
                ReferralSummary(
                    referral_id=row.id,
                    client_id=row.client_id,
                    jobcoach_id=jobcoach_id,
                    target=referral.target,
                    recipient_id=row.recipient_id,
                    team_id=row.team_id,
                    urgency=referral.urgency,
                    status=referral.status,
                    due_date=row.due_date,
                    overdue=referral.is_overdue(today),
                    history=_history(referral),
                )
            )
        if referral_id is None:
            board_read = Event("list", "referral_board", str(principal.organisation_id))
            ctx.audit(session, principal.actor, board_read, at=now)
        elif summaries:  # another organisation's id reads nothing, so nothing is logged
            ctx.audit(session, principal.actor, Event("read", "referral", str(referral_id)), at=now)
    summaries.sort(
        key=lambda s: (
            not crisis_open(s.urgency, s.status),
            not s.overdue,
            s.status is not Status.UNDELIVERABLE,
            s.due_date or today,
        )
    )
    return summaries


def crisis_open(urgency: Urgency, status: Status) -> bool:
    """A crisis referral nobody has closed yet: it goes first, marked, on every list."""
    return urgency is Urgency.CRISIS and status in OPEN


def assign_client(
    ctx: ServerContext, principal: Principal, client_id: uuid.UUID, jobcoach_id: uuid.UUID
) -> None:
    """Move a client to another jobcoach: it leaves the old caseload on the next pull."""
    _require(principal, Role.COORDINATOR)
    now = ctx.clock()
    with ctx.db.write() as session:
        client = session.get(ClientRow, client_id)
        if client is None or client.organisation_id != principal.organisation_id:
            raise not_found()
        target = session.get(User, jobcoach_id)
        if (
            target is None
            or target.organisation_id != principal.organisation_id
            or Role(target.role) not in FIELD_ROLES
            or not target.active
        ):
            raise ServiceError(
                Kind.INVALID, ProblemCode.ASSIGN_BAD_JOBCOACH, "Not a jobcoach here."
            )
        if client.jobcoach_id != jobcoach_id:
            _move_caseload(session, client, jobcoach_id, now)
        event = Event("assign", "client", str(client_id))
        ctx.audit(session, principal.actor, event, at=now)


def _move_caseload(
    session: Session, client: ClientRow, jobcoach_id: uuid.UUID, now: datetime
) -> None:
    session.add(
        Removal(
            seq=next_seq(session), user_id=client.jobcoach_id, client_id=client.id, created_at=now
        )
    )
    client.jobcoach_id = jobcoach_id
    client.seq = next_seq(session)
    # The new jobcoach's devices pull everything of this client from their cursor on.
    for table in (RecordRow, ReferralRow):
        ids = session.execute(select(table.id).where(table.client_id == client.id)).scalars()
        for entity_id in list(ids):
            session.execute(
                update(table).where(table.id == entity_id).values(seq=next_seq(session))
            )
