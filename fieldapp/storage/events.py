"""Outreach events (Flying Squad) with their tallies, in the encrypted store on this device.
Each save queues the event's change for the server in the same write, so the tallies reach the
coordinator's reach report at the next sync."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.outreach import OutreachEvent
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.storage.record_writer import EVENTS_PARTITION, REQUESTS_PARTITION, save_with_changes
from fieldapp.storage.store import EncryptedStore

KIND = EntityKind.OUTREACH_EVENT.value
REQUEST_KIND = EntityKind.VISIT_REQUEST.value


class EventStore:
    def __init__(self, store: EncryptedStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def events(self) -> list[OutreachEvent]:
        records = self._store.records(EVENTS_PARTITION, KIND)
        return sorted(
            (OutreachEvent.model_validate(r["data"]) for r in records),
            key=lambda event: event.started_at,
        )

    def active(self) -> OutreachEvent | None:
        return next((event for event in reversed(self.events()) if event.active), None)

    def save(self, event: OutreachEvent) -> None:
        save_with_changes(self._store, self._clock(), None, [event])

    def open_requests(self) -> list[VisitRequest]:
        """Employers' requests for a visit that the coordinator has not handled, oldest first
        (the server sends them to the Flying Squad's devices)."""
        found = (
            VisitRequest.model_validate(r["data"])
            for r in self._store.records(REQUESTS_PARTITION, REQUEST_KIND)
        )
        return sorted((r for r in found if r.open), key=lambda r: r.received_at)
