"""The visit wizard, one step per screen: the visit, notes, WHO-5 (behind its own consent),
money signals, then the summary with the rules' suggestions, what each referral would share,
the client's consent per recipient, and save.

Every change goes to ``on_change`` at once (the session saves the draft); nothing here keeps
state of its own beyond the controls on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.domain.consent import Purpose
from fieldapp.domain.medical_words import medical_words
from fieldapp.domain.signals import SignalCatalogue, SignalSource, Stage
from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.domain.visit_draft import STEPS
from fieldapp.i18n import (
    Translator,
    _,
    field_label,
    label,
    stage_label,
    visit_type_label,
    who5_answer_label,
    who5_items,
)
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.labels import participant_label, source_label, who5_is_unregistered
from fieldapp.ui.layout import named, pinned_bottom, wrapping
from fieldapp.ui.visit_summary_view import for_the_client, summary_step
from fieldapp.ui.visit_wizard_types import Change, WizardActions, WizardScreen

UNANSWERED = "-"


def _heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)


def _text(name: str, value: str, change: Change, **options: object) -> ft.TextField:
    def changed(event: ft.Event[ft.TextField]) -> None:
        change(**{name: event.control.value})

    given = options.pop("label", None)
    return ft.TextField(
        label=given if isinstance(given, str) else field_label(name),
        value=value,
        on_change=changed,
        **options,  # type: ignore[arg-type]
    )


def _choice(
    text: str, name: str, value: str, options: list[tuple[str, str]], change: Change
) -> ft.Control:
    """A labelled dropdown that puts the chosen key in the draft's ``name``."""

    def picked(event: ft.Event[ft.Dropdown]) -> None:
        change(**{name: event.control.value})

    return named(
        ft.Dropdown(
            label=text,
            value=value,
            options=[ft.DropdownOption(key=key, text=shown) for key, shown in options],
            on_select=picked,
        )
    )


def _visit_step(screen: WizardScreen, change: Change) -> list[ft.Control]:
    draft = screen.draft

    def toggle(role: ParticipantRole) -> Callable[[ft.Event[ft.Checkbox]], None]:
        def toggled(event: ft.Event[ft.Checkbox]) -> None:
            roles = [r for r in draft_roles if r is not role]
            if event.control.value:
                roles.append(role)
            draft_roles[:] = roles
            change(participants=tuple(roles))

        return toggled

    draft_roles = list(draft.participants)
    goal_minutes = dict(draft.goal_minutes)

    def minutes_for(goal_id: str) -> Callable[[ft.Event[ft.TextField]], None]:
        def typed(event: ft.Event[ft.TextField]) -> None:
            goal_minutes[goal_id] = event.control.value
            change(goal_minutes=dict(goal_minutes))

        return typed

    return [
        _choice(
            field_label("type"),
            "visit_type",
            draft.visit_type.value,
            [(t.value, visit_type_label(t)) for t in VisitType],
            change,
        ),
        # Side by side where they fit, one above the other on a narrow phone. Not a wrapping
        # Row with expanding fields: Flutter cannot lay that out and painted its grey error box.
        ft.ResponsiveRow(
            [
                _text("day", draft.day, change, label=_("Date (YYYY-MM-DD)"), col={"sm": 6}),
                _text("clock", draft.clock, change, label=_("Time (HH:MM)"), col={"sm": 6}),
            ],
        ),
        _text(
            "duration",
            draft.duration,
            change,
            label=field_label("duration_minutes"),
            keyboard_type=ft.KeyboardType.NUMBER,
        ),
        _heading(_("Who took part")),
        *(
            wrapping(
                ft.Checkbox(
                    label=participant_label(role),
                    value=role in draft.participants,
                    on_change=toggle(role),
                )
            )
            for role in ParticipantRole
        ),
        _heading(_("Goals worked on")),
        *(
            ft.TextField(
                label=_("Minutes on: {goal}").format(goal=title),
                value=draft.goal_minutes.get(goal_id, ""),
                keyboard_type=ft.KeyboardType.NUMBER,
                on_change=minutes_for(goal_id),
            )
            for goal_id, title in screen.goals
        ),
        *([] if screen.goals else [ft.Text(_("This client has no goals with granted hours."))]),
    ]


def _notes_step(screen: WizardScreen, change: Change) -> list[ft.Control]:
    warning = ft.Row(
        [
            ft.Icon(ft.Icons.WARNING_AMBER, semantics_label=_("Warning")),
            text := ft.Text("", expand=True),
        ],
        visible=False,
    )

    def warn(value: str) -> None:
        words = medical_words(value)
        warning.visible = bool(words)
        text.value = _(
            "This seems to mention health ({words}). Notes for the funder must not contain "
            "medical information."
        ).format(words=", ".join(words))

    def funder_changed(event: ft.Event[ft.TextField]) -> None:
        warn(event.control.value)
        warning.update()
        change(notes_for_funder=event.control.value)

    warn(screen.draft.notes_for_funder)
    return [
        _text("notes_internal", screen.draft.notes_internal, change, multiline=True, min_lines=3),
        ft.Text(_("Own notes stay with you; they are never in a funder report.")),
        ft.TextField(
            label=field_label("notes_for_funder"),
            value=screen.draft.notes_for_funder,
            multiline=True,
            min_lines=3,
            on_change=funder_changed,
        ),
        warning,
    ]


