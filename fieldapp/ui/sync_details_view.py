"""The sync screen: each change the server has not acknowledged yet, its state in words, the
server's reason for a refusal, and a retry for refused ones. Never blocks: retries only mark
the change; the background sync sends it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import flet as ft

from fieldapp.domain.outbox import ChangeState
from fieldapp.i18n import _
from fieldapp.ui.sync_records import RecordLine

_ICONS = {
    ChangeState.PENDING: ft.Icons.SCHEDULE,
    ChangeState.REJECTED: ft.Icons.ERROR_OUTLINE,
    ChangeState.CONFLICT: ft.Icons.CALL_SPLIT,
}


Action = Callable[[UUID], Awaitable[None]]


def _tile(line: RecordLine, retry: Action, resolve: Action) -> ft.Control:
    async def again(_event: ft.Event[ft.Button]) -> None:
        await retry(line.change_id)

    async def choose(_event: ft.Event[ft.Button]) -> None:
        await resolve(line.change_id)

    rows: list[ft.Control] = [ft.Text(line.state_label), ft.Text(line.saved, size=12)]
    if line.reason:
        rows.append(ft.Text(line.reason, color=ft.Colors.ERROR))
    if line.retryable:
        rows.append(ft.Button(content=_("Try again"), icon=ft.Icons.REFRESH, on_click=again))
    if line.resolvable:
        rows.append(ft.Button(content=_("Resolve"), icon=ft.Icons.CALL_SPLIT, on_click=choose))
    return ft.ListTile(
        leading=ft.Icon(_ICONS.get(line.state, ft.Icons.CHECK), semantics_label=line.state_label),
        title=ft.Text(line.title, weight=ft.FontWeight.BOLD),
        subtitle=ft.Column(rows, spacing=2, tight=True),
        min_height=56,
    )


def sync_details_view(lines: list[RecordLine], retry: Action, resolve: Action) -> ft.Control:
    if not lines:
        return ft.Text(_("Everything is sent."))
    tiles = [_tile(line, retry, resolve) for line in lines]
    return ft.ListView(controls=tiles, spacing=4, expand=True)
