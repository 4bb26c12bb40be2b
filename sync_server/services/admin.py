"""Setting up an organisation: its teams and its people (used by the CLI and the demo)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select

from fieldapp.domain.targets import ADVICE_ONLY, Target
from fieldapp.wire import Role
from sync_server.audit import Actor, Event
from sync_server.db.schema import EmployerRow, Organisation, Team, User
from sync_server.problems import ProblemCode
from sync_server.services.context import ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.feed import next_seq

_RECIPIENT = re.compile(r"^[a-z0-9][a-z0-9:_-]{2,119}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


def create_organisation(ctx: ServerContext, name: str) -> uuid.UUID:
    with ctx.db.write() as session:
        if session.execute(select(Organisation.id).where(Organisation.name == name)).first():
            raise ServiceError(
                Kind.CONFLICT, ProblemCode.ORGANISATION_EXISTS, "That name is taken."
            )
        organisation = Organisation(
            id=uuid.uuid4(), name=name, routing_seq=0, created_at=ctx.clock()
        )
        session.add(organisation)
        ctx.audit(session, Actor.system(), Event("create", "organisation", str(organisation.id)))
        return organisation.id


def create_team(
    ctx: ServerContext, organisation_id: uuid.UUID, target: Target, recipient_id: str, name: str
) -> uuid.UUID:
    if target in ADVICE_ONLY:
        raise ServiceError(
            Kind.INVALID, ProblemCode.TEAM_ADVICE_ONLY_TARGET, "Advice-only targets get no data."
        )
    if not _RECIPIENT.match(recipient_id):
        raise ServiceError(
            Kind.INVALID, ProblemCode.TEAM_BAD_RECIPIENT_ID, "Use a-z, 0-9, ':', '_', '-'."
        )
    with ctx.db.write() as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise ServiceError(
                Kind.NOT_FOUND, ProblemCode.ORGANISATION_NOT_FOUND, "No such organisation."
            )
        if session.execute(select(Team.id).where(Team.recipient_id == recipient_id)).first():
            raise ServiceError(
                Kind.CONFLICT, ProblemCode.TEAM_EXISTS, "That recipient id is taken."
            )
        team = Team(
            id=uuid.uuid4(),
            organisation_id=organisation_id,
            target=target.value,
            recipient_id=recipient_id,
            name=name,
        )
        session.add(team)
        organisation.routing_seq = next_seq(session)
        ctx.audit(session, Actor.system(), Event("create", "team", str(team.id)))
        return team.id


def create_user(
    ctx: ServerContext,
    organisation_id: uuid.UUID,
    username: str,
    role: Role,
    *,
    display_name: str = "",
    team_id: uuid.UUID | None = None,
    employer_id: uuid.UUID | None = None,
) -> uuid.UUID:
    if not _USERNAME.match(username):
        raise ServiceError(
            Kind.INVALID, ProblemCode.USER_BAD_USERNAME, "Use a-z, 0-9, '.', '_', '-'."
        )
    if (role is Role.RECEIVING_TEAM) != (team_id is not None):
        raise ServiceError(
            Kind.INVALID,
            ProblemCode.USER_TEAM_REQUIRED,
            "Receiving team members need a team; others none.",
        )
    if (role is Role.EMPLOYER) != (employer_id is not None):
        raise ServiceError(
            Kind.INVALID,
            ProblemCode.USER_EMPLOYER_REQUIRED,
            "An employer's contact person needs an employer; others none.",
        )
    with ctx.db.write() as session:
        if session.get(Organisation, organisation_id) is None:
            raise ServiceError(
                Kind.NOT_FOUND, ProblemCode.ORGANISATION_NOT_FOUND, "No such organisation."
            )
        if team_id is not None:
            team = session.get(Team, team_id)
            if team is None or team.organisation_id != organisation_id:
                raise ServiceError(Kind.NOT_FOUND, ProblemCode.TEAM_NOT_FOUND, "No such team here.")
        if employer_id is not None:
            employer = session.get(EmployerRow, employer_id)
            if employer is None or employer.organisation_id != organisation_id:
                raise not_found()
        if session.execute(select(User.id).where(User.username == username)).first():
            raise ServiceError(Kind.CONFLICT, ProblemCode.USER_EXISTS, "That username is taken.")
        user = User(
            id=uuid.uuid4(),
            organisation_id=organisation_id,
            username=username,
            display_name=display_name or username,
            role=role.value,
            team_id=team_id,
            employer_id=employer_id,
            password_hash=None,
            totp_secret=None,
            active=True,
            created_at=ctx.clock(),
        )
        session.add(user)
        ctx.audit(session, Actor.system(), Event("create", "user", str(user.id)))
        return user.id


def _find(ctx: ServerContext, wanted: Any, key: Any, value: str, missing: ProblemCode) -> uuid.UUID:
    """The id in ``wanted`` of the row whose ``key`` is ``value``, or ``missing``."""
    with ctx.db.read() as session:
        found = session.execute(select(wanted).where(key == value)).scalar()
    if found is None:
        what = missing.value.split(".")[0]
        raise ServiceError(Kind.NOT_FOUND, missing, f"No such {what}.")
    assert isinstance(found, uuid.UUID)
    return found


def find_organisation(ctx: ServerContext, name: str) -> uuid.UUID:
    return _find(ctx, Organisation.id, Organisation.name, name, ProblemCode.ORGANISATION_NOT_FOUND)


def find_user(ctx: ServerContext, username: str) -> uuid.UUID:
    return _find(ctx, User.id, User.username, username, ProblemCode.USER_NOT_FOUND)


def find_team(ctx: ServerContext, recipient_id: str) -> uuid.UUID:
    return _find(ctx, Team.id, Team.recipient_id, recipient_id, ProblemCode.TEAM_NOT_FOUND)
