"""The coordinator's referral board: filters (team, status, urgency, overdue), 50 a page,
open crises first and marked, and one referral in detail. Referrals are need-to-know: the
board is the coordinator's only (administrators manage devices, not casework)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from fieldapp.domain.targets import Urgency
from fieldapp.wire import Role
from sync_server.services import referral_board, teams
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.query import ReferralListQuery, filter_query, list_query
from sync_server.web.render import page

router = APIRouter(include_in_schema=False)
CoordinatorOnly = Annotated[WebUser, role(Role.COORDINATOR)]


class BoardQuery(ReferralListQuery):
    """The board's filter form: a referral list's, and the team."""

    team: str = Field(default="", max_length=120)


@router.get("/referrals")
def board(
    request: Request, user: CoordinatorOnly, query: Annotated[BoardQuery, Query()]
) -> Response:
    chosen = referral_board.BoardFilter(team=query.team, **vars(query.chosen()))
    found = referral_board.board_page(context_of(request), user.principal, chosen)
    context = {
        "user": user,
        "board": found,
        "chosen": chosen,
        "filter_query": filter_query,
        "statuses": teams.SERVER_STATUSES,
        "urgencies": list(Urgency),
    }
    return page(request, "board.html", user.lang, context)


@router.get("/referrals/{referral_id}")
def board_referral(
    request: Request,
    user: CoordinatorOnly,
    referral_id: uuid.UUID,
    query: Annotated[BoardQuery, Query()],
) -> Response:
    """One referral; ``query``: the board's filter and page it was opened from, for the way
    back."""
    line = referral_board.board_line(context_of(request), user.principal, referral_id)
    back = "/referrals?" + list_query({"team": query.team, **query.model_dump(exclude={"team"})})
    context = {"user": user, "line": line, "back": back}
    return page(request, "board_referral.html", user.lang, context)
