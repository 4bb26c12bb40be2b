"""Web accounts for employers' contact persons (issue 22, item 5), made by the organisation.

A coordinator invites a contact person of an employer in the register: the account (role
``employer``, tied to that employer) is made without a password, and a one-time link of
:data:`INVITE_DAYS` days is shown once. On it the contact chooses a password; only the link's
hash is kept. A second factor is optional for this role (``totp-setup`` on the command
line). Inviting and accepting are audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from fieldapp.wire import Role
from sync_server.audit import Actor, Event
from sync_server.auth import passwords, sessions
from sync_server.db.schema import Invitation, User
from sync_server.problems import ProblemCode
from sync_server.services import admin
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.tokens import digest, new_link_token

INVITE_DAYS = 7


@dataclass(frozen=True)
class Invited:
    token: str
    """Shown once: the page's address is ``/invite/<token>``."""
    username: str
    expires_at: datetime


def invite(
    ctx: ServerContext,
    principal: Principal,
    employer_id: uuid.UUID,
    username: str,
    display_name: str,
) -> Invited:
    """Make the contact person's account and its one-time link. Raises the account's own
    refusals (``user.bad_username``, ``user.exists``) and not found for another
    organisation's employer."""
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    user_id = admin.create_user(
        ctx,
        principal.organisation_id,
        username,
        Role.EMPLOYER,
        display_name=display_name,
        employer_id=employer_id,
    )
    now = ctx.clock()
    token = new_link_token()
    expires = now + timedelta(days=INVITE_DAYS)
    with ctx.db.write() as session:
        session.add(
            Invitation(
                id=uuid.uuid4(),
                user_id=user_id,
                token_hash=digest(token),
                created_at=now,
                expires_at=expires,
                used_at=None,
            )
        )
        ctx.audit(session, principal.actor, Event("invite", "user", str(user_id)))
    return Invited(token, username, expires)


def invited_username(ctx: ServerContext, token: str) -> str | None:
    """The username a working invitation is for; None when it does not work."""
    now = ctx.clock()
    with ctx.db.read() as session:
        found = session.execute(
            select(Invitation, User.username)
            .join(User, User.id == Invitation.user_id)
            .where(Invitation.token_hash == digest(token))
        ).first()
    if found is None:
        return None
    invitation, username = found
    if invitation.used_at is not None or invitation.expires_at <= now:
        return None
    return str(username)


def accept(ctx: ServerContext, token: str, password: str) -> str | None:
    """Set the invited person's password and use the link up; returns the username, or None
    when the link does not work. Raises ``ValueError`` for a password of the wrong length."""
    hashed = passwords.hash_password(password)
    now = ctx.clock()
    with ctx.db.write() as session:
        invitation = session.execute(
            select(Invitation).where(Invitation.token_hash == digest(token))
        ).scalar_one_or_none()
        if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
            return None
        user = session.get(User, invitation.user_id)
        assert user is not None  # the invitation goes with its user (cascade)
        user.password_hash = hashed
        sessions.end_all(session, user.id)
        invitation.used_at = now
        actor = Actor("user", user.id, user.role)
        ctx.audit(session, actor, Event("accept_invitation", "user", str(user.id)))
        return user.username