def _wellbeing_step(screen: WizardScreen, actions: WizardActions) -> list[ft.Control]:
    draft = screen.draft

    async def consent(event: ft.Event[ft.Checkbox]) -> None:
        await actions.redraw(who5_consent=bool(event.control.value))

    agree = wrapping(
        ft.Checkbox(
            label=_("The client agrees to answer the WHO-5 and to have the answers recorded"),
            value=draft.who5_consent,
            on_change=consent,
        )
    )
    if not draft.who5_consent:  # once agreed, the questions get the room
        return [
            ft.Text(
                _(
                    "The WHO-5 asks five questions about how the client felt over the last two "
                    "weeks. It is optional. The answers stay on this device and are never in a "
                    "funder report."
                )
            ),
            for_the_client(screen, [], Purpose.WELLBEING_RECORDING),
            agree,
        ]
    controls: list[ft.Control] = [agree]
    answers = list(draft.who5)

    def answer(index: int) -> Callable[[ft.Event[ft.Dropdown]], None]:
        def picked(event: ft.Event[ft.Dropdown]) -> None:
            value = event.control.value
            answers[index] = None if value in (None, UNANSWERED) else int(value)
            actions.change(who5=tuple(answers))

        return picked

    client = Translator(draft.language)
    if who5_is_unregistered(client):
        controls.append(ft.Text(_("This WHO-5 translation is not the registered one.")))
    controls.append(
        ft.Text(client.gettext("Over the last two weeks"), rtl=client.lang in RIGHT_TO_LEFT)
    )
    for index, item in enumerate(who5_items(translator=client)):
        current = draft.who5[index]
        controls.append(
            named(
                ft.Dropdown(
                    label=item,
                    value=UNANSWERED if current is None else str(current),
                    options=[ft.DropdownOption(key=UNANSWERED, text=_("Not answered"))]
                    + [
                        ft.DropdownOption(
                            key=str(score), text=who5_answer_label(score, translator=client)
                        )
                        for score in range(5, -1, -1)
                    ],
                    on_select=answer(index),
                )
            )
        )
    return controls


def _signals_step(screen: WizardScreen, change: Change) -> list[ft.Control]:
    draft = screen.draft
    ticked = list(draft.signal_codes)
    catalogue = SignalCatalogue.default()

    def toggle(code: str) -> Callable[[ft.Event[ft.Checkbox]], None]:
        def toggled(event: ft.Event[ft.Checkbox]) -> None:
            if event.control.value and code not in ticked:
                ticked.append(code)
            elif not event.control.value and code in ticked:
                ticked.remove(code)
            change(signal_codes=tuple(ticked))

        return toggled

    stages: list[ft.Control] = [
        ft.ExpansionTile(
            title=ft.Text(stage_label(stage)),
            expanded=any(code.startswith(stage.value) for code in ticked),
            controls=[
                wrapping(
                    ft.Checkbox(
                        label=label(definition.label_key),
                        value=definition.code in ticked,
                        on_change=toggle(definition.code),
                    )
                )
                for definition in catalogue.by_stage(stage)
            ],
        )
        for stage in Stage
    ]
    return [
        ft.Text(_("Tick what you noticed or heard. Skip this step if nothing came up.")),
        *stages,
        _choice(
            _("Who noticed it"),
            "signal_source",
            draft.signal_source.value,
            [(s.value, source_label(s)) for s in SignalSource],
            change,
        ),
        _text("client_words", draft.client_words, change, multiline=True, min_lines=2),
    ]


def visit_wizard_view(screen: WizardScreen, actions: WizardActions) -> ft.Control:
    draft = screen.draft
    step = STEPS[draft.step]
    titles = {
        "visit": _("Visit"),
        "notes": _("Notes"),
        "wellbeing": _("Wellbeing (WHO-5)"),
        "signals": _("Money signals"),
        "summary": _("Summary and consent"),
    }
    body = {
        "visit": lambda: _visit_step(screen, actions.change),
        "notes": lambda: _notes_step(screen, actions.change),
        "wellbeing": lambda: _wellbeing_step(screen, actions),
        "signals": lambda: _signals_step(screen, actions.change),
        "summary": lambda: summary_step(screen, actions),
    }[step]()

    async def previous(_event: ft.Event[ft.OutlinedButton]) -> None:
        await actions.redraw(step=draft.step - 1)

    async def following(_event: ft.Event[ft.Button]) -> None:
        await actions.redraw(step=draft.step + 1)

    navigation: list[ft.Control] = []
    if draft.step > 0:
        navigation.append(
            ft.OutlinedButton(content=_("Previous"), icon=ft.Icons.ARROW_BACK, on_click=previous)
        )
    if draft.step < len(STEPS) - 1:
        navigation.append(
            ft.Button(content=_("Next"), icon=ft.Icons.ARROW_FORWARD, on_click=following)
        )
    else:

        async def save(_event: ft.Event[ft.Button]) -> None:
            await actions.save()

        navigation.append(ft.Button(content=_("Save visit"), icon=ft.Icons.SAVE, on_click=save))
    errors: list[ft.Control] = [
        ft.Text(message, color=ft.Colors.ERROR) for message in screen.errors.values()
    ]
    heading = ft.Text(
        _("Step {n} of {total}: {title}").format(
            n=draft.step + 1, total=len(STEPS), title=titles[step]
        ),
        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
    )
    body_list = ft.ListView(
        padding=ft.Padding.symmetric(horizontal=16), spacing=10, expand=True, controls=body
    )
    return pinned_bottom([heading, ft.Text(screen.client_name), *errors], body_list, navigation)
