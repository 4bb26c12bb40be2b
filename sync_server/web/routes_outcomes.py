"""The coordinator's outcome report: a year's counts by target group and jobcoach, with small
counts protected, as a page with a chart and as a CSV of the same view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fieldapp.wire import Role
from sync_server.routing.csv_codec import write_records
from sync_server.services import outcomes
from sync_server.services.report_years import chosen_year
from sync_server.services.web_auth import WebUser
from sync_server.web import outcome_view
from sync_server.web.deps import context_of, role
from sync_server.web.render import NO_STORE, page, translator

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]
CSV_HEADER = ("year", "target_group", "jobcoach", "measure", "category", "count")


class OutcomeQuery(BaseModel):
    """The filter form, as text: a value that names nothing offered means "all"."""

    year: str = Field(default="", max_length=4)
    group: str = Field(default="", max_length=40)
    jobcoach: str = Field(default="", max_length=40)


async def _built(
    request: Request, user: WebUser, query: OutcomeQuery
) -> tuple[outcomes.OutcomeReport, outcome_view.Choice]:
    ctx = context_of(request)
    year = chosen_year(ctx, query.year)
    report = await run_in_threadpool(outcomes.outcome_report, ctx, user.principal, year)
    return report, outcome_view.choose(report, year, query.group, query.jobcoach)


@router.get("/outcomes")
async def outcome_page(
    request: Request, user: Coordinator, query: Annotated[OutcomeQuery, Query()]
) -> Response:
    report, chosen = await _built(request, user, query)
    t = translator(user.lang)
    context = {
        "user": user,
        "report": report,
        "chosen": chosen,
        "sections": outcome_view.sections(report, chosen, t),
        "regular_share": outcome_view.regular_share(report, chosen),
        "jobcoaches": sorted(
            report.counts.jobcoaches, key=lambda c: report.jobcoach_names.get(c, "").casefold()
        ),
        "small": outcome_view.SMALL,
        "hidden": outcome_view.HIDDEN,
    }
    return page(request, "outcomes.html", user.lang, context)


@router.get("/outcomes.csv")
async def outcome_csv(
    request: Request, user: Coordinator, query: Annotated[OutcomeQuery, Query()]
) -> Response:
    report, chosen = await _built(request, user, query)
    rows = outcome_view.csv_rows(report, chosen, translator(user.lang))
    name = f"veldwerk-outcomes-{chosen.year}.csv"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(
        write_records(CSV_HEADER, rows), media_type="text/csv; charset=utf-8", headers=headers
    )
