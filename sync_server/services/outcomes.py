"""The outcome report for the coordinator (issue 22, item 3): counts of the organisation's
placements and ladder steps for a year, by target group and jobcoach, with small counts
protected (:mod:`sync_server.reporting.outcomes`). Read from the fact rows that the push keeps
beside the sealed records (:mod:`sync_server.services.outcome_facts`): no record is opened.
Building it is audited as one read of the organisation's outcome report.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, select, type_coerce

from fieldapp.domain.client import TargetGroup
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, EmployerRow, LadderFact, PlacementFact, User
from sync_server.reporting import outcomes
from sync_server.services.context import Principal, ServerContext
from sync_server.services.report_years import require_report


@dataclass(frozen=True)
class OutcomeReport:
    counts: outcomes.OutcomeCounts
    jobcoach_names: dict[uuid.UUID, str]
    years: tuple[int, ...]
    """The years the page offers, the newest first."""


def outcome_report(ctx: ServerContext, principal: Principal, year: int | None) -> OutcomeReport:
    """The organisation's outcomes for ``year`` (None: the current one)."""
    today = ctx.local_day(ctx.clock())
    chosen = today.year if year is None else year
    years = require_report(ctx, principal, chosen)
    organisation = principal.organisation_id
    with ctx.db.write() as session:
        clients = session.execute(
            select(_text(ClientRow.id), ClientRow.target_group, ClientRow.jobcoach_id).where(
                ClientRow.organisation_id == organisation
            )
        ).all()
        employer_kinds: dict[Any, str | None] = dict(
            session.execute(
                select(_text(EmployerRow.id), EmployerRow.kind).where(
                    EmployerRow.organisation_id == organisation
                )
            ).all()
        )
        placements = session.execute(
            select(
                _text(PlacementFact.client_id),
                _text(PlacementFact.id),
                PlacementFact.kind,
                _text(PlacementFact.employer_id),
                _text(PlacementFact.start),
                _text(PlacementFact.ended_on),
                PlacementFact.loonkostensubsidie,
                PlacementFact.jobcoaching,
                PlacementFact.no_risk_policy,
                PlacementFact.workplace_adaptation,
                PlacementFact.in_company_supporter,
            ).where(PlacementFact.organisation_id == organisation)
        ).all()
        facts = outcomes.Facts(
            clients=[
                outcomes.ClientFact(id, group or TargetGroup.OTHER.value, coach)
                for id, group, coach in clients
            ],
            placements=[_placement(row, employer_kinds) for row in placements],
            steps=[
                outcomes.LadderFact(client_id, rung, _day(on))
                for client_id, rung, on in session.execute(
                    select(
                        _text(LadderFact.client_id), LadderFact.rung, _text(LadderFact.on)
                    ).where(LadderFact.organisation_id == organisation)
                )
            ],
        )
        names = {
            user_id: display or username
            for user_id, display, username in session.execute(
                select(User.id, User.display_name, User.username).where(
                    User.id.in_({coach for _, _, coach in clients})
                )
            )
        }
        event = Event("read", "outcome_report", f"{organisation}:{chosen}")
        ctx.audit(session, principal.actor, event)
    counts = outcomes.count(facts, outcomes.Period.year(chosen, today))
    return OutcomeReport(counts, names, years)


def _text(column: Any) -> Any:
    """``column`` as the driver gives it, unconverted: ids are only compared here, and
    turning 20,000 of them into UUID objects cost more than the rest of loading."""
    return type_coerce(column, String)


def _day(value: str | date) -> date:
    """A date column read unconverted: SQLite hands over ISO text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _placement(row: Any, employer_kinds: dict[Any, str | None]) -> outcomes.PlacementFact:
    client_id, id, kind, employer_id, start, ended_on, subsidy, coaching, *tools = row
    return outcomes.PlacementFact(
        client_id=client_id,
        id=id,
        kind=kind,
        employer_kind=employer_kinds.get(employer_id) or outcomes.UNKNOWN,
        start=_day(start),
        ended_on=None if ended_on is None else _day(ended_on),
        instruments=(subsidy, coaching or "none", *tools),
    )
