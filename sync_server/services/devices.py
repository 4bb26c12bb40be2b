"""Pairing codes, enrollment, token authentication and revocation of devices.

Wrong pairing codes are throttled per client address and per organisation, in the database
(:mod:`sync_server.services.throttle`, with the web login's window and lock). The enroll
request names no organisation: its pairing code is what identifies one, and a wrong code
identifies none. So every wrong code counts in one bucket for requests that name no
organisation: in effect the whole server, whose organisations share one code space (a guess
could hit any of their codes). While the address or that bucket is locked, an enrollment is
refused with ``enroll.throttled`` before its code is looked at, so a right code waits too.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from fieldapp.wire import DeviceSummary, EnrollResponse, Role
from sync_server.audit import Actor, Event
from sync_server.db.schema import Device, PairingCode, User, table_of
from sync_server.problems import ProblemCode
from sync_server.services import throttle
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import (
    Kind,
    ServiceError,
    ThrottledError,
    not_found,
    unauthenticated,
)
from sync_server.tokens import digest, new_pairing_code, new_token

logger = logging.getLogger(__name__)
UNNAMED_ORGANISATION = "unnamed"
"""The organisation bucket of an enroll request, which names none (see the module's doc)."""


def issue_pairing_code(ctx: ServerContext, user_id: uuid.UUID, actor: Actor) -> str:
    """A single-use code for ``user_id``'s next device; valid ``pairing_code_ttl_s`` seconds."""
    code = new_pairing_code()
    now = ctx.clock()
    with ctx.db.write() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise ServiceError(Kind.NOT_FOUND, ProblemCode.USER_NOT_FOUND, "No such active user.")
        if user.role == Role.EMPLOYER.value:  # web only: never a device, never the API
            raise ServiceError(
                Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "An employer's contact has no device."
            )
        session.add(
            PairingCode(
                id=uuid.uuid4(),
                code_hash=digest(code),
                user_id=user_id,
                created_at=now,
                expires_at=now + timedelta(seconds=ctx.settings.pairing_code_ttl_s),
                used_at=None,
            )
        )
        ctx.audit(session, actor, Event("issue_pairing_code", "user", str(user_id)), at=now)
    return code


def _pairing_limits(ctx: ServerContext, address: str) -> list[throttle.Limit]:
    web, secret = ctx.settings.web, ctx.keys.throttle
    by_address = throttle.key(secret, "pairing-address", throttle.address_value(address))
    by_organisation = throttle.key(secret, "pairing-organisation", UNNAMED_ORGANISATION)
    return [
        throttle.Limit(by_address, web.pairing_max_failures_per_address),
        throttle.Limit(by_organisation, web.pairing_max_failures_per_organisation),
    ]


def enroll(ctx: ServerContext, code: str, label: str, *, address: str = "") -> EnrollResponse:
    """Trade a valid, unused, unexpired pairing code for a device id and token.

    ``address`` is the client's (empty off the network). Raises ``enroll.invalid_code`` (the
    failure counted) or, while throttled, ``enroll.throttled`` without looking at the code."""
    now = ctx.clock()
    limits = _pairing_limits(ctx, address)
    with ctx.db.write() as session:
        locked = throttle.locked_until(session, [limit.key for limit in limits], now)
        if locked is None:
            enrolled = _redeem(ctx, session, code, label, now)
            if enrolled is not None:
                return enrolled
            policy = throttle.policy(ctx.settings.web)
            if throttle.count_failure(session, limits, now, policy) is not None:
                logger.warning("enrollment locked after too many wrong pairing codes")
    # Committed: a refused code still counts.
    if locked is not None:
        raise ThrottledError(
            ProblemCode.ENROLL_THROTTLED,
            "Too many wrong pairing codes; try again later.",
            throttle.retry_after_s(locked, now),
        )
    raise ServiceError(
        Kind.UNAUTHENTICATED, ProblemCode.ENROLL_INVALID_CODE, "The pairing code is not valid."
    )


def _redeem(
    ctx: ServerContext, session: Session, code: str, label: str, now: datetime
) -> EnrollResponse | None:
    """A new device for a usable code, else None."""
    pairing = session.execute(
        select(PairingCode).where(PairingCode.code_hash == digest(code)).with_for_update()
    ).scalar_one_or_none()
    user = None if pairing is None else session.get(User, pairing.user_id)
    if pairing is None or user is None:
        return None
    if pairing.used_at is not None or pairing.expires_at <= now or not user.active:
        return None
    pairing.used_at = now
    token = new_token()
    device = Device(
        id=uuid.uuid4(),
        user_id=user.id,
        token_hash=digest(token),
        label=label,
        created_at=now,
        last_seen_at=now,
        revoked_at=None,
    )
    session.add(device)
    actor = Actor("device", device.id, user.role)
    ctx.audit(session, actor, Event("enroll", "device", str(device.id)), at=now)
    return EnrollResponse(
        device_id=device.id,
        token=token,
        user_id=user.id,
        organisation_id=user.organisation_id,
        role=Role(user.role),
    )


def authenticate(ctx: ServerContext, token: str) -> Principal:
    """The caller behind a bearer token; revoked devices get their own code so they wipe."""
    with ctx.db.engine.connect() as connection:
        return authenticate_in(connection, token)


_DEVICES, _USERS = table_of(Device), table_of(User)
_CALLER = (
    select(
        _DEVICES.c.id,
        _DEVICES.c.revoked_at,
        _DEVICES.c.last_seen_at,
        _USERS.c.id,
        _USERS.c.organisation_id,
        _USERS.c.role,
        _USERS.c.team_id,
        _USERS.c.active,
    )
    .join(_USERS, _USERS.c.id == _DEVICES.c.user_id)
    .where(_DEVICES.c.token_hash == bindparam("token_hash"))
)
"""Every request runs it: built once, plain columns of the Core tables, no ORM objects."""
_TOUCH = update(_DEVICES).where(_DEVICES.c.id == bindparam("device"))
"""The columns to set come with the parameters."""


def authenticate_in(connection: Connection | Session, token: str) -> Principal:
    """:func:`authenticate` inside a transaction the caller already has."""
    row = connection.execute(_CALLER, {"token_hash": digest(token)}).first()
    if row is None:
        raise unauthenticated()
    device_id, revoked_at, last_seen_at, user_id, organisation_id, role, team_id, active = row
    if revoked_at is not None:
        raise ServiceError(
            Kind.UNAUTHENTICATED, ProblemCode.DEVICE_REVOKED, "This device was revoked."
        )
    if not active:
        raise unauthenticated()
    return Principal(user_id, organisation_id, Role(role), team_id, device_id, last_seen_at)


TOUCH_EVERY = timedelta(minutes=1)


def touch(
    session: Session, principal: Principal, now: datetime, *, unsent: int | None = None
) -> None:
    """Record contact in the sync's own transaction (coordinators see when it last synced);
    to the minute, so a device pushing after every visit does not rewrite its row each time.
    A reported count of unsent changes is always stored."""
    if principal.device_id is None:
        return
    values: dict[str, object] = {}
    seen = principal.last_seen_at
    if seen is None or now - seen >= TOUCH_EVERY:
        values["last_seen_at"] = now
    if unsent is not None:
        values["unsent_changes"] = unsent
    if values:
        session.execute(_TOUCH, {"device": principal.device_id, **values})


def list_devices(ctx: ServerContext, organisation_id: uuid.UUID) -> list[DeviceSummary]:
    with ctx.db.read() as session:
        rows = session.execute(
            select(Device)
            .join(User, User.id == Device.user_id)
            .where(User.organisation_id == organisation_id)
            .order_by(Device.created_at)
        ).scalars()
        return [
            DeviceSummary(
                device_id=d.id,
                user_id=d.user_id,
                label=d.label,
                created_at=d.created_at,
                last_seen_at=d.last_seen_at,
                revoked_at=d.revoked_at,
                unsent_changes=d.unsent_changes,
            )
            for d in rows
        ]


def revoke_device(
    ctx: ServerContext, device_id: uuid.UUID, organisation_id: uuid.UUID | None, actor: Actor
) -> None:
    """Revoke; ``organisation_id`` limits it to one organisation (None: an admin on the CLI)."""
    now = ctx.clock()
    with ctx.db.write() as session:
        found = session.execute(
            select(Device, User).join(User, User.id == Device.user_id).where(Device.id == device_id)
        ).first()
        if found is None or (
            organisation_id is not None and found[1].organisation_id != organisation_id
        ):
            raise not_found()
        device = found[0]
        if device.revoked_at is None:
            device.revoked_at = now
        ctx.audit(session, actor, Event("revoke", "device", str(device_id)), at=now)
