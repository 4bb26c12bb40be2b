"""The device's settings as the settings screen changes them: each change is validated by the
model and saved at once, and the saved settings come back for the app to apply."""

from __future__ import annotations

from fieldapp.domain.device_settings import DeviceSettings
from fieldapp.domain.ports import SettingsRepository


class DeviceSettingsService:
    def __init__(self, settings: SettingsRepository) -> None:
        self._settings = settings

    def load(self) -> DeviceSettings:
        return self._settings.load()

    def _change(self, **changes: object) -> DeviceSettings:
        saved = self._settings.load()
        # Validated as a new model: ``model_copy(update=...)`` would skip the limits.
        changed = DeviceSettings.model_validate({**saved.model_dump(), **changes})
        self._settings.save(changed)
        return changed

    def choose_language(self, language: str) -> DeviceSettings:
        return self._change(language=language)

    def lock_after(self, minutes: int) -> DeviceSettings:
        return self._change(auto_lock_minutes=minutes)

    def give_up_sync_after(self, seconds: int) -> DeviceSettings:
        return self._change(sync_timeout_seconds=seconds)
