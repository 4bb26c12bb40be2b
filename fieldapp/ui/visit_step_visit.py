"""Step 1 of the visit wizard: what kind of visit, when (date and time pickers that start at
now), how long (one tap for the usual durations, a field for any other), who took part (chips)
and the minutes per goal.

Taps change the draft through ``change`` and redraw only the controls they concern: no step
is built again while the jobcoach picks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

import flet as ft

from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.i18n import _, active, field_label, format_date, format_time, visit_type_label
from fieldapp.i18n.formatting import display_timezone
from fieldapp.i18n.labels import participant_label
from fieldapp.ui.date_field import parse_day
from fieldapp.ui.layout import at_field, named
from fieldapp.ui.visit_wizard_types import Change, WizardScreen

AddGoal = Callable[[], Awaitable[None]]
DURATIONS = ("15", "30", "45", "60", "90")
"""Minutes a visit usually takes, one tap each; anything else goes in the field."""
PICKABLE_DAYS = 365
"""How far back a visit can be dated in the picker (a visit is recorded, not planned)."""


def _clock(text: str) -> time | None:
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _day_text(text: str) -> str:
    day = parse_day(text)
    return format_date(day, "full") if day else _("Choose a date")


def _clock_text(text: str) -> str:
    clock = _clock(text)
    return format_time(clock) if clock else _("Choose a time")


def _locale() -> ft.Locale:
    return ft.Locale(language_code=active().lang)


def _when(screen: WizardScreen, change: Change) -> list[ft.Control]:
    """Date and time as buttons that open Material pickers (nobody types a date on a phone)."""
    draft = screen.draft
    today = datetime.now(display_timezone()).date()  # the visit's calendar is Amsterdam's
    day_button = ft.OutlinedButton(content=_day_text(draft.day), icon=ft.Icons.CALENDAR_TODAY)
    clock_button = ft.OutlinedButton(content=_clock_text(draft.clock), icon=ft.Icons.SCHEDULE)
    day_node = ft.Semantics(label=_("Date"), value=_day_text(draft.day), content=day_button)
    clock_node = ft.Semantics(label=_("Time"), value=_clock_text(draft.clock), content=clock_button)

    def day_picked(event: ft.Event[ft.DatePicker]) -> None:
        value = event.control.value
        if value is None:
            return
        chosen = value.date().isoformat() if isinstance(value, datetime) else str(value)[:10]
        change(day=chosen)
        day_button.content = day_node.value = _day_text(chosen)
        day_node.update()

    def clock_picked(event: ft.Event[ft.TimePicker]) -> None:
        value = event.control.value
        if value is None:
            return
        chosen = value.strftime("%H:%M")
        change(clock=chosen)
        clock_button.content = clock_node.value = _clock_text(chosen)
        clock_node.update()

    def pick_day(_event: ft.Event[ft.OutlinedButton]) -> None:
        current = parse_day(screen.draft.day) or today
        shown = datetime.combine(min(current, today), time())
        day_button.page.show_dialog(
            ft.DatePicker(
                value=shown,
                current_date=datetime.combine(today, time()),
                first_date=datetime.combine(today - timedelta(days=PICKABLE_DAYS), time()),
                last_date=datetime.combine(today, time()),
                locale=_locale(),
                help_text=_("Date of the visit"),
                on_change=day_picked,
            )
        )

    def pick_clock(_event: ft.Event[ft.OutlinedButton]) -> None:
        day_button.page.show_dialog(
            ft.TimePicker(
                value=_clock(screen.draft.clock)
                or datetime.now(display_timezone()).time().replace(microsecond=0),
                locale=_locale(),
                hour_format=ft.TimePickerHourFormat.H24,
                help_text=_("Start time of the visit"),
                on_change=clock_picked,
            )
        )

    day_button.on_click = pick_day
    clock_button.on_click = pick_clock
    return [
        ft.Row([day_node, clock_node], wrap=True, spacing=12, run_spacing=8),
        *at_field(screen.errors.get("started_at")),
    ]


def _duration(screen: WizardScreen, change: Change) -> list[ft.Control]:
    """One chip per usual duration and one for another; the field shows for another."""
    draft = screen.draft
    other = draft.duration not in DURATIONS
    field = ft.TextField(
        label=field_label("duration_minutes"),
        value=draft.duration if other else "",
        keyboard_type=ft.KeyboardType.NUMBER,
        input_filter=ft.NumbersOnlyInputFilter(),  # type: ignore[no-untyped-call]
        visible=other,
        error=screen.errors.get("duration_minutes"),
    )
    chips: dict[str, ft.Chip] = {}

    def select(key: str) -> None:
        for name, chip in chips.items():
            chip.selected = name == key
        field.visible = key == "other"

    def picked(key: str) -> Callable[[ft.Event[ft.Chip]], None]:
        def tapped(_event: ft.Event[ft.Chip]) -> None:
            select(key)
            if key != "other":
                change(duration=key)
            row.update()
            field.update()

        return tapped

    def typed(event: ft.Event[ft.TextField]) -> None:
        change(duration=event.control.value)

    field.on_change = typed
    for minutes in DURATIONS:
        chips[minutes] = ft.Chip(
            label=_("{minutes} min").format(minutes=minutes),
            selected=draft.duration == minutes,
            show_checkmark=False,
            on_select=picked(minutes),
        )
    chips["other"] = ft.Chip(
        label=_("Other"), selected=other, show_checkmark=False, on_select=picked("other")
    )
    row = ft.Row(list(chips.values()), wrap=True, spacing=8, run_spacing=8)
    return [ft.Text(field_label("duration_minutes")), row, field]


def _participants(screen: WizardScreen, change: Change) -> list[ft.Control]:
    chosen = list(screen.draft.participants)

    def toggle(role: ParticipantRole) -> Callable[[ft.Event[ft.Chip]], None]:
        def toggled(event: ft.Event[ft.Chip]) -> None:
            chosen[:] = [r for r in chosen if r is not role]
            if event.control.selected:
                chosen.append(role)
            change(participants=tuple(chosen))

        return toggled

    chips: list[ft.Control] = [
        ft.Chip(
            # Up to three lines: a chip's own label stays on one line and is cut off when the
            # text is large ("Werkgever of leidingg" at 200%).
            label=ft.Text(participant_label(role), max_lines=3),
            selected=role in chosen,
            on_select=toggle(role),
        )
        for role in ParticipantRole
    ]
    return [ft.Text(_("Who took part")), ft.Row(chips, wrap=True, spacing=8, run_spacing=8)]


def _add_goal(add_goal: AddGoal | None) -> list[ft.Control]:
    if add_goal is None:
        return []

    async def tapped(_event: ft.Event[ft.OutlinedButton]) -> None:
        await add_goal()

    return [ft.OutlinedButton(content=_("Add goal"), icon=ft.Icons.FLAG_OUTLINED, on_click=tapped)]


def _goals(screen: WizardScreen, change: Change, add_goal: AddGoal | None) -> list[ft.Control]:
    goal_minutes = dict(screen.draft.goal_minutes)

    def minutes_for(goal_id: str) -> Callable[[ft.Event[ft.TextField]], None]:
        def typed(event: ft.Event[ft.TextField]) -> None:
            goal_minutes[goal_id] = event.control.value
            change(goal_minutes=dict(goal_minutes))

        return typed

    if not screen.goals:
        return [ft.Text(_("This client has no goals with granted hours.")), *_add_goal(add_goal)]
    fields: list[ft.Control] = []
    for goal_id, title in screen.goals:
        # The goal's title wraps above a short field: a long title as the field's label
        # would be cut off on a phone.
        fields.append(ft.Text(title))
        fields.append(
            ft.TextField(
                label=_("Minutes on this goal"),
                value=screen.draft.goal_minutes.get(goal_id, ""),
                keyboard_type=ft.KeyboardType.NUMBER,
                on_change=minutes_for(goal_id),
                width=220,
            )
        )
    return [
        ft.Text(_("Goals worked on")),
        *fields,
        *at_field(screen.errors.get("minutes")),
        *_add_goal(add_goal),
    ]


NOT_AT_A_PLACEMENT = "-"
"""The workplace choice for "not at one of the placements" (a dropdown key cannot be empty)."""


def _workplace(screen: WizardScreen, change: Change) -> ft.Control:
    """Where a workplace visit was made: the placement held now is chosen already."""
    draft = screen.draft

    def picked(event: ft.Event[ft.Dropdown]) -> None:
        value = event.control.value or NOT_AT_A_PLACEMENT
        change(placement_id="" if value == NOT_AT_A_PLACEMENT else value)

    known = {key for key, _words in screen.workplaces}
    return named(
        ft.Dropdown(
            label=_("Workplace"),
            value=draft.placement_id if draft.placement_id in known else NOT_AT_A_PLACEMENT,
            options=[
                *(ft.DropdownOption(key=key, text=words) for key, words in screen.workplaces),
                ft.DropdownOption(key=NOT_AT_A_PLACEMENT, text=_("Not at one of the placements")),
            ],
            on_select=picked,
            expand=True,
        )
    )


def visit_step(
    screen: WizardScreen, change: Change, add_goal: AddGoal | None = None
) -> list[ft.Control]:
    draft = screen.draft
    workplace = _workplace(screen, change)
    workplace.visible = bool(screen.workplaces) and draft.visit_type is VisitType.WORKPLACE_VISIT

    def typed(event: ft.Event[ft.Dropdown]) -> None:
        change(visit_type=event.control.value)
        shown = bool(screen.workplaces) and event.control.value == VisitType.WORKPLACE_VISIT.value
        if workplace.visible != shown:
            workplace.visible = shown
            workplace.update()

    kind = named(
        ft.Dropdown(
            label=field_label("type"),
            value=draft.visit_type.value,
            options=[ft.DropdownOption(key=t.value, text=visit_type_label(t)) for t in VisitType],
            on_select=typed,
            expand=True,
        )
    )
    return [
        kind,
        workplace,
        *_when(screen, change),
        *_duration(screen, change),
        *_participants(screen, change),
        *_goals(screen, change, add_goal),
    ]
