"""The device's sync state (enrollment with its token, cursor, last sync) in the encrypted store.

One record in its own partition: the token never touches a plaintext file, and the cursor is
replaced in one atomic write after the page it follows was applied.
"""

from __future__ import annotations

from typing import Any

from fieldapp.domain.sync_state import SyncState
from fieldapp.storage.store import EncryptedStore

PARTITION = "device:sync"
KIND = "sync_state"


class SyncStateStore:
    """Implements :class:`fieldapp.domain.ports.SyncStateRepository`."""

    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def load_sync_state(self) -> SyncState:
        found = self._store.get(PARTITION, KIND, KIND)
        return SyncState() if found is None else SyncState.model_validate(found["data"])

    def save_sync_state(self, state: SyncState) -> None:
        data: dict[str, Any] = state.model_dump(mode="json")
        if state.enrollment is not None:  # a SecretStr dumps as stars
            data["enrollment"]["token"] = state.enrollment.token.get_secret_value()
        self._store.commit(PARTITION, [{"kind": KIND, "id": KIND, "data": data}])
