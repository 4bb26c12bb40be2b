"""Flying Squad event mode on a shared tablet: start an event, count with big buttons, and take
in a contact on a form that is empty for every new person. No list of earlier contacts exists
on these screens, and there is no way back to the caseload except locking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.consent import Purpose
from fieldapp.domain.outreach import OutreachEvent, Tally
from fieldapp.domain.targets import Target
from fieldapp.i18n import N_, _, active, field_label, target_label
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.services.client_form import CLIENT_LANGUAGES
from fieldapp.services.event_intake import REFERRAL_TARGETS, Intake
from fieldapp.ui.client_form_view import language_name
from fieldapp.ui.layout import named, pinned_bottom, wrapping

TALLY_LABELS = {
    Tally.PEOPLE_SPOKEN: N_("People spoken to"),
    Tally.REGULATIONS_EXPLAINED: N_("Regulations explained"),
    Tally.SELF_TESTS_DONE: N_("Self-tests done"),
    Tally.REFERRALS_MADE: N_("Referrals made"),
}
BIG = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=16))


def start_event_view(on_start: Callable[[str, str], Awaitable[str]]) -> ft.Control:
    """``on_start(organisation, place)`` returns an error message, or "" when started."""
    organisation = ft.TextField(label=_("Organisation or employer"))
    place = ft.TextField(label=_("Place"))
    status = ft.Text("", color=ft.Colors.ERROR)

    async def start(_event: ft.Event[ft.Button]) -> None:
        error = await on_start(organisation.value or "", place.value or "")
        if error:
            status.value = error
            status.update()

    return pinned_bottom(
        [status],
        ft.ListView(
            [
                ft.Text(
                    _(
                        "Event mode is for a shared tablet: each person gets an empty form, and "
                        "nobody sees earlier contacts. Leaving it needs the passphrase."
                    )
                ),
                organisation,
                place,
            ],
            padding=ft.Padding.symmetric(horizontal=16),
            spacing=12,
            expand=True,
        ),
        [ft.Button(content=_("Start event"), icon=ft.Icons.CELEBRATION, on_click=start)],
    )


def event_view(
    event: OutreachEvent,
    on_count: Callable[[Tally, int], Awaitable[None]],
    on_contact: Callable[[], Awaitable[None]],
    on_end: Callable[[], Awaitable[None]],
    on_regulations: Callable[[], Awaitable[None]],
) -> ft.Control:
    def counter(tally: Tally) -> ft.Control:
        name = _(TALLY_LABELS[tally])

        async def plus(_event: ft.Event[ft.Button]) -> None:
            await on_count(tally, 1)

        async def minus(_event: ft.Event[ft.OutlinedButton]) -> None:
            await on_count(tally, -1)

        return ft.Column(
            [
                ft.Text(f"{name}: {event.count(tally)}", size=18),
                ft.Row(
                    [
                        ft.OutlinedButton(
                            content=_("One less: {tally}").format(tally=name), on_click=minus
                        ),
                        ft.Button(
                            content=_("One more: {tally}").format(tally=name),
                            on_click=plus,
                            style=BIG,
                        ),
                    ],
                    wrap=True,
                ),
            ],
            spacing=4,
        )

    async def contact(_event: ft.Event[ft.Button]) -> None:
        await on_contact()

    async def end(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_end()

    async def regulations(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_regulations()

    where = " · ".join(part for part in (event.organisation, event.place) if part)
    return pinned_bottom(
        [ft.Text(where, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)],
        ft.ListView(
            [
                ft.OutlinedButton(
                    content=_("Regulations check"), icon=ft.Icons.CHECKLIST, on_click=regulations
                )
            ]
            + [counter(tally) for tally in Tally if tally is not Tally.REFERRALS_MADE]
            + [
                ft.Text(
                    f"{_(TALLY_LABELS[Tally.REFERRALS_MADE])}: {event.count(Tally.REFERRALS_MADE)}"
                )
            ],
            padding=ft.Padding.symmetric(horizontal=16),
            spacing=12,
            expand=True,
        ),
        [
            ft.OutlinedButton(content=_("End event"), icon=ft.Icons.STOP, on_click=end),
            ft.Button(
                content=_("New contact"), icon=ft.Icons.PERSON_ADD, on_click=contact, style=BIG
            ),
        ],
    )


def _consent(purpose: Purpose, target: Target | None = None) -> str:
    """The consent text the person reads on the tablet, in the tablet's language."""
    team = target_label(target) if target else ""
    return consent_text(purpose, active().lang, team=team, event=True).text


def intake_view(
    on_save: Callable[[Intake], Awaitable[dict[str, str]]],
    on_cancel: Callable[[], Awaitable[None]],
) -> ft.Control:
    """An empty form every time it is built; ``on_save`` returns field -> message, or {}."""
    texts = {
        name: ft.TextField(label=field_label(name), autocorrect=False, enable_suggestions=False)
        for name in ("given_name", "phone", "email", "postcode", "house_number")
    }
    language = ft.Dropdown(
        label=_("Client's language"),
        value="nl",
        options=[ft.DropdownOption(key=c, text=language_name(c)) for c in CLIENT_LANGUAGES],
    )
    explained = ft.Checkbox(label=_("Regulations explained"))
    self_test = ft.Checkbox(label=_("Self-test done"))
    follow_up = ft.Checkbox(label=_consent(Purpose.FOLLOW_UP_CONTACT))
    wanted = {
        target: ft.Checkbox(label=_consent(Purpose.REFERRAL, target)) for target in REFERRAL_TARGETS
    }
    status = ft.Text("", color=ft.Colors.ERROR)

    async def save(_event: ft.Event[ft.Button]) -> None:
        errors = await on_save(
            Intake(
                **{name: field.value or "" for name, field in texts.items()},
                language=language.value or "nl",
                regulations_explained=bool(explained.value),
                self_test_done=bool(self_test.value),
                follow_up=bool(follow_up.value),
                referrals=tuple(t for t, box in wanted.items() if box.value),
            )
        )
        if not errors:
            return
        for name, field in texts.items():
            field.error = errors.get(name)
            field.update()
        status.value = _("Check the fields marked below.")
        status.update()

    async def cancel(_event: ft.Event[ft.OutlinedButton]) -> None:
        await on_cancel()

    return pinned_bottom(
        [status],
        ft.ListView(
            [
                wrapping(explained),
                wrapping(self_test),
                ft.Text(
                    _("Only with consent: leave these empty when the person wants no follow-up."),
                ),
                wrapping(follow_up),
                *(wrapping(box) for box in wanted.values()),
                *texts.values(),
                named(language),
            ],
            padding=ft.Padding.symmetric(horizontal=16),
            spacing=8,
            expand=True,
        ),
        [
            ft.OutlinedButton(content=_("Cancel"), on_click=cancel),
            ft.Button(content=_("Save contact"), icon=ft.Icons.SAVE, on_click=save, style=BIG),
        ],
    )
