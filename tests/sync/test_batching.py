"""Push batches cut by bytes: the size the device computes is the size of the body it sends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fieldapp.sync.batching import ENVELOPE, body_size, change_size, fitting
from fieldapp.wire import Change, PushRequest
from tests.factories import build_visit
from tests.server.changes import change_of
from tests.sync.largest import arabic, largest_visit

AT = datetime(2026, 7, 1, 12, tzinfo=UTC)


def _changes(count: int) -> list[Change]:
    client = uuid.uuid4()
    return [
        change_of(build_visit(client_id=client, notes_internal=arabic(10 * (n + 1))))
        for n in range(count)
    ]


def test_the_computed_size_is_the_size_of_the_body_sent() -> None:
    changes = [*_changes(5), change_of(largest_visit(uuid.uuid4(), AT))]
    for count in range(1, len(changes) + 1):
        sent = PushRequest(changes=changes[:count]).model_dump_json().encode()
        assert body_size([change_size(c) for c in changes[:count]]) == len(sent)
    assert body_size([]) == ENVELOPE


def test_a_batch_takes_the_longest_prefix_under_both_limits() -> None:
    changes = _changes(6)
    sizes = [change_size(c) for c in changes]
    exact = body_size(sizes[:4])
    assert fitting(changes, 200, exact) == (4, sizes[:5])  # measured up to the one too many
    assert fitting(changes, 200, exact - 1)[0] == 3
    assert fitting(changes, 2, 10**9) == (2, sizes[:2])
    assert fitting(changes, 200, 10**9) == (6, sizes)
    assert fitting(changes, 200, ENVELOPE + sizes[0] - 1)[0] == 0  # the first alone is too big
