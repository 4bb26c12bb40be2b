"""What a screen controller may ask of the app around it: show a screen in the frame, go to
the caseload or a client, ask for a sync, and reach the unlocked store's services. The session
(``fieldapp.wiring.app_session``) implements it; screens never import the session, so the
composition imports the screens and not the other way round."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

import flet as ft

if TYPE_CHECKING:
    from fieldapp.domain.ports import DraftRepository, EventRepository
    from fieldapp.domain.sync_state import SyncState
    from fieldapp.services.caseload import CaseloadService


class Shell(Protocol):
    page: ft.Page

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
        """Show ``body`` under the app bar titled ``title``."""

    def caseload_actions(self) -> Sequence[ft.Control]:
        """The caseload's app bar buttons (event mode, settings)."""

    def request_sync(self) -> None: ...

    async def show_caseload(self) -> None: ...

    async def open_client(self, client_id: str) -> None: ...

    async def start_visit(self, client_id: UUID) -> None: ...

    async def show_damage(self) -> None: ...

    async def lock_now(self, notice: str = "") -> None: ...

    # The unlocked store's parts. They move behind services of their own (issue 19, item 2).
    @property
    def service(self) -> CaseloadService: ...

    def sync_state(self) -> SyncState: ...

    def draft_store(self) -> DraftRepository: ...

    def event_store(self) -> EventRepository: ...
