"""One browser or phone session of the app: unlock, the lease check, the caseload with its
sync indicator, background sync while unlocked, and locking again.

Blocking work (key derivation, disk, network) runs in worker threads; the runner's progress
arrives from its thread and is handed to the event loop before any control is touched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

import flet as ft

from fieldapp.domain.store_errors import MissingDataError, StoreLockedError
from fieldapp.i18n import _, active, message_for, set_locale
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.services.auto_lock import AutoLock
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.device_settings import DeviceSettingsService
from fieldapp.storage.store import EncryptedStore
from fieldapp.sync.engine import SyncProgress
from fieldapp.sync.errors import SyncError
from fieldapp.sync.runner import Phase, RunnerStatus, SyncRunner
from fieldapp.ui.first_run_view import first_run_view
from fieldapp.ui.layout import FONTS, touch_theme
from fieldapp.ui.screens.client_screens import ClientScreens
from fieldapp.ui.screens.damage_screens import DamageScreens
from fieldapp.ui.screens.employer_screens import EmployerScreens
from fieldapp.ui.screens.event_screens import EventScreens
from fieldapp.ui.screens.sync_screens import SyncScreens
from fieldapp.ui.screens.visit_screens import VisitScreens
from fieldapp.ui.settings_view import settings_view
from fieldapp.ui.sync_bar import SyncBar
from fieldapp.ui.unlock_view import unlock_view
from fieldapp.wiring.device_sync import DeviceSync
from fieldapp.wiring.settings_wiring import apply_saved, settings_actions, settings_state
from fieldapp.wiring.store_holder import Parts, StoreHolder


def _bar_button(
    icon: ft.IconData,
    label: str,
    identifier: str,
    on_click: Callable[[ft.Event[ft.IconButton]], Awaitable[None]],
) -> ft.Control:
    """An app bar button named for screen readers (and browser tests) by its tooltip's words."""
    return ft.Semantics(
        label=label,
        button=True,
        identifier=identifier,
        content=ft.IconButton(icon, tooltip=label, on_click=on_click),
    )


