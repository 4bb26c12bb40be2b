"""A legal push is never refused for good: the device splits its pushes to fit the server's body
cap, halves them on a 413, and holds only a change that alone is too large, with its reason.

The real sync client against the real server process, started with a small
``VELDWERK_MAX_REQUEST_BYTES``; a recording transport sees every request and answer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from fieldapp.domain.outbox import ChangeState
from fieldapp.domain.visit import Participant, ParticipantRole, Visit
from fieldapp.i18n import message_for
from fieldapp.services.caseload import VisitRecord
from fieldapp.sync.engine import to_wire
from fieldapp.ui.sync_records import record_lines
from fieldapp.wire import DEFAULT_MAX_REQUEST_BYTES, MAX_BATCH, MAX_REQUEST_BYTES_HEADER
from tests.factories import build_client, build_visit
from tests.sync.checks import keys_used, stored_ids
from tests.sync.harness import Device, ServerProcess, now
from tests.sync.largest import arabic, largest_visits, push_sizes

PUSH = "/sync/push"
CAP_HEADER = MAX_REQUEST_BYTES_HEADER.lower()
REJECTED = ChangeState.REJECTED


@dataclass(frozen=True)
class Exchange:
    path: str
    size: int
    status: int
    change_ids: tuple[str, ...]
    outcomes: tuple[str, ...]


class Recorder(httpx.BaseTransport):
    """Passes every request on and notes what went and what came back. With ``proxy_cap`` it
    plays a reverse proxy in front of the server: bodies over it get a bare 413 (no cap
    advertised), as nginx's ``client_max_body_size`` does. With ``strip_cap`` it plays an
    older server, which advertises no cap."""

    def __init__(self, proxy_cap: int | None, strip_cap: bool) -> None:
        self.inner: httpx.BaseTransport | None = None
        self._proxy_cap, self._strip_cap = proxy_cap, strip_cap
        self.log: list[Exchange] = []

    @classmethod
    def attached_to(
        cls, device: Device, *, proxy_cap: int | None = None, strip_cap: bool = False
    ) -> Recorder:
        """Records every sync of ``device`` from now on (each sync makes a new client)."""
        recorder = cls(proxy_cap, strip_cap)

        def wrap(inner: httpx.BaseTransport) -> httpx.BaseTransport:
            recorder.inner = inner
            return recorder

        device.wrap = wrap
        return recorder

    def _forward(self, request: httpx.Request) -> httpx.Response:
        assert self.inner is not None
        if self._proxy_cap is not None and len(request.content) > self._proxy_cap:
            return httpx.Response(413, text="<html>413</html>", request=request)
        response = self.inner.handle_request(request)
        response.read()
        if not self._strip_cap:
            return response
        headers = [(k, v) for k, v in response.headers.items() if k != CAP_HEADER]
        return httpx.Response(
            response.status_code, headers=headers, content=response.content, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._forward(request)
        is_push = request.url.path.endswith(PUSH)
        sent = json.loads(request.content)["changes"] if is_push else []
        answered = response.json()["results"] if is_push and response.status_code == 200 else []
        self.log.append(
            Exchange(
                path=request.url.path,
                size=len(request.content),
                status=response.status_code,
                change_ids=tuple(change["change_id"] for change in sent),
                outcomes=tuple(result["outcome"] for result in answered),
            )
        )
        return response

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()

    def pushes(self) -> list[Exchange]:
        return [e for e in self.log if e.path.endswith(PUSH)]


@pytest.fixture
def start_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[int | None], ServerProcess]]:
    started: list[ServerProcess] = []

    def start(cap: int | None) -> ServerProcess:
        if cap is None:
            monkeypatch.delenv("VELDWERK_MAX_REQUEST_BYTES", raising=False)
        else:
            monkeypatch.setenv("VELDWERK_MAX_REQUEST_BYTES", str(cap))
        server = ServerProcess(tmp_path / f"server{len(started)}").load_demo().start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _enrolled_with_client(device: Device, server: ServerProcess) -> uuid.UUID:
    """Enrolled, and its client already on the server: the outbox is empty again."""
    client = build_client(id=uuid.uuid4())
    device.service.save_client(client)
    device.enroll(server)
    device.sync()
    assert device.outbox.changes() == []
    return client.id


def _record(device: Device, visits: Sequence[Visit]) -> None:
    for visit in visits:
        device.service.record_visit(VisitRecord(visit=visit))


def test_the_largest_legal_push_arrives_completely_and_exactly_once_under_a_smaller_cap(
    start_server: Callable[[int | None], ServerProcess], new_device: Callable[[str], Device]
) -> None:
    cap = 512 * 1024  # below the device's default: its first push is refused and re-cut
    server = start_server(cap)
    device = new_device("jobcoach")
    client_id = _enrolled_with_client(device, server)
    visits = largest_visits(client_id, now() - timedelta(hours=5))
    _record(device, visits)
    queued = device.outbox.sendable()
    assert len(queued) == MAX_BATCH
    as_sent, escaped = push_sizes([to_wire(change) for change in queued])
    assert as_sent > 8 * cap and escaped > 4 * 1024 * 1024  # far over the cap either way

    recorder = Recorder.attached_to(device)
    report = device.sync()

    assert (report.sent, report.rejected, report.conflicts) == (MAX_BATCH, 0, 0)
    assert device.outbox.changes() == []
    first, *rest = recorder.pushes()
    assert first.status == 413 and first.size > cap  # cut to the 1 MiB it assumed
    assert rest and all(push.status == 200 and push.size <= cap for push in rest)
    sent = [change_id for push in rest for change_id in push.change_ids]
    assert sorted(sent) == sorted(str(change.change_id) for change in queued)  # once each
    assert {outcome for push in rest for outcome in push.outcomes} == {"applied"}
    enrollment = device.states.load_sync_state().enrollment
    assert enrollment is not None
    ids = {visit.id for visit in visits}
    assert stored_ids(server.ctx, ids) == ids
    assert keys_used(server.ctx, enrollment.device_id) == MAX_BATCH + 1  # and the client

    assert device.sync().sent == 0  # nothing left over, nothing sent again


def test_against_a_server_that_advertises_no_cap_pushes_stay_under_the_safe_default(
    start_server: Callable[[int | None], ServerProcess], new_device: Callable[[str], Device]
) -> None:
    server = start_server(None)
    device = new_device("jobcoach")
    client_id = _enrolled_with_client(device, server)
    _record(device, largest_visits(client_id, now() - timedelta(hours=5)))

    recorder = Recorder.attached_to(device, strip_cap=True)
    report = device.sync()

    assert (report.sent, report.rejected) == (MAX_BATCH, 0)
    pushes = recorder.pushes()
    assert len(pushes) >= 2
    assert all(p.status == 200 and p.size <= DEFAULT_MAX_REQUEST_BYTES for p in pushes)


def _crowded_visit(client_id: uuid.UUID, names: int) -> Visit:
    """Legal, but large: the domain does not bound the number of participants."""
    participants = tuple(
        Participant(role=ParticipantRole.OTHER_PROFESSIONAL, name=arabic(120)) for _ in range(names)
    )
    return build_visit(
        client_id=client_id, started_at=now() - timedelta(hours=3), participants=participants
    )


def test_a_proxy_413_halves_the_batches_and_holds_only_the_change_too_large_alone(
    start_server: Callable[[int | None], ServerProcess], new_device: Callable[[str], Device]
) -> None:
    proxy_cap = 100 * 1024  # a proxy in front that says nothing of its cap
    server = start_server(None)
    device = new_device("jobcoach")
    client_id = _enrolled_with_client(device, server)
    at = now() - timedelta(hours=2)
    small = [
        build_visit(client_id=client_id, started_at=at, notes_internal=arabic(8000))
        for _ in range(40)
    ]
    crowded = _crowded_visit(client_id, 300)  # about 75 KB alone: fits the proxy
    huge = _crowded_visit(client_id, 600)  # about 150 KB alone: never gets through the proxy
    _record(device, [*small[:20], huge, crowded, *small[20:]])

    recorder = Recorder.attached_to(device, proxy_cap=proxy_cap)
    report = device.sync()

    assert (report.sent, report.rejected) == (len(small) + 1, 1)
    (held,) = device.outbox.changes()
    assert (held.entity_id, held.state, held.code) == (huge.id, REJECTED, "change.too_large")
    pushes = recorder.pushes()
    refused = [p for p in pushes if p.status == 413]
    assert refused and refused[-1].change_ids == (str(held.change_id),)  # halved down to one
    ids = {visit.id for visit in small} | {crowded.id}
    assert stored_ids(server.ctx, ids | {huge.id}) == ids

    # Held, shown, not sent again on its own; once the proxy lets it through, a retry sends it.
    assert device.sync().sent == 0
    device.wrap = None
    device.outbox.retry(held.change_id)
    assert device.sync().sent == 1 and device.outbox.changes() == []


def test_a_change_over_the_advertised_cap_is_held_without_being_sent(
    start_server: Callable[[int | None], ServerProcess], new_device: Callable[[str], Device]
) -> None:
    cap = 64 * 1024  # the smallest cap the server allows
    server = start_server(cap)
    device = new_device("jobcoach")
    client = build_client(id=uuid.uuid4())
    device.service.save_client(client)
    device.enroll(server)
    engine = device.engine()  # one engine for the app's lifetime, as in DeviceSync
    engine.sync()  # the server's answers told it the cap
    huge = _crowded_visit(client.id, 300)  # about 75 KB alone
    fine = [build_visit(client_id=client.id, started_at=now() - timedelta(hours=1))]
    _record(device, [huge, *fine])

    recorder = Recorder.attached_to(device)
    report = engine.sync()

    assert (report.sent, report.rejected) == (1, 1)
    (held,) = device.outbox.changes()
    assert (held.entity_id, held.state, held.code) == (huge.id, REJECTED, "change.too_large")
    pushes = recorder.pushes()
    assert pushes and all(p.status == 200 and p.size <= cap for p in pushes)
    assert all(str(held.change_id) not in p.change_ids for p in pushes)  # never sent
    (line,) = record_lines(device.outbox.changes())  # the sync screen: its reason, a retry
    assert line.retryable and line.reason == message_for("change.too_large")
    assert line.reason != message_for("no.such.code")
