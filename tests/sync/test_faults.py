"""Every network fault survived: whatever happens in between, once the network heals each
visit the device saved is on the server exactly once and the outbox is empty.

The real server runs as a process; faults come from a transport wrapped around the real one,
and from kill -9 of the server and of a device process in the middle of a sync.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from fieldapp.services.caseload import VisitRecord
from fieldapp.sync.errors import SyncError
from tests.factories import build_client, build_visit
from tests.sync.checks import keys_used, stored_ids
from tests.sync.faults import Fault, FaultyTransport
from tests.sync.harness import Device, ServerProcess, now


def _queue_visits(device: Device, count: int) -> set[uuid.UUID]:
    """A new client and ``count`` visits; returns the ids of all of them (one change each)."""
    client = build_client(id=uuid.uuid4())
    device.service.save_client(client)
    at = now() - timedelta(hours=2)
    visits = [build_visit(client_id=client.id, started_at=at) for _ in range(count)]
    for visit in visits:
        device.service.record_visit(VisitRecord(visit=visit))
    return {visit.id for visit in visits} | {client.id}


def _heal(device: Device) -> None:
    device.wrap = None
    device.sync()
    assert device.outbox.changes() == []


def _assert_exactly_once(server: ServerProcess, device: Device, ids: set[uuid.UUID]) -> None:
    enrollment = device.states.load_sync_state().enrollment
    assert enrollment is not None
    assert stored_ids(server.ctx, ids) == ids  # every client and visit saved is there
    assert keys_used(server.ctx, enrollment.device_id) == len(ids)  # each applied once


@pytest.mark.parametrize("fault", list(Fault))
@pytest.mark.parametrize("request_number", [1, 2, 3])
def test_a_fault_in_any_request_of_a_sync_loses_and_duplicates_nothing(
    server: ServerProcess, new_device: Callable[[str], Device], fault: Fault, request_number: int
) -> None:
    device = new_device("device")
    device.enroll(server)
    ids = _queue_visits(device, 25)
    schedule = [None] * (request_number - 1) + [fault]
    device.wrap = lambda inner: FaultyTransport(inner, schedule)
    try:
        device.sync(batch_size=10)  # pushes of 10, 10, 6, then a pull
    except SyncError as error:
        assert error.retryable, error.code
        assert device.states.load_sync_state().last_success_at is None
    _heal(device)
    _assert_exactly_once(server, device, ids)


def test_many_random_faults_then_healing(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    device.enroll(server)
    rng = random.Random(20261123)
    ids: set[uuid.UUID] = set()
    for _round in range(6):
        ids |= _queue_visits(device, rng.randint(1, 15))
        schedule = [rng.choice([None, None, *Fault]) for _ in range(8)]
        device.wrap = lambda inner, s=schedule: FaultyTransport(inner, s)
        for _attempt in range(3):
            try:
                device.sync(batch_size=4)
            except SyncError:
                continue
    _heal(device)
    _assert_exactly_once(server, device, ids)


def test_server_killed_after_committing_a_batch_and_restarted(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    device.enroll(server)
    ids = _queue_visits(device, 30)

    def kill_after_first_push(request: httpx.Request) -> None:
        if request.url.path.endswith("/sync/push") and server.process is not None:
            server.kill()  # the batch is committed; its answer never comes

    device.wrap = lambda inner: FaultyTransport(inner, [], after_send=kill_after_first_push)
    with pytest.raises(SyncError):
        device.sync(batch_size=10)
    with pytest.raises(SyncError) as refused:  # the server is down
        device.sync(batch_size=10)
    assert refused.value.retryable
    server.start()
    _heal(device)
    _assert_exactly_once(server, device, ids)


def test_server_killed_at_random_moments_mid_sync(
    server: ServerProcess, new_device: Callable[[str], Device]
) -> None:
    device = new_device("device")
    device.enroll(server)
    rng = random.Random(7)
    ids: set[uuid.UUID] = set()
    for _round in range(3):
        ids |= _queue_visits(device, 120)
        killer = threading.Timer(rng.uniform(0.05, 0.6), server.kill)
        killer.start()
        try:
            device.sync(batch_size=20)
        except SyncError as error:
            assert error.retryable
        killer.join()
        server.kill()
        server.start()
    _heal(device)
    _assert_exactly_once(server, device, ids)


_DEVICE_SYNC = """
import sys
from pathlib import Path
from tests.sync.harness import Device
device = Device(Path(sys.argv[1]), create=False)
print("syncing", flush=True)
device.sync(batch_size=5)
"""


def test_device_process_killed_mid_sync(
    server: ServerProcess, new_device: Callable[[str], Device], tmp_path: Path
) -> None:
    device = new_device("device")
    device.enroll(server)
    ids = _queue_visits(device, 60)
    directory = device.directory
    rng = random.Random(11)
    for _round in range(3):
        device.close()
        child = subprocess.Popen(
            [sys.executable, "-c", _DEVICE_SYNC, str(directory)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()  # it is syncing now
        time.sleep(rng.uniform(0.0, 0.3))
        child.kill()  # kill -9
        child.wait(timeout=30)
        child.stdout.close()
        device = Device(directory, create=False)
    _heal(device)
    _assert_exactly_once(server, device, ids)
    device.close()
