"""The unlock screen: passphrase, unlock off the event loop with visible progress, and a
translated, data-free error on failure."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import flet as ft

from fieldapp.domain.store_errors import StoreError, ThrottledError
from fieldapp.i18n import _, format_time, message_for

UnlockAction = Callable[[str], Awaitable[None]]


def passphrase_field(label: str) -> ft.TextField:
    """A passphrase field with a button that shows or hides what was typed, named for what it
    does next ("Show passphrase" / "Hide passphrase") for screen readers and tooltips. Flet's
    own reveal icon (``can_reveal_password``) has no name."""
    field = ft.TextField(
        label=label,
        password=True,
        autocorrect=False,
        enable_suggestions=False,
    )
    toggle = ft.IconButton(ft.Icons.VISIBILITY, tooltip=_("Show passphrase"))
    named = ft.Semantics(label=_("Show passphrase"), button=True, content=toggle)

    def flip(_event: ft.Event[ft.IconButton]) -> None:
        field.password = not field.password
        toggle.icon = ft.Icons.VISIBILITY if field.password else ft.Icons.VISIBILITY_OFF
        toggle.tooltip = _("Show passphrase") if field.password else _("Hide passphrase")
        named.label = toggle.tooltip
        field.update()

    toggle.on_click = flip
    field.suffix_icon = named
    return field


def _notice(text: str) -> ft.Text:
    return ft.Text(text, color=ft.Colors.ERROR, weight=ft.FontWeight.BOLD)


def unlock_view(
    unlock: UnlockAction, on_unlocked: Callable[[], Awaitable[None]], *, notice: str = ""
) -> ft.Control:
    """``notice``: why the app is locked again (a lapsed lease, a revoked device)."""
    # No autofocus: a field focused before a browser's screen-reader mode is on keeps Flutter's
    # web engine typing into a hidden input for the rest of the session, and what is typed
    # into any field then never reaches the screen reader.
    passphrase = passphrase_field(_("Passphrase"))
    progress = ft.ProgressRing(visible=False, semantics_label=_("Unlocking"))
    status = ft.Text("", color=ft.Colors.ERROR)

    async def submit(_event: ft.Event[ft.TextField] | ft.Event[ft.Button]) -> None:
        progress.visible = True
        button.disabled = True
        status.value = ""
        for control in (status, progress, button):
            control.update()
        try:
            await unlock(passphrase.value)
        except ThrottledError as error:
            allowed = datetime.now(UTC) + timedelta(seconds=error.seconds)
            status.value = message_for(error.code.value, time=format_time(allowed))
        except StoreError as error:
            status.value = message_for(error.code.value)
            passphrase.value = ""
        else:
            await on_unlocked()
            return
        finally:
            progress.visible = False
            button.disabled = False
        for changed in (status, progress, button, passphrase):
            changed.update()

    button = ft.Button(content=_("Unlock"), icon=ft.Icons.LOCK_OPEN, on_click=submit)
    passphrase.on_submit = submit
    return ft.Container(
        padding=ft.Padding.all(24),
        content=ft.Column(
            [
                ft.Text(_("Veldwerk"), theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
                ft.Text(_("Enter your passphrase to open your caseload.")),
                *(
                    [ft.Text(notice, color=ft.Colors.ERROR, weight=ft.FontWeight.BOLD)]
                    if notice
                    else []
                ),
                passphrase,
                ft.Row([button, progress]),
                status,
            ],
            spacing=16,
            tight=True,
        ),
    )
