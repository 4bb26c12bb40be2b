"""The caseload list: one tile per client with visits, a signal badge and the top suggestion.

Colour is never the only carrier: the badge has text and crisis suggestions an icon.
"""

from __future__ import annotations

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.caseload_model import CaseloadRow


def _line(icon: ft.IconData, meaning: str, text: str) -> ft.Row:
    return ft.Row(
        [ft.Icon(icon, semantics_label=meaning, size=18), ft.Text(text, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _tile(row: CaseloadRow) -> ft.ListTile:
    lines: list[ft.Control] = [ft.Text(row.summary)]
    if row.badge:
        lines.append(_line(ft.Icons.FLAG_OUTLINED, _("Latest signal"), row.badge))
    if row.suggestion:
        lines.append(
            _line(
                ft.Icons.WARNING_AMBER if row.crisis else ft.Icons.LIGHTBULB_OUTLINE,
                _("Urgent") if row.crisis else _("Suggestion"),
                row.suggestion,
            )
        )
    return ft.ListTile(
        title=ft.Text(row.name, weight=ft.FontWeight.BOLD),
        subtitle=ft.Column(lines, spacing=2, tight=True),
        min_height=56,
    )


def caseload_view(rows: list[CaseloadRow]) -> ft.Control:
    if not rows:
        return ft.Text(_("No clients yet."))
    return ft.ListView(controls=[_tile(row) for row in rows], spacing=4, expand=True)
