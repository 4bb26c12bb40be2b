"""Principals of the demo's people, for tests that call services directly."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from fieldapp.wire import Role
from sync_server.db.schema import User
from sync_server.demo import EMPLOYER_CONTACT
from sync_server.services.context import Principal, ServerContext


def person(ctx: ServerContext, username: str, role: Role) -> Principal:
    """A demo person's principal in their organisation, as a web session gives it."""
    with ctx.db.read() as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        return Principal(user.id, user.organisation_id, role, None, None)


def employer_contact(ctx: ServerContext, employer_id: uuid.UUID) -> Principal:
    """The demo employer contact's principal, acting for ``employer_id``."""
    with ctx.db.read() as session:
        user = session.execute(select(User).where(User.username == EMPLOYER_CONTACT)).scalar_one()
        return Principal(
            user.id, user.organisation_id, Role.EMPLOYER, None, None, employer_id=employer_id
        )
