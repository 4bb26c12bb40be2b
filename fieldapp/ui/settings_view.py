"""Settings: language, auto-lock time, the server link and how long a sync may go without
progress, a new passphrase, and removing this device (which warns, and asks again, while
changes are still unsent). Each section says what happened right under its own fields, above
its button (in view when the button is)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.domain.store_errors import StoreError
from fieldapp.i18n import _, message_for, ngettext
from fieldapp.ui.language_picker import language_picker
from fieldapp.ui.layout import wrapping
from fieldapp.ui.passphrase import judge

AUTO_LOCK_CHOICES = (1, 2, 5, 10, 15, 30)
SYNC_TIMEOUT_CHOICES = (5, 10, 20, 30, 60, 120)


@dataclass(frozen=True)
class SettingsState:
    auto_lock_minutes: int
    server_url: str | None
    unsent: int
    sync_timeout_seconds: int = 30


@dataclass(frozen=True)
class SettingsActions:
    language: Callable[[str], Awaitable[None]]
    auto_lock: Callable[[int], Awaitable[None]]
    enroll: Callable[[str, str], Awaitable[str]]
    """(URL, code) -> an error message, or "" when linked."""
    change_passphrase: Callable[[str, str], Awaitable[None]]
    remove_device: Callable[[], Awaitable[None]]
    sync_timeout: Callable[[int], Awaitable[None]]
    """Seconds a sync may go without progress before it is given up."""


def _section(title: str, *controls: ft.Control) -> ft.Control:
    """A titled group whose fields take the full width: a field's label that wraps runs into
    its border."""
    return ft.Column(
        [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM), *controls],
        spacing=8,
        tight=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def _button(text: str, icon: ft.IconData, on_click: Callable[..., Awaitable[None]]) -> ft.Control:
    """A button as wide as its words, in a section that stretches its fields."""
    return ft.Row([ft.Button(content=text, icon=icon, on_click=on_click)])


def _password(label: str) -> ft.TextField:
    return ft.TextField(label=label, password=True, autocorrect=False, enable_suggestions=False)


class _Feedback:
    """What one section says about the last thing done in it, between its fields and its
    button."""

    def __init__(self) -> None:
        self._text = ft.Text("")
        # Its own node, read out when it changes (merged into the section it would be neither).
        self.text = ft.Semantics(
            container=True, live_region=True, visible=False, content=self._text
        )

    def say(self, text: str, error: bool = False) -> None:
        self._text.value = text
        self._text.color = ft.Colors.ERROR if error else None
        self.text.visible = bool(text)
        self.text.update()


def _chosen(dropdown: ft.Dropdown) -> str:
    return next((o.text or "" for o in dropdown.options if o.key == dropdown.value), "")


def _named(dropdown: ft.Dropdown, identifier: str) -> ft.Semantics:
    """A dropdown as one node with its label as name and its choice as value: Flutter's web
    semantics give a dropdown neither, and merged into its section the name would start with
    the section's texts (a tap on it then misses the menu)."""
    return ft.Semantics(
        label=dropdown.label if isinstance(dropdown.label, str) else None,
        value=_chosen(dropdown),
        button=True,
        container=True,
        identifier=identifier,
        content=dropdown,
    )


def _choice(
    label: str,
    value: int,
    choices: tuple[int, ...],
    *,
    text: Callable[[int], str],
    on_pick: Callable[[int], Awaitable[None]],
    identifier: str,
) -> ft.Control:
    """A dropdown of numbers (minutes, seconds) that applies the pick at once."""
    dropdown = ft.Dropdown(
        label=label,
        value=str(value),
        options=[ft.DropdownOption(key=str(n), text=text(n)) for n in sorted({*choices, value})],
    )
    named = _named(dropdown, identifier)

    async def pick(event: ft.Event[ft.Dropdown]) -> None:
        named.value = _chosen(dropdown)
        named.update()
        await on_pick(int(event.control.value or value))

    dropdown.on_select = pick
    return named


def _minutes(n: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def _seconds(n: int) -> str:
    return ngettext("%(n)d second", "%(n)d seconds", n) % {"n": n}


def settings_view(state: SettingsState, actions: SettingsActions) -> ft.Control:
    language = _named(language_picker(actions.language), "language")
    lock_after = _choice(
        _("Lock after"),
        state.auto_lock_minutes,
        AUTO_LOCK_CHOICES,
        text=_minutes,
        on_pick=actions.auto_lock,
        identifier="auto-lock",
    )
    sync_timeout = _choice(
        _("Give up after"),
        state.sync_timeout_seconds,
        SYNC_TIMEOUT_CHOICES,
        text=_seconds,
        on_pick=actions.sync_timeout,
        identifier="sync-timeout",
    )
    linking, passphrase, removal = _Feedback(), _Feedback(), _Feedback()

    server: list[ft.Control]
    if state.server_url:
        server = [ft.Text(_("Linked to {server}").format(server=state.server_url))]
    else:
        url = ft.TextField(label=_("Server"), autocorrect=False)
        code = ft.TextField(label=_("Pairing code"), autocorrect=False)

        async def link(_event: ft.Event[ft.Button]) -> None:
            error = await actions.enroll(url.value.strip(), code.value.strip())
            linking.say(error or _("Linked. Syncing starts now."), bool(error))

        server = [
            url,
            code,
            linking.text,
            _button(_("Link"), ft.Icons.LINK, link),
        ]

    old, new, again = (
        _password(_("Current passphrase")),
        _password(_("New passphrase")),
        _password(_("Repeat the new passphrase")),
    )

    async def change(_event: ft.Event[ft.Button]) -> None:
        verdict = judge(new.value)
        if not verdict.acceptable:
            passphrase.say(verdict.label, True)
        elif new.value != again.value:
            passphrase.say(_("The two passphrases are not the same."), True)
        else:
            try:
                await actions.change_passphrase(old.value, new.value)
            except StoreError as error:
                passphrase.say(message_for(error.code.value), True)
                return
            for field in (old, new, again):
                field.value = ""
                field.update()
            passphrase.say(_("The passphrase is changed."))

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
            removal.say(_("Sync first, or confirm that the unsent changes may be lost."), True)
            return
        await actions.remove_device()

    return ft.ListView(
        padding=ft.Padding.all(16),
        spacing=20,
        expand=True,
        controls=[
            _section(_("Language"), language),
            _section(_("Automatic lock"), lock_after),
            _section(_("Server"), *server),
            _section(
                _("Sync"),
                ft.Text(_("A sync that makes no progress for this long stops. Nothing is lost.")),
                sync_timeout,
            ),
            _section(
                _("Passphrase"),
                old,
                new,
                again,
                passphrase.text,
                _button(_("Change passphrase"), ft.Icons.KEY, change),
            ),
            _section(
                _("Remove this device"),
                ft.Text(_("Erases everything on this device; the app starts again from scratch.")),
                sure_row,
                removal.text,
                _button(_("Remove this device"), ft.Icons.DELETE, remove),
            ),
        ],
    )
