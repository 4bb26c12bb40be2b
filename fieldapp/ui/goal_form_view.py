"""A goal of the coaching plan: what it is, who pays, the period and the hours granted (with
UWV's internal-jobcoaching share suggested where it applies), how it went. What needs fixing
shows at its field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal

import flet as ft

from fieldapp.domain.visit import Funder, GoalStatus
from fieldapp.i18n import _, field_label, format_number
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.goal_form import GoalFormValues
from fieldapp.ui.date_field import DateField
from fieldapp.ui.field_messages import field_messages
from fieldapp.ui.form_fields import clear_error
from fieldapp.ui.layout import named, pinned_bottom

SaveGoal = Callable[[GoalFormValues], Awaitable[FieldErrors]]
Suggest = Callable[[GoalFormValues], Decimal | None]
NO_PLACEMENT = "-"


def _text_fields(values: GoalFormValues) -> tuple[ft.TextField, ft.TextField, ft.TextField]:
    """The goal's words, its granted hours and its evaluation."""
    title = ft.TextField(label=field_label("title"), value=values.title, multiline=True)
    hours = ft.TextField(
        label=field_label("granted_hours"),
        value=values.granted_hours,
        keyboard_type=ft.KeyboardType.NUMBER,
    )
    evaluation = ft.TextField(
        label=field_label("evaluation"), value=values.evaluation, multiline=True, min_lines=3
    )
    for field in (title, hours, evaluation):
        field.on_change = clear_error
    return title, hours, evaluation


def goal_form_view(
    values: GoalFormValues,
    placements: Sequence[tuple[str, str]],
    suggest: Suggest,
    on_save: SaveGoal,
) -> ft.Control:
    """``placements``: (id, words) of the client's placements a goal can support."""
    state = {"values": values}
    title, hours, evaluation = _text_fields(values)
    # Under the field as a text of its own: a helper line is cut off at one line.
    no_medical = ft.Text(_("Goes into the funder's report: no medical details."), size=12)
    suggestion_text = ft.Text("", expand=True)
    use = ft.TextButton(content=_("Use"))
    suggestion = ft.Row([ft.Icon(ft.Icons.LIGHTBULB_OUTLINE), suggestion_text, use], visible=False)
    summary = ft.Text("", color=ft.Colors.ERROR)

    def refresh(changes: dict[str, str], *, shown: bool = True) -> None:
        """The suggestion again, after a field it depends on changed."""
        state["values"] = state["values"].with_(**changes)
        suggested = suggest(state["values"])
        suggestion.visible = suggested is not None
        if suggested is not None:
            suggestion_text.value = _(
                "UWV pays internal jobcoaching up to {hours} hours in this period."
            ).format(hours=format_number(suggested))
            use.data = str(suggested)
        if shown:
            suggestion.update()

    def use_suggestion(_event: ft.Event[ft.TextButton]) -> None:
        hours.value = str(use.data or "")
        hours.update()

    use.on_click = use_suggestion

    def dropdown(name: str, value: str, options: list[ft.DropdownOption]) -> ft.Dropdown:
        return ft.Dropdown(
            label=field_label(name),
            value=value,
            options=options,
            on_select=lambda event: refresh({name: event.control.value or ""}),
        )

    funder = dropdown(
        "funder",
        values.funder,
        [ft.DropdownOption(key=f.value, text=work_label(f)) for f in Funder],
    )
    status = dropdown(
        "status",
        values.status,
        [ft.DropdownOption(key=s.value, text=work_label(s)) for s in GoalStatus],
    )
    placement = dropdown(
        "placement_id",
        values.placement_id or NO_PLACEMENT,
        [
            ft.DropdownOption(key=NO_PLACEMENT, text=_("No placement")),
            *(ft.DropdownOption(key=key, text=words) for key, words in placements),
        ],
    )
    start = DateField(
        field_label("period_start"), values.period_start, lambda day: refresh({"period_start": day})
    )
    end = DateField(
        field_label("period_end"), values.period_end, lambda day: refresh({"period_end": day})
    )
    more_support = ft.Checkbox(
        label=_("More support is needed after this period"), value=values.more_support
    )
    refresh({}, shown=False)

    def current() -> GoalFormValues:
        chosen = placement.value if placement.value != NO_PLACEMENT else ""
        return state["values"].with_(
            title=title.value or "",
            granted_hours=hours.value or "",
            evaluation=evaluation.value or "",
            funder=funder.value or Funder.OTHER.value,
            status=status.value or GoalStatus.OPEN.value,
            more_support=bool(more_support.value),
            placement_id=chosen or "",
        )

    async def save(_event: ft.Event[ft.Button]) -> None:
        problems = await on_save(current())
        if not problems:
            return  # saved: the client's page is showing now
        errors = field_messages(problems)
        for name, field in (("title", title), ("granted_hours", hours), ("evaluation", evaluation)):
            field.error = errors.get(name)
            field.update()
        start.show_error(errors.get("period_start"))
        end.show_error(errors.get("period_end"))
        summary.value = _("Check the fields marked below.")
        summary.update()

    body = ft.ListView(
        padding=ft.Padding.symmetric(horizontal=16),
        spacing=12,
        expand=True,
        controls=[
            title,
            named(funder),
            *([named(placement)] if placements else []),
            start.control,
            end.control,
            hours,
            suggestion,
            named(status),
            evaluation,
            more_support,
            no_medical,
        ],
    )
    save_button = ft.Button(content=_("Save goal"), icon=ft.Icons.SAVE, on_click=save)
    return pinned_bottom([summary], body, [save_button])
