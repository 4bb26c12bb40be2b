"""The funder's logbook of one client, for the coordinator: a preview that shows exactly what
goes in, and the PDF and the CSV for the funder's portal. Medical-looking words block both
files and are named where they are, until the jobcoach rephrases them on the device."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from fieldapp.domain.visit import Funder
from fieldapp.i18n import logbook_words
from fieldapp.i18n.rating_words import rating_lines
from fieldapp.wire import Role
from sync_server.services import logbooks
from sync_server.services.web_auth import WebUser
from sync_server.web import logbook_files
from sync_server.web.deps import context_of, role
from sync_server.web.query import choice, day
from sync_server.web.render import NO_STORE, page, translator

router = APIRouter(include_in_schema=False)
CoordinatorOnly = Annotated[WebUser, role(Role.COORDINATOR)]
DEFAULT_DAYS = 182
"""Without a period: the last half year up to today (UWV's usual accountability period)."""


class LogbookQuery(BaseModel):
    start: str = Field(default="", max_length=10)
    end: str = Field(default="", max_length=10)
    funder: str = Field(default="", max_length=20)


def _report(
    request: Request, user: WebUser, client_id: uuid.UUID, query: LogbookQuery, export: str = ""
) -> tuple[logbooks.LogbookReport, dict[str, str]]:
    ctx = context_of(request)
    today = ctx.local_day(ctx.clock())
    end = day(query.end) or today
    start = day(query.start) or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        start, end = end, start
    funder = choice(Funder, query.funder) or Funder.UWV
    report = logbooks.logbook(
        ctx, user.principal, client_id, start=start, end=end, funder=funder, export=export
    )
    chosen = {"start": start.isoformat(), "end": end.isoformat(), "funder": funder.value}
    return report, chosen


def _page(
    request: Request,
    user: WebUser,
    report: logbooks.LogbookReport,
    chosen: dict[str, str],
    *,
    status_code: int = 200,
) -> Response:
    t = translator(user.lang)
    context = {
        "user": user,
        "report": report,
        "chosen": chosen,
        "funders": list(Funder),
        "hours": lambda minutes: logbook_words.hours(minutes, t),
        "headings": logbook_words.HEADINGS,
        "results": logbook_words.RESULTS,
        "rating_lines": rating_lines(report.book.ratings, t),
        "query": "&".join(f"{k}={v}" for k, v in chosen.items()),
    }
    return page(request, "logbook.html", user.lang, context, status_code=status_code)


@router.get("/clients/{client_id}/logbook")
def logbook(
    request: Request,
    user: CoordinatorOnly,
    client_id: uuid.UUID,
    query: Annotated[LogbookQuery, Query()],
) -> Response:
    report, chosen = _report(request, user, client_id, query)
    return _page(request, user, report, chosen)


def _file(
    request: Request, user: WebUser, client_id: uuid.UUID, query: LogbookQuery, kind: str
) -> Response:
    report, chosen = _report(request, user, client_id, query, export=kind)
    if report.book.blocked:
        return _page(request, user, report, chosen, status_code=409)
    t = translator(user.lang)
    name = f"logbook-{report.client.reference}-{chosen['start']}-{chosen['end']}.{kind}"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "pdf":
        body = logbook_files.logbook_pdf(report, t)
        return Response(body, media_type="application/pdf", headers=headers)
    csv = logbook_files.portal_csv(report, t)
    return Response(csv, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/clients/{client_id}/logbook.pdf")
def logbook_pdf(
    request: Request,
    user: CoordinatorOnly,
    client_id: uuid.UUID,
    query: Annotated[LogbookQuery, Query()],
) -> Response:
    return _file(request, user, client_id, query, "pdf")


@router.get("/clients/{client_id}/logbook.csv")
def logbook_csv(
    request: Request,
    user: CoordinatorOnly,
    client_id: uuid.UUID,
    query: Annotated[LogbookQuery, Query()],
) -> Response:
    return _file(request, user, client_id, query, "csv")
