"""The years the coordinator's yearly reports offer, and the checks every one of them makes
before it reads anything: the coordinator's role, and a year that is offered."""

from __future__ import annotations

from fieldapp.wire import Role
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError

YEARS_BACK = 5
"""How many years before the current one a report offers."""


def years_offered(ctx: ServerContext) -> tuple[int, ...]:
    """The years a report offers, the current one first."""
    this_year = ctx.local_day(ctx.clock()).year
    return tuple(range(this_year, this_year - YEARS_BACK - 1, -1))


def chosen_year(ctx: ServerContext, text: str) -> int:
    """The year a filter form names, when offered; else the current one."""
    offered = years_offered(ctx)
    return int(text) if text.isdigit() and int(text) in offered else offered[0]


def require_report(ctx: ServerContext, principal: Principal, year: int) -> tuple[int, ...]:
    """Refuse anyone but a coordinator, and a year not offered; returns the years offered."""
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    years = years_offered(ctx)
    if year not in years:
        raise ServiceError(Kind.INVALID, ProblemCode.REPORT_BAD_YEAR, "No such year.")
    return years
