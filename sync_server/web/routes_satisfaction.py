"""The coordinator's yearly satisfaction report: per funder the average rating of the support
by workers, by employers and together, against the funder's mark of 6.5, with bars."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fieldapp.domain.rating import PASS_MARK
from fieldapp.wire import Role
from sync_server.services import satisfaction
from sync_server.services.report_years import chosen_year
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.render import page

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]


@router.get("/satisfaction")
def satisfaction_page(request: Request, user: Coordinator, year: str = "") -> Response:
    ctx = context_of(request)
    report = satisfaction.yearly(ctx, user.principal, chosen_year(ctx, year))
    context = {
        "user": user,
        "report": report,
        "mark": PASS_MARK,
        "mark_percent": int(PASS_MARK * 10),
        "min_ratings": satisfaction.MIN_RATINGS,
    }
    return page(request, "satisfaction.html", user.lang, context)
