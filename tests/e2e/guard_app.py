"""A deliberately broken Flet app for the guard's own tests: a button whose handler raises."""

from __future__ import annotations

import argparse

import flet as ft


def main(page: ft.Page) -> None:
    def boom(_event: ft.Event[ft.Button]) -> None:
        raise RuntimeError("guard self-test: a handler that raises")

    page.add(ft.Button(content="Raise", on_click=boom))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    ft.run(main, view=ft.AppView.WEB_BROWSER, host="127.0.0.1", port=port, no_cdn=True)
