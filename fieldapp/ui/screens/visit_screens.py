"""The visit wizard wired to the store (part of the composition root): a draft saved after
every change, the summary computed from the dossier plus the draft, and one atomic save.

Draft writes go through :class:`DraftSaver`: the latest draft always wins, writes never
overlap, and each runs in a worker thread so typing stays smooth.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

import flet as ft
from pydantic import ValidationError

from fieldapp.domain.client import Client
from fieldapp.domain.errors import DomainError
from fieldapp.domain.ports import Dossier, DraftRepository
from fieldapp.domain.rules import Suggestion
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.visit_draft import STEPS, VisitDraft
from fieldapp.i18n import (
    Translator,
    _,
    describe,
    validation_messages,
    who5_instrument_version,
)
from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.services.visit_wizard import (
    DraftError,
    build_record,
    is_stale,
    new_draft,
    summarise,
)
from fieldapp.ui.visit_wizard_types import WizardActions, WizardScreen
from fieldapp.ui.visit_wizard_view import visit_wizard_view

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import Shell


class DraftSaver:
    """Writes the newest draft; a write in progress is followed by one more if needed."""

    def __init__(self, drafts: DraftRepository) -> None:
        self.drafts = drafts
        self.latest: VisitDraft | None = None
        self.task: asyncio.Task[None] | None = None
        self.error = ""

    def changed(self, draft: VisitDraft) -> None:
        self.latest = draft
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while self.latest is not None:
            draft, self.latest = self.latest, None
            await asyncio.to_thread(self.drafts.save, draft)

    async def flush(self) -> None:
        if self.task is not None:
            await self.task


class VisitScreens:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.draft: VisitDraft | None = None
        self.dossier: Dossier | None = None
        self.saver: DraftSaver | None = None

    def _drafts(self) -> DraftRepository:
        return self.shell.draft_store()

    async def start(self, client_id: UUID) -> None:
        service = self.shell.service
        drafts = self._drafts()
        self.saver = DraftSaver(drafts)
        dossier = await asyncio.to_thread(service.dossier, client_id)
        draft = await asyncio.to_thread(drafts.load, client_id)
        if draft is not None and is_stale(draft, dossier):
            await asyncio.to_thread(drafts.discard, client_id)
            draft = None
        if draft is None:
            assert dossier.client is not None
            language = normalize_lang(dossier.client.preferred_language)
            draft = new_draft(client_id, service.now(), language)
            await asyncio.to_thread(drafts.save, draft)
        self.dossier = dossier
        await self.show(draft)

    def change(self, **changes: object) -> None:
        assert self.draft is not None and self.saver is not None
        try:
            self.draft = self.draft.changed(**changes)
        except ValidationError as error:
            # BSN-looking text, say: the draft keeps its last valid state and says why.
            message = "; ".join(m for _, m in validation_messages(error))
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(message)))
            return
        self.saver.changed(self.draft)

    @staticmethod
    def _instrument(draft: VisitDraft) -> str:
        """The WHO-5 version of the language the client answered in."""
        return who5_instrument_version(translator=Translator(draft.language))

    def _recipient(self, suggestion: Suggestion, client: Client) -> Recipient | None:
        state = self.shell.sync_state()
        return state.recipient_for(suggestion.target, client.address)

    async def redraw(self, **changes: object) -> None:
        assert self.draft is not None
        await self.show(self.draft.changed(**changes))

    async def show(self, draft: VisitDraft, errors: dict[str, str] | None = None) -> None:
        assert self.dossier is not None and self.dossier.client is not None
        if draft.step > draft.reached:
            draft = draft.changed(reached=draft.step)
        self.draft = draft
        if self.saver is not None:
            self.saver.changed(draft)
        summary = None
        if STEPS[draft.step] == "summary":
            summary = await asyncio.to_thread(
                summarise,
                draft,
                self.dossier,
                self._recipient,
                self.shell.service.now(),
                instrument=self._instrument(draft),
            )
        screen = WizardScreen(
            draft=draft,
            client_name=self.dossier.client.display_name,
            easy=self.dossier.client.easy_language,
            goals=[(str(goal.id), goal.title) for goal in self.dossier.goals],
            summary=summary,
            errors=errors or {},
        )
        actions = WizardActions(change=self.change, redraw=self.redraw, save=self.save)
        client_id = str(draft.client_id)

        async def back() -> None:
            if self.saver is not None:
                await self.saver.flush()
            await self.shell.open_client(client_id)

        self.shell.frame("visit", _("New visit"), visit_wizard_view(screen, actions), back=back)

    async def save(self) -> None:
        draft, dossier = self.draft, self.dossier
        assert draft is not None and dossier is not None and self.saver is not None
        service = self.shell.service
        now = service.now()
        state = await asyncio.to_thread(self.shell.sync_state)
        author = state.enrollment.user_id if state.enrollment else None
        try:
            summary = summarise(
                draft, dossier, self._recipient, now, instrument=self._instrument(draft)
            )
            record = build_record(draft, summary, author, now)
        except DraftError as error:
            await self.show(draft.changed(step=0), error.errors)
            return
        try:
            await asyncio.to_thread(service.record_visit, record)
        except (DomainError, ValidationError) as error:
            await self.show(draft, {"save": describe(error)})
            return
        await self.saver.flush()
        await asyncio.to_thread(self._drafts().discard, draft.client_id)
        self.shell.request_sync()
        await self.shell.open_client(str(draft.client_id))
        self.shell.page.show_dialog(ft.SnackBar(ft.Text(_("Visit saved."))))
