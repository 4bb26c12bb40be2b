"""The data protection officer's view: every access to one client's data."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select

from fieldapp.wire import AccessLogEntry, Role
from sync_server.audit import Event, client_access_log
from sync_server.db.schema import ClientRow, Device, RecordRow, ReferralRow, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found


def actor_names(
    ctx: ServerContext, principal: Principal, actor_ids: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID, str]:
    """Who the actors of an access log are: people by name, devices by their user's name
    and the device's label. Only the DPO's own organisation."""
    if principal.role is not Role.DATA_PROTECTION_OFFICER:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    wanted = {actor for actor in actor_ids if actor is not None}
    with ctx.db.read() as session:
        people = session.execute(
            select(User.id, User.display_name, User.username).where(
                User.id.in_(wanted), User.organisation_id == principal.organisation_id
            )
        ).all()
        devices = session.execute(
            select(Device.id, Device.label, User.display_name, User.username)
            .join(User, User.id == Device.user_id)
            .where(Device.id.in_(wanted), User.organisation_id == principal.organisation_id)
        ).all()
    names = {row.id: row.display_name or row.username for row in people}
    for row in devices:
        names[row.id] = f"{row.display_name or row.username} ({row.label or 'device'})"
    return names


def for_client(
    ctx: ServerContext, principal: Principal, client_id: uuid.UUID
) -> list[AccessLogEntry]:
    if principal.role is not Role.DATA_PROTECTION_OFFICER:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    with ctx.db.write() as session:
        client = session.get(ClientRow, client_id)
        if client is None or client.organisation_id != principal.organisation_id:
            raise not_found()
        ids = [str(client_id)]
        for table in (RecordRow, ReferralRow):
            ids += [
                str(i)
                for i in session.execute(
                    select(table.id).where(table.client_id == client_id)
                ).scalars()
            ]
        entries = [
            AccessLogEntry(
                at=e.at,
                actor_id=e.actor_id,
                role=e.role,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                result=e.result,
            )
            for e in client_access_log(session, ids)
        ]
        event = Event("read_access_log", "client", str(client_id))
        ctx.audit(session, principal.actor, event)
    return entries
