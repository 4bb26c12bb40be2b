"""Where each synced record lives in the encrypted store, and how it is saved together with
its pending change: one atomic write, so a record is never saved without the change that will
send it, nor a change queued for a record that was not saved.

A client's records live in the client's partition; each kind of the organisation's records
(the employer register, outreach events, visit requests) in one partition of its own (they
hold no client data).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from fieldapp.domain.outbox import ORG_KINDS, EntityKind, Operation, PendingChange
from fieldapp.domain.ports import ENTITY_KINDS, Entity
from fieldapp.domain.referral import Referral, Status
from fieldapp.storage.store import EncryptedStore, Record

CLIENT_PREFIX = "client:"
EMPLOYERS_PARTITION = "org:employers"
EVENTS_PARTITION = "device:events"
REQUESTS_PARTITION = "org:visit_requests"
ORG_PARTITIONS = {
    EntityKind.EMPLOYER: EMPLOYERS_PARTITION,
    EntityKind.OUTREACH_EVENT: EVENTS_PARTITION,
    EntityKind.VISIT_REQUEST: REQUESTS_PARTITION,
}


def client_partition(client_id: UUID) -> str:
    """The store partition that holds one client's records."""
    return f"{CLIENT_PREFIX}{client_id}"


def partition_of(entity: EntityKind, client_id: UUID | None) -> str:
    """The partition a record of ``entity`` lives in."""
    if entity in ORG_KINDS:
        return ORG_PARTITIONS[entity]
    assert client_id is not None, "a client's record names its client"
    return client_partition(client_id)


def _local_only(entity: Entity) -> bool:
    """A referral draft never leaves the device: only a consented, queued referral is sent."""
    return isinstance(entity, Referral) and entity.status is Status.DRAFT


def save_with_changes(
    store: EncryptedStore,
    now: datetime,
    client_id: UUID | None,
    entities: Sequence[Entity],
    *,
    supersedes: Sequence[UUID] = (),
    extra_puts: Sequence[Record] = (),
) -> list[PendingChange]:
    """Save ``entities`` (all of one client, or all of the organisation when ``client_id`` is
    ``None``) with one pending change each. Each edit bumps an entity's version by one, so it
    was made on ``version - 1``; an edit after a rejected change is rebased before it is sent
    (see :mod:`fieldapp.storage.outbox`). Referral drafts get no pending change.
    ``supersedes`` and ``extra_puts`` serve a conflict resolution, which replaces changes in
    the same write."""
    kinds = [ENTITY_KINDS[type(entity)] for entity in entities]
    bodies = [entity.model_dump(mode="json") for entity in entities]
    changes = [
        PendingChange(
            change_id=uuid.uuid4(),
            entity=kind,
            entity_id=entity.id,
            client_id=client_id,
            operation=Operation.UPSERT,
            entity_version=entity.version,
            base_version=entity.version - 1,
            body=body,
            created_at=now,
            supersedes=tuple(supersedes),
        )
        for entity, kind, body in zip(entities, kinds, bodies, strict=True)
        if not _local_only(entity)
    ]
    partitions = {partition_of(kind, client_id) for kind in kinds}
    assert len(partitions) <= 1, "one write saves to one partition"
    partition = partitions.pop() if partitions else partition_of(EntityKind.CLIENT, client_id)
    store.commit(
        partition,
        [
            *(
                {"kind": kind.value, "id": str(entity.id), "data": body}
                for entity, kind, body in zip(entities, kinds, bodies, strict=True)
            ),
            *extra_puts,
        ],
        [change.model_dump(mode="json") for change in changes],
    )
    return changes
