"""The sync screen (what waits to be sent, and what happened to it) and the conflict screen
it opens, over the :class:`~fieldapp.services.sync_review.SyncReview` service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from uuid import UUID

from fieldapp.i18n import _
from fieldapp.services.sync_review import SyncReview
from fieldapp.ui.conflict_rows import conflict_rows
from fieldapp.ui.conflict_view import conflict_view
from fieldapp.ui.sync_details_view import sync_details_view
from fieldapp.ui.sync_records import record_lines

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class SyncScreens:
    def __init__(
        self, shell: Shell, services: ServicesNow, *, refresh_bar: Callable[[], Awaitable[None]]
    ) -> None:
        """``refresh_bar``: the sync indicator above the list counts again."""
        self.shell, self.services, self.refresh_bar = shell, services, refresh_bar

    def _review(self) -> SyncReview:
        return self.services().sync_review

    async def details(self) -> None:
        review = self._review()
        lines = await asyncio.to_thread(lambda: record_lines(review.changes()))
        self.shell.frame(
            "details",
            _("Sync"),
            sync_details_view(lines, self.retry, self.conflict),
            back=self.shell.show_caseload,
            with_bar=True,
        )
        await self.refresh_bar()

    async def conflict(self, change_id: UUID) -> None:
        review = self._review()
        found = [
            c
            for c in await asyncio.to_thread(review.open_conflicts)
            if c.change.change_id == change_id
        ]
        if not found:
            await self.details()
            return
        conflict = found[0]

        async def save(take_theirs: list[str]) -> None:
            await asyncio.to_thread(review.resolve, conflict, take_theirs)
            self.shell.request_sync()
            await self.details()

        rows = conflict_rows(review.differences(conflict))
        self.shell.frame(
            "conflict",
            _("Resolve a conflict"),
            conflict_view(rows, save, ready=conflict.theirs is not None),
            back=self.details,
        )

    async def retry(self, change_id: UUID) -> None:
        await asyncio.to_thread(self._review().retry, change_id)
        self.shell.request_sync()
        await self.details()
