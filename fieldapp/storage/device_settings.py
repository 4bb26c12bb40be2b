"""The device's own settings (language, auto-lock time) in the encrypted store."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.storage.store import EncryptedStore

PARTITION = "device:settings"
KIND = "settings"


class DeviceSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    language: str = Field(default="nl", max_length=12)
    auto_lock_minutes: int | None = Field(default=None, ge=1, le=60)
    """``None``: the app's default (5 minutes, or what it was started with)."""


class DeviceSettingsStore:
    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def load(self) -> DeviceSettings:
        found = self._store.get(PARTITION, KIND, KIND)
        return DeviceSettings() if found is None else DeviceSettings.model_validate(found["data"])

    def save(self, settings: DeviceSettings) -> None:
        self._store.commit(
            PARTITION, [{"kind": KIND, "id": KIND, "data": settings.model_dump(mode="json")}]
        )
