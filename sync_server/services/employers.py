"""The coordinator's view of the employer register and of who works where.

Employers are the organisation's (no client data in them), but their contact people are
personal data, so they are sealed like everything else and every one shown is audited as a
read. Placements are a client's records: the pages that show them name the client by initials and
a short reference, as the referral board does, and audit each placement and client shown.

A coordinator may add and edit employers here too. An edit names the version it was made on,
as a device's does: when a device changed the employer in the meantime, the edit is refused
with ``change.version_conflict`` and nothing is overwritten.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.employer import Employer, WorkSite
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.placement import Placement
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, EmployerRow, RecordRow, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.feed import next_seq
from sync_server.services.records import write_employer
from sync_server.services.unit_of_work import CLIENTS, EMPLOYERS, RECORDS


@dataclass(frozen=True)
class EmployerLine:
    employer: Employer
    running: int
    """Placements there running today."""
    total: int
    """Placements there ever (ended ones too)."""


@dataclass(frozen=True)
class PlacementLine:
    placement: Placement
    client_id: uuid.UUID
    client: str
    """The client's pseudonym (initials and reference), not the name."""
    jobcoach: str
    employer: Employer | None
    """``None`` when the device's employer has not reached the server yet."""

    @property
    def site(self) -> WorkSite | None:
        return None if self.employer is None else self.employer.site(self.placement.site_id)


@dataclass(frozen=True)
class EmployerDetail:
    employer: Employer
    placements: list[PlacementLine]
    """Running first, then ended, each newest start first."""


@dataclass(frozen=True)
class JobcoachPlacements:
    jobcoach: str
    running: list[PlacementLine]
    """In the order their contract ends (soonest first; open-ended last)."""


def _require_coordinator(principal: Principal) -> None:
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


def _employers(ctx: ServerContext, session: Session, organisation_id: uuid.UUID) -> list[Employer]:
    rows = session.execute(
        select(EmployerRow).where(EmployerRow.organisation_id == organisation_id)
    ).scalars()
    found = [Employer.model_validate(ctx.sealer.open_row(EMPLOYERS, r)) for r in rows]
    return sorted(found, key=lambda employer: (employer.name.casefold(), str(employer.id)))


def _placements(
    ctx: ServerContext,
    session: Session,
    organisation_id: uuid.UUID,
    employers: dict[uuid.UUID, Employer],
) -> list[PlacementLine]:
    rows = session.execute(
        select(RecordRow, ClientRow, User.display_name)
        .join(ClientRow, ClientRow.id == RecordRow.client_id)
        .join(User, User.id == ClientRow.jobcoach_id)
        .where(
            RecordRow.kind == EntityKind.PLACEMENT.value,
            ClientRow.organisation_id == organisation_id,
        )
    ).all()
    names: dict[uuid.UUID, str] = {}
    lines = []
    for record, client_row, jobcoach in rows:
        if client_row.id not in names:
            client = Client.model_validate(ctx.sealer.open_row(CLIENTS, client_row))
            names[client_row.id] = client.pseudonym
        placement = Placement.model_validate(ctx.sealer.open_row(RECORDS, record))
        lines.append(
            PlacementLine(
                placement,
                client_row.id,
                names[client_row.id],
                jobcoach,
                employers.get(placement.employer_id),
            )
        )
    return lines


def _read_events(lines: list[PlacementLine]) -> list[Event]:
    clients = dict.fromkeys(line.client_id for line in lines)
    return [
        *(Event("read", "placement", str(line.placement.id)) for line in lines),
        *(Event("read", "client", str(client_id)) for client_id in clients),
    ]


