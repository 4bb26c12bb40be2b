"""A hypothesis state machine over create, edit, record, sync, crash and faults.

Invariant, checked after healing at the end of every run: every change the device saved is on
the server, each applied exactly once (one idempotency key per change, the server's version of
each record equal to the device's), and the outbox is empty. Each example is a new jobcoach
with a new device on one real server process; at least 500 fault schedules per test run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from fieldapp.domain.client import Client
from fieldapp.services.caseload import VisitRecord
from fieldapp.sync.errors import SyncError
from fieldapp.wire import Role
from sync_server.services import admin
from tests.factories import build_client, build_visit
from tests.sync.checks import keys_used, stored_versions
from tests.sync.faults import Fault, FaultyTransport
from tests.sync.harness import Device, ServerProcess, now

EXAMPLES = 500
faults = st.lists(st.one_of(st.none(), st.sampled_from(list(Fault))), max_size=6)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("machine-server")).load_demo().start()
    yield process
    process.stop()


def test_sync_state_machine(shared_server: ServerProcess, tmp_path: Path) -> None:
    organisation = admin.find_organisation(shared_server.ctx, "Gemeente Amsterdam (demo)")

    class SyncMachine(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            name = f"jc-{uuid.uuid4().hex[:10]}"
            admin.create_user(shared_server.ctx, organisation, name, Role.JOBCOACH)
            self.directory = tmp_path / name
            self.device = Device(self.directory)
            self.device.enroll(shared_server, name)
            self.clients: dict[uuid.UUID, Client] = {}
            self.changes = 0

        @rule()
        def create_client(self) -> None:
            client = build_client(id=uuid.uuid4())
            self.device.service.save_client(client)
            self.clients[client.id] = client
            self.changes += 1

        @rule(data=st.data())
        def edit_client(self, data: st.DataObject) -> None:
            if not self.clients:
                return
            client_id = data.draw(st.sampled_from(sorted(self.clients)))
            old = self.clients[client_id]
            edited = old.model_copy(update={"version": old.version + 1, "given_name": "Edit"})
            self.device.service.save_client(edited)
            self.clients[client_id] = edited
            self.changes += 1

        @rule(data=st.data(), count=st.integers(1, 3))
        def record_visits(self, data: st.DataObject, count: int) -> None:
            if not self.clients:
                return
            client_id = data.draw(st.sampled_from(sorted(self.clients)))
            for _ in range(count):
                visit = build_visit(client_id=client_id, started_at=now() - timedelta(hours=1))
                self.device.service.record_visit(VisitRecord(visit=visit))
            self.changes += count

        @rule(schedule=faults, batch=st.integers(1, 5))
        def sync_with_faults(self, schedule: list[Fault | None], batch: int) -> None:
            self.device.wrap = lambda inner: FaultyTransport(inner, schedule)
            try:
                self.device.sync(batch_size=batch)
            except SyncError as error:
                assert error.retryable, error.code
            finally:
                self.device.wrap = None

        @rule()
        def crash_and_restart(self) -> None:
            """The app process dies between steps: only what is on disk survives."""
            self.device.close()
            self.device = Device(self.directory, create=False)

        @invariant()
        def nothing_refused(self) -> None:
            assert not any(c.failed for c in self.device.outbox.changes())

        def teardown(self) -> None:
            """Heal the network, sync, and compare the server with the device."""
            self.device.sync()
            assert self.device.outbox.changes() == []
            enrollment = self.device.states.load_sync_state().enrollment
            assert enrollment is not None
            held = stored_versions(shared_server.ctx, enrollment.user_id)
            expected = {cid: client.version for cid, client in self.clients.items()}
            for client_id in self.clients:
                for visit in self.device.service.dossier(client_id).visits:
                    expected[visit.id] = visit.version
            assert held == expected
            assert keys_used(shared_server.ctx, enrollment.device_id) == self.changes
            self.device.close()

    SyncMachine.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=True,
    )
    SyncMachine.TestCase().runTest()
