"""One-time links on which an employer's contact rates the jobcoach's support (issue 22,
item 2), for a contact who has no device of the organisation's.

The coordinator makes a link for one client and funder; it is shown once and only its hash is
kept. It works once, for :data:`LINK_DAYS` days. The page behind it names the worker by first
name and family initial only, and asks the score and the fixed questions of a rating, no free
text. The rating becomes a record of the client like any other (sealed, with its fact row and
a feed position), so the jobcoach's device pulls it and the logbook and the satisfaction
report count it. Unknown, used or expired links are counted per client address and locked
out past a limit. Making a link, opening it (a read of the client's name) and rating are
audited; the link holder is the actor.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.rating import Answer, Question, Rater, SupportRating
from fieldapp.domain.visit import Funder
from fieldapp.wire import Role
from sync_server.audit import Actor, Event
from sync_server.db.schema import ClientRow, RatingLink
from sync_server.problems import ProblemCode
from sync_server.services import throttle
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, ThrottledError, not_found
from sync_server.services.server_records import add_record
from sync_server.services.unit_of_work import CLIENTS
from sync_server.tokens import digest, new_link_token

LINK_DAYS = 14
POLICY = throttle.Policy(window=timedelta(hours=1), lock=timedelta(hours=1))
WRONG_LINKS_PER_ADDRESS = 20
"""Links that do not work, from one address within the window, before it is locked out."""


@dataclass(frozen=True)
class IssuedLink:
    token: str
    """Shown once: the page's address is ``/rate/<token>``."""
    expires_at: datetime


@dataclass(frozen=True)
class OpenLink:
    worker: str
    """First name and family initial."""
    funder: Funder
    expires_at: datetime


def make_link(
    ctx: ServerContext, principal: Principal, client_id: uuid.UUID, funder: Funder
) -> IssuedLink:
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    now = ctx.clock()
    token = new_link_token()
    expires = now + timedelta(days=LINK_DAYS)
    with ctx.db.write() as session:
        client = session.get(ClientRow, client_id)
        if client is None or client.organisation_id != principal.organisation_id:
            raise not_found()
        link = RatingLink(
            id=uuid.uuid4(),
            organisation_id=principal.organisation_id,
            client_id=client_id,
            token_hash=digest(token),
            funder=funder.value,
            created_by=principal.user_id,
            created_at=now,
            expires_at=expires,
            used_at=None,
        )
        session.add(link)
        ctx.audit(session, principal.actor, Event("create", "rating_link", str(link.id)))
    return IssuedLink(token, expires)


def _working(session: Session, token: str, now: datetime) -> RatingLink | None:
    link = session.execute(
        select(RatingLink).where(RatingLink.token_hash == digest(token))
    ).scalar_one_or_none()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


def _holder(link: RatingLink) -> Actor:
    return Actor("rating_link", link.id, Rater.EMPLOYER.value)


def _limit(ctx: ServerContext, address: str) -> throttle.Limit:
    key = throttle.key(ctx.keys.throttle, "rating-link-address", throttle.address_value(address))
    return throttle.Limit(key, WRONG_LINKS_PER_ADDRESS)


def _refuse(ctx: ServerContext, session: Session, address: str, now: datetime) -> None:
    """Count a link that does not work against the address."""
    throttle.count_failure(session, [_limit(ctx, address)], now, POLICY)


def _locked(ctx: ServerContext, session: Session, address: str, now: datetime) -> None:
    """Raise throttled while the address is locked out, before any link is looked at."""
    limit = _limit(ctx, address)
    locked = throttle.locked_until(session, [limit.key], now)
    if locked is not None:
        raise ThrottledError(
            ProblemCode.RATING_LINK_THROTTLED,
            "Too many links that do not work; try again later.",
            throttle.retry_after_s(locked, now),
        )


def _link_or_refuse(
    ctx: ServerContext, session: Session, token: str, address: str, now: datetime
) -> RatingLink | None:
    """The working link of ``token``; None (counted against the address) when it does not
    work. Raises throttled while the address is locked out, before looking."""
    _locked(ctx, session, address, now)
    link = _working(session, token, now)
    if link is None:
        _refuse(ctx, session, address, now)
    return link


def open_link(ctx: ServerContext, token: str, address: str) -> OpenLink | None:
    """What the rating page shows, or None when the link does not work (counted)."""
    now = ctx.clock()
    with ctx.db.write() as session:
        link = _link_or_refuse(ctx, session, token, address, now)
        if link is None:
            return None
        row = session.get(ClientRow, link.client_id)
        assert row is not None  # the link goes with its client (cascade)
        client = Client.model_validate(ctx.sealer.open_row(CLIENTS, row))
        ctx.audit(session, _holder(link), Event("read", "client", str(row.id)))
        return OpenLink(client.known_at_work, Funder(link.funder), link.expires_at)


def parse_answers(score: str, answers: dict[str, str]) -> tuple[int, dict[Question, Answer]] | None:
    """The score (1-10, required) and the answers given; None when the score is missing or
    not one of the choices. An answer that is not one of the choices is left out."""
    if not score.isdigit():
        return None
    given = {
        Question(name): Answer(value)
        for name, value in answers.items()
        if name in Question._value2member_map_ and value in Answer._value2member_map_
    }
    return int(score), given


def rate(
    ctx: ServerContext,
    token: str,
    score: int,
    answers: dict[Question, Answer],
    address: str,
) -> SupportRating | None:
    """Store the employer's rating and use the link up; None when the link does not work
    (counted). Raises ``ValueError`` for a score outside 1-10 (nothing stored)."""
    now = ctx.clock()
    with ctx.db.write() as session:
        link = _link_or_refuse(ctx, session, token, address, now)
        if link is None:
            return None
        try:
            rating = SupportRating(
                id=uuid.uuid4(),
                client_id=link.client_id,
                rater=Rater.EMPLOYER,
                funder=Funder(link.funder),
                score=score,
                answers=answers,
                rated_on=ctx.local_day(now),
            )
        except ValidationError:
            raise ValueError("score out of range") from None
        _store(ctx, session, rating, link.organisation_id, now)
        link.used_at = now
        ctx.audit(session, _holder(link), Event("create", "rating", str(rating.id)))
        return rating


def _store(
    ctx: ServerContext,
    session: Session,
    rating: SupportRating,
    organisation_id: uuid.UUID,
    now: datetime,
) -> None:
    add_record(ctx, session, rating, (rating.client_id, organisation_id), now)
