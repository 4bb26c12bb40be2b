"""The one encrypted store of this app process and the parts built on it (part of the
composition root). Before the first run there is no store; the first-run screen creates it,
and every browser session of the process then shares it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldapp.i18n.text_versions import CatalogTextVersions
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.damage_review import DamageReview
from fieldapp.services.device_settings import DeviceSettingsService
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.services.event_mode import EventMode
from fieldapp.services.sync_review import SyncReview
from fieldapp.services.teams import TeamDirectory
from fieldapp.services.visit_wizard import VisitWizard
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.detached import run_detached
from fieldapp.storage.device_settings import DeviceSettingsStore
from fieldapp.storage.drafts import DraftStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.events import EventStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.wiring.device_sync import DeviceSync


@dataclass(frozen=True)
class Parts:
    """The store and everything built on it: the device's sync parts and the services the
    screens use (they satisfy :class:`fieldapp.ui.screens.shell.Services`)."""

    store: EncryptedStore
    device: DeviceSync
    caseload: CaseloadService
    visits: VisitWizard
    events: EventMode
    sync_review: SyncReview
    damage_review: DamageReview
    teams: TeamDirectory
    employers: EmployerRegister
    settings: DeviceSettingsService


class StoreHolder:
    def __init__(
        self, directory: Path, clock: Callable[[], datetime], *, ca_file: Path | None = None
    ) -> None:
        self._directory, self._clock, self._ca_file = directory, clock, ca_file
        self._lock = threading.Lock()
        self._parts: Parts | None = None
        if EncryptedStore.exists(directory):
            self._parts = self._build(EncryptedStore.open(directory, clock))

    def _build(self, store: EncryptedStore) -> Parts:
        caseload = CaseloadService(CaseloadStore(store, self._clock), self._clock)
        device = DeviceSync(store, self._clock, ca_file=self._ca_file)
        texts = CatalogTextVersions()
        return Parts(
            store=store,
            device=device,
            caseload=caseload,
            visits=VisitWizard(caseload, DraftStore(store), device.states, texts),
            events=EventMode(caseload, EventStore(store, self._clock), device.states, texts),
            sync_review=SyncReview(device.outbox),
            damage_review=DamageReview(store, caseload),
            teams=TeamDirectory(device.states),
            employers=EmployerRegister(EmployerStore(store, self._clock)),
            settings=DeviceSettingsService(DeviceSettingsStore(store)),
        )

    @property
    def parts(self) -> Parts | None:
        return self._parts

    def create(self, passphrase: str) -> Parts:
        """First run: a new store, unlocked (slow: key derivation; call off the UI thread)."""
        with self._lock:
            if self._parts is None:
                self._parts = self._build(EncryptedStore.create(self._directory, passphrase))
            return self._parts

    async def create_async(self, passphrase: str) -> Parts:
        """:meth:`create` in a daemon thread: a derivation never holds up the app's exit."""
        return await run_detached(lambda: self.create(passphrase), "veldwerk-create")

    def remove(self) -> None:
        """Erase this device's store (crypto-erase, then the files); back to the first run."""
        with self._lock:
            if self._parts is not None:
                self._parts.store.destroy()
                self._parts = None

    def close(self) -> None:
        if self._parts is not None:
            self._parts.store.close()
