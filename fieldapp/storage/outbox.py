"""The device outbox as sync sees it: what to send, what the server answered, what it sent.

Changes of one record are sent in the order they were saved, each with the version it was made
on. How refusals are handled, per record:

- ``rejected``: nothing was stored at the server. The change stays, with the server's code,
  and is not sent again until the user retries it or edits the record. An edit after a
  rejection is rebased onto the version the server still holds and replaces the rejected
  changes (``supersedes``), in one write.
- ``conflict``: another version won at the server. Nothing more of that record is sent until
  the user resolved it field by field; the server's version is kept next to the device's
  (``server_copy``) when it arrives on pull. Never a silent last-writer-wins.

Pulled records overwrite the device's copy only when the device has no change of that record
waiting; otherwise the server's copy is kept aside for the conflict screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from fieldapp.domain.outbox import (
    ORG_KINDS,
    ChangeOutcome,
    ChangeState,
    EntityKind,
    IncomingRecord,
    PendingChange,
)
from fieldapp.domain.ports import ENTITY_MODELS, Conflict, Entity
from fieldapp.storage.pending_entry import PendingEntry
from fieldapp.storage.record_writer import partition_of, save_with_changes
from fieldapp.storage.store import EncryptedStore, Record

_FIRST = frozenset({EntityKind.CLIENT, *ORG_KINDS})
SERVER_COPY = "server_copy"
"""Record kind: the server's version of a record the device also changed."""
AFTER_REJECTED = "change.after_rejected"
"""A later change of a record whose earlier change in the same batch was rejected."""


