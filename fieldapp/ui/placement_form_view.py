"""Add or edit a client's placement: the employer and its site from the register, the kind,
the dates and hours, the instruments that go with it, and why it ended. What needs fixing
shows at its field; the form scrolls up to the first one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import flet as ft

from fieldapp.domain.placement import EndReason, Jobcoaching, PlacementKind
from fieldapp.i18n import _, field_label
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.placement_form import PlacementFormValues
from fieldapp.ui.date_field import DateField
from fieldapp.ui.field_messages import field_messages
from fieldapp.ui.form_fields import form_column, form_screen, section, text_field
from fieldapp.ui.layout import at_field, named, wrapping

SavePlacement = Callable[[PlacementFormValues], Awaitable[FieldErrors]]
NONE = "-"
"""The dropdowns' choice for "none" (a dropdown's key cannot be empty)."""


@dataclass(frozen=True)
class EmployerChoice:
    """An employer as the form offers it: its id, name and its sites' (id, name)."""

    employer_id: str
    name: str
    sites: tuple[tuple[str, str], ...]


def _options(pairs: Sequence[tuple[str, str]], none: str | None = None) -> list[ft.DropdownOption]:
    head = [ft.DropdownOption(key=NONE, text=none)] if none else []
    return head + [ft.DropdownOption(key=key, text=text) for key, text in pairs]


def _chosen(dropdown: ft.Dropdown) -> str:
    return "" if dropdown.value in (None, NONE) else str(dropdown.value)


class _Choices:
    """The dropdowns: employer, site (the employer's own), kind, jobcoaching, end reason."""

    def __init__(self, values: PlacementFormValues, employers: Sequence[EmployerChoice]) -> None:
        self.by_id = {choice.employer_id: choice for choice in employers}
        self.employer = ft.Dropdown(
            label=field_label("employer_id"),
            value=values.employer_id or None,
            options=_options([(c.employer_id, c.name) for c in employers]),
            on_select=self._employer_chosen,
        )
        self.site = ft.Dropdown(
            label=field_label("site_id"),
            value=values.site_id or NONE,
            on_select=lambda _event: self._clear("site_id"),
        )
        self._fill_sites(values.employer_id)
        self.kind = ft.Dropdown(
            label=_("Kind of placement"),
            value=values.kind or PlacementKind.REGULAR.value,
            options=_options([(k.value, work_label(k)) for k in PlacementKind]),
        )
        self.jobcoaching = ft.Dropdown(
            label=field_label("jobcoaching"),
            value=values.jobcoaching or NONE,
            options=_options([(j.value, work_label(j)) for j in Jobcoaching], _("No jobcoaching")),
        )
        self.end_reason = ft.Dropdown(
            label=field_label("end_reason"),
            value=values.end_reason or NONE,
            options=_options([(r.value, work_label(r)) for r in EndReason], _("Not ended")),
            on_select=lambda _event: self._clear("end_reason"),
        )
        self.errors = {
            name: ft.Column(spacing=0) for name in ("employer_id", "site_id", "end_reason")
        }

    def _fill_sites(self, employer_id: str) -> None:
        choice = self.by_id.get(employer_id)
        sites = choice.sites if choice else ()
        self.site.options = _options(sites, _("No particular site"))
        if self.site.value not in {key for key, _name in sites}:
            self.site.value = NONE

    def _employer_chosen(self, event: ft.Event[ft.Dropdown]) -> None:
        self._fill_sites(event.control.value or "")
        self.site.update()
        self._clear("employer_id")

    def _clear(self, name: str) -> None:
        """A choice made takes the field's message away until the next save."""
        if self.errors[name].controls:
            self.errors[name].controls = []
            self.errors[name].update()

    def show(self, errors: dict[str, str]) -> None:
        for name, column in self.errors.items():
            column.controls = at_field(errors.get(name))
            column.update()


def _concerns_consent(box: ft.Checkbox, texts: Sequence[str]) -> list[ft.Control]:
    """The consent that the employer may pass concerns: read it to the client, then tick."""
    if not texts:
        return []
    return [
        section(_("Concerns from the employer")),
        *(ft.Text(text, italic=index > 0) for index, text in enumerate(texts)),
        wrapping(box),
    ]


