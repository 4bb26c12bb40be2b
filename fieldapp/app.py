"""Composition root of the field app: wires the store, services, i18n and the Flet views.

Nothing is created at import time; :func:`run` builds everything from an :class:`AppConfig`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import flet as ft

from fieldapp.i18n import _
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.demo import DEMO_PASSPHRASE, seed_demo
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.ui.caseload_model import caseload_rows
from fieldapp.ui.caseload_view import caseload_view
from fieldapp.ui.unlock_view import unlock_view

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8550
    demo: bool = False


def default_data_dir() -> Path:
    """Flet sets FLET_APP_STORAGE_DATA in built apps and `flet run`; else a local folder."""
    configured = os.environ.get("FLET_APP_STORAGE_DATA")
    return Path(configured) / "store" if configured else Path("var") / "store"


def now() -> datetime:
    return datetime.now(UTC)


def prepare_demo_store(data_dir: Path) -> None:
    """Create and fill the demo store once (slow: key derivation); later runs reuse it."""
    if EncryptedStore.exists(data_dir):
        return
    store = EncryptedStore.create(data_dir, DEMO_PASSPHRASE)
    try:
        seed_demo(CaseloadService(CaseloadStore(store, now), now), now())
    finally:
        store.close()


def build_main(store: EncryptedStore) -> ft.AppCallable:
    service = CaseloadService(CaseloadStore(store, now), now)

    async def main(page: ft.Page) -> None:
        page.title = _("Veldwerk")
        page.theme_mode = ft.ThemeMode.LIGHT

        async def show_caseload() -> None:
            rows = await asyncio.to_thread(caseload_rows, service)
            page.appbar = ft.AppBar(
                title=ft.Text(_("Caseload")),
                actions=[
                    ft.Semantics(
                        label=_("Lock"),
                        button=True,
                        identifier="lock",
                        content=ft.IconButton(ft.Icons.LOCK, tooltip=_("Lock"), on_click=lock),
                    )
                ],
            )
            page.controls[:] = [caseload_view(rows)]
            page.update()

        def show_unlock() -> None:
            page.appbar = None
            page.controls[:] = [unlock_view(store.unlock_async, show_caseload)]
            page.update()

        def lock(_event: ft.Event[ft.IconButton]) -> None:
            store.lock()
            show_unlock()

        show_unlock()

    return main


def run(config: AppConfig) -> None:
    if config.demo:
        prepare_demo_store(config.data_dir)
    store = EncryptedStore.open(config.data_dir)
    logger.info("Veldwerk field app on http://%s:%d", config.host, config.port)
    if config.demo:
        logger.info("demo passphrase: %s", DEMO_PASSPHRASE)
    try:
        ft.run(
            build_main(store),
            view=ft.AppView.WEB_BROWSER,
            host=config.host,
            port=config.port,
            no_cdn=True,
            assets_dir=str(Path(__file__).resolve().parent.parent / "assets"),
        )
    finally:
        store.close()
