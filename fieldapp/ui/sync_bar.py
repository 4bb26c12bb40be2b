"""The sync indicator under the app bar: online or offline in words next to the icon and the
buttons for the details and to sync now, then what waits, what was refused, what went wrong
and the last successful sync, and a progress bar while syncing. Text carries every state
(never colour alone).

The bar lives as long as the session, across language switches: every text (tooltips and
screen-reader labels too) is set again from the active language each time the bar is put on a
screen (:attr:`SyncBar.control`) or shows a new status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.sync_status import (
    SyncSummary,
    connection_label,
    pull_progress_lines,
    seconds_left,
    status_lines,
)

_UNDER_THE_WORD = 30
"""The icon (20 px) and the row's spacing (10 px)."""


@dataclass
class _PullPace:
    since: float
    """When the first page arrived (monotonic seconds)."""
    first: int
    """Records on the first page: the pace is measured over the pages after it."""
    done: int = 0
    total: int | None = None


class SyncBar:
    def __init__(self, on_sync: Callable[[], None], on_details: Callable[[], None]) -> None:
        self.summary: SyncSummary | None = None
        """The last status shown; ``None`` before the first."""
        self._pull: _PullPace | None = None
        """While records arrive: how far along the pull is, and since when."""
        self.state = ft.Text("", size=14, weight=ft.FontWeight.BOLD)
        self.lines = ft.Text("", size=13)
        self.progress = ft.ProgressBar(visible=False)
        self.icon = ft.Icon(ft.Icons.CLOUD_OFF, size=20)

        def sync(_event: ft.Event[ft.IconButton]) -> None:
            on_sync()

        def details(_event: ft.Event[ft.IconButton]) -> None:
            on_details()

        self._details_button = ft.IconButton(ft.Icons.LIST_ALT, on_click=details)
        self.details = ft.Semantics(
            button=True, identifier="sync-details", content=self._details_button
        )
        self._sync_button = ft.IconButton(ft.Icons.SYNC, on_click=sync)
        self.button = ft.Semantics(button=True, identifier="sync-now", content=self._sync_button)
        self._control = ft.Container(
            padding=ft.Padding.symmetric(horizontal=16, vertical=2),
            content=ft.Column(
                [
                    ft.Row(
                        [
                            self.icon,
                            ft.Container(self.state, expand=True),
                            self.details,
                            self.button,
                        ],
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    # Under the word, the width of the screen: long news stays a few lines.
                    # Its own node, read out when it changes.
                    ft.Container(
                        ft.Semantics(container=True, live_region=True, content=self.lines),
                        padding=ft.Padding.only(left=_UNDER_THE_WORD),
                    ),
                    self.progress,
                ],
                spacing=0,
                tight=True,
            ),
        )
        self._translate()

    @property
    def control(self) -> ft.Control:
        """The bar, in the active language, for the screen about to be drawn."""
        self._translate()
        return self._control

    def _translate(self) -> None:
        self.progress.semantics_label = _("Sync progress")
        for holder, button, text in (
            (self.details, self._details_button, _("Sync details")),
            (self.button, self._sync_button, _("Sync now")),
        ):
            holder.label = text
            button.tooltip = text
        summary = self.summary
        if summary is None:
            return
        self.state.value = connection_label(summary)
        progress: list[str] = []
        pace = self._pull
        if summary.syncing and pace is not None and pace.total:
            left = seconds_left(
                pace.done - pace.first, pace.total - pace.first, time.monotonic() - pace.since
            )
            progress = pull_progress_lines(pace.done, pace.total, left)
        self.lines.value = "\n".join(status_lines(summary, progress))
        self.icon.icon = (
            ft.Icons.WARNING_AMBER
            if summary.needs_attention
            else ft.Icons.CLOUD_DONE
            if summary.online
            else ft.Icons.CLOUD_OFF
        )
        # The word beside it says online or offline; the icon speaks only when it adds to that.
        self.icon.semantics_label = _("Needs attention") if summary.needs_attention else None

    def show(self, summary: SyncSummary) -> None:
        if not summary.syncing:
            self._pull = None
        self.summary = summary
        self._translate()
        self.progress.visible = summary.syncing
        if summary.syncing and self._pull is None:
            self.progress.value = None

    def progress_to(self, phase: str, done: int, total: int | None) -> None:
        """A sync's progress; while records arrive the lines say how many and how long."""
        self.progress.visible = True
        self.progress.value = None if not total else min(1.0, done / total)
        if phase != "pull":
            return
        if self._pull is None:  # the pace counts from the first page on
            self._pull = _PullPace(time.monotonic(), done)
        self._pull.done, self._pull.total = done, total
        if self.summary is not None and self.summary.syncing:
            self._translate()
