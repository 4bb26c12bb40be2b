"""The visit wizard's screen controller: it shows each step, and hands the draft to the
:class:`~fieldapp.services.visit_wizard.VisitWizard` service after every change, for the
summary, and to save.

Draft writes go through :class:`DraftSaver`: the latest draft always wins, writes never
overlap, and each runs in a worker thread so typing stays smooth.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID

import flet as ft
from pydantic import ValidationError

from fieldapp.domain.errors import DomainError
from fieldapp.domain.ports import Dossier
from fieldapp.domain.visit_draft import STEPS, VisitDraft
from fieldapp.i18n import _, describe, validation_messages
from fieldapp.services.visit_wizard import DraftError, VisitWizard
from fieldapp.ui.field_messages import field_messages
from fieldapp.ui.placement_lines import workplaces
from fieldapp.ui.screens.goal_screens import GoalScreens
from fieldapp.ui.visit_wizard_types import WizardActions, WizardScreen
from fieldapp.ui.visit_wizard_view import visit_wizard_view

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class DraftSaver:
    """Writes the newest draft; a write in progress is followed by one more if needed."""

    def __init__(self, wizard: VisitWizard) -> None:
        self.wizard = wizard
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
            await asyncio.to_thread(self.wizard.keep, draft)

    async def flush(self) -> None:
        if self.task is not None:
            await self.task


class VisitScreens:
    def __init__(self, shell: Shell, services: ServicesNow) -> None:
        self.shell, self.services = shell, services
        self.draft: VisitDraft | None = None
        self.dossier: Dossier | None = None
        self.saver: DraftSaver | None = None
        self.workplaces: list[tuple[str, str]] = []
        self.goals = GoalScreens(shell, services)

    async def start(self, client_id: UUID) -> None:
        services = self.services()
        self.saver = DraftSaver(services.visits)
        opened = await asyncio.to_thread(services.visits.open, client_id)
        self.dossier = opened.dossier
        register = await asyncio.to_thread(services.employers.employers)
        self.workplaces = workplaces(
            opened.dossier.placements,
            {employer.id: employer for employer in register},
            services.caseload.today(),
        )
        await self.show(opened.draft)

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
            summary = await asyncio.to_thread(self.services().visits.summarise, draft, self.dossier)
        screen = WizardScreen(
            draft=draft,
            client_name=self.dossier.client.display_name,
            easy=self.dossier.client.easy_language,
            goals=[(str(goal.id), goal.title) for goal in self.dossier.goals],
            workplaces=self.workplaces,
            summary=summary,
            errors=errors or {},
        )
        actions = WizardActions(
            change=self.change, redraw=self.redraw, save=self.save, add_goal=self.add_goal
        )
        client_id = str(draft.client_id)

        async def back() -> None:
            if self.saver is not None:
                await self.saver.flush()
            await self.shell.open_client(client_id)

        self.shell.frame("visit", _("New visit"), visit_wizard_view(screen, actions), back=back)

    async def add_goal(self) -> None:
        """The goal form; after it, the wizard again with its draft as kept and the goal in
        the list (the client's dossier is read again)."""
        assert self.draft is not None and self.saver is not None
        await self.saver.flush()
        client_id = self.draft.client_id

        async def back_to_visit() -> None:
            await self.start(client_id)

        await self.goals.form(str(client_id), None, done=back_to_visit)

    async def save(self) -> None:
        draft, dossier = self.draft, self.dossier
        assert draft is not None and dossier is not None and self.saver is not None
        # The last draft write lands before the save drops the draft, never after.
        await self.saver.flush()
        try:
            await asyncio.to_thread(self.services().visits.save, draft, dossier)
        except DraftError as error:
            await self.show(draft.changed(step=0), field_messages(error.errors))
            return
        except (DomainError, ValidationError) as error:
            await self.show(draft, {"save": describe(error)})
            return
        self.shell.request_sync()
        await self.shell.open_client(str(draft.client_id))
        self.shell.page.show_dialog(ft.SnackBar(ft.Text(_("Visit saved."))))
