"""The coordinator's referral board as a page: filtered, 50 a page, each row with the team's
name, the jobcoach and a reference to the client (initials and a short id, not the name), and
one referral in detail. The board itself is :func:`sync_server.services.teams.board`.

Every client whose initials a page shows is audited as read, once per page view.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from fieldapp.domain.client import Client
from fieldapp.wire import ReferralSummary
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, Team, User
from sync_server.sealing import Sealed
from sync_server.services import teams
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import not_found
from sync_server.services.unit_of_work import CLIENTS

PAGE_SIZE = teams.PAGE_SIZE


@dataclass(frozen=True)
class BoardFilter(teams.ReferralFilter):
    team: str = ""
    """A recipient id; empty: every team."""

    def keeps(self, summary: ReferralSummary) -> bool:
        return (not self.team or summary.recipient_id == self.team) and self.keeps_referral(
            summary.status, summary.urgency, summary.overdue
        )


@dataclass(frozen=True)
class BoardLine:
    summary: ReferralSummary
    team: str
    """The receiving team's name (its recipient id while no team has it)."""
    client: str
    """Initials and the short reference: ``S. d. V. · 3F9A-1C2B``."""
    jobcoach: str

    @property
    def crisis(self) -> bool:
        return teams.crisis_open(self.summary.urgency, self.summary.status)


@dataclass(frozen=True)
class BoardPage:
    lines: list[BoardLine]
    total: int
    """Referrals that pass the filter (all pages)."""
    page: int
    pages: int
    teams: list[tuple[str, str]]
    """Every team of the organisation, (recipient id, name), for the filter."""


def _client_refs(
    ctx: ServerContext, principal: Principal, client_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, str]:
    wanted = set(client_ids)
    if not wanted:
        return {}
    with ctx.db.write() as session:
        rows = session.execute(
            select(ClientRow).where(
                ClientRow.id.in_(wanted), ClientRow.organisation_id == principal.organisation_id
            )
        ).scalars()
        refs = {}
        for row in rows:
            client = Client.model_validate(
                ctx.sealer.open(CLIENTS, str(row.id), Sealed(row.wrapped_key, row.sealed))
            )
            refs[row.id] = client.pseudonym
        events = [Event("read", "client", str(client_id)) for client_id in sorted(refs)]
        ctx.audit(session, principal.actor, *events)
    return refs


def _names(ctx: ServerContext, principal: Principal) -> tuple[dict[str, str], dict[uuid.UUID, str]]:
    """Team names by recipient id, people's names by user id, of the organisation."""
    with ctx.db.read() as session:
        team_rows = session.execute(
            select(Team.recipient_id, Team.name)
            .where(Team.organisation_id == principal.organisation_id)
            .order_by(Team.name)
        ).all()
        people = session.execute(
            select(User.id, User.display_name, User.username).where(
                User.organisation_id == principal.organisation_id
            )
        ).all()
    return (
        {row.recipient_id: row.name for row in team_rows},
        {row.id: row.display_name or row.username for row in people},
    )


def _lines(
    ctx: ServerContext,
    principal: Principal,
    summaries: list[ReferralSummary],
    names: tuple[dict[str, str], dict[uuid.UUID, str]],
) -> list[BoardLine]:
    team_names, people = names
    refs = _client_refs(ctx, principal, (s.client_id for s in summaries))
    return [
        BoardLine(
            s,
            team_names.get(s.recipient_id, s.recipient_id),
            refs.get(s.client_id, ""),
            people.get(s.jobcoach_id, ""),
        )
        for s in summaries
    ]


def board_page(ctx: ServerContext, principal: Principal, chosen: BoardFilter) -> BoardPage:
    """One page of the board as filtered (a page past the last shows the last)."""
    kept = [s for s in teams.board(ctx, principal) if chosen.keeps(s)]
    pages = max(1, math.ceil(len(kept) / PAGE_SIZE))
    number = min(max(1, chosen.page), pages)
    shown = kept[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    names = _names(ctx, principal)
    lines = _lines(ctx, principal, shown, names)
    return BoardPage(lines, len(kept), number, pages, sorted(names[0].items()))


def board_line(ctx: ServerContext, principal: Principal, referral_id: uuid.UUID) -> BoardLine:
    """One referral of the board in detail (no payload: that is the team's)."""
    found = teams.board(ctx, principal, referral_id)
    if not found:
        raise not_found()
    (line,) = _lines(ctx, principal, found, _names(ctx, principal))
    return line
