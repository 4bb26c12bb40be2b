"""The funder's logbook of one client as the coordinator produces it on the web (issue 22,
item 1): the client's goals and visits opened from their sealed records, the placements the
goals support with their employers, and :func:`fieldapp.domain.logbook.build_logbook`.

Reading it is audited as a read of the client; an export (PDF or CSV) as an export too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from fieldapp.domain.client import Client
from fieldapp.domain.employer import Employer
from fieldapp.domain.logbook import Logbook, build_logbook, workplaces
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.placement import Placement
from fieldapp.domain.rating import SupportRating
from fieldapp.domain.visit import Funder, Goal, Visit
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, EmployerRow, Organisation, RecordRow, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.unit_of_work import CLIENTS, EMPLOYERS, RECORDS

_KINDS = (
    EntityKind.GOAL.value,
    EntityKind.VISIT.value,
    EntityKind.PLACEMENT.value,
    EntityKind.RATING.value,
)


@dataclass(frozen=True)
class LogbookReport:
    """What the logbook page and its exports show."""

    client: Client
    jobcoach: str
    organisation: str
    workplaces: dict[uuid.UUID, str]
    """Goal id -> the employer (and site) of the placement the goal supports."""
    book: Logbook


def logbook(
    ctx: ServerContext,
    principal: Principal,
    client_id: uuid.UUID,
    *,
    start: date,
    end: date,
    funder: Funder = Funder.UWV,
    export: str = "",
) -> LogbookReport:
    """The logbook of ``client_id`` (of the coordinator's organisation) for ``start``..``end``;
    ``export``: "pdf" or "csv" when it leaves as a file (audited as such)."""
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    with ctx.db.write() as session:
        found = session.execute(
            select(ClientRow, User.display_name, User.username, Organisation.name)
            .join(User, User.id == ClientRow.jobcoach_id)
            .join(Organisation, Organisation.id == ClientRow.organisation_id)
            .where(
                ClientRow.id == client_id, ClientRow.organisation_id == principal.organisation_id
            )
        ).first()
        if found is None:
            raise not_found()
        row, display_name, username, organisation = found
        client = Client.model_validate(ctx.sealer.open_row(CLIENTS, row))
        goals: list[Goal] = []
        visits: list[Visit] = []
        placements: dict[uuid.UUID, Placement] = {}
        ratings: list[SupportRating] = []
        records = session.execute(
            select(RecordRow).where(RecordRow.client_id == client_id, RecordRow.kind.in_(_KINDS))
        ).scalars()
        for record in records:
            body = ctx.sealer.open_row(RECORDS, record)
            if record.kind == EntityKind.GOAL.value:
                goals.append(Goal.model_validate(body))
            elif record.kind == EntityKind.VISIT.value:
                visits.append(Visit.model_validate(body))
            elif record.kind == EntityKind.RATING.value:
                ratings.append(SupportRating.model_validate(body))
            else:
                found_placement = Placement.model_validate(body)
                placements[found_placement.id] = found_placement
        wanted = {p.employer_id for p in placements.values()}
        employers = {
            e.id: e
            for e in (
                Employer.model_validate(ctx.sealer.open_row(EMPLOYERS, r))
                for r in session.execute(
                    select(EmployerRow).where(
                        EmployerRow.id.in_(wanted),
                        EmployerRow.organisation_id == principal.organisation_id,
                    )
                ).scalars()
            )
        }
        book = build_logbook(
            client_id, goals, visits, start=start, end=end, funder=funder, ratings=ratings
        )
        places = workplaces(goals, placements.values(), employers)
        events = [Event("read", "client", str(client_id))]
        if export and not book.blocked:  # a refused export is only a read
            events.append(Event(f"export_logbook_{export}", "client", str(client_id)))
        ctx.audit(session, principal.actor, *events)
    return LogbookReport(client, display_name or username, organisation, places, book)
