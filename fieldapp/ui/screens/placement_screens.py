"""A client's placement, added or edited from the client page: the employer and site chosen
from the register, saved through the caseload service; a placement that overlaps another is
saved and said to overlap, one that repeats another is refused at its field."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

import flet as ft

from fieldapp.domain.placement import Overlap
from fieldapp.i18n import _
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.placement_form import PlacementFormValues, build_placement, place, values_of
from fieldapp.ui.placement_form_view import EmployerChoice, placement_form_view
from fieldapp.ui.screens.shell import after_save

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class PlacementScreens:
    def __init__(self, shell: Shell, services: ServicesNow) -> None:
        self.shell, self.services = shell, services

    async def form(self, client_id: str, placement_id: str | None) -> None:
        services = self.services()
        dossier = await asyncio.to_thread(services.caseload.dossier, UUID(client_id))
        employers = await asyncio.to_thread(services.employers.employers)
        existing = next((p for p in dossier.placements if str(p.id) == placement_id), None)
        choices = [
            EmployerChoice(
                str(employer.id),
                employer.name,
                tuple((str(site.id), site.name) for site in employer.sites),
            )
            for employer in employers
        ]

        async def save(values: PlacementFormValues) -> FieldErrors:
            shown = self.shell.shown
            result = build_placement(values, UUID(client_id), existing)
            if result.placement is None:
                return result.errors
            placed = await asyncio.to_thread(
                place, result.placement, services.employers, services.caseload
            )
            if placed.overlap is None:
                return placed.errors
            self.shell.request_sync()
            await after_save(self.shell, shown, back)
            saved = _("Placement saved.")
            if placed.overlap.verdict is Overlap.WARNING:
                saved = _(
                    "Placement saved. It runs at the same time as another placement of this "
                    "client: fine for two part-time jobs, otherwise check the dates."
                )
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(saved)))
            return {}

        async def back() -> None:
            await self.shell.open_client(client_id)

        values = (
            values_of(existing)
            if existing
            else PlacementFormValues(start=services.caseload.today().isoformat())
        )
        self.shell.frame(
            "placement_form",
            _("Edit placement") if existing else _("New placement"),
            placement_form_view(values, choices, save),
            back=back,
        )
