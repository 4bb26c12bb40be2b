"""The sync screen (what waits to be sent, and what happened to it) and the conflict screen
it opens: wired to the session, since they read the device's outbox."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

from fieldapp.i18n import _
from fieldapp.services.conflicts import ConflictService
from fieldapp.ui.conflict_rows import conflict_rows
from fieldapp.ui.conflict_view import conflict_view
from fieldapp.ui.sync_details_view import sync_details_view
from fieldapp.ui.sync_records import record_lines

if TYPE_CHECKING:
    from fieldapp.wiring.app_session import AppSession


class SyncScreens:
    def __init__(self, session: AppSession) -> None:
        self.session = session

    async def details(self) -> None:
        lines = await asyncio.to_thread(lambda: record_lines(self.session.device.outbox.changes()))
        self.session.frame(
            "details",
            _("Sync"),
            sync_details_view(lines, self.retry, self.conflict),
            back=self.session.show_caseload,
            with_bar=True,
        )
        await self.session.refresh_bar()

    async def conflict(self, change_id: UUID) -> None:
        service = ConflictService(self.session.device.outbox)
        found = [
            c
            for c in await asyncio.to_thread(service.open_conflicts)
            if c.change.change_id == change_id
        ]
        if not found:
            await self.details()
            return
        conflict = found[0]

        async def save(take_theirs: list[str]) -> None:
            await asyncio.to_thread(service.resolve, conflict, take_theirs)
            self.session.request_sync()
            await self.details()

        rows = conflict_rows(service.differences(conflict))
        self.session.frame(
            "conflict",
            _("Resolve a conflict"),
            conflict_view(rows, save, ready=conflict.theirs is not None),
            back=self.details,
        )

    async def retry(self, change_id: UUID) -> None:
        await asyncio.to_thread(self.session.device.outbox.retry, change_id)
        self.session.request_sync()
        await self.details()
