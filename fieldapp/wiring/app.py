"""Composition root of the field app: wires the store, services, sync, i18n and the Flet views.

Nothing is created at import time; :func:`run` builds everything from an :class:`AppConfig`.
After unlock: enrollment if a pairing code was given at start, the lease check (an online
check-in when the device has been away too long), then background sync while unlocked.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import flet as ft

from fieldapp.domain.clock import utc_now as now
from fieldapp.services.auto_lock import DEFAULT_IDLE, AutoLock
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.demo import DEMO_PASSPHRASE, seed_demo
from fieldapp.services.demo_work import seed_work
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.ui.layout import FALLBACK_FONT, FONTS
from fieldapp.wiring.app_session import AppSession
from fieldapp.wiring.store_holder import StoreHolder
from fieldapp.wiring.web_runtime import serve_offline_web_client

logger = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parents[2] / "assets"


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8550
    demo: bool = False
    server_url: str | None = None
    """With ``pairing_code``: enroll against this server after the first unlock."""
    pairing_code: str | None = None
    ca_file: Path | None = None
    """An organisation's own CA bundle for its server (not settable in the UI)."""
    auto_lock: timedelta = DEFAULT_IDLE


def default_data_dir() -> Path:
    """Flet sets FLET_APP_STORAGE_DATA in built apps and `flet run`; else a local folder."""
    configured = os.environ.get("FLET_APP_STORAGE_DATA")
    return Path(configured) / "store" if configured else Path("var") / "store"


def prepare_demo_store(data_dir: Path) -> None:
    """Create and fill the demo store once (slow: key derivation); later runs reuse it."""
    if EncryptedStore.exists(data_dir):
        return
    store = EncryptedStore.create(data_dir, DEMO_PASSPHRASE)
    try:
        caseload = CaseloadService(CaseloadStore(store, now), now)
        clients = seed_demo(caseload, now())
        seed_work(caseload, EmployerRegister(EmployerStore(store, now)), clients, now())
    finally:
        store.close()


def build_main(holder: StoreHolder, config: AppConfig) -> ft.AppCallable:
    async def main(page: ft.Page) -> None:
        session = AppSession(
            page,
            holder,
            enrollment=(config.server_url, config.pairing_code),
            auto_lock=AutoLock(now, config.auto_lock),
        )
        await session.start()

    return main


def run(config: AppConfig) -> None:
    if config.demo:
        prepare_demo_store(config.data_dir)
    holder = StoreHolder(config.data_dir, now, ca_file=config.ca_file)
    logger.info("Veldwerk field app on http://%s:%d", config.host, config.port)
    if config.demo:
        logger.info("demo passphrase: %s", DEMO_PASSPHRASE)
    serve_offline_web_client(ASSETS / FONTS[FALLBACK_FONT])
    try:
        ft.run(
            build_main(holder, config),
            view=ft.AppView.WEB_BROWSER,
            host=config.host,
            port=config.port,
            no_cdn=True,
            assets_dir=str(ASSETS),
        )
    finally:
        holder.close()