class DeviceOutbox:
    """Implements :class:`fieldapp.domain.ports.SyncOutbox` on the encrypted store."""

    def __init__(self, store: EncryptedStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock
        self._known: dict[UUID, tuple[PendingEntry, PendingChange]] = {}
        """Where each change read last lives: an entry never moves to another segment, so
        answers to a batch can be recorded without reading the whole outbox again."""

    def _entries(self) -> list[tuple[PendingEntry, PendingChange]]:
        entries = [(e, PendingChange.model_validate(e.entry)) for e in self._store.pending()]
        self._known = {change.change_id: (entry, change) for entry, change in entries}
        return entries

    def changes(self) -> list[PendingChange]:
        """Every change not yet acknowledged, with its state (for the sync screen)."""
        changes = [change for _, change in self._entries()]  # decrypted once
        superseded = self._superseded(changes)
        return [change for change in changes if change.change_id not in superseded]

    def unsent_count(self) -> int:
        return len(self.changes())

    @staticmethod
    def _superseded(changes: Iterable[PendingChange]) -> set[UUID]:
        return {old for change in changes for old in change.supersedes}

    # -- sending -----------------------------------------------------------------------

    def sendable(self) -> list[PendingChange]:
        entries = self._entries()
        superseded = self._superseded(change for _, change in entries)
        if superseded:  # replaced in an earlier write: tidy up
            self._store.acknowledge(e for e, c in entries if c.change_id in superseded)
            entries = [(e, c) for e, c in entries if c.change_id not in superseded]
        chains: dict[UUID, list[tuple[PendingEntry, PendingChange]]] = defaultdict(list)
        for entry, change in entries:
            chains[change.entity_id].append((entry, change))
        ready: set[UUID] = set()
        rebases: list[tuple[PendingEntry, Record]] = []
        for chain in chains.values():
            ready.update(self._ready_in(chain, rebases))
        if rebases:
            self._store.update_pending(rebases)
            return self.sendable()
        chosen = [change for _, change in entries if change.change_id in ready]
        # Clients and employers first: the server takes a visit only for a client it has, and
        # a placement is best read with its employer. (Stable: the changes of one record keep
        # their order.)
        return sorted(chosen, key=lambda change: change.entity not in _FIRST)

    @staticmethod
    def _ready_in(
        chain: list[tuple[PendingEntry, PendingChange]],
        rebases: list[tuple[PendingEntry, Record]],
    ) -> list[UUID]:
        """The changes of one record that may go now; queues a rebase where one is due."""
        if any(change.state is ChangeState.CONFLICT for _, change in chain):
            return []  # held until the user resolves the conflict
        rejected = [change for _, change in chain if change.state is ChangeState.REJECTED]
        if not rejected:
            return [change.change_id for _, change in chain]
        first = next(i for i, (_, c) in enumerate(chain) if c.state is ChangeState.REJECTED)
        entry, last = chain[-1]
        before = [change.change_id for _, change in chain[:first]]
        if last.state is not ChangeState.PENDING:
            return before  # waiting for the user to retry or edit
        replaced = [c.change_id for _, c in chain[first:-1]]
        fields: Record = {
            "base_version": chain[first][1].base_version,
            "supersedes": [str(change_id) for change_id in (*last.supersedes, *replaced)],
        }
        rebases.append((entry, fields))
        return before

    def retry(self, change_id: UUID) -> None:
        """Send a rejected change again as it is (the server stored nothing of it)."""
        for entry, change in self._entries():
            if change.change_id == change_id and change.state is ChangeState.REJECTED:
                cleared: Record = {"state": ChangeState.PENDING.value, "code": None, "fields": []}
                self._store.update_pending([(entry, cleared | {"failed_at": None})])

    def record_outcomes(self, outcomes: Sequence[ChangeOutcome]) -> None:
        entries = self._known
        if any(outcome.change_id not in entries for outcome in outcomes):
            self._entries()
            entries = self._known
        sent: list[PendingEntry] = []
        failed: list[tuple[PendingEntry, Record]] = []
        rejected_records: set[UUID] = set()
        now = self._clock().isoformat()
        for outcome in outcomes:
            found = entries.get(outcome.change_id)
            if found is None:
                continue  # acknowledged before (a replayed answer)
            entry, change = found
            if outcome.state is ChangeState.SENT:
                sent.append(entry)
                continue
            state, code = outcome.state, outcome.code
            if state is ChangeState.CONFLICT and change.entity_id in rejected_records:
                state, code = ChangeState.REJECTED, AFTER_REJECTED
            if state is ChangeState.REJECTED:
                rejected_records.add(change.entity_id)
            failed.append(
                (
                    entry,
                    {
                        "state": state.value,
                        "code": code,
                        "fields": list(outcome.fields),
                        "server_version": outcome.server_version,
                        "failed_at": now,
                    },
                )
            )
        if failed:
            self._store.update_pending(failed)
        if sent:
            self._store.acknowledge(sent)
        for outcome in outcomes:  # their stored state changed: read them again when needed
            self._known.pop(outcome.change_id, None)

    # -- receiving ---------------------------------------------------------------------

    def apply_incoming(self, records: Sequence[IncomingRecord]) -> None:
        waiting = {change.entity_id for _, change in self._entries()}
        by_partition: dict[str, list[Record]] = defaultdict(list)
        removed: set[str] = set()
        for record in records:
            partition = partition_of(record.entity, record.client_id)
            if record.removed and record.entity is EntityKind.CLIENT:
                removed.add(partition)
                by_partition.pop(partition, None)
                continue
            removed.discard(partition)  # back in the caseload after removal
            by_partition[partition].append(_put_for(record, record.entity_id in waiting))
        for partition in removed:
            self._store.remove_partition(partition)
        self._store.commit_many(
            {partition: _last_per_record(puts) for partition, puts in by_partition.items()}
        )

    def conflicts(self) -> list[Conflict]:
        """Records held by a conflict, each with both versions (theirs once it was pulled)."""
        found = []
        for change in self.changes():
            if change.state is not ChangeState.CONFLICT or change.body is None:
                continue
            model = ENTITY_MODELS[change.entity]
            partition = partition_of(change.entity, change.client_id)
            copy = self._server_copy(partition, change.entity_id)
            theirs = None if copy is None else model.model_validate(copy[1])
            # "mine" is the device's record now, with any edit made since the conflict
            current = self._store.get(partition, change.entity.value, str(change.entity_id))
            mine = model.model_validate(change.body if current is None else current["data"])
            found.append(Conflict(change, mine, theirs))
        return found

    def resolve(self, conflict: Conflict, merged: Entity) -> None:
        """Save the user's merge of ``conflict``; it replaces every waiting change of that
        record and the kept server copy, in one write."""
        waiting = [c.change_id for c in self.changes() if c.entity_id == conflict.change.entity_id]
        tombstone = {"kind": SERVER_COPY, "id": str(conflict.change.entity_id), "deleted": True}
        save_with_changes(
            self._store,
            self._clock(),
            conflict.change.client_id,
            [merged],
            supersedes=waiting,
            extra_puts=[tombstone],
        )

    def _server_copy(self, partition: str, entity_id: UUID) -> tuple[int, dict[str, Any]] | None:
        """The server's version of a record the device changed too: (version, body)."""
        found = self._store.get(partition, SERVER_COPY, str(entity_id))
        if found is None:
            return None
        return int(found["data"]["version"]), dict(found["data"]["body"])


def _put_for(record: IncomingRecord, waiting: bool) -> Record:
    if record.removed or record.body is None:
        return {"kind": record.entity.value, "id": str(record.entity_id), "deleted": True}
    body = ENTITY_MODELS[record.entity].model_validate(record.body).model_dump(mode="json")
    if waiting:
        data = {"entity": record.entity.value, "version": record.version, "body": body}
        return {"kind": SERVER_COPY, "id": str(record.entity_id), "data": data}
    return {"kind": record.entity.value, "id": str(record.entity_id), "data": body}


def _last_per_record(puts: list[Record]) -> list[Record]:
    """One put per record (a page can name a record twice: the newest wins)."""
    latest: dict[tuple[str, str], Record] = {}
    for put in puts:
        latest[(put["kind"], put["id"])] = put
    return list(latest.values())
