"""The employer register on the device: the list (from the caseload's app bar) and the form to
add or edit an employer, offline. Saving goes through the register service; back is the list."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

import flet as ft

from fieldapp.i18n import _
from fieldapp.services.employer_form import EmployerFormValues, build_employer, values_of
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.employer_form_view import employer_form_view
from fieldapp.ui.employer_list_model import employer_rows
from fieldapp.ui.employer_list_view import EmployerListView
from fieldapp.ui.screens.shell import after_save

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class EmployerScreens:
    def __init__(self, shell: Shell, services: ServicesNow) -> None:
        self.shell, self.services = shell, services

    async def register(self) -> None:
        employers = await asyncio.to_thread(self.services().employers.employers)
        view = EmployerListView(employer_rows(employers), self.form)

        async def add(_event: ft.Event[ft.FloatingActionButton]) -> None:
            await self.form(None)

        self.shell.frame(
            "employers",
            _("Employers"),
            view.control,
            back=self.shell.show_caseload,
            fab=ft.FloatingActionButton(
                icon=ft.Icons.ADD_BUSINESS, content=_("Add employer"), on_click=add
            ),
        )

    async def form(self, employer_id: str | None) -> None:
        register = self.services().employers
        existing = (
            None
            if employer_id is None
            else await asyncio.to_thread(register.employer, UUID(employer_id))
        )

        async def save(values: EmployerFormValues) -> FieldErrors:
            shown = self.shell.shown
            result = build_employer(values, existing, self.services().caseload.now())
            if result.employer is None:
                return result.errors
            await asyncio.to_thread(register.save, result.employer)
            self.shell.request_sync()  # the register is the organisation's: it syncs too
            await after_save(self.shell, shown, self.register)
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(_("Employer saved."))))
            return {}

        self.shell.frame(
            "employer_form",
            _("Edit employer") if existing else _("New employer"),
            employer_form_view(values_of(existing) if existing else EmployerFormValues(), save),
            back=self.register,
        )
