"""Push: apply a device's batch of changes, each exactly once.

Each change runs in its own savepoint inside the batch's transaction:

1. Its idempotency key ``(device, change id)`` is claimed by inserting a row. If the key was
   seen before, the stored result comes back when the content fingerprint matches, and a
   ``change.key_reused`` conflict when it does not. Two concurrent requests with the same key
   cannot both claim it: the primary key decides, the loser reads the winner's result.
2. The body is validated with the domain model of its kind; ownership and versions are checked;
   the effect is written with the next feed position and an audit entry.
3. A rejected or conflicting change rolls back only its own savepoint (nothing stored, its key
   free for a corrected retry); the rest of the batch goes on.

The whole batch commits at once, so a response reports only what is durably stored.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.employer import Employer
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.outbox import ORG_KINDS, EntityKind, Operation
from fieldapp.domain.outreach import OutreachEvent
from fieldapp.domain.ports import ENTITY_MODELS
from fieldapp.domain.referral import Referral
from fieldapp.wire import FIELD_ROLES, Change, ChangeResult, Outcome, PushRequest, PushResponse
from sync_server.db.schema import ClientRow, IdempotencyRow, RecordRow, table_of
from sync_server.problems import ProblemCode
from sync_server.services import devices, outreach, referrals
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.feed import reserve_seqs
from sync_server.services.records import store_client, store_employer, store_record
from sync_server.services.unit_of_work import ChangeRefusedError, Scope

_DOMAIN_CODES = frozenset(code.value for code in ErrorCode)
_NOT_RECORDS = frozenset({EntityKind.CLIENT, EntityKind.REFERRAL, *ORG_KINDS})
_SERVER_MADE = frozenset({EntityKind.VISIT_REQUEST, EntityKind.CONCERN})
"""Kinds only the server makes: a device receives them and never sends them."""
RETRIES = 2
"""A batch that lost a race for its idempotency keys to a concurrent request runs again (at
most this often): the run after reads and replays the winner's results."""


def fingerprint(change: Change) -> bytes:
    content = change.model_dump(mode="json")
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).digest()


def push(ctx: ServerContext, principal: Principal, request: PushRequest) -> PushResponse:
    """Apply ``request`` for an authenticated caller (blocking; for tests and tools)."""
    _require_field_device(principal)
    now = ctx.clock()
    return ctx.db.grouped(
        lambda session: _apply_batch(_scope(ctx, session, principal, now), request),
        retries=RETRIES,
    )


async def push_with_token(ctx: ServerContext, token: str, request: PushRequest) -> PushResponse:
    """The route's way in: authentication, checks and the batch in one grouped transaction,
    on the writer thread, while the event loop goes on serving other devices."""
    now = ctx.clock()

    def work(session: Session) -> PushResponse:
        principal = devices.authenticate_in(session, token)
        _require_field_device(principal)
        return _apply_batch(_scope(ctx, session, principal, now), request)

    return await ctx.db.grouped_async(work, retries=RETRIES)


def _require_field_device(principal: Principal) -> None:
    if principal.role not in FIELD_ROLES or principal.device_id is None:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


def _scope(ctx: ServerContext, session: Session, principal: Principal, now: datetime) -> Scope:
    return Scope(ctx, session, principal, now, iter(()))


def _apply_batch(scope: Scope, request: PushRequest) -> PushResponse:
    session, principal, now = scope.session, scope.principal, scope.now
    assert principal.device_id is not None
    # Taking the feed positions first holds the counter lock, so batches apply one at a
    # time in commit order and everything read below is current.
    scope.seqs = reserve_seqs(session, len(request.changes))
    seen = _prefetch(scope, request.changes)
    results = []
    for change in request.changes:
        key = change.change_id
        content_print = fingerprint(change)
        if key in seen:
            results.append(_replay(seen[key], change, content_print))
            continue
        try:
            result = _apply(scope, change)
        except ChangeRefusedError as refused:
            results.append(refused.result(change.change_id))
            continue
        claim = Claim(content_print, result.model_dump(mode="json"))
        scope.new_keys.append(
            {
                "device_id": principal.device_id,
                "change_id": key,
                "fingerprint": claim.fingerprint,
                "result": claim.result,
                "created_at": now,
            }
        )
        seen[key] = claim
        results.append(result)
    scope.write_new()
    scope.write_audit()
    devices.touch(session, principal, now)
    return PushResponse(results=results)


