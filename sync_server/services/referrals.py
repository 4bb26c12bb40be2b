"""Referrals on the server: consent checked again, routed by address, worked by the team.

A device pushes a referral once it is queued. The server checks the client's consent for
exactly that recipient again (a replayed or forged push cannot resurrect a withdrawn consent),
routes it by target and address to a team, and records ``sent`` and then ``delivered`` (or
``undeliverable`` for the coordinators to fix; also when the route found names a team of
another target than the referral's). The receiving team moves it through the DDAS
statuses; each step gets the next feed position, so it reaches the jobcoach's devices on their
next pull. Withdrawing consent withdraws the referral and deletes its payload here.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.errors import ConsentError
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import (
    OPEN,
    Referral,
    Status,
    StatusChange,
    require_consent,
    transition,
)
from fieldapp.domain.targets import Target, due_date
from fieldapp.wire import Change, Outcome
from sync_server.audit import Actor, Event
from sync_server.db.schema import ClientRow, RecordRow, ReferralRow, RoutingRuleRow, Team
from sync_server.problems import ProblemCode
from sync_server.routing.table import RoutingRow, resolve
from sync_server.sealing import Sealed
from sync_server.services.context import ServerContext
from sync_server.services.feed import next_seq
from sync_server.services.unit_of_work import CLIENTS, RECORDS, ChangeRefusedError, Scope

logger = logging.getLogger(__name__)
REFERRALS = "referrals"


def routing_rows(session: Session, organisation_id: uuid.UUID) -> list[RoutingRow]:
    rows = session.execute(
        select(RoutingRuleRow).where(RoutingRuleRow.organisation_id == organisation_id)
    ).scalars()
    return [
        RoutingRow(
            target=Target(r.target),
            postcode=r.postcode,
            house_from=r.house_from,
            house_to=r.house_to,
            area=r.area,
            recipient_id=r.recipient_id,
        )
        for r in rows
    ]


def _client(ctx: ServerContext, row: ClientRow) -> Client:
    document = ctx.sealer.open(CLIENTS, str(row.id), Sealed(row.wrapped_key, row.sealed))
    return Client.model_validate(document)


def _consents(ctx: ServerContext, session: Session, client_id: uuid.UUID) -> list[ConsentRecord]:
    rows = session.execute(
        select(RecordRow).where(
            RecordRow.client_id == client_id, RecordRow.kind == EntityKind.CONSENT.value
        )
    ).scalars()
    return [
        ConsentRecord.model_validate(
            ctx.sealer.open(RECORDS, str(r.id), Sealed(r.wrapped_key, r.sealed))
        )
        for r in rows
    ]


def _check_consent(consents: list[ConsentRecord], referral: Referral, now: datetime) -> None:
    try:
        require_consent(referral, consents, now)
    except ConsentError as refusal:
        raise ChangeRefusedError(Outcome.REJECTED, refusal.code.value) from None


def _route(
    session: Session, client: ClientRow, address_client: Client, referral: Referral
) -> tuple[Team | None, str]:
    """The team for this referral, or None with the reason it is undeliverable."""
    address = address_client.address
    if address is None:
        return None, "no_address"
    match = resolve(
        routing_rows(session, client.organisation_id),
        referral.target,
        address.postcode,
        address.house_number,
    )
    if match is None:
        return None, "no_route"
    team = session.execute(
        select(Team).where(
            Team.recipient_id == match.recipient_id,
            Team.organisation_id == client.organisation_id,
        )
    ).scalar_one_or_none()
    if team is None:
        return None, "no_route"
    if team.target != referral.target.value:
        # A row that points the target at another target's team (a table from before the
        # import checked this): the client agreed to a referral to this target, nothing else.
        logger.warning(
            "routing of organisation %s sends %s to a team of %s: referral left undeliverable",
            client.organisation_id,
            referral.target.value,
            team.target,
        )
        return None, "route_other_target"
    if team.recipient_id != referral.recipient_id:
        # The client agreed to hand over to the team the device named, not to another one.
        return None, "consent_other_recipient"
    return team, ""


def receive(scope: Scope, client: ClientRow, change: Change, referral: Referral) -> int:
    ctx, session, now = scope.ctx, scope.session, scope.now
    row = session.get(ReferralRow, referral.id)
    if row is not None:
        return _update_from_device(scope, row, change, referral)
    if referral.status is not Status.QUEUED:
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.REFERRAL_NOT_QUEUED)
    _check_consent(_consents(ctx, session, client.id), referral, now)
    team, reason = _route(session, client, _client(ctx, client), referral)
    at = max(now, referral.history[-1].at)
    sent = transition(referral, Status.SENT, at)
    routed = transition(sent, Status.DELIVERED if team else Status.UNDELIVERABLE, at, reason)
    row = ReferralRow(
        id=referral.id,
        client_id=client.id,
        organisation_id=client.organisation_id,
        target=referral.target.value,
        recipient_id=referral.recipient_id,
        team_id=None if team is None else team.id,
        urgency=referral.urgency.value,
        due_date=due_date(referral.urgency, ctx.local_day(at)),
        reasons=[reason.model_dump(mode="json") for reason in referral.reasons],
        amounts_consented=referral.amounts_consented,
        received_at=now,
        wrapped_key=None,
        sealed_payload=None,
    )
    if referral.payload is not None:
        sealed = ctx.sealer.seal(
            REFERRALS, str(referral.id), referral.payload.model_dump(mode="json")
        )
        row.wrapped_key, row.sealed_payload = sealed.wrapped_key, sealed.ciphertext
    save_history(session, row, routed, now)
    session.add(row)
    return row.version


def _update_from_device(scope: Scope, row: ReferralRow, change: Change, referral: Referral) -> int:
    """After sending, the server owns the status; a device may only withdraw."""
    if row.client_id != change.client_id:
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_MISMATCH)
    if referral.status is not Status.WITHDRAWN:
        raise ChangeRefusedError(
            Outcome.CONFLICT, ProblemCode.REFERRAL_SERVER_OWNED, server_version=row.version
        )
    if Status(row.status) in OPEN:
        _withdraw(scope.session, row, scope.now)
    return row.version


def to_domain(row: ReferralRow, payload: dict[str, Any] | None = None) -> Referral:
    return Referral.model_validate(
        {
            "id": row.id,
            "client_id": row.client_id,
            "target": row.target,
            "recipient_id": row.recipient_id,
            "urgency": row.urgency,
            "due_date": row.due_date,
            "reasons": row.reasons,
            "payload": payload,
            "amounts_consented": row.amounts_consented,
            "history": [{"status": s, "at": at, "note_code": note} for s, at, note in row.history],
            "version": row.version,
        }
    )


def open_payload(ctx: ServerContext, row: ReferralRow) -> dict[str, Any] | None:
    if row.wrapped_key is None or row.sealed_payload is None:
        return None
    document = ctx.sealer.open(REFERRALS, str(row.id), Sealed(row.wrapped_key, row.sealed_payload))
    assert isinstance(document, dict)
    return document


def save_history(session: Session, row: ReferralRow, referral: Referral, now: datetime) -> None:
    row.history = [_history_entry(change) for change in referral.history]
    row.status = referral.status.value
    row.version = referral.version
    row.seq = next_seq(session)
    row.updated_at = now


def _history_entry(change: StatusChange) -> list[str]:
    return [change.status.value, change.at.isoformat(), change.note_code]


def _withdraw(session: Session, row: ReferralRow, now: datetime) -> None:
    at = max(now, to_domain(row).history[-1].at)
    withdrawn = transition(to_domain(row), Status.WITHDRAWN, at)
    row.wrapped_key = row.sealed_payload = None
    save_history(session, row, withdrawn, now)


def withdraw_for_consent(scope: Scope, consent: ConsentRecord) -> None:
    """Consent withdrawn: every open referral to that recipient is withdrawn, payload deleted."""
    if consent.purpose is not Purpose.REFERRAL:
        return
    session, now = scope.session, scope.now
    rows = session.execute(
        select(ReferralRow).where(
            ReferralRow.client_id == consent.client_id,
            ReferralRow.recipient_id == consent.recipient_id,
        )
    ).scalars()
    for row in list(rows):
        if Status(row.status) in OPEN:
            _withdraw(session, row, now)
            scope.audit("withdraw_on_consent", "referral", str(row.id))


def expire_overdue(ctx: ServerContext, actor: Actor) -> int:
    """Referrals delivered but not acknowledged by their due date become ``expired``, so
    coordinators escalate them; the jobcoach's devices see it on their next pull."""
    now = ctx.clock()
    today = ctx.local_day(now)
    with ctx.db.write() as session:
        rows = list(
            session.execute(
                select(ReferralRow).where(
                    ReferralRow.status == Status.DELIVERED.value, ReferralRow.due_date < today
                )
            ).scalars()
        )
        for row in rows:
            current = to_domain(row)
            at = max(now, current.history[-1].at)
            save_history(
                session, row, transition(current, Status.EXPIRED, at, "not_acknowledged"), now
            )
        events = [Event("expire", "referral", str(row.id)) for row in rows]
        ctx.audit(session, actor, *events, at=now)
    return len(rows)