def placement_form_view(
    values: PlacementFormValues,
    employers: Sequence[EmployerChoice],
    on_save: SavePlacement,
    consent_texts: Sequence[str] = (),
) -> ft.Control:
    """``employers``: the register, in name order. ``consent_texts``: the text of the consent
    that the employer may pass concerns, in the client's language (and the app's beneath
    when it differs); empty when the client already gave it for this placement's employer."""
    state = {"values": values}
    choices = _Choices(values, employers)
    texts = {
        "hours_per_week": text_field(
            field_label("hours_per_week"), values.hours_per_week, keyboard=ft.KeyboardType.NUMBER
        ),
        "loonwaarde_pct": text_field(
            field_label("loonwaarde_pct"), values.loonwaarde_pct, keyboard=ft.KeyboardType.NUMBER
        ),
        "workplace_adaptation": text_field(
            field_label("workplace_adaptation"), values.workplace_adaptation, lines=2
        ),
        "notes": text_field(field_label("notes"), values.notes, lines=3),
    }
    boxes = {
        "loonkostensubsidie": ft.Checkbox(
            label=_("Loonkostensubsidie"), value=values.loonkostensubsidie
        ),
        "no_risk_policy": ft.Checkbox(label=_("No-risk policy"), value=values.no_risk_policy),
        "in_company_supporter": ft.Checkbox(
            label=_("In-company supporter"), value=values.in_company_supporter
        ),
        "employer_contact": ft.Checkbox(
            label=_("The client agrees: the employer may pass concerns to me"),
            value=values.employer_contact,
        ),
    }

    def dated(name: str) -> Callable[[str], None]:
        def changed(day: str) -> None:
            state["values"] = state["values"].with_(**{name: day})

        return changed

    dates = {
        "start": DateField(field_label("start"), values.start, dated("start")),
        "planned_end": DateField(
            field_label("planned_end"), values.planned_end, dated("planned_end"), optional=True
        ),
        "ended_on": DateField(
            field_label("ended_on"), values.ended_on, dated("ended_on"), optional=True
        ),
    }
    summary = ft.Text("", color=ft.Colors.ERROR)

    def current() -> PlacementFormValues:
        return state["values"].with_(
            employer_id=_chosen(choices.employer),
            site_id=_chosen(choices.site),
            kind=_chosen(choices.kind),
            jobcoaching=_chosen(choices.jobcoaching),
            end_reason=_chosen(choices.end_reason),
            **{name: field.value or "" for name, field in texts.items()},
            **{name: bool(box.value) for name, box in boxes.items()},
        )

    async def save(_event: ft.Event[ft.Button]) -> None:
        problems = await on_save(current())
        if not problems:
            return  # saved: the client's page is showing now
        errors = field_messages(problems)
        for name, field in texts.items():
            field.error = errors.get(name)
            field.update()
        for name, date_field in dates.items():
            date_field.show_error(errors.get(name))
        choices.show(errors)
        summary.value = _("Check the fields marked below.")
        summary.update()
        await body.scroll_to(offset=0, duration=300)

    body = form_column(
        [
            named(choices.employer),
            choices.errors["employer_id"],
            named(choices.site),
            choices.errors["site_id"],
            named(choices.kind),
            dates["start"].control,
            dates["planned_end"].control,
            texts["hours_per_week"],
            section(_("Instruments")),
            wrapping(boxes["loonkostensubsidie"]),
            texts["loonwaarde_pct"],
            named(choices.jobcoaching),
            wrapping(boxes["no_risk_policy"]),
            wrapping(boxes["in_company_supporter"]),
            texts["workplace_adaptation"],
            section(_("When it ends")),
            dates["ended_on"].control,
            named(choices.end_reason),
            choices.errors["end_reason"],
            ft.Text(_("Only the reason from the list: no medical details.")),
            texts["notes"],
            *_concerns_consent(boxes["employer_contact"], consent_texts),
        ]
    )
    save_button = ft.Button(content=_("Save placement"), icon=ft.Icons.SAVE, on_click=save)
    return form_screen(summary, body, save_button)
