"""Employers' concerns about workers placed with them (issue 22, item 5).

An employer's contact person sees only the workers who have a placement with that employer
running today and who agreed that this employer may pass concerns to the jobcoach (an
``employer_contact`` consent for ``employer:<id>``, not withdrawn or expired), each by first
name and family initial, and nothing else of them. A concern becomes a record of the client
that the jobcoach's device pulls: information to discuss with the client, never a referral.
The employer sees back only that it was received. Listing the workers is audited as a read of
each name shown; sending a concern as its creation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.concern import ConcernSign, EmployerConcern, employer_recipient
from fieldapp.domain.consent import ConsentRecord, Purpose, check_consent
from fieldapp.domain.errors import ConsentError
from fieldapp.domain.outbox import EntityKind
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.db.schema import ClientRow, ConcernFact, PlacementFact, RecordRow
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.server_records import add_record
from sync_server.services.unit_of_work import CLIENTS, RECORDS


@dataclass(frozen=True)
class Worker:
    client_id: uuid.UUID
    name: str
    """First name and family initial."""


@dataclass(frozen=True)
class SentConcern:
    reported_at: datetime
    worker: str


def _employer_of(principal: Principal) -> uuid.UUID:
    if principal.role is not Role.EMPLOYER or principal.employer_id is None:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    return principal.employer_id


def _consented(
    ctx: ServerContext, session: Session, client_ids: set[uuid.UUID], recipient: str, now: datetime
) -> set[uuid.UUID]:
    """Of ``client_ids``, those with a consent covering ``recipient`` now."""
    rows = session.execute(
        select(RecordRow).where(
            RecordRow.kind == EntityKind.CONSENT.value, RecordRow.client_id.in_(client_ids)
        )
    ).scalars()
    found = set()
    for row in rows:
        consent = ConsentRecord.model_validate(ctx.sealer.open_row(RECORDS, row))
        try:
            check_consent(
                consent,
                client_id=row.client_id,
                purpose=Purpose.EMPLOYER_CONTACT,
                recipient_id=recipient,
                now=now,
            )
        except ConsentError:
            continue
        found.add(row.client_id)
    return found


def _workers(
    ctx: ServerContext, session: Session, principal: Principal, employer_id: uuid.UUID
) -> list[Worker]:
    now = ctx.clock()
    today: date = ctx.local_day(now)
    placed = set(
        session.execute(
            select(PlacementFact.client_id).where(
                PlacementFact.organisation_id == principal.organisation_id,
                PlacementFact.employer_id == employer_id,
                PlacementFact.start <= today,
                or_(PlacementFact.ended_on.is_(None), PlacementFact.ended_on >= today),
            )
        ).scalars()
    )
    allowed = _consented(ctx, session, placed, employer_recipient(employer_id), now)
    workers = []
    for client_id in allowed:
        row = session.get(ClientRow, client_id)
        assert row is not None
        client = Client.model_validate(ctx.sealer.open_row(CLIENTS, row))
        workers.append(Worker(client_id, client.known_at_work))
    return sorted(workers, key=lambda w: (w.name.casefold(), str(w.client_id)))


def workers(ctx: ServerContext, principal: Principal) -> list[Worker]:
    """The workers this employer may pass a concern about; each name shown is a read."""
    employer_id = _employer_of(principal)
    with ctx.db.write() as session:
        found = _workers(ctx, session, principal, employer_id)
        reads = [Event("read", "client", str(w.client_id)) for w in found]
        if reads:
            ctx.audit(session, principal.actor, *reads)
    return found


def send(
    ctx: ServerContext,
    principal: Principal,
    client_id: uuid.UUID,
    signs: tuple[ConcernSign, ...],
    text: str,
) -> EmployerConcern:
    """Store the concern for the jobcoach. Not found for a worker this employer may not pass
    one about (existence is not revealed); ``ValidationError`` when it says nothing."""
    employer_id = _employer_of(principal)
    now = ctx.clock()
    with ctx.db.write() as session:
        allowed = {w.client_id for w in _workers(ctx, session, principal, employer_id)}
        if client_id not in allowed:
            raise not_found()
        concern = EmployerConcern(
            id=uuid.uuid4(),
            client_id=client_id,
            employer_id=employer_id,
            signs=signs,
            text=text.strip(),
            reported_at=now,
        )
        add_record(ctx, session, concern, (client_id, principal.organisation_id), now)
        ctx.audit(session, principal.actor, Event("create", "employer_concern", str(concern.id)))
    return concern


def sent(ctx: ServerContext, principal: Principal) -> list[SentConcern]:
    """What this employer sent, newest first: when and about whom, nothing more."""
    employer_id = _employer_of(principal)
    with ctx.db.write() as session:
        rows = session.execute(
            select(RecordRow, ClientRow)
            .join(ConcernFact, ConcernFact.id == RecordRow.id)
            .join(ClientRow, ClientRow.id == RecordRow.client_id)
            .where(
                ConcernFact.organisation_id == principal.organisation_id,
                ConcernFact.employer_id == employer_id,
            )
        ).all()
        found = []
        for record, client_row in rows:
            concern = EmployerConcern.model_validate(ctx.sealer.open_row(RECORDS, record))
            client = Client.model_validate(ctx.sealer.open_row(CLIENTS, client_row))
            found.append((concern, client))
        if found:
            ctx.audit(
                session,
                principal.actor,
                *(Event("read", "employer_concern", str(c.id)) for c, _ in found),
            )
    return sorted(
        (SentConcern(c.reported_at, client.known_at_work) for c, client in found),
        key=lambda s: s.reported_at,
        reverse=True,
    )
