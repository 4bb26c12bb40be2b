"""What the settings screen does, wired to the session (part of the composition root): the
device's settings service saves each change, and the session applies the saved settings."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

from fieldapp.domain.device_settings import DeviceSettings
from fieldapp.i18n import message_for, set_locale
from fieldapp.sync.errors import SyncError
from fieldapp.ui.settings_view import SettingsActions, SettingsState

if TYPE_CHECKING:
    from fieldapp.wiring.app_session import AppSession


def _apply(session: AppSession, settings: DeviceSettings) -> None:
    """The language, auto-lock time and sync timeout as saved, at once (a running sync's
    timeout included)."""
    set_locale(settings.language)
    if settings.auto_lock_minutes is not None:
        session.auto_lock.idle = timedelta(minutes=settings.auto_lock_minutes)
    session.device.timeout = float(settings.sync_timeout_seconds)
    if session.runner is not None:
        session.runner.timeout = session.device.timeout


def apply_saved(session: AppSession) -> None:
    """After unlock: what this device was set to."""
    _apply(session, session.settings.load())


def settings_state(session: AppSession) -> SettingsState:
    state = session.device.states.load_sync_state()
    return SettingsState(
        auto_lock_minutes=int(session.auto_lock.idle.total_seconds() // 60) or 1,
        server_url=None if state.enrollment is None else state.enrollment.server_url,
        unsent=session.device.outbox.unsent_count(),
        sync_timeout_seconds=round(session.device.timeout),
    )


def settings_actions(session: AppSession) -> SettingsActions:
    settings = session.settings

    async def language(lang: str) -> None:
        _apply(session, await asyncio.to_thread(settings.choose_language, lang))
        await session.show_settings()  # drawn again in the new language

    async def auto_lock(minutes: int) -> None:
        _apply(session, await asyncio.to_thread(settings.lock_after, minutes))

    async def sync_timeout(seconds: int) -> None:
        _apply(session, await asyncio.to_thread(settings.give_up_sync_after, seconds))

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
