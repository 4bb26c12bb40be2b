"""The data protection officer's view: every access to one client's data."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from fieldapp.wire import AccessLogEntry, Role
from sync_server.audit import Event, client_access_log, record
from sync_server.db.schema import ClientRow, RecordRow, ReferralRow
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, not_found
from sync_server.services.teams import actor_of


def for_client(
    ctx: ServerContext, principal: Principal, client_id: uuid.UUID
) -> list[AccessLogEntry]:
    if principal.role is not Role.DATA_PROTECTION_OFFICER:
        raise ServiceError(Kind.FORBIDDEN, "auth.forbidden", "Not allowed.")
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
        record(session, ctx.keys.audit, actor_of(principal), [event], ctx.clock())
    return entries
