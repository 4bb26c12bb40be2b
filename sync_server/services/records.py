"""Storing clients and their records: ownership, versions (never clocks), sealing, feed.

A new entity is taken as it comes (``base_version`` 0). An edit must name the version it was
made on: if the server holds another, the change is a conflict and the device keeps both
versions for the user to resolve; nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.concern import EmployerConcern
from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.employer import Employer
from fieldapp.domain.participation import LadderStep
from fieldapp.domain.placement import Placement
from fieldapp.domain.rating import SupportRating
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.visit import Goal, Visit
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.wire import Change, Outcome
from sync_server.db.schema import ClientRow, EmployerRow
from sync_server.problems import ProblemCode
from sync_server.services import client_search, outcome_facts
from sync_server.services.context import ServerContext
from sync_server.services.unit_of_work import (
    CLIENTS,
    EMPLOYERS,
    RECORDS,
    ChangeRefusedError,
    Scope,
)


def check_version(stored: int | None, change: Change) -> None:
    """Apply only an edit of what the server holds, and only forwards."""
    held = 0 if stored is None else stored
    if change.base_version != held or change.entity_version <= held:
        raise ChangeRefusedError(
            Outcome.CONFLICT, ProblemCode.CHANGE_VERSION_CONFLICT, server_version=stored
        )


def store_client(scope: Scope, change: Change, client: Client) -> int:
    ctx, session, principal, now = scope.ctx, scope.session, scope.principal, scope.now
    row = scope.clients.get(change.entity_id)
    if row is not None and row.jobcoach_id != principal.user_id:
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CLIENT_NOT_IN_CASELOAD)
    check_version(None if row is None else row.version, change)
    sealed = ctx.sealer.seal(CLIENTS, str(client.id), client.model_dump(mode="json"))
    seq = scope.next_seq()
    if row is None:
        row = ClientRow(
            id=client.id,
            organisation_id=principal.organisation_id,
            jobcoach_id=principal.user_id,
            created_at=now,
        )
        scope.clients[client.id] = row
    row.version, row.seq, row.updated_at = client.version, seq, now
    row.wrapped_key, row.sealed = sealed.wrapped_key, sealed.ciphertext
    row.target_group = client.target_group.value
    session.add(row)
    session.flush()  # the row before its search tokens, which refer to it
    client_search.index_client(ctx, session, row.organisation_id, client)
    return client.version


def store_employer(scope: Scope, change: Change, employer: Employer) -> int:
    """An employer of the caller's organisation: any field device of it may add or edit one,
    under the same version rule as a client's records."""
    organisation_id = scope.principal.organisation_id
    row = scope.session.get(EmployerRow, change.entity_id)
    if row is not None and row.organisation_id != organisation_id:
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_MISMATCH)
    check_version(None if row is None else row.version, change)
    write_employer(
        scope.ctx,
        scope.session,
        row,
        employer,
        organisation_id=organisation_id,
        now=scope.now,
        seq=scope.next_seq(),
    )
    return employer.version


def write_employer(
    ctx: ServerContext,
    session: Session,
    row: EmployerRow | None,
    employer: Employer,
    *,
    organisation_id: UUID,
    now: datetime,
    seq: int,
) -> EmployerRow:
    """Seal and store ``employer`` at feed position ``seq`` (versions checked by the caller)."""
    sealed = ctx.sealer.seal(EMPLOYERS, str(employer.id), employer.model_dump(mode="json"))
    if row is None:
        row = EmployerRow(id=employer.id, organisation_id=organisation_id, created_at=now)
        session.add(row)
    row.version, row.seq, row.updated_at = employer.version, seq, now
    row.wrapped_key, row.sealed = sealed.wrapped_key, sealed.ciphertext
    row.kind = employer.kind.value
    return row


def occurred_at(entity: BaseModel) -> datetime:
    """The moment retention counts from."""
    match entity:
        case Visit():
            return entity.started_at
        case WellbeingCheck():
            return entity.taken_at
        case SignalObservation():
            return entity.observed_at
        case ConsentRecord():
            return entity.withdrawn_at or entity.expires_at or entity.given_at
        case EmployerConcern():
            return entity.reported_at
    return datetime.combine(_day_of(entity), time(), UTC)


def _day_of(entity: BaseModel) -> date:
    match entity:
        case Goal():
            return entity.period_end
        case Placement():  # from its end: a running placement is never due
            return entity.last_day or date.max
        case LadderStep():
            return entity.on
        case SupportRating():
            return entity.rated_on
    raise TypeError(type(entity).__name__)


def store_record(scope: Scope, change: Change, entity: BaseModel) -> int:
    ctx, principal, now = scope.ctx, scope.principal, scope.now
    row = scope.existing_record(change.entity_id)
    pending = scope.new_records.get(change.entity_id)
    kind, client_id, version = (
        (row.kind, row.client_id, row.version)
        if row is not None
        else (pending["kind"], pending["client_id"], pending["version"])
        if pending is not None
        else (change.entity.value, change.client_id, None)
    )
    if (kind, client_id) != (change.entity.value, change.client_id):
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_MISMATCH)
    check_version(version, change)
    sealed = ctx.sealer.seal(RECORDS, str(change.entity_id), entity.model_dump(mode="json"))
    values: dict[str, Any] = {
        "version": change.entity_version,
        "seq": scope.next_seq(),
        "updated_at": now,
        "occurred_at": occurred_at(entity),
        "wrapped_key": sealed.wrapped_key,
        "sealed": sealed.ciphertext,
    }
    if row is not None:
        for name, value in values.items():
            setattr(row, name, value)
    elif pending is not None:
        pending.update(values)
    else:
        scope.new_records[change.entity_id] = {
            "id": change.entity_id,
            "kind": change.entity.value,
            "client_id": change.client_id,
            "author_device_id": principal.device_id,
            "created_at": now,
            **values,
        }
    fact = outcome_facts.fact_of(entity, principal.organisation_id)
    if fact is not None:
        scope.new_facts.append(fact)
    return change.entity_version
