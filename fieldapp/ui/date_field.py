"""A date as a button that opens the Material date picker (nobody types a date on a phone),
named for screen readers, with the field's error under it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import flet as ft

from fieldapp.domain.clock import local_zone
from fieldapp.i18n import _, active, format_date
from fieldapp.ui.layout import at_field

YEARS_EITHER_WAY = 10


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date; None when empty or not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _shown(text: str) -> str:
    day = parse_day(text)
    return format_date(day, "long") if day else _("Choose a date")


class DateField:
    """``value`` and ``on_change`` carry ``YYYY-MM-DD`` (empty: none chosen)."""

    def __init__(
        self,
        label: str,
        value: str,
        on_change: Callable[[str], None],
        error: str | None = None,
        *,
        optional: bool = False,
    ) -> None:
        """``optional``: a date that may be left out, with a button to take it away."""
        self.label, self.value, self._on_change = label, value, on_change
        self._button = ft.OutlinedButton(
            content=_shown(value), icon=ft.Icons.CALENDAR_TODAY, on_click=self._pick
        )
        self._node = ft.Semantics(label=label, value=_shown(value), content=self._button)
        self._clear = ft.IconButton(
            ft.Icons.CLOSE,
            tooltip=_("No date for ‘{field}’").format(field=label),
            visible=optional and bool(value),
            on_click=self._cleared,
        )
        self._optional = optional
        self._error = ft.Column(at_field(error), spacing=0)
        row = ft.Row([self._node, self._clear], spacing=4, wrap=True)
        self.control = ft.Column([ft.Text(label), row, self._error], spacing=4)

    def _show_value(self, value: str) -> None:
        self.value = value
        self._button.content = self._node.value = _shown(value)
        self._clear.visible = self._optional and bool(value)
        self._node.update()
        self._clear.update()
        self._on_change(value)

    def _cleared(self, _event: ft.Event[ft.IconButton]) -> None:
        self._show_value("")

    def show_error(self, message: str | None) -> None:
        self._error.controls = at_field(message)
        self._error.update()

    def _picked(self, event: ft.Event[ft.DatePicker]) -> None:
        value = event.control.value
        if value is None:
            return
        self._show_value(
            value.date().isoformat() if isinstance(value, datetime) else str(value)[:10]
        )

    def _pick(self, _event: ft.Event[ft.OutlinedButton]) -> None:
        today = datetime.now(local_zone()).date()
        current = parse_day(self.value) or today
        span = timedelta(days=365 * YEARS_EITHER_WAY)
        self._button.page.show_dialog(
            ft.DatePicker(
                value=datetime.combine(current, time()),
                current_date=datetime.combine(today, time()),
                first_date=datetime.combine(today - span, time()),
                last_date=datetime.combine(today + span, time()),
                locale=ft.Locale(language_code=active().lang),
                help_text=self.label,
                on_change=self._picked,
            )
        )
