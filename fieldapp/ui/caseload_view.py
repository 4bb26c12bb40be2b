"""The caseload list: search, filters, and one tile per client with visits, a signal badge
and the top suggestion. Tapping a tile opens the client.

On a phone the filters fold into one filter button beside the search (it shows how many are
on and opens them in a bottom sheet), so the list keeps most of the screen; from tablet width
on they stay on screen (the view measures itself, so turning a tablet switches too). Under
them, how many clients show. The list ends above a strip where the floating "add client"
button sits: no tile is ever under that button.

Colour is never the only carrier: the badge has text and crisis suggestions an icon. Search
and filters work on rows already in memory, so each keystroke only redraws the list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import flet as ft

from fieldapp.domain.client import TargetGroup
from fieldapp.i18n import _, ngettext
from fieldapp.i18n.labels import target_group_label
from fieldapp.ui.caseload_model import CaseloadFilter, CaseloadRow, filter_rows
from fieldapp.ui.layout import named

OpenClient = Callable[[str], Awaitable[None]]
ALL_GROUPS = "all"
MAX_TILES = 30
"""Tiles drawn at once: more does not help on a phone and makes every keystroke slower."""
FOOTER_HEIGHT = 72
"""The strip under the list where the floating "add client" button (56 px, 16 px from the
bottom) sits, never over a tile."""

UNFOLD_WIDTH = 600
"""From this width on (tablets, desktops) the filters stay on screen."""


def _one_line(text: str, *, expand: bool = False) -> ft.Text:
    """A tile's line, cut with an ellipsis when it is too long: every tile keeps its height
    whatever the data (five clients fit on a phone), and a screen reader still reads the
    whole text. The client's page shows it in full."""
    return ft.Text(text, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS, expand=expand)