def register(ctx: ServerContext, principal: Principal) -> list[EmployerLine]:
    """The organisation's employers in name order, each with its placements counted."""
    _require_coordinator(principal)
    today = ctx.local_day(ctx.clock())
    with ctx.db.write() as session:
        employers = _employers(ctx, session, principal.organisation_id)
        placements = session.execute(
            select(RecordRow)
            .join(ClientRow, ClientRow.id == RecordRow.client_id)
            .where(
                RecordRow.kind == EntityKind.PLACEMENT.value,
                ClientRow.organisation_id == principal.organisation_id,
            )
        ).scalars()
        total: Counter[uuid.UUID] = Counter()
        running: Counter[uuid.UUID] = Counter()
        for row in placements:
            placement = Placement.model_validate(ctx.sealer.open_row(RECORDS, row))
            total[placement.employer_id] += 1
            running[placement.employer_id] += placement.runs_on(today)
        events = [Event("read", "employer", str(employer.id)) for employer in employers]
        ctx.audit(session, principal.actor, *events)
    return [EmployerLine(e, running[e.id], total[e.id]) for e in employers]


def detail(ctx: ServerContext, principal: Principal, employer_id: uuid.UUID) -> EmployerDetail:
    """One employer with its sites, contact people and the placements there."""
    _require_coordinator(principal)
    today = ctx.local_day(ctx.clock())
    with ctx.db.write() as session:
        row = session.get(EmployerRow, employer_id)
        if row is None or row.organisation_id != principal.organisation_id:
            raise not_found()
        employer = Employer.model_validate(ctx.sealer.open_row(EMPLOYERS, row))
        found = _placements(ctx, session, principal.organisation_id, {employer.id: employer})
        lines = [line for line in found if line.placement.employer_id == employer_id]
        lines.sort(key=lambda line: line.placement.start, reverse=True)
        lines.sort(key=lambda line: not line.placement.runs_on(today))
        events = [Event("read", "employer", str(employer_id)), *_read_events(lines)]
        ctx.audit(session, principal.actor, *events)
    return EmployerDetail(employer, lines)


def by_jobcoach(ctx: ServerContext, principal: Principal) -> list[JobcoachPlacements]:
    """The placements running today, per jobcoach, soonest contract end first."""
    _require_coordinator(principal)
    today = ctx.local_day(ctx.clock())
    with ctx.db.write() as session:
        employers = {e.id: e for e in _employers(ctx, session, principal.organisation_id)}
        found = _placements(ctx, session, principal.organisation_id, employers)
        lines = [line for line in found if line.placement.runs_on(today)]
        ctx.audit(session, principal.actor, *_read_events(lines))
    grouped: dict[str, list[PlacementLine]] = defaultdict(list)
    for line in sorted(lines, key=lambda line: line.placement.last_day or date.max):
        grouped[line.jobcoach].append(line)
    return [JobcoachPlacements(name, grouped[name]) for name in sorted(grouped, key=str.casefold)]


def employer(ctx: ServerContext, principal: Principal, employer_id: uuid.UUID) -> Employer:
    """One employer, to edit (audited as a read)."""
    _require_coordinator(principal)
    with ctx.db.write() as session:
        row = session.get(EmployerRow, employer_id)
        if row is None or row.organisation_id != principal.organisation_id:
            raise not_found()
        ctx.audit(session, principal.actor, Event("read", "employer", str(employer_id)))
        return Employer.model_validate(ctx.sealer.open_row(EMPLOYERS, row))


def save(
    ctx: ServerContext, principal: Principal, employer: Employer, base_version: int
) -> Employer:
    """Add (``base_version`` 0) or edit an employer; every device of the organisation pulls
    it. Refused when the employer changed since ``base_version`` was read."""
    _require_coordinator(principal)
    now: datetime = ctx.clock()
    with ctx.db.write() as session:
        row = session.get(EmployerRow, employer.id)
        if row is not None and row.organisation_id != principal.organisation_id:
            raise not_found()
        held = 0 if row is None else row.version
        if held != base_version:
            raise ServiceError(
                Kind.CONFLICT,
                ProblemCode.CHANGE_VERSION_CONFLICT,
                "Changed by someone else meanwhile.",
            )
        saved = employer.model_copy(update={"version": held + 1, "updated_at": now})
        write_employer(
            ctx,
            session,
            row,
            saved,
            organisation_id=principal.organisation_id,
            now=now,
            seq=next_seq(session),
        )
        action = "create" if row is None else "update"
        ctx.audit(session, principal.actor, Event(action, "employer", str(employer.id)))
    return saved
