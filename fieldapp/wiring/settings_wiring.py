"""What the settings screen does, wired to the session (part of the composition root)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from fieldapp.i18n import message_for, set_locale
from fieldapp.storage.device_settings import DeviceSettingsStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.sync.errors import SyncError
from fieldapp.ui.settings_view import SettingsActions, SettingsState

if TYPE_CHECKING:
    from fieldapp.wiring.app_session import AppSession


def apply_saved(session: AppSession) -> None:
    """After unlock: the language, auto-lock time and sync timeout this device was set to."""
    saved = DeviceSettingsStore(session.store).load()
    set_locale(saved.language)
    if saved.auto_lock_minutes is not None:
        session.auto_lock.idle = timedelta(minutes=saved.auto_lock_minutes)
    session.device.load_settings()


def remember_language(store: EncryptedStore, lang: str) -> None:
    """The language chosen at first run stays after the next unlock."""
    settings = DeviceSettingsStore(store)
    settings.save(settings.load().model_copy(update={"language": lang}))


def settings_state(session: AppSession) -> SettingsState:
    state = session.device.states.load_sync_state()
    return SettingsState(
        auto_lock_minutes=int(session.auto_lock.idle.total_seconds() // 60) or 1,
        server_url=None if state.enrollment is None else state.enrollment.server_url,
        unsent=session.device.outbox.unsent_count(),
        sync_timeout_seconds=round(session.device.timeout),
    )


def settings_actions(session: AppSession) -> SettingsActions:
    settings = DeviceSettingsStore(session.store)

    async def language(lang: str) -> None:
        saved = await asyncio.to_thread(settings.load)
        await asyncio.to_thread(settings.save, saved.model_copy(update={"language": lang}))
        set_locale(lang)  # at once, and the screen is drawn again in it
        await session.show_settings()

    async def auto_lock(minutes: int) -> None:
        saved = await asyncio.to_thread(settings.load)
        await asyncio.to_thread(
            settings.save, saved.model_copy(update={"auto_lock_minutes": minutes})
        )
        session.auto_lock.idle = timedelta(minutes=minutes)

    async def sync_timeout(seconds: int) -> None:
        await asyncio.to_thread(session.device.save_timeout, seconds)
        if session.runner is not None:
            session.runner.timeout = session.device.timeout

    async def enroll(url: str, code: str) -> str:
        try:
            await asyncio.to_thread(session.device.enroll, url, code, "Veldwerk")
        except SyncError as error:
            return message_for(error.code.value)
        session.start_sync()
        return ""

    async def change_passphrase(old: str, new: str) -> None:
        await session.store.change_passphrase_async(old, new)

    async def remove_device() -> None:
        await session.remove_device()

    return SettingsActions(
        language, auto_lock, enroll, change_passphrase, remove_device, sync_timeout
    )