class AppSession:
    def __init__(
        self,
        page: ft.Page,
        holder: StoreHolder,
        *,
        enrollment: tuple[str | None, str | None] = (None, None),
        auto_lock: AutoLock,
    ) -> None:
        self.page, self.holder = page, holder
        self.enrollment = enrollment
        self.auto_lock = auto_lock
        self.watching = False
        self.screen = "unlock"
        self.shown = 0
        self.loop = asyncio.get_running_loop()
        self.runner: SyncRunner | None = None
        self.status = RunnerStatus(Phase.IDLE)
        self.refreshes = 0
        """Counts the sync bar's refreshes: one that a later one overtook is not shown."""
        self.phase = ""
        """The running sync's phase as its progress last said (``push`` or ``pull``)."""
        self.bar = SyncBar(self.request_sync, self.open_details)
        self.clients = ClientScreens(
            self,
            self._parts,
            start_visit=self.start_visit,
            on_damage=self.show_damage,
            actions=self.caseload_actions,
        )
        self.visits = VisitScreens(self, self._parts)
        self.events = EventScreens(self, self._parts, lock=self.lock_now)
        self.sync_screens = SyncScreens(self, self._parts, refresh_bar=self.refresh_bar)
        self.damage = DamageScreens(self, self._parts, done=self._after_damage)
        self.employers = EmployerScreens(self, self._parts)

    def _parts(self) -> Parts:
        parts = self.holder.parts
        assert parts is not None, "no store yet: the first-run screen comes first"
        return parts

    @property
    def store(self) -> EncryptedStore:
        return self._parts().store

    @property
    def caseload(self) -> CaseloadService:
        return self._parts().caseload

    @property
    def device(self) -> DeviceSync:
        return self._parts().device

    @property
    def settings(self) -> DeviceSettingsService:
        return self._parts().settings

    def request_sync(self) -> None:
        if self.runner is not None:
            self.runner.request()

    async def start(self) -> None:
        self.page.title = _("Veldwerk")
        self.page.theme_mode = ft.ThemeMode.LIGHT
        # Phone-sized touch targets everywhere: Flutter makes controls denser on desktop and
        # web browsers otherwise (40 px instead of 48).
        self.page.fonts = FONTS
        self.page.theme = touch_theme()
        self.page.on_keyboard_event = self._activity
        self.page.on_app_lifecycle_state_change = self._lifecycle
        if self.holder.parts is None:
            self.show_first_run()
        else:
            await self.show_unlock()

    # -- first run -----------------------------------------------------------------------

    def _new_screen(self) -> None:
        """Before every screen is drawn: count it (see ``Shell.shown``), set the direction."""
        self.shown += 1
        self._direction()

    def _direction(self) -> None:
        """Right to left for Arabic, set before every screen is drawn."""
        self.page.rtl = active().lang in RIGHT_TO_LEFT

    def show_first_run(self) -> None:
        self._new_screen()
        self.page.appbar = None
        self.page.floating_action_button = None
        self.page.controls[:] = [first_run_view(self._create, self._switch_language)]
        self.page.update()

    def _switch_language(self, lang: str) -> None:
        set_locale(lang)  # applies at once: the screen is drawn again in the new language
        self.show_first_run()

    async def _create(self, passphrase: str, server_url: str, pairing_code: str) -> None:
        parts = await self.holder.create_async(passphrase)
        await asyncio.to_thread(parts.settings.choose_language, active().lang)
        if server_url and pairing_code:
            self.enrollment = (server_url, pairing_code)
        await self.after_unlock()

    # -- auto-lock -----------------------------------------------------------------------

    def _activity(self, _event: object) -> None:
        self.auto_lock.touch()

    async def _lifecycle(self, event: ft.AppLifecycleStateChangeEvent) -> None:
        parts = self.holder.parts
        if parts is not None and parts.store.is_unlocked and AutoLock.locks_on(event.state.value):
            await self.lock_now()

    async def _watch_idle(self) -> None:
        """Checks once a second while unlocked; ends when the app is locked or the device
        removed (there is no store then)."""
        self.watching = True
        try:
            while (parts := self.holder.parts) is not None and parts.store.is_unlocked:
                if self.auto_lock.due():
                    await self.lock_now(_("Locked after a while without use."))
                    return
                await asyncio.sleep(1)
        finally:
            self.watching = False

    async def lock_now(self, notice: str = "") -> None:
        # No sync while locked: the next unlock starts a new runner (start_sync).
        if self.runner is not None:
            self.runner.stop()
            self.runner = None
        self.store.lock()
        await self.show_unlock(notice)

    # -- sync indicator ------------------------------------------------------------------

    async def refresh_bar(self) -> None:
        if self.holder.parts is None:  # the device was removed while a sync still reported
            return
        status = self.status
        self.refreshes += 1
        mine = self.refreshes
        try:
            summary = await asyncio.to_thread(
                self.device.summary,
                syncing=status.phase is Phase.SYNCING,
                error_code=None if status.error is None else status.error.value,
                stalled_after=status.stalled_after,
            )
        except StoreLockedError:  # locked meanwhile (another tab went to the background)
            return
        if mine != self.refreshes:  # a later refresh, of a later status, shows its own
            return
        self.bar.show(summary)
        self.page.update()

    def on_status(self, status: RunnerStatus) -> None:
        self.status = status
        if status.phase is not Phase.SYNCING:
            self.phase = ""
        if status.phase is Phase.REVOKED:
            self.page.run_task(self.show_unlock, message_for("device.revoked"))
            return
        self.page.run_task(self.refresh_bar)
        report = status.last_report
        if status.phase is not Phase.IDLE or report is None:
            return
        if self.screen == "details":
            self.page.run_task(self.sync_screens.details)  # what was sent has left the list
        elif self.screen == "caseload" and report.pulled:
            self.page.run_task(self.show_caseload)

    def on_progress(self, progress: SyncProgress) -> None:
        def apply() -> None:
            if progress.phase != self.phase:
                self.phase = progress.phase
                if progress.phase == "pull":  # what waited to be sent has gone meanwhile
                    self.page.run_task(self.refresh_bar)
            self.bar.progress_to(progress.phase, progress.done, progress.total)
            self.page.update()

        self.loop.call_soon_threadsafe(apply)

    # -- screens -------------------------------------------------------------------------

    def _lock_button(self) -> ft.Control:
        return _bar_button(ft.Icons.LOCK, _("Lock"), "lock", self.lock)

    def frame(
        self,
        screen: str,
        title: str,
        body: ft.Control,
        *,
        back: Callable[[], Awaitable[None]] | None = None,
        actions: Sequence[ft.Control] = (),
        with_bar: bool = False,
        fab: ft.FloatingActionButton | None = None,
    ) -> None:
        """Show ``body`` under an app bar with the lock button always in reach; any tap or key
        counts as activity for the auto-lock."""
        self.screen = screen
        self._new_screen()

        async def go_back(_event: ft.Event[ft.IconButton]) -> None:
            assert back is not None
            await back()

        self.page.appbar = ft.AppBar(
            leading=_bar_button(ft.Icons.ARROW_BACK, _("Back"), "back", go_back) if back else None,
            title=ft.Text(title),
            actions=[*actions, self._lock_button()],
        )
        self.page.floating_action_button = fab
        content = ft.Column([self.bar.control, body], expand=True) if with_bar else body
        self.page.controls[:] = [
            ft.GestureDetector(content=content, on_tap_down=self._activity, expand=True)
        ]
        self.page.update()

    async def show_caseload(self) -> None:
        try:
            await self.clients.caseload()
        except MissingDataError:  # noticed since unlock: the damage screen says what and where
            await self.show_damage()
            return
        # The indicator counts every unsent change: fill it in after the list is on screen.
        self.page.run_task(self.refresh_bar)

    # -- the Shell the screens see (fieldapp.ui.screens.shell), and what they are given -----

    async def open_client(self, client_id: str) -> None:
        await self.clients.open_client(client_id)

    def caseload_actions(self) -> Sequence[ft.Control]:
        return [self.employers_button(), self.event_button(), self.settings_button()]

    async def start_visit(self, client_id: UUID) -> None:
        await self.visits.start(client_id)

    def employers_button(self) -> ft.Control:
        async def open_register(_event: ft.Event[ft.IconButton]) -> None:
            await self.employers.register()

        return _bar_button(ft.Icons.BUSINESS, _("Employers"), "employers", open_register)

    def event_button(self) -> ft.Control:
        async def enter(_event: ft.Event[ft.IconButton]) -> None:
            await self.events.enter()

        return _bar_button(ft.Icons.CELEBRATION, _("Event mode"), "event-mode", enter)

    def settings_button(self) -> ft.Control:
        return _bar_button(ft.Icons.SETTINGS, _("Settings"), "settings", self._open_settings)

    def open_details(self) -> None:
        self.page.run_task(self.sync_screens.details)

    async def _open_settings(self, _event: ft.Event[ft.IconButton]) -> None:
        await self.show_settings()

    async def show_settings(self) -> None:
        state = await asyncio.to_thread(settings_state, self)
        self.frame(
            "settings",
            _("Settings"),
            settings_view(state, settings_actions(self)),
            back=self.show_caseload,
        )

    def start_sync(self) -> None:
        if self.device.enrolled and self.runner is None:
            self.runner = SyncRunner(
                self.device.engine,
                on_status=self.on_status,
                on_progress=self.on_progress,
                timeout=self.device.timeout,
            )
            self.page.run_task(self.runner.run)

    async def remove_device(self) -> None:
        if self.runner is not None:
            self.runner.stop()
            self.runner = None
        await asyncio.to_thread(self.holder.remove)
        self.show_first_run()

    async def after_unlock(self) -> None:
        await asyncio.to_thread(apply_saved, self)
        self.auto_lock.touch()
        if not self.watching:
            self.page.run_task(self._watch_idle)
        failed = await asyncio.to_thread(self.device.enroll_if_asked, *self.enrollment)
        try:
            await asyncio.to_thread(self.device.check_in_if_due)
        except SyncError as error:
            self.store.lock()
            await self.show_unlock(message_for(error.code.value))
            return
        if await asyncio.to_thread(self.store.damage):
            await self.show_damage()
            return
        await self.show_caseload()
        if failed is not None:
            self._tell_enrollment_failed(failed)
        self.start_sync()

    def _tell_enrollment_failed(self, code: str) -> None:
        later = _("You can link this device later in Settings.")
        self.page.show_dialog(
            ft.SnackBar(
                ft.Text(f"{message_for(code)} {later}"),
                duration=ft.Duration(seconds=15),
                show_close_icon=True,
            )
        )

    async def show_damage(self) -> None:
        await self.damage.show()

    async def _after_damage(self) -> None:
        await self.show_caseload()
        self.start_sync()

    async def show_unlock(self, notice: str = "") -> None:
        self.screen = "unlock"
        if self.runner is not None:
            self.runner.stop()
            self.runner = None
        self._new_screen()
        self.page.appbar = None
        self.page.floating_action_button = None
        if self.device.revoked:
            self.page.controls[:] = [ft.Text(notice or message_for("device.revoked"))]
        else:
            self.page.controls[:] = [
                unlock_view(self.store.unlock_async, self.after_unlock, notice=notice)
            ]
        self.page.update()

    async def lock(self, _event: ft.Event[ft.IconButton]) -> None:
        await self.lock_now()
