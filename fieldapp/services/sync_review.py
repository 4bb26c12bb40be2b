"""What the sync screen shows and does: the device's unsent changes with their states, sending
a refused one again, and resolving conflicts (:class:`ConflictService`)."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.outbox import PendingChange
from fieldapp.domain.ports import OutboxReview
from fieldapp.services.conflicts import ConflictService


class SyncReview(ConflictService):
    def __init__(self, outbox: OutboxReview) -> None:
        super().__init__(outbox)
        self._outbox = outbox

    def changes(self) -> list[PendingChange]:
        return self._outbox.changes()

    def retry(self, change_id: UUID) -> None:
        self._outbox.retry(change_id)
