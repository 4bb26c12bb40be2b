"""The client page's path through work: each placement in the order it started, the one
running today marked, a contract ending within six weeks flagged, each opened for editing,
and a button to add one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.placement_lines import PlacementLine

OpenPlacement = Callable[[str | None], Awaitable[None]]


def _line(line: PlacementLine, open_placement: OpenPlacement) -> ft.Control:
    """The whole line opens the placement for editing, as a caseload tile opens a client."""

    async def edit(_event: ft.Event[ft.ListTile]) -> None:
        await open_placement(line.placement_id)

    texts: list[ft.Control] = [ft.Text(line.kind), ft.Text(line.period)]
    if line.running:
        texts.insert(1, ft.Text(_("Works here now"), color=ft.Colors.PRIMARY))
    if line.follow_up_due:
        texts.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.EVENT_REPEAT, semantics_label=_("Follow-up")),
                    ft.Text(
                        _("The contract ends within six weeks: talk about what comes next."),
                        expand=True,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        )
    return ft.ListTile(
        leading=ft.Icon(ft.Icons.WORK if line.running else ft.Icons.WORK_HISTORY),
        title=ft.Text(line.where, weight=ft.FontWeight.BOLD),
        subtitle=ft.Column(texts, spacing=2, tight=True),
        trailing=ft.Icon(ft.Icons.EDIT_OUTLINED, semantics_label=_("Edit placement")),
        content_padding=ft.Padding.only(left=0, right=4),
        on_click=edit,
    )


def placements_section(
    lines: Sequence[PlacementLine], open_placement: OpenPlacement
) -> list[ft.Control]:
    async def add(_event: ft.Event[ft.OutlinedButton]) -> None:
        await open_placement(None)

    shown = [_line(line, open_placement) for line in lines] or [ft.Text(_("No placements yet."))]
    return [
        *shown,
        ft.OutlinedButton(content=_("Add placement"), icon=ft.Icons.WORK_OUTLINE, on_click=add),
    ]
