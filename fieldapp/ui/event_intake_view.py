"""A contact at a Flying Squad event, on a form that is empty for every new person.

The person's language is the first choice: the consent texts follow it (right to left for
Arabic), with the staff's own language beneath when it differs, as in the visit wizard. What
needs fixing shows at the field it concerns, in words made here from the service's codes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

import flet as ft

from fieldapp.domain.consent import Purpose
from fieldapp.domain.targets import Target
from fieldapp.i18n import Translator, _, active, field_label, target_label
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.services.client_form import CLIENT_LANGUAGES
from fieldapp.services.event_intake import (
    CONTACT_FIELDS,
    REFERRAL_TARGETS,
    Intake,
)
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.client_form_view import language_name
from fieldapp.ui.field_messages import field_message
from fieldapp.ui.layout import pinned_bottom, wrapping

_KEYBOARDS = {
    "phone": ft.KeyboardType.PHONE,
    "email": ft.KeyboardType.EMAIL,
    "house_number": ft.KeyboardType.NUMBER,
}

SaveIntake = Callable[[Intake], Awaitable[FieldErrors]]


async def show_errors(fields: Mapping[str, ft.TextField], errors: FieldErrors) -> None:
    """Each field's message (or none) at the field, and the focus in the first one with a
    message, which scrolls it into view."""
    first = None
    for name, text_field in fields.items():
        problem = errors.get(name)
        label = text_field.label if isinstance(text_field.label, str) else name
        text_field.error = field_message(problem, label) if problem else None
        text_field.update()
        if problem and first is None:
            first = text_field
    if first is not None:
        await first.focus()  # type: ignore[no-untyped-call]  # untyped in flet 1.0


class ConsentChoice:
    """A consent the person ticks: its text in the person's language, and the staff's text
    beneath when the app shows another language."""

    def __init__(self, purpose: Purpose, target: Target | None = None) -> None:
        self.purpose = purpose
        self.target = target
        self.box = ft.Checkbox()
        self.control = ft.Column(spacing=2)

    def _text(self, lang: str, translator: Translator) -> tuple[str, str]:
        team = target_label(self.target, translator=translator) if self.target else ""
        shown = consent_text(self.purpose, lang, team=team, event=True)
        return shown.text, shown.language

    def show(self, lang: str) -> None:
        text, shown_in = self._text(lang, Translator(lang))
        self.box.label = text
        row = wrapping(self.box)
        row.rtl = shown_in in RIGHT_TO_LEFT
        controls = [row]
        mine, staff_lang = self._text(active().lang, active())
        if staff_lang != shown_in:
            beneath = ft.Text(_("In your language: {text}").format(text=mine), italic=True)
            # Its own node, so a screen reader reads it after the box, as it is seen.
            controls.append(
                ft.Semantics(
                    container=True,
                    content=ft.Container(beneath, padding=ft.Padding.only(left=48)),
                )
            )
        self.control.controls = controls


def _language_choice(on_pick: Callable[[str], None]) -> ft.RadioGroup:
    """One tap per language, each named in itself, so the person finds their own."""

    def picked(event: ft.Event[ft.RadioGroup]) -> None:
        on_pick(event.control.value or "nl")

    return ft.RadioGroup(
        value="nl",
        on_change=picked,
        content=ft.ResponsiveRow(
            [
                ft.Radio(value=code, label=language_name(code), col={"xs": 6, "md": 4, "xl": 2})
                for code in CLIENT_LANGUAGES
            ],
            spacing=8,
            run_spacing=0,
        ),
    )


def intake_view(on_save: SaveIntake, on_cancel: Callable[[], Awaitable[None]]) -> ft.Control:
    """An empty form every time it is built; ``on_save`` returns field -> problem, or {}."""
    texts = {
        name: ft.TextField(
            label=field_label(name),
            keyboard_type=_KEYBOARDS.get(name, ft.KeyboardType.TEXT),
            autocorrect=False,
            enable_suggestions=False,
            scroll_padding=ft.Padding.only(left=20, top=20, right=20, bottom=72),
        )
        for name in CONTACT_FIELDS
    }
    follow_up = ConsentChoice(Purpose.FOLLOW_UP_CONTACT)
    wanted = {target: ConsentChoice(Purpose.REFERRAL, target) for target in REFERRAL_TARGETS}
    consents = [follow_up, *wanted.values()]

    def switch(lang: str) -> None:
        for consent in consents:
            consent.show(lang)
            consent.control.update()

    language = _language_choice(switch)
    for consent in consents:
        consent.show("nl")
    explained = ft.Checkbox(label=_("Regulations explained"))
    self_test = ft.Checkbox(label=_("Self-test done"))
    status = ft.Text("", color=ft.Colors.ERROR)

    async def save(_event: ft.Event[ft.Button]) -> None:
        errors = await on_save(
            Intake(
                **{name: text_field.value or "" for name, text_field in texts.items()},
                language=language.value or "nl",
                regulations_explained=bool(explained.value),
                self_test_done=bool(self_test.value),
                follow_up=bool(follow_up.box.value),
                referrals=tuple(t for t, choice in wanted.items() if choice.box.value),
            )
        )
        if not errors:
            return
        status.value = _("Check the fields marked below.")
        status.update()
        await show_errors(texts, errors)

    async def cancel(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_cancel()

    heading = ft.TextThemeStyle.TITLE_MEDIUM
    fields: list[ft.Control] = [
        ft.Text(_("The person's language"), theme_style=heading),
        language,
        ft.Text(_("Only with consent: leave these empty when the person wants no follow-up.")),
        *(consent.control for consent in consents),
        ft.Semantics(
            container=True,
            content=ft.Text(
                _(
                    "With consent: a first name, and a phone number or an email address. "
                    "Help from a team also needs the postcode and house number."
                )
            ),
        ),
        *texts.values(),
        wrapping(explained),
        wrapping(self_test),
    ]
    return pinned_bottom(
        [status],
        # A column, not a list view: every field is built, so the focus can go to any of them.
        ft.Container(
            ft.Column(
                fields,
                spacing=8,
                scroll=ft.ScrollMode.AUTO,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
            padding=ft.Padding.symmetric(horizontal=16),
            expand=True,
        ),
        [
            ft.OutlinedButton(content=_("Cancel"), on_click=cancel),
            ft.Button(
                content=_("Save contact"),
                icon=ft.Icons.SAVE,
                on_click=save,
                style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=16)),
            ),
        ],
    )
