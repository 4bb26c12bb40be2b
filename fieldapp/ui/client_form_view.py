"""Add or edit a client: name, contact, the address routing needs, the language the client
prefers and whether they need easy language. There is no BSN field, and the form refuses text
that looks like one (the domain model does)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.participation import Rung
from fieldapp.i18n import _, field_label
from fieldapp.i18n.labels import target_group_label
from fieldapp.i18n.language_names import LANGUAGE_NAMES
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.client_form import CLIENT_LANGUAGES, TEXT_FIELDS, ClientFormValues
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.field_messages import field_messages
from fieldapp.ui.layout import named, pinned_bottom, wrapping

SaveClient = Callable[[ClientFormValues], Awaitable[FieldErrors]]
"""Save what the form holds; returns field -> message to fix, or {} when saved."""

_KEYBOARDS = {
    "phone": ft.KeyboardType.PHONE,
    "email": ft.KeyboardType.EMAIL,
    "house_number": ft.KeyboardType.NUMBER,
}
_MULTILINE = {"notes"}
_HINTS = {"postcode": "1234 AB"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or _("Another language")


_NOT_KNOWN = "-"
"""The ladder's choice for "not known" (a dropdown's key cannot be empty)."""


def client_form_view(values: ClientFormValues, on_save: SaveClient) -> ft.Control:
    texts: dict[str, ft.TextField] = {
        name: ft.TextField(
            label=field_label(name),
            value=getattr(values, name),
            keyboard_type=_KEYBOARDS.get(name, ft.KeyboardType.TEXT),
            multiline=name in _MULTILINE,
            min_lines=3 if name in _MULTILINE else None,
            hint_text=_HINTS.get(name),
            autocorrect=False,
            enable_suggestions=False,
        )
        for name in TEXT_FIELDS
        if name not in ("preferred_language", "target_group", "participation_level")
    }
    language = ft.Dropdown(
        label=_("Client's language"),
        value=values.preferred_language,
        options=[ft.DropdownOption(key=c, text=language_name(c)) for c in CLIENT_LANGUAGES],
    )
    group = ft.Dropdown(
        label=_("Target group"),
        value=values.target_group,
        options=[ft.DropdownOption(key=g.value, text=target_group_label(g)) for g in TargetGroup],
    )
    ladder = ft.Dropdown(
        label=field_label("participation_level"),
        value=values.participation_level or _NOT_KNOWN,
        options=[
            ft.DropdownOption(key=_NOT_KNOWN, text=_("Not known")),
            *(ft.DropdownOption(key=str(rung.value), text=work_label(rung)) for rung in Rung),
        ],
    )
    easy = ft.Checkbox(label=_("Needs easy language"), value=values.easy_language)
    low_income = ft.Checkbox(
        label=_("Income up to 120 percent of the social minimum"),
        value=values.income_up_to_120pct_minimum,
    )
    starter = ft.Checkbox(
        label=_("Started work after a benefit"), value=values.new_starter_after_benefit
    )
    summary = ft.Text("", color=ft.Colors.ERROR)

    def current() -> ClientFormValues:
        return ClientFormValues(
            **{name: field.value or "" for name, field in texts.items()},
            preferred_language=language.value or "nl",
            participation_level="" if ladder.value in (None, _NOT_KNOWN) else ladder.value,
            target_group=group.value or TargetGroup.OTHER.value,
            easy_language=bool(easy.value),
            income_up_to_120pct_minimum=bool(low_income.value),
            new_starter_after_benefit=bool(starter.value),
        )

    async def save(_event: ft.Event[ft.Button]) -> None:
        problems = await on_save(current())
        if not problems:
            return  # saved: the client's page is showing now
        errors = field_messages(problems)
        for name, field in texts.items():
            field.error = errors.get(name)
        summary.value = _("Check the fields marked below.")
        summary.update()
        for field in texts.values():
            field.update()

    def section(title: str) -> ft.Text:
        return ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)

    fields_list = ft.ListView(
        padding=ft.Padding.symmetric(horizontal=16),
        spacing=12,
        expand=True,
        controls=[
            section(_("Name and contact")),
            *(texts[n] for n in ("given_name", "family_name", "phone", "email")),
            section(_("Address (for referrals to the right team)")),
            *(texts[n] for n in ("postcode", "house_number", "house_number_addition")),
            *(texts[n] for n in ("street", "city")),
            section(_("Language and situation")),
            named(language),
            wrapping(easy),
            named(group),
            named(ladder),
            ft.Text(_("A change of rung is kept with today's date.")),
            wrapping(low_income),
            wrapping(starter),
            texts["notes"],
            ft.Text(_("Never record a citizen service number (BSN).")),
        ],
    )
    save_button = ft.Button(content=_("Save client"), icon=ft.Icons.SAVE, on_click=save)
    return pinned_bottom([summary], fields_list, [save_button])
