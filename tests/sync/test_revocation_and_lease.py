"""Revocation wipes the device's key; a lapsed lease locks until an online check-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from fieldapp.domain.store_errors import StoreError
from fieldapp.domain.sync_state import SyncState
from fieldapp.storage.store import EncryptedStore
from fieldapp.sync.enrollment import check_in_if_due
from fieldapp.sync.errors import SyncError, SyncErrorCode
from sync_server.services import devices
from tests.factories import build_client
from tests.server.conftest import ADMIN
from tests.storage.conftest import PASSPHRASE
from tests.sync.faults import Fault, FaultyTransport
from tests.sync.harness import Device, ServerProcess


def test_a_revoked_device_destroys_its_key_on_next_contact(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    device.enroll(server)
    device.service.save_client(build_client())
    device.sync()
    enrollment = device.states.load_sync_state().enrollment
    assert enrollment is not None
    devices.revoke_device(server.ctx, enrollment.device_id, None, ADMIN)

    with pytest.raises(SyncError) as refused:
        device.sync()
    assert refused.value.code is SyncErrorCode.REVOKED
    assert device.wiped
    assert not EncryptedStore.exists(device.directory)  # back to first run / enrollment
    with pytest.raises(StoreError):  # nothing left that a passphrase could open
        EncryptedStore.open(device.directory).unlock(PASSPHRASE)


class Shifted:
    """The device's clock, moved forward by the test."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def test_lease_expiry_locks_until_an_online_check_in(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    clock = Shifted()
    device.clock = clock
    device.enroll(server)
    assert not check_in_if_due(device.states, device.engine(), clock)  # fresh: no check-in

    clock.offset = timedelta(days=15)
    device.wrap = lambda inner: FaultyTransport(inner, [Fault.DROP] * 5)  # offline
    with pytest.raises(SyncError) as locked:
        check_in_if_due(device.states, device.engine(), clock)
    assert locked.value.code is SyncErrorCode.LEASE_EXPIRED

    device.wrap = None  # back online: the check-in runs and the lease starts again
    assert check_in_if_due(device.states, device.engine(), clock)
    assert not device.states.load_sync_state().lease_expired(clock())


def test_a_clock_set_back_does_not_extend_the_lease(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    device.enroll(server)
    state = device.states.load_sync_state()
    assert state.last_contact_at is not None
    assert state.lease_expired(state.last_contact_at - timedelta(days=1))
    assert not state.lease_expired(state.last_contact_at + timedelta(days=13))
    assert state.lease_expired(state.last_contact_at + timedelta(days=14, minutes=1))


def test_a_device_that_never_enrolled_has_no_lease() -> None:
    assert not SyncState().lease_expired(datetime(2200, 1, 1, tzinfo=UTC))
