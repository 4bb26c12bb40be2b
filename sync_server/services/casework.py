"""The coordinator's view of synced visits: a filtered list and one visit in detail.

Visits are sealed, so the list opens them (and their clients and signals) in the server; the
filters that live in clear columns (jobcoach, period) narrow the query first. Each visit shown
is audited as a read by that coordinator.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client, TargetGroup
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.signals import SignalObservation, Stage
from fieldapp.domain.visit import Visit
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, RecordRow, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.unit_of_work import CLIENTS, RECORDS

PAGE_SIZE = 50
"""Visits on one page of the list."""


@dataclass(frozen=True)
class VisitFilter:
    jobcoach_id: uuid.UUID | None = None
    start: date | None = None
    end: date | None = None
    """Inclusive, in the organisation's days (setting ``time_zone``)."""
    target_group: TargetGroup | None = None
    stage: Stage | None = None


@dataclass(frozen=True)
class VisitLine:
    visit: Visit
    client: Client
    jobcoach: str
    stages: tuple[Stage, ...]
    signals: tuple[SignalObservation, ...] = field(default=())


def _require_coordinator(principal: Principal) -> None:
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


def _bounds(ctx: ServerContext, filters: VisitFilter) -> tuple[datetime | None, datetime | None]:
    start = None if filters.start is None else ctx.day_start(filters.start)
    end = None if filters.end is None else ctx.day_start(filters.end + timedelta(days=1))
    return start, end


def jobcoaches(ctx: ServerContext, principal: Principal) -> list[tuple[uuid.UUID, str]]:
    """The organisation's jobcoaches and Flying Squad members, for the filter."""
    _require_coordinator(principal)
    with ctx.db.read() as session:
        rows = session.execute(
            select(User.id, User.display_name, User.username)
            .where(
                User.organisation_id == principal.organisation_id,
                User.role.in_([Role.JOBCOACH.value, Role.FLYING_SQUAD.value]),
            )
            .order_by(User.display_name)
        ).all()
    return [(row.id, row.display_name or row.username) for row in rows]


def _lines(
    ctx: ServerContext, session: Session, found: Iterable[Row[RecordRow, ClientRow, str]]
) -> list[VisitLine]:
    rows = [(row[0], row[1], row[2]) for row in found]
    client_rows = {client.id: client for _, client, _ in rows}
    clients = {
        cid: Client.model_validate(ctx.sealer.open_row(CLIENTS, row))
        for cid, row in client_rows.items()
    }
    signal_rows = session.execute(
        select(RecordRow).where(
            RecordRow.kind == EntityKind.SIGNAL.value, RecordRow.client_id.in_(list(clients))
        )
    ).scalars()
    by_visit: dict[uuid.UUID, list[SignalObservation]] = {}
    for row in signal_rows:
        signal = SignalObservation.model_validate(ctx.sealer.open_row(RECORDS, row))
        if signal.visit_id is not None:
            by_visit.setdefault(signal.visit_id, []).append(signal)
    lines = []
    for record_row, client_row, jobcoach in rows:
        visit = Visit.model_validate(ctx.sealer.open_row(RECORDS, record_row))
        signals = tuple(by_visit.get(visit.id, ()))
        stages = tuple(sorted({s.stage() for s in signals}, key=lambda s: s.value))
        lines.append(VisitLine(visit, clients[client_row.id], jobcoach, stages, signals))
    return lines


@dataclass(frozen=True)
class VisitPage:
    lines: list[VisitLine]
    total: int
    """Visits that pass the filter (all pages)."""
    page: int
    pages: int


def _keeps(filters: VisitFilter, line: VisitLine) -> bool:
    return (filters.target_group is None or line.client.target_group is filters.target_group) and (
        filters.stage is None or filters.stage in line.stages
    )


def visits(
    ctx: ServerContext, principal: Principal, filters: VisitFilter, page: int = 1
) -> VisitPage:
    """One page of the organisation's synced visits as filtered, newest first (a page past the
    last shows the last). Each client shown is audited once, as seen in a list. Without a
    filter on what is sealed (target group, signal stage) only the page's records are opened."""
    _require_coordinator(principal)
    start, end = _bounds(ctx, filters)
    query = (
        select(RecordRow, ClientRow, User.display_name)
        .join(ClientRow, ClientRow.id == RecordRow.client_id)
        .join(User, User.id == ClientRow.jobcoach_id)
        .where(
            RecordRow.kind == EntityKind.VISIT.value,
            ClientRow.organisation_id == principal.organisation_id,
        )
        .order_by(RecordRow.occurred_at.desc(), RecordRow.id)
    )
    if filters.jobcoach_id is not None:
        query = query.where(ClientRow.jobcoach_id == filters.jobcoach_id)
    if start is not None:
        query = query.where(RecordRow.occurred_at >= start)
    if end is not None:
        query = query.where(RecordRow.occurred_at < end)
    with ctx.db.write() as session:
        if filters.target_group is None and filters.stage is None:
            counted = select(func.count()).select_from(query.order_by(None).subquery())
            total = int(session.execute(counted).scalar_one())
            number = _page_within(page, total)
            offset = (number - 1) * PAGE_SIZE
            rows = session.execute(query.limit(PAGE_SIZE).offset(offset)).all()
            shown = _lines(ctx, session, rows)
        else:
            found = _lines(ctx, session, session.execute(query).all())
            kept = [line for line in found if _keeps(filters, line)]
            total = len(kept)
            number = _page_within(page, total)
            shown = kept[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        # One entry per client shown, not per row: the access log reads "seen in a list".
        clients = sorted({str(line.client.id) for line in shown})
        ctx.audit(session, principal.actor, *(Event("list", "client", c) for c in clients))
    return VisitPage(shown, total, number, _pages(total))


def _pages(total: int) -> int:
    return max(1, math.ceil(total / PAGE_SIZE))


def _page_within(page: int, total: int) -> int:
    return min(max(1, page), _pages(total))


def visit(ctx: ServerContext, principal: Principal, visit_id: uuid.UUID) -> VisitLine:
    _require_coordinator(principal)
    with ctx.db.write() as session:
        found = session.execute(
            select(RecordRow, ClientRow, User.display_name)
            .join(ClientRow, ClientRow.id == RecordRow.client_id)
            .join(User, User.id == ClientRow.jobcoach_id)
            .where(
                RecordRow.id == visit_id,
                RecordRow.kind == EntityKind.VISIT.value,
                ClientRow.organisation_id == principal.organisation_id,
            )
        ).all()
        if not found:
            raise not_found()
        (line,) = _lines(ctx, session, found)
        events = [
            Event("read", "visit", str(visit_id)),
            Event("read", "client", str(line.client.id)),
        ]
        ctx.audit(session, principal.actor, *events)
    return line
