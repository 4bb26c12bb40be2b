"""The sync indicator under the app bar: what waits, what was refused, the last successful
sync, a progress bar while syncing, and a button to sync now. Text carries every state (never
colour alone)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.i18n import _
from fieldapp.services.sync_status import SyncSummary, status_lines


class SyncBar:
    def __init__(self, on_sync: Callable[[], None], on_details: Callable[[], None]) -> None:
        self.lines = ft.Text("", size=13)
        self.progress = ft.ProgressBar(visible=False, semantics_label=_("Sync progress"))
        self.icon = ft.Icon(ft.Icons.CLOUD_OFF, semantics_label=_("Offline"), size=20)

        def sync(_event: ft.Event[ft.IconButton]) -> None:
            on_sync()

        def details(_event: ft.Event[ft.IconButton]) -> None:
            on_details()

        self.details = ft.Semantics(
            label=_("Sync details"),
            button=True,
            identifier="sync-details",
            content=ft.IconButton(ft.Icons.LIST_ALT, tooltip=_("Sync details"), on_click=details),
        )
        self.button = ft.Semantics(
            label=_("Sync now"),
            button=True,
            identifier="sync-now",
            content=ft.IconButton(ft.Icons.SYNC, tooltip=_("Sync now"), on_click=sync),
        )
        self.control = ft.Container(
            padding=ft.Padding.symmetric(horizontal=16, vertical=4),
            content=ft.Column(
                [
                    ft.Row(
                        [
                            self.icon,
                            ft.Container(self.lines, expand=True),
                            self.details,
                            self.button,
                        ],
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    self.progress,
                ],
                spacing=2,
                tight=True,
            ),
        )

    def show(self, summary: SyncSummary) -> None:
        self.lines.value = "\n".join(status_lines(summary))
        self.progress.visible = summary.syncing
        if summary.syncing:
            self.progress.value = None
        online = summary.online
        self.icon.icon = (
            ft.Icons.WARNING_AMBER
            if summary.needs_attention
            else ft.Icons.CLOUD_DONE
            if online
            else ft.Icons.CLOUD_OFF
        )
        self.icon.semantics_label = (
            _("Needs attention")
            if summary.needs_attention
            else _("Online")
            if online
            else _("Offline")
        )

    def progress_to(self, done: int, total: int | None) -> None:
        self.progress.visible = True
        self.progress.value = None if not total else min(1.0, done / total)
