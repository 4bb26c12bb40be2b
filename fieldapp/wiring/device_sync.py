"""The device's sync parts wired together (part of the composition root): outbox and sync
state on the unlocked store, the engine with the one HTTP client factory, enrollment, the
wipe that a revocation triggers, and the sync's own setting (how long a sync may go without
progress, as the device's settings say)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from fieldapp.domain.sync_state import DEFAULT_LEASE, SyncState
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.sync_state import SyncStateStore
from fieldapp.sync.api import SyncApi
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.enrollment import check_in_if_due, enroll
from fieldapp.sync.errors import SyncError
from fieldapp.sync.runner import DEFAULT_TIMEOUT
from fieldapp.sync.transport import make_client, no_progress_timeouts
from fieldapp.ui.sync_status import SyncSummary, summarise

logger = logging.getLogger(__name__)


class DeviceSync:
    def __init__(
        self,
        store: EncryptedStore,
        clock: Callable[[], datetime],
        *,
        ca_file: Path | None = None,
        lease: timedelta = DEFAULT_LEASE,
    ) -> None:
        self._store, self._clock, self._ca_file, self._lease = store, clock, ca_file, lease
        self.outbox = DeviceOutbox(store, clock)
        self.states = SyncStateStore(store)
        self.engine = SyncEngine(self.outbox, self.states, self._api_for, clock, self._wipe)
        self.revoked = False
        self.timeout: float = DEFAULT_TIMEOUT
        """Seconds without progress before a sync gives up (the device's setting, applied
        after unlock)."""

    def _client(self, url: str) -> httpx.Client:
        return make_client(url, ca_file=self._ca_file, timeout=no_progress_timeouts(self.timeout))

    def _api_for(self, state: SyncState) -> SyncApi:
        assert state.enrollment is not None
        token = state.enrollment.token.get_secret_value()
        return SyncApi(self._client(state.enrollment.server_url), token)

    def _wipe(self) -> None:
        self.revoked = True
        self._store.destroy()

    @property
    def enrolled(self) -> bool:
        return self.states.load_sync_state().enrolled

    def enroll(self, server_url: str, pairing_code: str, label: str = "") -> None:
        enroll(
            self.states,
            server_url,
            pairing_code,
            device_label=label,
            client_for=self._client,
            clock=self._clock,
        )

    def enroll_if_asked(self, server_url: str | None, pairing_code: str | None) -> str | None:
        """Enroll once with the code given at start or on the first-run screen. A failure is
        logged and its code returned (the app tells the person and goes on offline)."""
        if not server_url or not pairing_code or self.enrolled:
            return None
        try:
            self.enroll(server_url, pairing_code, "Veldwerk web")
        except SyncError as error:
            logger.warning("enrollment failed: %s", error.code.value)
            return error.code.value
        return None

    def check_in_if_due(self) -> bool:
        return check_in_if_due(self.states, self.engine, self._clock, self._lease)

    def summary(
        self,
        *,
        syncing: bool = False,
        error_code: str | None = None,
        stalled_after: float | None = None,
    ) -> SyncSummary:
        return summarise(
            self.states.load_sync_state(),
            self.outbox.changes(),
            syncing=syncing,
            error_code=error_code,
            stalled_after=stalled_after,
        )
