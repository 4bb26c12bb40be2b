"""The visit wizard, one step per screen: the visit, notes, WHO-5 (behind its own consent),
money signals, then the summary with the rules' suggestions, what each referral would share,
the client's consent per recipient, and save.

Every change goes to ``on_change`` at once (the session saves the draft); nothing here keeps
state of its own beyond the controls on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.domain.medical_words import medical_words
from fieldapp.domain.signals import SignalCatalogue, SignalSource, Stage
from fieldapp.domain.visit_draft import STEPS
from fieldapp.i18n import _, field_label, label, stage_label
from fieldapp.i18n.labels import source_label
from fieldapp.ui.layout import named, pinned_bottom, wrapping
from fieldapp.ui.visit_recap_view import recap
from fieldapp.ui.visit_step_visit import visit_step
from fieldapp.ui.visit_step_wellbeing import wellbeing_step
from fieldapp.ui.visit_steps_bar import step_title, steps_bar
from fieldapp.ui.visit_summary_view import summary_step
from fieldapp.ui.visit_wizard_types import Change, WizardActions, WizardScreen


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
        ft.Text(
            _(
                "Own notes are for your work: the coordinator, teams and the funder never see "
                "them. The client may ask to see them."
            )
        ),
        ft.TextField(
            label=field_label("notes_for_funder"),
            value=screen.draft.notes_for_funder,
            multiline=True,
            min_lines=3,
            on_change=funder_changed,
        ),
        warning,
    ]


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
            # Open: one tap per signal; the jobcoach folds what does not apply.
            expanded=True,
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

    async def go(index: int) -> None:
        await actions.redraw(step=index)

    body = {
        "visit": lambda: visit_step(screen, actions.change, actions.add_goal),
        "notes": lambda: _notes_step(screen, actions.change),
        "wellbeing": lambda: wellbeing_step(screen, actions),
        "signals": lambda: _signals_step(screen, actions.change),
        "summary": lambda: [*recap(screen, go), *summary_step(screen, actions)],
    }[step]()

    async def previous(_event: ft.Event[ft.OutlinedButton]) -> None:
        await go(draft.step - 1)

    async def following(_event: ft.Event[ft.Button]) -> None:
        await go(draft.step + 1)

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
    # Errors of fields on this step show at the field; the rest (a failed save) show here.
    errors: list[ft.Control] = [
        ft.Text(message, color=ft.Colors.ERROR)
        for name, message in screen.errors.items()
        if name not in STEP_FIELDS.get(step, ())
    ]
    heading = ft.Text(
        _("Step {n} of {total}: {title}").format(
            n=draft.step + 1, total=len(STEPS), title=step_title(draft.step)
        ),
        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
    )
    # The steps and the heading scroll with the fields: pinned, at large text they took half
    # a phone's screen and left the fields a strip.
    top = [steps_bar(draft.step, draft.reached, go), heading, ft.Text(screen.client_name)]
    body_list = ft.Column(
        [
            ft.Container(
                ft.Column([*top, *errors, *body], spacing=10),
                padding=ft.Padding.only(left=16, top=8, right=16),
            )
        ],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
    return pinned_bottom([], body_list, navigation)


STEP_FIELDS = {"visit": ("started_at", "duration_minutes", "minutes")}
"""The errors each step shows at their fields."""
