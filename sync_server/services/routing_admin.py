"""The routing table of an organisation: import (all or nothing), export, the directory.

An import is applied only when the CSV has no problem at all (an empty table is one: see
``routing.empty_table``), every row's team belongs to the organisation and serves the row's
target, and, when the new table would remove more than half of the current rows (all of them,
say), the person confirmed exactly how many rows go (``confirmed_removals``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import delete, select

from fieldapp.domain.targets import Target
from sync_server.audit import Actor, Event
from sync_server.db.schema import Organisation, RoutingRuleRow, Team
from sync_server.problems import ProblemCode
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
    """Rows of the new table."""
    current: int
    """Rows of the table in use before this import."""
    changes: RoutingDiff
    problems: list[CsvProblem]
    applied: bool = False

    @property
    def ok(self) -> bool:
        """The CSV can be used (it may still need :attr:`needs_confirmation`)."""
        return not self.problems

    @property
    def needs_confirmation(self) -> bool:
        """More than half of the current rows would go: applied only with their count."""
        return len(self.changes.removed) * 2 > self.current

    @property
    def removes_all(self) -> bool:
        return self.current > 0 and len(self.changes.removed) == self.current


def import_routing(
    ctx: ServerContext,
    organisation_id: uuid.UUID,
    text: str,
    actor: Actor,
    *,
    dry_run: bool = False,
    confirmed_removals: int | None = None,
) -> ImportReport:
    """Replace the table with the CSV's rows, or change nothing and report why.

    Not applied (``applied`` false) on a dry run, with any problem, or when the report
    :attr:`~ImportReport.needs_confirmation` and ``confirmed_removals`` is not exactly the
    number of rows it removes (so a table that changed since the preview is not applied).
    """
    with ctx.db.write() as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise ServiceError(
                Kind.NOT_FOUND, ProblemCode.ORGANISATION_NOT_FOUND, "No such organisation."
            )
        teams = {
            recipient_id: Target(target)
            for recipient_id, target in session.execute(
                select(Team.recipient_id, Team.target).where(
                    Team.organisation_id == organisation_id
                )
            )
        }
        rows, problems = parse_csv(text, teams=teams)
        current = set(routing_rows(session, organisation_id))
        report = ImportReport(len(rows), len(current), diff(list(current), rows), problems)
        confirmed = confirmed_removals == len(report.changes.removed)
        if dry_run or not report.ok or (report.needs_confirmation and not confirmed):
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
        ctx.audit(session, actor, event)
    return replace(report, applied=True)


def current_rows(ctx: ServerContext, organisation_id: uuid.UUID) -> list[RoutingRow]:
    with ctx.db.read() as session:
        return routing_rows(session, organisation_id)


def export_routing(ctx: ServerContext, organisation_id: uuid.UUID) -> str:
    with ctx.db.read() as session:
        return to_csv(routing_rows(session, organisation_id))
