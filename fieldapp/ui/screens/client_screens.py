"""The jobcoach's client screens: the caseload with search and filters, a client's page, and
the add/edit form: the caseload service's answers shown in the views.

Reads and saves run in worker threads; the caseload's search and filters are kept while the
user moves between screens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

import flet as ft

from fieldapp.domain.store_errors import MissingDataError
from fieldapp.i18n import _
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.client_form import ClientFormValues, build_client, values_of
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.caseload_model import CaseloadFilter, caseload_rows
from fieldapp.ui.caseload_view import CaseloadView
from fieldapp.ui.client_detail_model import client_detail
from fieldapp.ui.client_detail_view import ClientActions, client_detail_view
from fieldapp.ui.client_form_view import client_form_view
from fieldapp.ui.screens.goal_screens import GoalScreens
from fieldapp.ui.screens.placement_screens import PlacementScreens
from fieldapp.ui.screens.regulation_screens import show_regulations_check
from fieldapp.ui.screens.shell import after_save

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class ClientScreens:
    def __init__(
        self,
        shell: Shell,
        services: ServicesNow,
        *,
        start_visit: Callable[[UUID], Awaitable[None]],
        on_damage: Callable[[], Awaitable[None]],
        actions: Callable[[], Sequence[ft.Control]],
    ) -> None:
        """``on_damage``: a file went missing since unlock; ``actions``: the caseload's app
        bar buttons (event mode, settings)."""
        self.shell, self.services = shell, services
        self.start_visit, self.on_damage, self.actions = start_visit, on_damage, actions
        self.wanted = CaseloadFilter()
        self.view: CaseloadView | None = None
        self.goals = GoalScreens(shell, services)
        self.placements = PlacementScreens(shell, services)

    def _caseload(self) -> CaseloadService:
        return self.services().caseload

    async def caseload(self) -> None:
        rows = await asyncio.to_thread(caseload_rows, self._caseload())
        self.view = CaseloadView(rows, self.open_client, self.wanted)
        add = ft.FloatingActionButton(
            icon=ft.Icons.PERSON_ADD, content=_("Add client"), on_click=self._add
        )
        self.shell.frame(
            "caseload",
            _("Caseload"),
            self.view.control,
            actions=self.actions(),
            with_bar=True,
            fab=add,
        )

    def _remember_filter(self) -> None:
        if self.view is not None:
            self.wanted = self.view.wanted

    async def _add(self, _event: ft.Event[ft.FloatingActionButton]) -> None:
        await self.form(None)

    async def open_client(self, client_id: str) -> None:
        self._remember_filter()
        service = self._caseload()
        try:
            dossier = await asyncio.to_thread(service.dossier, UUID(client_id))
        except MissingDataError:  # a file went missing since unlock: say what, let them choose
            await self.on_damage()
            return
        if dossier.client is None:
            await self.caseload()
            return
        client = dossier.client
        names = await asyncio.to_thread(self.services().teams.names)
        register = await asyncio.to_thread(self.services().employers.employers)
        employers = {employer.id: employer for employer in register}
        detail = client_detail(dossier, service.now(), names, employers)

        async def new_visit() -> None:
            await self.start_visit(UUID(client_id))

        async def edit() -> None:
            await self.form(client_id)

        async def regulations() -> None:
            async def back() -> None:
                await self.open_client(client_id)

            show_regulations_check(self.shell, client.preferred_language, back)

        async def goal(goal_id: str | None) -> None:
            await self.goals.form(client_id, goal_id)

        async def placement(placement_id: str | None) -> None:
            await self.placements.form(client_id, placement_id)

        async def logbook() -> None:
            await self.goals.logbook(client_id)

        async def rating() -> None:
            await self.goals.rating(client_id)

        async def withdraw(consent_id: str) -> None:
            await asyncio.to_thread(service.withdraw_consent, client.id, UUID(consent_id))
            self.shell.request_sync()
            await self.open_client(client_id)
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(_("Consent withdrawn."))))

        self.shell.frame(
            "client",
            detail.name,
            client_detail_view(
                detail,
                ClientActions(
                    new_visit, edit, regulations, withdraw, goal, placement, logbook, rating
                ),
            ),
            back=self.caseload,
        )

    async def form(self, client_id: str | None) -> None:
        self._remember_filter()
        service = self._caseload()
        existing = None
        if client_id is not None:
            existing = (await asyncio.to_thread(service.dossier, UUID(client_id))).client

        async def save(values: ClientFormValues) -> FieldErrors:
            shown = self.shell.shown
            result = build_client(values, existing, service.now())
            if result.client is None:
                return result.errors
            client = result.client
            await asyncio.to_thread(service.save_client, client)
            self.shell.request_sync()
            await after_save(self.shell, shown, partial(self.open_client, str(client.id)))
            return {}

        async def back() -> None:
            if client_id is None:
                await self.caseload()
            else:
                await self.open_client(client_id)

        self.shell.frame(
            "client_form",
            _("Edit client") if existing else _("New client"),
            client_form_view(values_of(existing), save),
            back=back,
        )
