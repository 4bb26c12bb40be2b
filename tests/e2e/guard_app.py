"""A deliberately broken Flet app for the guard's own tests: a button whose handler raises, a
button that adds a row too wide for a phone, one that adds texts cut off (a chip's label too long
for its one line, a word in a slot too narrow for it), and Flet's web client as it comes (it
asks a CDN for Rive's loader)."""

from __future__ import annotations

import argparse

import flet as ft


def main(page: ft.Page) -> None:
    def boom(_event: ft.Event[ft.Button]) -> None:
        raise RuntimeError("guard self-test: a handler that raises")

    def widen(_event: ft.Event[ft.Button]) -> None:
        # Three fixed 200 px boxes in a row that does not wrap: 600 px on a 390 px screen.
        page.add(
            ft.Row(
                [ft.Container(ft.Text(f"Box {n}"), width=200, height=48) for n in range(3)],
                wrap=False,
            )
        )

    def cut(_event: ft.Event[ft.Button]) -> None:
        page.add(
            ft.Chip(
                label="Werkgever of leidinggevende van de cliënt op de werkvloer",
                on_select=lambda _e: None,
            ),
            ft.Container(ft.Text("Samenvatting", size=14), width=60),
        )

    page.add(
        ft.Button(content="Raise", on_click=boom),
        ft.Button(content="Too wide", on_click=widen),
        ft.Button(content="Cut text", on_click=cut),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    ft.run(
        main,
        view=ft.AppView.WEB_BROWSER,
        host="127.0.0.1",
        port=port,
        no_cdn=True,
    )
