"""Add or edit an employer of the register: name, kind, KvK number, its work sites (each with
an address if the jobcoach knows it) and the people to talk to there. Sites and contacts are
groups the person adds and removes; what needs fixing shows at the group's own field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.domain.employer import ContactRole, EmployerKind
from fieldapp.i18n import _, field_label
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.employer_form import (
    ContactValues,
    EmployerFormValues,
    SiteValues,
    new_contact,
    new_site,
)
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.form_parsing import AddressText
from fieldapp.ui.field_messages import field_message
from fieldapp.ui.form_fields import form_column, form_screen, scroll_key, section, text_field
from fieldapp.ui.layout import named

SaveEmployer = Callable[[EmployerFormValues], Awaitable[FieldErrors]]
"""Save what the form holds; returns the codes to fix, or {} when saved."""


def _messages(errors: FieldErrors) -> dict[str, str]:
    """Each field's message; a group's field (``sites.0.postcode``) is named by its label."""
    return {key: field_message(problem, key.rsplit(".", 1)[-1]) for key, problem in errors.items()}


def _show(fields: dict[str, ft.TextField], errors: dict[str, str], prefix: str) -> bool:
    """Each field's message or none; whether any field has one."""
    for name, field in fields.items():
        field.error = errors.get(prefix + name)
        field.update()
    return any(field.error for field in fields.values())


class _SiteGroup:
    def __init__(self, values: SiteValues, remove: Callable[[_SiteGroup], None]) -> None:
        self.id = values.id or new_site().id
        address = values.address

        number = ft.KeyboardType.NUMBER
        self.fields = {
            "name": text_field(_("Name of the site"), values.name),
            "postcode": text_field(field_label("postcode"), address.postcode, hint="1234 AB"),
            "house_number": text_field(
                field_label("house_number"), address.house_number, keyboard=number
            ),
            "house_number_addition": text_field(
                field_label("house_number_addition"), address.house_number_addition
            ),
            "street": text_field(field_label("street"), address.street),
            "city": text_field(field_label("city"), address.city),
        }
        self.control = _group(
            self.id,
            _("Work site"),
            _("Remove work site"),
            list(self.fields.values()),
            lambda: remove(self),
        )

    def values(self) -> SiteValues:
        text = {name: field.value or "" for name, field in self.fields.items()}
        name = text.pop("name")
        return SiteValues(id=self.id, name=name, address=AddressText(**text))


class _ContactGroup:
    def __init__(self, values: ContactValues, remove: Callable[[_ContactGroup], None]) -> None:
        self.id = values.id or new_contact().id
        phone, email = ft.KeyboardType.PHONE, ft.KeyboardType.EMAIL
        self.fields = {
            "name": text_field(field_label("name"), values.name),
            "phone": text_field(field_label("phone"), values.phone, keyboard=phone),
            "email": text_field(field_label("email"), values.email, keyboard=email),
        }
        self.role = ft.Dropdown(
            label=_("Role"),
            value=values.role,
            options=[ft.DropdownOption(key=r.value, text=work_label(r)) for r in ContactRole],
        )
        parts: list[ft.Control] = [self.fields["name"], named(self.role)]
        parts += [self.fields["phone"], self.fields["email"]]
        self.control = _group(
            self.id, _("Contact person"), _("Remove contact person"), parts, lambda: remove(self)
        )

    def values(self) -> ContactValues:
        text = {name: field.value or "" for name, field in self.fields.items()}
        return ContactValues(id=self.id, role=self.role.value or ContactRole.MANAGER.value, **text)


def _group(
    group_id: str,
    title: str,
    remove_label: str,
    parts: list[ft.Control],
    remove: Callable[[], None],
) -> ft.Control:
    """A site's or contact's fields in a card, with a button to take the group out."""
    header = ft.Row(
        [
            ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, expand=True),
            ft.IconButton(
                ft.Icons.DELETE_OUTLINE, tooltip=remove_label, on_click=lambda _event: remove()
            ),
        ]
    )
    return ft.Card(
        ft.Container(
            ft.Column(
                [header, *parts], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
            ),
            padding=ft.Padding.all(12),
        ),
        key=scroll_key(group_id),  # the form scrolls to a group with a field to fix
    )


