"""The device's preview of the funder's logbook (see :mod:`fieldapp.ui.logbook_model`)."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.logbook_model import Block, PreviewLine


def _control(line: PreviewLine) -> ft.Control:
    if line.block is Block.HEADING:
        return ft.Text(line.text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)
    if line.block is Block.SUBHEADING:
        return ft.Text(line.text, weight=ft.FontWeight.BOLD)
    if line.block is Block.PROBLEM:
        return ft.Row(
            [
                ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR),
                ft.Text(line.text, color=ft.Colors.ERROR, expand=True),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
    return ft.Text(line.text)


def logbook_view(lines: list[PreviewLine], intro: str) -> ft.Control:
    return ft.ListView(
        padding=ft.Padding.all(16),
        spacing=8,
        expand=True,
        controls=[ft.Text(intro), *(_control(line) for line in lines)],
    )
