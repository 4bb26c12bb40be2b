"""The device's own settings in the encrypted store (the :class:`SettingsRepository` port).

Two records in one partition, as earlier versions wrote them: the app's (language, auto-lock
time) and the sync's (its timeout). Saving writes both in one commit."""

from __future__ import annotations

from typing import Any

from fieldapp.domain.device_settings import DeviceSettings
from fieldapp.storage.store import EncryptedStore

PARTITION = "device:settings"
APP_KIND = "settings"
SYNC_KIND = "sync_settings"
_SYNC_FIELDS = {"sync_timeout_seconds": "timeout_seconds"}
"""The sync record's own names for its fields."""


class DeviceSettingsStore:
    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def _data(self, kind: str) -> dict[str, Any]:
        found = self._store.get(PARTITION, kind, kind)
        return {} if found is None else dict(found["data"])

    def load(self) -> DeviceSettings:
        data = self._data(APP_KIND)
        sync = self._data(SYNC_KIND)
        for field, stored in _SYNC_FIELDS.items():
            if stored in sync:
                data[field] = sync[stored]
        return DeviceSettings.model_validate(data)

    def save(self, settings: DeviceSettings) -> None:
        dumped = settings.model_dump(mode="json")
        sync = {stored: dumped.pop(field) for field, stored in _SYNC_FIELDS.items()}
        self._store.commit(
            PARTITION,
            [
                {"kind": APP_KIND, "id": APP_KIND, "data": dumped},
                {"kind": SYNC_KIND, "id": SYNC_KIND, "data": sync},
            ],
        )
