"""Records of a client that the server makes itself (an employer's rating on a one-time link,
an employer's concern): sealed like a device's, with a feed position so that the jobcoach's
device pulls them, and no author device."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from fieldapp.domain.ports import ENTITY_KINDS, Entity
from sync_server.db.schema import RecordRow
from sync_server.services import outcome_facts
from sync_server.services.context import ServerContext
from sync_server.services.feed import next_seq
from sync_server.services.records import occurred_at
from sync_server.services.unit_of_work import RECORDS


def add_record(
    ctx: ServerContext,
    session: Session,
    entity: Entity,
    client: tuple[uuid.UUID, uuid.UUID],
    now: datetime,
) -> None:
    """Seal and add ``entity`` (version 1) as a record of ``client`` (its id and its
    organisation's), flushed, with the fact row the reports keep of it, if any."""
    client_id, organisation_id = client
    sealed = ctx.sealer.seal(RECORDS, str(entity.id), entity.model_dump(mode="json"))
    seq = next_seq(session)
    session.add(
        RecordRow(
            id=entity.id,
            kind=ENTITY_KINDS[type(entity)].value,
            client_id=client_id,
            author_device_id=None,
            version=entity.version,
            seq=seq,
            occurred_at=occurred_at(entity),
            created_at=now,
            updated_at=now,
            wrapped_key=sealed.wrapped_key,
            sealed=sealed.ciphertext,
        )
    )
    session.flush()  # the record before anything that refers to it
    fact = outcome_facts.fact_of(entity, organisation_id)
    if fact is not None:
        model, values = fact
        session.add(model(**values))
