"""The monthly report for coordinators and funders: counts only, no client, no health data.

- visits and hours in the month;
- hours used against hours granted on the goals active in the month, with how many goals
  passed 80% and 100% of their grant;
- signals by stage;
- referrals received in the month by target and where they stand now;
- time from arrival to the team's first contact attempt (median days).

WHO-5 scores never enter it (health data stays out of funder reports). Building it is audited
as one read of the organisation's report; the CSV escapes every cell against formula injection.
"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import Status
from fieldapp.domain.signals import SignalObservation, Stage
from fieldapp.domain.targets import Target
from fieldapp.domain.visit import Goal, Visit
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, RecordRow, ReferralRow
from sync_server.problems import ProblemCode
from sync_server.routing.csv_codec import write_records
from sync_server.sealing import Sealed
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.unit_of_work import RECORDS

CONTACT = frozenset({Status.CONTACT_ATTEMPTED, Status.IN_CONTACT})


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    visits: int
    visit_hours: Decimal
    goals_active: int
    hours_granted: Decimal
    hours_used: Decimal
    goals_over_80: int
    goals_over_100: int
    signals_by_stage: dict[Stage, int]
    referrals: dict[tuple[Target, Status], int]
    contacted: int
    median_days_to_contact: float | None

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, key, value) for the CSV export."""
        lines = [
            ("month", "period", f"{self.year:04d}-{self.month:02d}"),
            ("visits", "count", str(self.visits)),
            ("visits", "hours", str(self.visit_hours)),
            ("goals", "active", str(self.goals_active)),
            ("goals", "hours_granted", str(self.hours_granted)),
            ("goals", "hours_used", str(self.hours_used)),
            ("goals", "over_80_percent", str(self.goals_over_80)),
            ("goals", "over_100_percent", str(self.goals_over_100)),
        ]
        lines += [("signals", stage.value, str(n)) for stage, n in self.signals_by_stage.items()]
        lines += [
            ("referrals", f"{target.value}/{status.value}", str(n))
            for (target, status), n in sorted(self.referrals.items(), key=lambda i: str(i[0]))
        ]
        median = "" if self.median_days_to_contact is None else f"{self.median_days_to_contact:.1f}"
        lines += [
            ("first_contact", "referrals_contacted", str(self.contacted)),
            ("first_contact", "median_days", median),
        ]
        return lines

    def to_csv(self) -> str:
        return write_records(("section", "key", "value"), self.rows())


def _month_bounds(ctx: ServerContext, year: int, month: int) -> tuple[datetime, datetime]:
    """The month in the organisation's time zone."""
    if not (2000 <= year <= 2200 and 1 <= month <= 12):
        raise ServiceError(Kind.INVALID, ProblemCode.REPORT_BAD_MONTH, "No such month.")
    following = date(year + month // 12, month % 12 + 1, 1)
    return ctx.day_start(date(year, month, 1)), ctx.day_start(following)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def monthly(ctx: ServerContext, principal: Principal, year: int, month: int) -> MonthlyReport:
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    start, end = _month_bounds(ctx, year, month)
    with ctx.db.write() as session:
        rows = session.execute(
            select(RecordRow)
            .join(ClientRow, ClientRow.id == RecordRow.client_id)
            .where(
                ClientRow.organisation_id == principal.organisation_id,
                RecordRow.kind.in_(
                    [EntityKind.VISIT.value, EntityKind.GOAL.value, EntityKind.SIGNAL.value]
                ),
            )
        ).scalars()
        visits: list[Visit] = []
        goals: list[Goal] = []
        signals: list[SignalObservation] = []
        for row in rows:
            body = ctx.sealer.open(RECORDS, str(row.id), Sealed(row.wrapped_key, row.sealed))
            if row.kind == EntityKind.VISIT.value:
                visits.append(Visit.model_validate(body))
            elif row.kind == EntityKind.GOAL.value:
                goals.append(Goal.model_validate(body))
            else:
                signals.append(SignalObservation.model_validate(body))
        referrals = list(
            session.execute(
                select(ReferralRow).where(
                    ReferralRow.organisation_id == principal.organisation_id,
                    ReferralRow.received_at >= start,
                    ReferralRow.received_at < end,
                )
            ).scalars()
        )
        event = Event("read", "monthly_report", f"{principal.organisation_id}:{year}-{month}")
        ctx.audit(session, principal.actor, event)
    in_month = [v for v in visits if start <= v.started_at < end]
    return _report(
        year,
        month,
        start=start,
        end=end,
        in_month=in_month,
        visits=visits,
        goals=goals,
        signals=signals,
        referrals=referrals,
    )


def _report(
    year: int,
    month: int,
    *,
    start: datetime,
    end: datetime,
    in_month: list[Visit],
    visits: list[Visit],
    goals: list[Goal],
    signals: list[SignalObservation],
    referrals: list[ReferralRow],
) -> MonthlyReport:
    first_day, last_day = start.date(), end.date()
    active = [g for g in goals if g.period_start < last_day and g.period_end >= first_day]
    used: Counter[uuid.UUID] = Counter()
    for visit in visits:
        for part in visit.goals:
            used[part.goal_id] += part.minutes
    granted = sum((g.granted_hours for g in active), Decimal(0))
    hours_used = sum((_hours(used[g.id]) for g in active), Decimal(0))
    ratios = [_hours(used[g.id]) / g.granted_hours for g in active if g.granted_hours > 0]
    stages = Counter(s.stage() for s in signals if start <= s.observed_at < end)
    by_target: Counter[tuple[Target, Status]] = Counter(
        (Target(row.target), Status(row.status)) for row in referrals
    )
    days = []
    for row in referrals:
        contact = next(
            (
                datetime.fromisoformat(at)
                for status, at, _ in row.history
                if Status(status) in CONTACT
            ),
            None,
        )
        if contact is not None:
            days.append((contact - row.received_at).total_seconds() / 86400)
    return MonthlyReport(
        year=year,
        month=month,
        visits=len(in_month),
        visit_hours=_hours(sum(v.duration_minutes for v in in_month)),
        goals_active=len(active),
        hours_granted=granted,
        hours_used=hours_used,
        goals_over_80=sum(1 for r in ratios if r >= Decimal("0.8")),
        goals_over_100=sum(1 for r in ratios if r >= 1),
        signals_by_stage={stage: stages.get(stage, 0) for stage in Stage},
        referrals=dict(by_target),
        contacted=len(days),
        median_days_to_contact=statistics.median(days) if days else None,
    )