def _line(icon: ft.IconData, meaning: str, text: str) -> ft.Row:
    return ft.Row(
        [ft.Icon(icon, semantics_label=meaning, size=18), _one_line(text, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _tile(row: CaseloadRow, on_open: OpenClient) -> ft.ListTile:
    lines: list[ft.Control] = [_one_line(row.summary)]
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
    if row.follow_up_due:
        lines.append(_line(ft.Icons.EVENT_REPEAT, _("Follow-up"), _("Follow-up due")))
    if row.concern:
        lines.append(_line(ft.Icons.CHAT_OUTLINED, _("Employer"), row.concern))

    async def open_client(_event: ft.Event[ft.ListTile]) -> None:
        await on_open(row.client_id)

    return ft.ListTile(
        title=ft.Text(row.name, weight=ft.FontWeight.BOLD),
        subtitle=ft.Column(lines, spacing=0, tight=True),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        content_padding=ft.Padding.only(left=12, right=4),
        min_vertical_padding=4,
        min_height=56,
        on_click=open_client,
    )


def _group_choice(
    wanted: CaseloadFilter, on_pick: Callable[[TargetGroup | None], None]
) -> ft.Dropdown:
    def picked(event: ft.Event[ft.Dropdown]) -> None:
        value = event.control.value
        on_pick(None if value in (None, ALL_GROUPS) else TargetGroup(value))

    return ft.Dropdown(
        label=_("Target group"),
        value=wanted.target_group.value if wanted.target_group else ALL_GROUPS,
        options=[ft.DropdownOption(key=ALL_GROUPS, text=_("All target groups"))]
        + [ft.DropdownOption(key=g.value, text=target_group_label(g)) for g in TargetGroup],
        on_select=picked,
        expand=True,
    )


def _on_a_page(control: ft.Control) -> bool:
    """False for the sheet's count once the sheet is gone."""
    try:
        return control.page is not None
    except RuntimeError:
        return False


def _filter_name(active: int) -> str:
    if not active:
        return _("Filter")
    return ngettext("Filter, %(n)d on", "Filter, %(n)d on", active) % {"n": active}


class CaseloadView:
    """The search box and filters above the list; changing them redraws only the list."""

    def __init__(
        self, rows: list[CaseloadRow], on_open: OpenClient, wanted: CaseloadFilter | None = None
    ) -> None:
        self.rows, self.on_open = rows, on_open
        self.wanted = wanted or CaseloadFilter()
        # Always there: showing it only once something is typed rebuilds the field under the
        # typing, and Flutter's web semantics then lose the field's value for screen readers.
        self.clear = ft.Semantics(
            label=_("Clear search"),
            button=True,
            identifier="clear-search",
            content=ft.IconButton(ft.Icons.CLOSE, tooltip=_("Clear search"), on_click=self._clear),
        )
        self.search = ft.TextField(
            # One line beside the buttons on a phone; cut short rather than wrapped if need be.
            label=ft.Text(
                _("Search by name or postcode"), max_lines=1, overflow=ft.TextOverflow.ELLIPSIS
            ),
            label_style=ft.TextStyle(size=14),
            suffix_icon=self.clear,
            value=self.wanted.query,
            on_change=self._searched,
            autocorrect=False,
            enable_suggestions=False,
        )
        self.group = _group_choice(self.wanted, self._grouped)
        self.open_only = ft.Checkbox(
            label=_("Open referrals"), value=self.wanted.open_referrals, on_change=self._flagged
        )
        self.due_only = ft.Checkbox(
            label=_("Follow-up due"), value=self.wanted.follow_up_due, on_change=self._flagged
        )
        self.filter_icon = ft.IconButton(ft.Icons.FILTER_LIST, on_click=self._open_sheet)
        self.filter_button = ft.Semantics(
            button=True, identifier="caseload-filter", content=self.filter_icon
        )
        self.sheet_count = ft.Text("")
        self.count = ft.Text("", size=13)
        self.list = ft.ListView(spacing=0, expand=True)
        self._fill()
        self.folded: bool | None = None
        self.header = ft.Container()
        self._fold(True)
        self.control = ft.Column(
            [
                ft.Container(
                    ft.Column(
                        [
                            self.header,
                            # Its own node, announced when it changes: a screen reader hears
                            # what a search or filter left.
                            ft.Container(
                                ft.Semantics(container=True, live_region=True, content=self.count),
                                padding=ft.Padding.only(left=4),  # in line with the tiles
                            ),
                        ],
                        spacing=2,
                        tight=True,
                    ),
                    padding=ft.Padding.symmetric(horizontal=8),
                ),
                self.list,
                ft.Container(height=FOOTER_HEIGHT),  # where the "add client" button floats
            ],
            spacing=0,
            expand=True,
            on_size_change=self._resized,
        )

    def _fold(self, folded: bool) -> None:
        """The search and one filter button in a row, or the search and every filter."""
        if folded == self.folded:
            return
        self.folded = folded
        # A phone needs the room for the label: "search" is in its words already.
        self.search.prefix_icon = None if folded else ft.Icons.SEARCH
        self.header.content = (
            ft.Row(
                [ft.Container(self.search, expand=True), self.filter_button],
                spacing=4,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
            if folded
            else ft.Column(
                [
                    ft.Row(
                        [
                            ft.Container(self.search, expand=True),
                            ft.Container(named(self.group), expand=True),
                        ],
                        spacing=8,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    ft.Row(
                        [
                            ft.Container(self.open_only, expand=True),
                            ft.Container(self.due_only, expand=True),
                        ],
                        spacing=8,
                    ),
                ],
                spacing=4,
                tight=True,
            )
        )

    def _resized(self, event: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
        """Switches the header when the width crosses ``UNFOLD_WIDTH``. Otherwise nothing is
        sent: Flet's update after every event would reach the search field while someone
        types (the list's height changes with the sync bar's text), and Flutter's web
        semantics then lose the field's value."""
        if self.folded == (event.width < UNFOLD_WIDTH):
            ft.context.disable_auto_update()  # type: ignore[no-untyped-call]  # untyped in flet
            return
        self._fold(event.width < UNFOLD_WIDTH)
        self.header.update()

    def _fill(self) -> None:
        shown = filter_rows(self.rows, self.wanted)
        tiles: list[ft.Control] = [_tile(row, self.on_open) for row in shown[:MAX_TILES]]
        if len(shown) > MAX_TILES:
            tiles.append(
                ft.Text(
                    _("The first {n} are shown. Search or filter to find the others.").format(
                        n=MAX_TILES
                    )
                )
            )
        self.list.controls = tiles
        if not self.rows:
            self.count.value = _("No clients yet.")
        else:
            self.count.value = _("{shown} of {total} clients").format(
                shown=len(shown), total=len(self.rows)
            )
        self.sheet_count.value = self.count.value
        active = self.wanted.active_filters
        self.filter_button.label = _filter_name(active)
        self.filter_icon.tooltip = _filter_name(active)
        self.filter_icon.badge = str(active) if active else None
        self.group.value = (
            self.wanted.target_group.value if self.wanted.target_group else ALL_GROUPS
        )
        self.open_only.value = self.wanted.open_referrals
        self.due_only.value = self.wanted.follow_up_due

    def refilter(self, wanted: CaseloadFilter) -> None:
        self.wanted = wanted
        self._fill()
        shown: list[ft.Control] = (
            [self.filter_button] if self.folded else [self.group, self.open_only, self.due_only]
        )
        for control in (self.list, self.count, *shown, self.sheet_count):
            if _on_a_page(control):
                control.update()

    def _searched(self, event: ft.Event[ft.TextField]) -> None:
        self.refilter(replace(self.wanted, query=event.control.value))

    def _clear(self, _event: ft.Event[ft.IconButton]) -> None:
        # The focus stays on the button: moving it to the field from here leaves a browser's
        # screen-reader mode with the keys going nowhere until the field is tapped.
        self.search.value = ""
        self.search.update()
        self.refilter(replace(self.wanted, query=""))

    def _grouped(self, group: TargetGroup | None) -> None:
        self.refilter(replace(self.wanted, target_group=group))

    def _flagged(self, _event: ft.Event[ft.Checkbox]) -> None:
        self._flags(bool(self.open_only.value), bool(self.due_only.value))

    def _flags(self, open_referrals: bool, follow_up_due: bool) -> None:
        self.refilter(
            replace(self.wanted, open_referrals=open_referrals, follow_up_due=follow_up_due)
        )

    def _open_sheet(self, event: ft.Event[ft.IconButton]) -> None:
        event.page.show_dialog(self._sheet())

    def _sheet(self) -> ft.BottomSheet:
        """The folded filters; each choice applies at once, behind the sheet."""
        wanted = self.wanted

        def flagged(_event: ft.Event[ft.Checkbox]) -> None:
            self._flags(bool(open_only.value), bool(due_only.value))

        open_only = ft.Checkbox(
            label=_("Open referrals"), value=wanted.open_referrals, on_change=flagged
        )
        due_only = ft.Checkbox(
            label=_("Follow-up due"), value=wanted.follow_up_due, on_change=flagged
        )
        group = _group_choice(wanted, self._grouped)

        def clear(_event: ft.Event[ft.TextButton]) -> None:
            self.refilter(self.wanted.without_filters())
            group.value, open_only.value, due_only.value = ALL_GROUPS, False, False
            for control in (group, open_only, due_only):
                control.update()

        def done(event: ft.Event[ft.Button]) -> None:
            event.page.pop_dialog()

        return ft.BottomSheet(
            show_drag_handle=True,
            content=ft.Container(
                padding=ft.Padding.only(left=16, right=16, bottom=16),
                content=ft.Column(
                    [
                        ft.Text(_("Filter"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                        named(group),
                        open_only,
                        due_only,
                        self.sheet_count,
                        ft.Row(
                            [
                                ft.TextButton(content=_("Clear filters"), on_click=clear),
                                ft.Button(content=_("Done"), on_click=done),
                            ],
                            alignment=ft.MainAxisAlignment.END,
                            wrap=True,
                        ),
                    ],
                    spacing=8,
                    tight=True,
                ),
            ),
        )