_KEYS = table_of(IdempotencyRow)
_SEEN_KEYS = select(_KEYS.c.change_id, _KEYS.c.fingerprint, _KEYS.c.result).where(
    _KEYS.c.device_id == bindparam("device"),
    _KEYS.c.change_id.in_(bindparam("keys", expanding=True)),
)
_CLIENTS = select(ClientRow).where(ClientRow.id.in_(bindparam("ids", expanding=True)))
_RECORDS = select(RecordRow).where(RecordRow.id.in_(bindparam("ids", expanding=True)))
"""The prefetch's queries, built once: every push runs them, and building a statement and
its cache key cost more than SQLite's part of running it."""


def _prefetch(scope: Scope, changes: list[Change]) -> dict[uuid.UUID, Claim]:
    """Load what the batch touches in one query per table; returns the keys seen before."""
    session, device_id = scope.session, scope.principal.device_id
    keys = [change.change_id for change in changes]
    seen = {
        change_id: Claim(fingerprint, result)
        for change_id, fingerprint, result in session.execute(
            _SEEN_KEYS, {"device": device_id, "keys": keys}
        )
    }
    client_ids = list({change.client_id for change in changes if change.client_id is not None})
    if client_ids:
        found = session.execute(_CLIENTS, {"ids": client_ids}).scalars()
        scope.clients.update((row.id, row) for row in found)
    record_ids = list({c.entity_id for c in changes if c.entity not in _NOT_RECORDS})
    if record_ids:
        rows = session.execute(_RECORDS, {"ids": record_ids}).scalars()
        scope.records.update((row.id, row) for row in rows)
    return seen


@dataclass(frozen=True)
class Claim:
    """A key applied in this batch: what a replay within the batch compares and answers."""

    fingerprint: bytes
    result: dict[str, Any]


def _replay(seen: Claim, change: Change, content_print: bytes) -> ChangeResult:
    if seen.fingerprint != content_print:
        return ChangeResult(
            change_id=change.change_id,
            outcome=Outcome.CONFLICT,
            code=ProblemCode.CHANGE_KEY_REUSED,
        )
    stored = ChangeResult.model_validate(seen.result)
    return stored.model_copy(update={"outcome": Outcome.DUPLICATE})


def _apply(scope: Scope, change: Change) -> ChangeResult:
    if (
        change.operation is not Operation.UPSERT
        or change.body is None
        or change.entity in _SERVER_MADE
    ):
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_OPERATION_NOT_ALLOWED)
    entity = _parse(change)
    if change.entity is EntityKind.CLIENT:
        assert isinstance(entity, Client)
        version = store_client(scope, change, entity)
    elif isinstance(entity, Employer):
        version = store_employer(scope, change, entity)
    elif isinstance(entity, OutreachEvent):
        version = outreach.store_event(scope, change, entity)
    else:
        assert change.client_id is not None  # the wire model requires it for these kinds
        client = _own_client(scope, change.client_id)
        if isinstance(entity, Referral):
            scope.write_new()  # the consent check below reads records of this batch
            version = referrals.receive(scope, client, change, entity)
        else:
            version = store_record(scope, change, entity)
            if isinstance(entity, ConsentRecord) and entity.withdrawn_at is not None:
                scope.write_new()
                referrals.withdraw_for_consent(scope, entity)
    scope.audit(f"push_{change.entity.value}", change.entity.value, str(change.entity_id))
    return ChangeResult(change_id=change.change_id, outcome=Outcome.APPLIED, server_version=version)


def _parse(change: Change) -> BaseModel:
    try:
        entity = ENTITY_MODELS[change.entity].model_validate(change.body)
    except ValidationError as error:
        raise _invalid(error) from None
    body: Any = entity
    client_id = (
        body.id
        if change.entity is EntityKind.CLIENT
        else None
        if change.entity in ORG_KINDS
        else body.client_id
    )
    if (body.id, client_id, body.version) != (
        change.entity_id,
        change.client_id,
        change.entity_version,
    ):
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CHANGE_MISMATCH)
    return entity


def _invalid(error: ValidationError) -> ChangeRefusedError:
    """A rejection naming the fields at fault and the first domain code, never the values."""
    problems = error.errors(include_input=False, include_url=False)
    fields = sorted({".".join(str(part) for part in p["loc"]) for p in problems})
    codes = [p["type"] for p in problems if p["type"] in _DOMAIN_CODES]
    return ChangeRefusedError(
        Outcome.REJECTED, codes[0] if codes else ProblemCode.CHANGE_INVALID, fields=fields
    )


def _own_client(scope: Scope, client_id: uuid.UUID) -> ClientRow:
    client = scope.clients.get(client_id)
    if client is None or client.jobcoach_id != scope.principal.user_id:
        # One code for "unknown" and "someone else's": existence is not revealed.
        raise ChangeRefusedError(Outcome.REJECTED, ProblemCode.CLIENT_NOT_IN_CASELOAD)
    return client
