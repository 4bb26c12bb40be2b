"""First run: language, a passphrase (strength shown, at least 12 characters, typed twice) and,
optionally, the server and pairing code. The app works fully offline without the last two."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.domain.store_errors import StoreError
from fieldapp.i18n import _, message_for
from fieldapp.ui.language_picker import language_picker
from fieldapp.ui.passphrase import judge
from fieldapp.ui.unlock_view import passphrase_field

CreateAction = Callable[[str, str, str], Awaitable[None]]
"""(passphrase, server URL, pairing code): create the store, enroll if given."""


def first_run_view(on_create: CreateAction, on_language: Callable[[str], None]) -> ft.Control:
    language = language_picker(on_language)
    passphrase = passphrase_field(_("Choose a passphrase"))
    repeat = ft.TextField(
        label=_("Type the passphrase again"),
        password=True,
        autocorrect=False,
        enable_suggestions=False,
    )
    strength = ft.Text("", semantics_label=_("Passphrase strength"))
    server = ft.TextField(label=_("Server (optional)"), autocorrect=False)
    code = ft.TextField(label=_("Pairing code (optional)"), autocorrect=False)
    progress = ft.ProgressRing(visible=False, semantics_label=_("Creating"))
    status = ft.Text("", color=ft.Colors.ERROR)

    def rate(_event: ft.Event[ft.TextField]) -> None:
        strength.value = judge(passphrase.value).label if passphrase.value else ""
        strength.update()

    passphrase.on_change = rate

    async def create(_event: ft.Event[ft.Button]) -> None:
        verdict = judge(passphrase.value)
        if not verdict.acceptable:
            status.value = verdict.label
        elif passphrase.value != repeat.value:
            status.value = _("The two passphrases are not the same.")
        else:
            status.value = ""
            progress.visible, button.disabled = True, True
            for control in (status, progress, button):
                control.update()
            try:
                await on_create(passphrase.value, server.value.strip(), code.value.strip())
                return
            except StoreError as error:
                status.value = message_for(error.code.value)
            finally:
                progress.visible, button.disabled = False, False
        for control in (status, progress, button):
            control.update()

    button = ft.Button(content=_("Start"), icon=ft.Icons.CHECK, on_click=create)
    return ft.Container(
        padding=ft.Padding.all(24),
        content=ft.Column(
            [
                ft.Text(_("Welcome to Veldwerk"), theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
                ft.Semantics(label=_("Language"), identifier="language", content=language),
                ft.Text(_("Everything you record is encrypted with this passphrase.")),
                passphrase,
                strength,
                repeat,
                ft.Text(_("Linking to your organisation's server can also be done later.")),
                server,
                code,
                ft.Row([button, progress]),
                status,
            ],
            spacing=12,
            tight=True,
            scroll=ft.ScrollMode.AUTO,
        ),
    )
