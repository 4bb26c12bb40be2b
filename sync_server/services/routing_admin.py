"""The routing table of an organisation: import (all or nothing), export, the directory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select

from sync_server.audit import Actor, Event, record
from sync_server.db.schema import Organisation, RoutingRuleRow, Team
from sync_server.routing.table import (
    CsvProblem,
    RoutingDiff,
    RoutingRow,
    diff,
    parse_csv,
    to_csv,
)
from sync_server.services.context import ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.feed import next_seq
from sync_server.services.referrals import routing_rows


@dataclass(frozen=True)
class ImportReport:
    rows: int
    changes: RoutingDiff
    problems: list[CsvProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def import_routing(
    ctx: ServerContext,
    organisation_id: uuid.UUID,
    text: str,
    actor: Actor,
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Replace the table with the CSV's rows, or change nothing and report every problem."""
    with ctx.db.write() as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise ServiceError(Kind.NOT_FOUND, "organisation.not_found", "No such organisation.")
        known = set(
            session.execute(
                select(Team.recipient_id).where(Team.organisation_id == organisation_id)
            ).scalars()
        )
        rows, problems = parse_csv(text, known_recipients=known)
        report = ImportReport(
            len(rows), diff(routing_rows(session, organisation_id), rows), problems
        )
        if dry_run or not report.ok:
            return report
        session.execute(
            delete(RoutingRuleRow).where(RoutingRuleRow.organisation_id == organisation_id)
        )
        session.add_all(
            RoutingRuleRow(organisation_id=organisation_id, **row.model_dump(mode="json"))
            for row in rows
        )
        organisation.routing_seq = next_seq(session)
        event = Event("import_routing", "organisation", str(organisation_id), f"{len(rows)} rows")
        record(session, ctx.keys.audit, actor, [event], ctx.clock())
    return report


def current_rows(ctx: ServerContext, organisation_id: uuid.UUID) -> list[RoutingRow]:
    with ctx.db.read() as session:
        return routing_rows(session, organisation_id)


def export_routing(ctx: ServerContext, organisation_id: uuid.UUID) -> str:
    with ctx.db.read() as session:
        return to_csv(routing_rows(session, organisation_id))
