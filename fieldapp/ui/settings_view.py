"""Settings: language, auto-lock time, the server link, a new passphrase, and removing this
device (which warns, and asks again, while changes are still unsent)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.i18n import _, message_for, ngettext
from fieldapp.services.passphrase import judge
from fieldapp.storage.errors import StoreError
from fieldapp.ui.language_picker import language_picker
from fieldapp.ui.layout import wrapping

AUTO_LOCK_CHOICES = (1, 2, 5, 10, 15, 30)


@dataclass(frozen=True)
class SettingsState:
    auto_lock_minutes: int
    server_url: str | None
    unsent: int


@dataclass(frozen=True)
class SettingsActions:
    language: Callable[[str], Awaitable[None]]
    auto_lock: Callable[[int], Awaitable[None]]
    enroll: Callable[[str, str], Awaitable[str]]
    """(URL, code) -> an error message, or "" when linked."""
    change_passphrase: Callable[[str, str], Awaitable[None]]
    remove_device: Callable[[], Awaitable[None]]


def _section(title: str, *controls: ft.Control) -> ft.Control:
    return ft.Column(
        [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM), *controls],
        spacing=8,
        tight=True,
    )


def _password(label: str) -> ft.TextField:
    return ft.TextField(label=label, password=True, autocorrect=False, enable_suggestions=False)


def settings_view(state: SettingsState, actions: SettingsActions) -> ft.Control:
    language = language_picker(actions.language)
    lock_after = ft.Dropdown(
        label=_("Lock after"),
        value=str(state.auto_lock_minutes),
        options=[
            ft.DropdownOption(
                key=str(m), text=ngettext("%(n)d minute", "%(n)d minutes", m) % {"n": m}
            )
            for m in AUTO_LOCK_CHOICES
        ],
    )

    async def pick_lock(event: ft.Event[ft.Dropdown]) -> None:
        await actions.auto_lock(int(event.control.value or 5))

    lock_after.on_select = pick_lock
    feedback = ft.Text("")

    def say(text: str, error: bool = False) -> None:
        feedback.value = text
        feedback.color = ft.Colors.ERROR if error else None
        feedback.update()

    server: list[ft.Control]
    if state.server_url:
        server = [ft.Text(_("Linked to {server}").format(server=state.server_url))]
    else:
        url = ft.TextField(label=_("Server"), autocorrect=False)
        code = ft.TextField(label=_("Pairing code"), autocorrect=False)

        async def link(_event: ft.Event[ft.Button]) -> None:
            error = await actions.enroll(url.value.strip(), code.value.strip())
            say(error or _("Linked. Syncing starts now."), bool(error))

        server = [url, code, ft.Button(content=_("Link"), icon=ft.Icons.LINK, on_click=link)]

    old, new, again = (
        _password(_("Current passphrase")),
        _password(_("New passphrase")),
        _password(_("Type the new passphrase again")),
    )

    async def change(_event: ft.Event[ft.Button]) -> None:
        verdict = judge(new.value)
        if not verdict.acceptable:
            say(verdict.label, True)
        elif new.value != again.value:
            say(_("The two passphrases are not the same."), True)
        else:
            try:
                await actions.change_passphrase(old.value, new.value)
            except StoreError as error:
                say(message_for(error.code.value), True)
                return
            for field in (old, new, again):
                field.value = ""
                field.update()
            say(_("The passphrase is changed."))

    sure = ft.Checkbox(
        label=ngettext(
            "Remove anyway: %(n)d change that was not sent will be lost",
            "Remove anyway: %(n)d changes that were not sent will be lost",
            state.unsent,
        )
        % {"n": state.unsent},
    )
    sure_row = wrapping(sure)
    sure_row.visible = state.unsent > 0

    async def remove(_event: ft.Event[ft.Button]) -> None:
        if state.unsent and not sure.value:
            say(_("Sync first, or confirm that the unsent changes may be lost."), True)
            return
        await actions.remove_device()

    return ft.ListView(
        padding=ft.Padding.all(16),
        spacing=20,
        expand=True,
        controls=[
            feedback,
            _section(_("Language"), language),
            _section(_("Automatic lock"), lock_after),
            _section(_("Server"), *server),
            _section(
                _("Passphrase"),
                old,
                new,
                again,
                ft.Button(content=_("Change passphrase"), icon=ft.Icons.KEY, on_click=change),
            ),
            _section(
                _("Remove this device"),
                ft.Text(_("Erases everything on this device; the app starts again from scratch.")),
                sure_row,
                ft.Button(content=_("Remove this device"), icon=ft.Icons.DELETE, on_click=remove),
            ),
        ],
    )
