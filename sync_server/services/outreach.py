"""The Flying Squad's events on the server (issue 22, item 4): a device's push stores each one,
and the coordinator's reach report counts them by month.

Where an event was held is sealed like every record; its kind, day and tallies are kept clear
beside it (codes and anonymous counts), so the report opens nothing. Only the devices of the
person who ran an event may change it. Reading the report is audited as one read of the
organisation's reach report.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.wire import Change, Outcome
from sync_server.audit import Event
from sync_server.db.schema import OutreachEventRow
from sync_server.problems import ProblemCode
from sync_server.reporting.reach import HeldEvent, YearReach, year_reach
from sync_server.services.context import Principal, ServerContext
from sync_server.services.records import check_version
from sync_server.services.report_years import require_report
from sync_server.services.unit_of_work import ChangeRefusedError, Scope

EVENTS = "outreach_events"
"""The sealing namespace of outreach events."""


def store_event(scope: Scope, change: Change, event: OutreachEvent) -> int:
    """An event from the device of the person who runs it, under the usual version rule."""
    principal = scope.principal
    row = scope.session.get(OutreachEventRow, change.entity_id)
    if row is not None and (
        row.organisation_id != principal.organisation_id or row.author_id != principal.user_id
    ):
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_MISMATCH)
    check_version(None if row is None else row.version, change)
    sealed = scope.ctx.sealer.seal(EVENTS, str(event.id), event.model_dump(mode="json"))
    if row is None:
        row = OutreachEventRow(
            id=event.id,
            organisation_id=principal.organisation_id,
            author_id=principal.user_id,
            created_at=scope.now,
        )
        scope.session.add(row)
    row.version, row.updated_at = event.version, scope.now
    row.wrapped_key, row.sealed = sealed.wrapped_key, sealed.ciphertext
    row.kind = None if event.kind is None else event.kind.value
    row.started_on = scope.ctx.local_day(event.started_at)
    row.people = event.count(Tally.PEOPLE_SPOKEN)
    row.regulations = event.count(Tally.REGULATIONS_EXPLAINED)
    row.self_tests = event.count(Tally.SELF_TESTS_DONE)
    row.referrals = event.count(Tally.REFERRALS_MADE)
    return event.version


def reach(ctx: ServerContext, principal: Principal, year: int) -> tuple[YearReach, tuple[int, ...]]:
    """The organisation's reach in ``year``, and the years the report offers."""
    years = require_report(ctx, principal, year)
    with ctx.db.write() as session:
        rows = session.execute(
            select(
                OutreachEventRow.kind,
                OutreachEventRow.started_on,
                OutreachEventRow.people,
                OutreachEventRow.regulations,
                OutreachEventRow.self_tests,
                OutreachEventRow.referrals,
            ).where(
                OutreachEventRow.organisation_id == principal.organisation_id,
                OutreachEventRow.started_on >= date(year, 1, 1),
                OutreachEventRow.started_on <= date(year, 12, 31),
            )
        ).all()
        event = Event("read", "reach_report", f"{principal.organisation_id}:{year}")
        ctx.audit(session, principal.actor, event)
    held = (
        HeldEvent(None if kind is None else EventKind(kind), on, *counts)
        for kind, on, *counts in rows
    )
    return year_reach(year, held), years
