"""Web login: password (Argon2id), a TOTP second factor for coordinators, data protection
officers and admins, database-backed sessions with idle and absolute expiry, and throttling.

Every refusal is the same ``auth.failed``: a wrong username, a wrong password, a locked account,
a role without web pages and a missing second factor look alike from outside. Failures lock
the username (``login_max_failures``) and, at a much higher count, the client address
(``login_max_failures_per_address``: a whole office behind one NAT or proxy shares one).
Sessions, throttle counters and the last used TOTP step live in the database, so several
server processes behave as one. Logins are audited (the user, never the password or the code).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.wire import Role
from sync_server.audit import Actor, Event
from sync_server.auth import passwords, sessions, totp
from sync_server.auth.sessions import STAGE_FULL, STAGE_PASSWORD
from sync_server.db.schema import Organisation, User, WebSession
from sync_server.problems import ProblemCode
from sync_server.sealing import Sealed
from sync_server.services import throttle
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError

logger = logging.getLogger(__name__)
TOTP_ROLES = frozenset({Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER, Role.ADMIN})
WEB_ROLES = TOTP_ROLES | {Role.RECEIVING_TEAM, Role.EMPLOYER}
_USERS = "users"


def failed() -> ServiceError:
    return ServiceError(Kind.UNAUTHENTICATED, ProblemCode.AUTH_FAILED, "Login failed.")


@dataclass(frozen=True)
class WebUser:
    """The person behind a full session, as the pages need them."""

    principal: Principal
    username: str
    display_name: str
    organisation: str
    csrf_token: str
    lang: str


def _throttle_limits(ctx: ServerContext, username: str, address: str) -> list[throttle.Limit]:
    """The username's limit first (a successful login clears it), then the address's."""
    web, secret = ctx.settings.web, ctx.keys.throttle
    user_key = throttle.key(secret, "login-user", username.strip().lower())
    address_key = throttle.key(secret, "login-address", throttle.address_value(address))
    return [
        throttle.Limit(user_key, web.login_max_failures),
        throttle.Limit(address_key, web.login_max_failures_per_address),
    ]


def _locked(session: Session, limits: list[throttle.Limit], now: datetime) -> bool:
    return throttle.locked_until(session, [limit.key for limit in limits], now) is not None


def _count_failure(
    ctx: ServerContext, session: Session, limits: list[throttle.Limit], now: datetime
) -> None:
    throttle.count_failure(session, limits, now, throttle.policy(ctx.settings.web))


def _audit(
    session: Session, ctx: ServerContext, user: User | None, action: str, result: str
) -> None:
    actor = Actor("user", None if user is None else user.id, "" if user is None else user.role)
    ctx.audit(session, actor, Event(action, "user", "" if user is None else str(user.id), result))


def login(ctx: ServerContext, username: str, password: str, address: str, lang: str) -> str:
    """Check the password; returns a new session token (stage ``password`` when a second
    factor follows, else ``full``). Raises ``auth.failed``."""
    now = ctx.clock()
    limits = _throttle_limits(ctx, username, address)
    with ctx.db.read() as session:
        user = session.execute(
            select(User).where(User.username == username.strip())
        ).scalar_one_or_none()
        locked = _locked(session, limits, now)
    stored = user.password_hash if user is not None else None
    matches = passwords.verify_password(stored or passwords.dummy_hash(), password) and bool(stored)
    allowed = (
        user is not None
        and user.active
        and Role(user.role) in WEB_ROLES
        and (Role(user.role) not in TOTP_ROLES or user.totp_secret is not None)
    )
    if locked or not matches or not allowed:
        with ctx.db.write() as session:  # committed: a refusal still counts
            if not locked:
                _count_failure(ctx, session, limits, now)
            _audit(session, ctx, user, "login", "throttled" if locked else "failed")
        raise failed()
    assert user is not None
    with ctx.db.write() as session:
        throttle.clear(session, limits[0].key)
        row = session.get(User, user.id)
        assert row is not None and stored is not None
        if passwords.needs_rehash(stored):
            row.password_hash = passwords.hash_password(password)
        # A second factor where the role needs one, and wherever the person set one up (an
        # employer's contact may: it is optional for that role).
        second = Role(user.role) in TOTP_ROLES or user.totp_secret is not None
        stage = STAGE_PASSWORD if second else STAGE_FULL
        token = sessions.open_session(session, user.id, stage, lang=lang, created_at=now, now=now)
        _audit(session, ctx, user, "login", "ok" if stage == STAGE_FULL else "password_ok")
    return token


def _live_session(ctx: ServerContext, session: Session, token: str) -> WebSession | None:
    return sessions.live(session, token, ctx.clock(), ctx.settings.web)


def needs_second_factor(ctx: ServerContext, token: str) -> bool:
    with ctx.db.write() as session:
        row = _live_session(ctx, session, token)
        return row is not None and row.stage == STAGE_PASSWORD


def second_factor(ctx: ServerContext, token: str, code: str, address: str) -> str:
    fresh = _second_factor(ctx, token, code, address)
    if not fresh:
        raise failed()
    return fresh


def _second_factor(ctx: ServerContext, token: str, code: str, address: str) -> str:
    """Check the TOTP code of a session that passed its password. Returns the session's new
    token (a session that gains rights gets a new id); raises ``auth.failed``."""
    now = ctx.clock()
    with ctx.db.write() as session:
        row = _live_session(ctx, session, token)
        user = None if row is None else session.get(User, row.user_id)
        if row is None or user is None or row.stage != STAGE_PASSWORD:
            return ""
        limits = _throttle_limits(ctx, user.username, address)
        step = None
        if not _locked(session, limits, now):
            step = totp.verify(_open_secret(ctx, user), code, now, user.totp_last_step)
        if step is None:
            _count_failure(ctx, session, limits, now)
            _audit(session, ctx, user, "login_totp", "failed")
            if _locked(session, limits, now):
                session.delete(row)  # start again from the password
            return ""  # commit the count, then refuse
        user.totp_last_step = step
        session.delete(row)
        session.flush()
        fresh = sessions.open_session(
            session, user.id, STAGE_FULL, lang=row.lang, created_at=row.created_at, now=now
        )
        _audit(session, ctx, user, "login_totp", "ok")
        return fresh


def current_user(ctx: ServerContext, token: str) -> WebUser | None:
    """The person of a full, unexpired session (its idle clock restarts), else None."""
    if not token:
        return None
    now = ctx.clock()
    with ctx.db.write() as session:
        row = _live_session(ctx, session, token)
        if row is None or row.stage != STAGE_FULL:
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            session.delete(row)
            return None
        sessions.touch(row, now)
        organisation = session.get(Organisation, user.organisation_id)
        principal = Principal(
            user_id=user.id,
            organisation_id=user.organisation_id,
            role=Role(user.role),
            team_id=user.team_id,
            device_id=None,
            employer_id=user.employer_id,
        )
        return WebUser(
            principal=principal,
            username=user.username,
            display_name=user.display_name or user.username,
            organisation="" if organisation is None else organisation.name,
            csrf_token=row.csrf_token,
            lang=row.lang,
        )


def set_language(ctx: ServerContext, token: str, lang: str) -> None:
    with ctx.db.write() as session:
        row = _live_session(ctx, session, token)
        if row is not None:
            row.lang = lang


def logout(ctx: ServerContext, token: str) -> None:
    with ctx.db.write() as session:
        row = sessions.find(session, token)
        if row is not None:
            user = session.get(User, row.user_id)
            session.delete(row)
            _audit(session, ctx, user, "logout", "ok")


# -- administration (CLI, demo) ---------------------------------------------------------


def set_password(ctx: ServerContext, user_id: uuid.UUID, password: str) -> None:
    hashed = passwords.hash_password(password)
    with ctx.db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise ServiceError(Kind.NOT_FOUND, ProblemCode.NOT_FOUND, "No such user.")
        user.password_hash = hashed
        sessions.end_all(session, user_id)


def set_totp_secret(ctx: ServerContext, user_id: uuid.UUID, secret: bytes | None = None) -> str:
    """Give a user a (new) TOTP secret; returns the otpauth URI for an authenticator app."""
    secret = secret or totp.new_secret()
    with ctx.db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise ServiceError(Kind.NOT_FOUND, ProblemCode.NOT_FOUND, "No such user.")
        sealed = ctx.sealer.seal(_USERS, str(user.id), {"totp": totp.encode_secret(secret)})
        user.totp_secret = sealed.packed()
        user.totp_last_step = None
        return totp.provisioning_uri(secret, user.username)


def _open_secret(ctx: ServerContext, user: User) -> bytes:
    packed = user.totp_secret
    if packed is None:
        raise failed()
    document = ctx.sealer.open(_USERS, str(user.id), Sealed.unpacked(packed))
    assert isinstance(document, dict)
    return totp.decode_secret(str(document["totp"]))
