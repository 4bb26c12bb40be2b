"""Pull cursors across a restore (sync_server/services/feed.py, pull.py): a cursor made before
a new epoch starts its device's pull over; cursors of epoch 0 keep the form devices have
always had; the epoch is under the cursor's MAC like the rest."""

from __future__ import annotations

import uuid

import pytest

from sync_server.services.context import ServerContext
from sync_server.services.feed import next_epoch
from tests.factories import build_client, build_visit
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")


def test_a_cursor_from_before_a_new_epoch_pulls_everything_again(
    ctx: ServerContext, server: LiveServer
) -> None:
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4())
    visit = build_visit(id=uuid.uuid4(), client_id=client.id)
    with server.client(phone.token) as api:
        push(api, change_of(client), change_of(visit))
        _, old = pull_all(api)
        assert old is not None and old.count(".") == 2  # epoch 0: after.directory.mac
        pages, _ = pull_all(api, old)
        assert not [r for page in pages for r in page.records]  # nothing new
        with ctx.db.write() as session:
            assert next_epoch(session) == 1
        pages, new = pull_all(api, old)
        assert {r.entity_id for page in pages for r in page.records} == {client.id, visit.id}
        assert new is not None and new.split(".")[2] == "1"
        pages, _ = pull_all(api, new)
        assert not [r for page in pages for r in page.records]
        after, directory, _, mac = new.split(".")
        forged = api.get("/sync/pull", params={"cursor": f"{after}.{directory}.2.{mac}"})
        assert forged.status_code == 422
        assert forged.json()["code"] == "pull.bad_cursor"