@dataclass
class _Groups:
    sites: list[_SiteGroup]
    contacts: list[_ContactGroup]


def employer_form_view(values: EmployerFormValues, on_save: SaveEmployer) -> ft.Control:
    main = {
        "name": text_field(_("Name of the employer"), values.name),
        "kvk": text_field(field_label("kvk"), values.kvk, keyboard=ft.KeyboardType.NUMBER),
    }
    kind = ft.Dropdown(
        label=_("Kind of employer"),
        value=values.kind,
        options=[ft.DropdownOption(key=k.value, text=work_label(k)) for k in EmployerKind],
    )
    summary = ft.Text("", color=ft.Colors.ERROR)
    sites_column = ft.Column(spacing=8)
    contacts_column = ft.Column(spacing=8)
    groups = _Groups([], [])

    def remove_site(group: _SiteGroup) -> None:
        groups.sites.remove(group)
        sites_column.controls.remove(group.control)
        sites_column.update()

    def remove_contact(group: _ContactGroup) -> None:
        groups.contacts.remove(group)
        contacts_column.controls.remove(group.control)
        contacts_column.update()

    def add_site(site: SiteValues) -> None:
        group = _SiteGroup(site, remove_site)
        groups.sites.append(group)
        sites_column.controls.append(group.control)

    def add_contact(person: ContactValues) -> None:
        group = _ContactGroup(person, remove_contact)
        groups.contacts.append(group)
        contacts_column.controls.append(group.control)

    for site in values.sites:
        add_site(site)
    for person in values.contacts:
        add_contact(person)

    def another_site(_event: ft.Event[ft.OutlinedButton]) -> None:
        add_site(new_site())
        sites_column.update()

    def another_contact(_event: ft.Event[ft.OutlinedButton]) -> None:
        add_contact(new_contact())
        contacts_column.update()

    def current() -> EmployerFormValues:
        return EmployerFormValues(
            name=main["name"].value or "",
            kind=kind.value or EmployerKind.REGULAR.value,
            kvk=main["kvk"].value or "",
            sites=tuple(group.values() for group in groups.sites),
            contacts=tuple(group.values() for group in groups.contacts),
        )

    async def save(_event: ft.Event[ft.Button]) -> None:
        problems = await on_save(current())
        if not problems:
            return  # saved: the register is showing now
        errors = _messages(problems)
        wrong: list[tuple[bool, ft.Control | None]] = [(_show(main, errors, ""), None)]
        wrong += [
            (_show(g.fields, errors, f"sites.{i}."), g.control) for i, g in enumerate(groups.sites)
        ]
        wrong += [
            (_show(g.fields, errors, f"contacts.{i}."), g.control)
            for i, g in enumerate(groups.contacts)
        ]
        summary.value = _("Check the fields marked below.")
        summary.update()
        # Bring the first field to fix into view: the top, or its site's or contact's card.
        first = next((card for has_error, card in wrong if has_error), None)
        if first is None:
            await body.scroll_to(offset=0, duration=300)
        elif isinstance(first.key, ft.ScrollKey):
            await body.scroll_to(scroll_key=first.key, duration=300)

    body = form_column(
        [
            main["name"],
            named(kind),
            main["kvk"],
            section(_("Work sites")),
            sites_column,
            ft.OutlinedButton(
                content=_("Add work site"), icon=ft.Icons.ADD_BUSINESS, on_click=another_site
            ),
            section(_("Contact people")),
            ft.Text(_("Only work contacts: no client details here.")),
            contacts_column,
            ft.OutlinedButton(
                content=_("Add contact person"), icon=ft.Icons.PERSON_ADD, on_click=another_contact
            ),
        ]
    )
    save_button = ft.Button(content=_("Save employer"), icon=ft.Icons.SAVE, on_click=save)
    return form_screen(summary, body, save_button)
