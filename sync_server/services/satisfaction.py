"""The organisation's yearly satisfaction report for the coordinator (issue 22, item 2): per
funder the average rating of the jobcoach's support by workers, by employers and together,
against the funder's mark of 6.5. Read from the rating facts kept beside the sealed ratings
(:mod:`sync_server.services.outcome_facts`); an average of fewer than :data:`MIN_RATINGS`
ratings is not shown, since it would come close to one person's score. Audited as one read of
the organisation's satisfaction report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from fieldapp.domain.rating import FunderSatisfaction, Rater, satisfaction
from fieldapp.domain.visit import Funder
from sync_server.audit import Event
from sync_server.db.schema import RatingFact
from sync_server.services.context import Principal, ServerContext
from sync_server.services.report_years import require_report

MIN_RATINGS = 5


@dataclass(frozen=True)
class _Rated:
    rater: Rater
    funder: Funder
    score: int
    rated_on: date


@dataclass(frozen=True)
class SatisfactionReport:
    year: int
    years: tuple[int, ...]
    funders: list[FunderSatisfaction]


def yearly(ctx: ServerContext, principal: Principal, year: int) -> SatisfactionReport:
    years = require_report(ctx, principal, year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    with ctx.db.write() as session:
        rows = session.execute(
            select(
                RatingFact.rater, RatingFact.funder, RatingFact.score, RatingFact.rated_on
            ).where(
                RatingFact.organisation_id == principal.organisation_id,
                RatingFact.rated_on >= first,
                RatingFact.rated_on <= last,
            )
        ).all()
        event = Event("read", "satisfaction_report", f"{principal.organisation_id}:{year}")
        ctx.audit(session, principal.actor, event)
    rated = [_Rated(Rater(r), Funder(f), score, on) for r, f, score, on in rows]
    return SatisfactionReport(year, years, satisfaction(rated, first, last))
