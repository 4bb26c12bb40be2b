"""The client page's consents: each with what it is for, for whom, when and which text, and a
way to withdraw it. Withdrawing asks first, in a dialog that names the consent and says what
will happen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.i18n import _
from fieldapp.ui.consent_lines import ConsentLine

Withdraw = Callable[[str], Awaitable[None]]


def explanation() -> str:
    return _(
        "After this, nothing more is shared on this consent. A referral that relies on it is "
        "withdrawn, and the team is told. This cannot be undone."
    )


def _card(line: ConsentLine, withdraw: Withdraw) -> ft.Control:
    lines: list[ft.Control] = [
        ft.Text(line.title, weight=ft.FontWeight.BOLD),
        ft.Text(line.given),
        ft.Text(line.text),
        ft.Text(line.state),
    ]
    if line.withdrawable:

        def ask(event: ft.Event[ft.OutlinedButton]) -> None:
            page = event.control.page
            assert isinstance(page, ft.Page)

            async def confirmed(_event: ft.Event[ft.Button]) -> None:
                page.pop_dialog()
                await withdraw(line.consent_id)

            def keep(_event: ft.Event[ft.TextButton]) -> None:
                page.pop_dialog()

            page.show_dialog(
                ft.AlertDialog(
                    modal=True,
                    title=ft.Text(_("Withdraw this consent?")),
                    content=ft.Text(f"{line.title}\n\n{explanation()}"),
                    actions=[
                        ft.TextButton(content=_("Keep it"), on_click=keep),
                        ft.Button(
                            content=_("Yes, withdraw"), icon=ft.Icons.BLOCK, on_click=confirmed
                        ),
                    ],
                )
            )

        lines.append(ft.OutlinedButton(content=_("Withdraw consent"), on_click=ask))
    return ft.Card(
        content=ft.Container(padding=ft.Padding.all(16), content=ft.Column(lines, spacing=6))
    )


def consents_section(lines: list[ConsentLine], withdraw: Withdraw) -> list[ft.Control]:
    if not lines:
        return [ft.Text(_("No consents recorded."))]
    return [_card(line, withdraw) for line in lines]
