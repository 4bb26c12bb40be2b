"""Pull: what changed in the device user's caseload since an opaque cursor, in pages.

The cursor holds the last feed position the device has and the position of the routing
directory it knows, authenticated for that user, so it can neither be forged nor reused by
someone else. Rows come in feed order across clients, records, referrals, removals and the
organisation's employer register; the feed's ordering guarantee (see
:mod:`sync_server.services.feed`) means no page skips a row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.targets import Target
from fieldapp.wire import (
    FIELD_ROLES,
    MAX_PULL_PAGE,
    DirectoryEntry,
    PulledRecord,
    PullResponse,
    Role,
    RouteEntry,
)
from sync_server.audit import Event
from sync_server.db.plan_hints import not_for_lookup
from sync_server.db.schema import (
    ClientRow,
    EmployerRow,
    Organisation,
    RecordRow,
    ReferralRow,
    Removal,
    Team,
    VisitRequestRow,
)
from sync_server.keys import ServerKeys
from sync_server.problems import ProblemCode
from sync_server.sealing import Sealed
from sync_server.services import devices, feed
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.referrals import open_payload, routing_rows, to_domain
from sync_server.services.unit_of_work import CLIENTS, EMPLOYERS, RECORDS
from sync_server.services.visit_requests import REQUESTS


@dataclass(frozen=True)
class Cursor:
    after: int
    directory: int
    epoch: int = 0
    """The server's epoch (:func:`feed.epoch`) when the cursor was made; epoch 0 cursors keep
    the two-part form devices have always had."""


def _mac(key: bytes, user_id: uuid.UUID, text: str) -> str:
    digest = hmac.new(key, f"{user_id}|{text}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def _ring(ctx: ServerContext) -> tuple[ServerKeys, ...]:
    return ctx.key_source.ring().members


def encode_cursor(ctx: ServerContext, user_id: uuid.UUID, cursor: Cursor) -> str:
    parts = [cursor.after, cursor.directory] + ([cursor.epoch] if cursor.epoch else [])
    text = ".".join(str(part) for part in parts)
    return f"{text}.{_mac(ctx.keys.cursor, user_id, text)}"


def decode_cursor(ctx: ServerContext, user_id: uuid.UUID, token: str | None) -> Cursor:
    if not token:
        return Cursor(0, 0)
    *numbers, mac = token.split(".")
    valid = (
        token.isascii()
        and len(numbers) in (2, 3)
        and all(number.isdigit() and len(number) < 20 for number in numbers)
    )
    # A cursor made before a key rotation stays good: any key of the ring may have made it.
    made = (_mac(member.cursor, user_id, ".".join(numbers)) for member in _ring(ctx))
    if not valid or not any(hmac.compare_digest(mac, expected) for expected in made):
        raise ServiceError(
            Kind.INVALID, ProblemCode.PULL_BAD_CURSOR, "Start again without a cursor."
        )
    return Cursor(*(int(number) for number in numbers))


def pull(
    ctx: ServerContext,
    principal: Principal,
    cursor_token: str | None,
    limit: int | None,
    *,
    unsent: int | None = None,
    count: bool = False,
) -> PullResponse:
    if principal.role not in FIELD_ROLES or principal.device_id is None:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    cursor = decode_cursor(ctx, principal.user_id, cursor_token)
    size = max(1, min(limit or ctx.settings.pull_page_size, MAX_PULL_PAGE))
    now = ctx.clock()
    with ctx.db.write() as session:
        current = feed.epoch(session)
        if cursor.epoch != current:  # made before a restore: everything again
            cursor = Cursor(0, 0, current)
        seen = feed.head(session)  # before the rows: none at or below it can come later
        queries = changed_queries(principal, cursor.after)
        rows = _changed_rows(session, queries, size + 1)
        remaining = _count(session, queries) if count else None
        page = rows[:size]
        records = [_pulled(ctx, row) for _, row in page]
        after = page[-1][0] if page else cursor.after
        if len(rows) <= size:
            # Nothing of this caseload left: the next pull starts at the feed's head, so it
            # does not walk again past what other caseloads changed meanwhile.
            after = max(after, seen)
        organisation = session.get(Organisation, principal.organisation_id)
        assert organisation is not None
        directory, routes = None, None
        if organisation.routing_seq > cursor.directory:
            directory = _directory(session, principal.organisation_id)
            routes = [
                RouteEntry.model_validate(row.model_dump(exclude={"area"}))
                for row in routing_rows(session, principal.organisation_id)
            ]
        devices.touch(session, principal, now, unsent=unsent)
        result = f"{len(records)} records"
        event = Event("pull", "caseload", str(principal.user_id), result)
        ctx.audit(session, principal.actor, event, at=now)
    return PullResponse(
        records=records,
        cursor=encode_cursor(
            ctx, principal.user_id, Cursor(after, organisation.routing_seq, current)
        ),
        has_more=len(rows) > size,
        directory=directory,
        routes=routes,
        server_time=now,
        remaining=remaining,
    )


def changed_queries(principal: Principal, after: int) -> list[Select[Any]]:
    """What the device gets after feed position ``after``: one query per kind of row."""
    user_id = principal.user_id
    owned = ClientRow.jobcoach_id == user_id
    # records and referrals: walk the feed from ``after``, checking each one's client
    owner = not_for_lookup(ClientRow.jobcoach_id) == user_id
    queries: list[Select[Any]] = [
        select(ClientRow).where(owned, ClientRow.seq > after).order_by(ClientRow.seq),
        select(RecordRow)
        .join(ClientRow, ClientRow.id == RecordRow.client_id)
        .where(owner, RecordRow.seq > after)
        .order_by(RecordRow.seq),
        select(ReferralRow)
        .join(ClientRow, ClientRow.id == ReferralRow.client_id)
        .where(owner, ReferralRow.seq > after)
        .order_by(ReferralRow.seq),
        select(Removal)
        .where(Removal.user_id == user_id, Removal.seq > after)
        .order_by(Removal.seq),
        select(EmployerRow)
        .where(EmployerRow.organisation_id == principal.organisation_id, EmployerRow.seq > after)
        .order_by(EmployerRow.seq),
    ]
    if principal.role is Role.FLYING_SQUAD:  # employers' requests for a visit are theirs
        queries.append(
            select(VisitRequestRow)
            .where(
                VisitRequestRow.organisation_id == principal.organisation_id,
                VisitRequestRow.seq > after,
            )
            .order_by(VisitRequestRow.seq)
        )
    return queries


def _changed_rows(
    session: Session, queries: list[Select[Any]], limit: int
) -> list[tuple[int, Any]]:
    found: list[tuple[int, Any]] = []
    for query in queries:
        found.extend((row.seq, row) for row in session.execute(query.limit(limit)).scalars())
    found.sort(key=lambda pair: pair[0])
    return found[:limit]


def _count(session: Session, queries: list[Select[Any]]) -> int:
    counted = (
        select(func.count()).select_from(query.order_by(None).subquery()) for query in queries
    )
    return sum(session.execute(query).scalar_one() for query in counted)


def _pulled(ctx: ServerContext, row: Any) -> PulledRecord:
    if isinstance(row, Removal):
        return PulledRecord(
            entity=EntityKind.CLIENT,
            entity_id=row.client_id,
            client_id=row.client_id,
            version=0,
            removed=True,
        )
    if isinstance(row, ReferralRow):
        body = to_domain(row, open_payload(ctx, row)).model_dump(mode="json")
        return PulledRecord(
            entity=EntityKind.REFERRAL,
            entity_id=row.id,
            client_id=row.client_id,
            version=row.version,
            body=body,
        )
    table, client_id, kind = (
        (CLIENTS, row.id, EntityKind.CLIENT)
        if isinstance(row, ClientRow)
        else (EMPLOYERS, None, EntityKind.EMPLOYER)
        if isinstance(row, EmployerRow)
        else (REQUESTS, None, EntityKind.VISIT_REQUEST)
        if isinstance(row, VisitRequestRow)
        else (RECORDS, row.client_id, EntityKind(row.kind))
    )
    body = ctx.sealer.open(table, str(row.id), Sealed(row.wrapped_key, row.sealed))
    return PulledRecord(
        entity=kind, entity_id=row.id, client_id=client_id, version=row.version, body=body
    )


def _directory(session: Session, organisation_id: uuid.UUID) -> list[DirectoryEntry]:
    teams: Iterable[Team] = session.execute(
        select(Team).where(Team.organisation_id == organisation_id).order_by(Team.name)
    ).scalars()
    return [
        DirectoryEntry(recipient_id=t.recipient_id, target=Target(t.target), name=t.name)
        for t in teams
    ]
