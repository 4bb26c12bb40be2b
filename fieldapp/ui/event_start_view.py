"""Starting a Flying Squad event: where, what kind, and the employers' requests for a visit
that wait for the team (one tap takes a request's organisation into the form)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import flet as ft

from fieldapp.domain.outreach import EventKind
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.i18n import _, format_date, ngettext
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.event_intake_view import show_errors
from fieldapp.ui.layout import pinned_bottom

OnStart = Callable[[str, str, EventKind | None], Awaitable[FieldErrors]]
"""``(organisation, place, kind)``: what to fix per field, or {} once the event runs."""


class StartEventForm:
    def __init__(self, on_start: OnStart, requests: Sequence[VisitRequest]) -> None:
        self._on_start = on_start
        self.fields = {
            "organisation": ft.TextField(label=_("Organisation or employer")),
            "place": ft.TextField(label=_("Place")),
        }
        self.kind = ft.RadioGroup(
            content=ft.Column(
                [ft.Radio(value=kind.value, label=work_label(kind)) for kind in EventKind],
                spacing=0,
            ),
            on_change=self._kind_changed,
        )
        self.kind_message = ft.Text("", color=ft.Colors.ERROR, visible=False)
        self.requests = requests

    def _chosen(self) -> EventKind | None:
        return EventKind(self.kind.value) if self.kind.value else None

    def _kind_changed(self, _event: ft.Event[ft.RadioGroup]) -> None:
        self.kind_message.visible = False
        self.kind_message.update()

    async def _start(self, _event: ft.Event[ft.Button]) -> None:
        organisation = self.fields["organisation"].value or ""
        errors = await self._on_start(
            organisation, self.fields["place"].value or "", self._chosen()
        )
        if not errors:
            return
        self.kind_message.value = _("Choose the kind of event.")
        self.kind_message.visible = "kind" in errors
        self.kind_message.update()
        await show_errors(self.fields, errors)

    def _take(self, request: VisitRequest) -> None:
        self.fields["organisation"].value = request.organisation
        self.fields["organisation"].error = None
        self.kind.value = EventKind.COMPANY_VISIT.value
        self.kind_message.visible = False
        for control in (*self.fields.values(), self.kind, self.kind_message):
            control.update()

    def _request(self, request: VisitRequest) -> ft.Control:
        dates = ", ".join(format_date(day) for day in request.preferred_dates)
        size = ngettext("%(n)d employee", "%(n)d employees", request.employees) % {
            "n": request.employees
        }
        reach = " · ".join(part for part in (request.phone, request.email) if part)

        def take(_event: ft.Event[ft.OutlinedButton]) -> None:
            self._take(request)

        return ft.Container(
            ft.Column(
                [
                    ft.Text(request.organisation, weight=ft.FontWeight.BOLD),
                    ft.Text(f"{size} · " + _("Preferred: {dates}").format(dates=dates)),
                    ft.Text(f"{request.contact_name} · {reach}"),
                    ft.OutlinedButton(
                        content=_("Use for this event"),
                        icon=ft.Icons.ARROW_DOWNWARD,
                        on_click=take,
                    ),
                ],
                spacing=4,
            ),
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
            border_radius=8,
            padding=ft.Padding.all(12),
        )

    def view(self) -> ft.Control:
        asked: list[ft.Control] = []
        if self.requests:
            asked = [
                ft.Text(_("Requests for a visit"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                *(self._request(request) for request in self.requests),
            ]
        return pinned_bottom(
            [],
            ft.ListView(
                [
                    ft.Text(
                        _(
                            "Event mode is for a shared tablet: each person gets an empty form, "
                            "and nobody sees earlier contacts. Leaving it needs the passphrase."
                        )
                    ),
                    *asked,
                    *self.fields.values(),
                    ft.Text(_("Kind of event"), weight=ft.FontWeight.BOLD),
                    self.kind,
                    self.kind_message,
                ],
                padding=ft.Padding.symmetric(horizontal=16),
                spacing=12,
                expand=True,
            ),
            [ft.Button(content=_("Start event"), icon=ft.Icons.CELEBRATION, on_click=self._start)],
        )


def start_event_view(on_start: OnStart, requests: Sequence[VisitRequest]) -> ft.Control:
    return StartEventForm(on_start, requests).view()
