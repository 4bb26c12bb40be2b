"""The coordinator's desk: synced visits (filters, detail), the monthly report with its CSV,
and the routing table (view, CSV export, import with a preview of what changes).

The routing form takes tables up to :data:`ROUTING_TABLE_MAX_BYTES` as pasted (UTF-8), and up
to the table's row limit; a larger one is answered with a message that names the command line
import. The limit is on the table, not on the posted form: form encoding can triple a text
(every comma is ``%2C``), so it stays at a third of the server's request cap. A table that
removes more than half of the current rows is used only after a second confirmation: a
checkbox naming how many rows go (no JavaScript).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.signals import Stage
from fieldapp.i18n import format_number
from fieldapp.wire import Role
from sync_server.routing.table import MAX_ROWS, sort_rows
from sync_server.services import casework, reports, routing_admin
from sync_server.services.errors import ServiceError
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.forms import FormTooLargeError, read_form
from sync_server.web.query import choice, day, list_query, page_number
from sync_server.web.render import NO_STORE, page, translator
from sync_server.web.routing_text import PROBLEM_TEXTS
from sync_server.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]
ROUTING_TABLE_MAX_BYTES = 1_000_000
"""About 20,000 rows without area names; the command line takes more, up to the row limit."""
"""The routing form's body at most (a table of about 50,000 typical rows); larger tables go
through ``python -m sync_server routing-import``."""


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


class VisitQuery(BaseModel):
    """The filter form's fields, as text: a value that does not parse filters nothing."""

    jobcoach: str = Field(default="", max_length=40)
    start: str = Field(default="", max_length=10)
    end: str = Field(default="", max_length=10)
    group: str = Field(default="", max_length=40)
    stage: str = Field(default="", max_length=1)
    page: str = Field(default="", max_length=6)

    def without_page(self) -> str:
        """The filter's part of the list's address, for its paging links."""
        return urlencode(self.model_dump(exclude={"page"}))


@router.get("/visits")
def visits(request: Request, user: Coordinator, query: Annotated[VisitQuery, Query()]) -> Response:
    ctx = context_of(request)
    filters = casework.VisitFilter(
        jobcoach_id=_uuid(query.jobcoach),
        start=day(query.start),
        end=day(query.end),
        target_group=choice(TargetGroup, query.group),
        stage=choice(Stage, query.stage),
    )
    reversed_range = bool(filters.start and filters.end and filters.start > filters.end)
    context = {
        "user": user,
        "found": casework.visits(ctx, user.principal, filters, page_number(query.page)),
        "jobcoaches": casework.jobcoaches(ctx, user.principal),
        "groups": list(TargetGroup),
        "stages": list(Stage),
        "chosen": query,
        "reversed_range": reversed_range,
    }
    return page(request, "visits.html", user.lang, context)


@router.get("/visits/{visit_id}")
def visit_detail(
    request: Request, user: Coordinator, visit_id: uuid.UUID, query: Annotated[VisitQuery, Query()]
) -> Response:
    """One visit; ``query``: the list's filter and page it was opened from, for the way back."""
    line = casework.visit(context_of(request), user.principal, visit_id)
    back = "/visits?" + list_query(query.model_dump())
    return page(request, "visit.html", user.lang, {"user": user, "line": line, "back": back})


def _month(text: str, today: date) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-", 1))
    except ValueError:
        return today.year, today.month
    return year, month


@router.get("/report")
def report(request: Request, user: Coordinator, month: str = "") -> Response:
    ctx = context_of(request)
    year, number = _month(month, ctx.local_day(ctx.clock()))
    built = reports.monthly(ctx, user.principal, year, number)
    context = {"user": user, "report": built, "month": f"{year:04d}-{number:02d}"}
    return page(request, "report.html", user.lang, context)


@router.get("/report.csv")
def report_csv(request: Request, user: Coordinator, month: str = "") -> Response:
    ctx = context_of(request)
    year, number = _month(month, ctx.local_day(ctx.clock()))
    built = reports.monthly(ctx, user.principal, year, number)
    name = f"veldwerk-report-{year:04d}-{number:02d}.csv"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(built.to_csv(), media_type="text/csv; charset=utf-8", headers=headers)


def _table_limit(request: Request) -> int:
    return min(ROUTING_TABLE_MAX_BYTES, context_of(request).settings.max_request_bytes // 3)


def _routing_page(
    request: Request, user: WebUser, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    rows = routing_admin.current_rows(context_of(request), user.principal.organisation_id)
    t = translator(user.lang)
    limit = {
        "limit_mb": format_number(round(_table_limit(request) / 1_000_000, 1), translator=t),
        "max_rows": format_number(MAX_ROWS, translator=t),
    }
    full = {"user": user, "rows": sort_rows(rows), "problem_texts": PROBLEM_TEXTS, **limit}
    return page(request, "routing.html", user.lang, full | context, status_code=status_code)


@router.get("/routing")
def routing(request: Request, user: Coordinator) -> Response:
    return _routing_page(request, user, {})


@router.get("/routing.csv")
def routing_csv(request: Request, user: Coordinator) -> Response:
    text = routing_admin.export_routing(context_of(request), user.principal.organisation_id)
    headers = {**NO_STORE, "Content-Disposition": 'attachment; filename="routing.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


def _count(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


@router.post("/routing")
async def routing_import(request: Request, user: Coordinator) -> Response:
    """``action=preview`` shows what would change; ``action=import`` applies it (all or
    nothing, with the same checks, and with ``confirm_removals`` when the preview asked)."""
    too_large = {"too_large": True}
    try:
        cap = context_of(request).settings.max_request_bytes
        form = await read_form(request, max_bytes=cap, raw=("csv",))
    except FormTooLargeError:
        # Nothing was read into a form, nothing changes: the page says what to do instead.
        return await run_in_threadpool(_routing_page, request, user, too_large, status_code=413)
    check_csrf(user.csrf_token, form)
    text = form.get("csv", "")
    if len(text.encode("utf-8")) > _table_limit(request):
        return await run_in_threadpool(_routing_page, request, user, too_large, status_code=413)
    apply = form.get("action") == "import"
    confirmed = _count(form.get("confirm_removals", ""))
    ctx = context_of(request)
    try:
        result = await run_in_threadpool(
            lambda: routing_admin.import_routing(
                ctx,
                user.principal.organisation_id,
                text,
                user.principal.actor,
                dry_run=not apply,
                confirmed_removals=confirmed,
            )
        )
    except ServiceError:
        result = None
    context = {
        "csv": text,
        "result": result,
        "applied": result is not None and result.applied,
        "unconfirmed": apply and result is not None and result.ok and not result.applied,
    }
    return await run_in_threadpool(_routing_page, request, user, context)
