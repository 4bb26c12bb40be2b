"""What a screen controller may ask of the app around it: show a screen in the frame, go to
the caseload or a client, ask for a sync. The session (``fieldapp.wiring.app_session``)
implements it; screens never import the session, so the composition imports the screens and
not the other way round. The services a screen needs come as :class:`Services`, built on the
unlocked store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import flet as ft

if TYPE_CHECKING:
    from fieldapp.services.caseload import CaseloadService
    from fieldapp.services.damage_review import DamageReview
    from fieldapp.services.employer_register import EmployerRegister
    from fieldapp.services.event_mode import EventMode
    from fieldapp.services.sync_review import SyncReview
    from fieldapp.services.teams import TeamDirectory
    from fieldapp.services.visit_wizard import VisitWizard


class Shell(Protocol):
    page: ft.Page
    shown: int
    """How many screens the frame has shown: a save compares it before and after its work."""

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

    def request_sync(self) -> None: ...

    async def show_caseload(self) -> None: ...

    async def open_client(self, client_id: str) -> None: ...


async def after_save(shell: Shell, shown: int, go: Callable[[], Awaitable[None]]) -> None:
    """Go on to the screen that follows a save, unless the person went elsewhere while it ran
    (tapped Back): a save that finishes late never pulls them back to where they left."""
    if shell.shown == shown:
        await go()


class Services(Protocol):
    """The unlocked store's services (blocking: screens call them from worker threads)."""

    @property
    def caseload(self) -> CaseloadService: ...

    @property
    def visits(self) -> VisitWizard: ...

    @property
    def events(self) -> EventMode: ...

    @property
    def sync_review(self) -> SyncReview: ...

    @property
    def damage_review(self) -> DamageReview: ...

    @property
    def teams(self) -> TeamDirectory: ...

    @property
    def employers(self) -> EmployerRegister: ...


ServicesNow = Callable[[], Services]
"""The services of the store as it is now (the device can be removed and set up again)."""
