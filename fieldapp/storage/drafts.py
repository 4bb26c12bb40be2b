"""Visit drafts in the encrypted store: one per client, written after every change in the
wizard, so killing the app mid-visit loses nothing. Drafts never sync."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.storage.store import EncryptedStore

PARTITION = "device:drafts"
KIND = "visit_draft"


class DraftStore:
    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def load(self, client_id: UUID) -> VisitDraft | None:
        found = self._store.get(PARTITION, KIND, str(client_id))
        return None if found is None else VisitDraft.model_validate(found["data"])

    def save(self, draft: VisitDraft) -> None:
        record = {"kind": KIND, "id": str(draft.client_id), "data": draft.model_dump(mode="json")}
        self._store.commit(PARTITION, [record])

    def discard(self, client_id: UUID) -> None:
        self._store.commit(PARTITION, [{"kind": KIND, "id": str(client_id), "deleted": True}])

    def client_ids(self) -> set[UUID]:
        return {UUID(record["id"]) for record in self._store.records(PARTITION, KIND)}
