"""Bring a database up to date and ready: migrations, then the audit chain's head."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sync_server.audit import HEAD, genesis_head
from sync_server.db import migrate
from sync_server.db.schema import AuditHead
from sync_server.services import client_search, outcome_facts
from sync_server.services.context import ServerContext


def prepare(ctx: ServerContext) -> None:
    migrate.upgrade(ctx.db.engine)
    try:
        with ctx.db.write() as session:
            if (
                session.execute(select(AuditHead.name).where(AuditHead.name == HEAD)).first()
                is None
            ):
                session.add(genesis_head(ctx.keys.audit, ctx.keys.key_id))
    except IntegrityError:
        pass  # another server process made it at the same moment
    client_search.index_missing(ctx)
    outcome_facts.fill_missing(ctx)
