"""Outreach events (Flying Squad) with their tallies, in the encrypted store on this device."""

from __future__ import annotations

from fieldapp.domain.outreach import OutreachEvent
from fieldapp.storage.store import EncryptedStore

PARTITION = "device:events"
KIND = "outreach_event"


class EventStore:
    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def events(self) -> list[OutreachEvent]:
        records = self._store.records(PARTITION, KIND)
        return sorted(
            (OutreachEvent.model_validate(r["data"]) for r in records),
            key=lambda event: event.started_at,
        )

    def active(self) -> OutreachEvent | None:
        return next((event for event in reversed(self.events()) if event.active), None)

    def save(self, event: OutreachEvent) -> None:
        record = {"kind": KIND, "id": str(event.id), "data": event.model_dump(mode="json")}
        self._store.commit(PARTITION, [record])
