"""What the server leaves on disk is readable by its owner only."""

from __future__ import annotations

import pytest

from sync_server.services.context import ServerContext
from tests.server.conftest import LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_database_and_key_files_are_private(ctx: ServerContext, server: LiveServer) -> None:
    enroll(ctx, server, "jobcoach1")  # something written, so the WAL exists
    files = [ctx.settings.key_file, *ctx.settings.data_dir.parent.glob("server.sqlite3*")]
    assert len(files) >= 3
    for path in files:
        assert path.stat().st_mode & 0o077 == 0, path.name
