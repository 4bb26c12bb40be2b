"""The coaching plan and what accounts for it, opened from the client page: the goal form (a
new goal or an edit, saved through the caseload service; back on the client page the hours
show against the new grant), the preview of the funder's logbook, and the rating of the
support by the worker or the employer that goes with it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

import flet as ft

from fieldapp.domain.logbook import build_logbook, workplaces
from fieldapp.domain.rating import Rater, SupportRating
from fieldapp.domain.visit import Funder
from fieldapp.i18n import _, active, format_date
from fieldapp.i18n.work_labels import work_label
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.goal_form import GoalFormValues, build_goal, suggested_hours, values_of
from fieldapp.ui.goal_form_view import goal_form_view
from fieldapp.ui.logbook_model import preview
from fieldapp.ui.logbook_view import logbook_view
from fieldapp.ui.rating_view import RatingChoices, rating_view
from fieldapp.ui.screens.shell import after_save

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell

NEW_GOAL_PERIOD = timedelta(days=182)
LOGBOOK_PERIOD = timedelta(days=182)
"""The logbook preview's period, up to today: the coordinator's page starts with the same."""


class GoalScreens:
    def __init__(self, shell: Shell, services: ServicesNow) -> None:
        self.shell, self.services = shell, services

    async def form(
        self,
        client_id: str,
        goal_id: str | None,
        *,
        done: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """``done``: where to go after saving or going back (the client's page if None; the
        visit wizard when it asked for a new goal)."""
        caseload = self.services().caseload
        dossier = await asyncio.to_thread(caseload.dossier, UUID(client_id))
        existing = next((g for g in dossier.goals if str(g.id) == goal_id), None)
        placements = {str(p.id): p for p in dossier.placements}
        choices = [
            (key, f"{work_label(p.kind)}, {format_date(p.start)}") for key, p in placements.items()
        ]

        def suggest(values: GoalFormValues) -> Decimal | None:
            return suggested_hours(values, placements.get(values.placement_id))

        async def save(values: GoalFormValues) -> FieldErrors:
            shown = self.shell.shown
            result = build_goal(values, UUID(client_id), existing)
            if result.goal is None:
                return result.errors
            await asyncio.to_thread(caseload.save_goal, result.goal)
            self.shell.request_sync()
            await after_save(self.shell, shown, back)
            return {}

        async def back() -> None:
            if done is None:
                await self.shell.open_client(client_id)
            else:
                await done()

        today = caseload.today()
        values = (
            values_of(existing)
            if existing
            else GoalFormValues(  # a plan's period is most often half a year
                period_start=today.isoformat(),
                period_end=(today + NEW_GOAL_PERIOD).isoformat(),
            )
        )
        self.shell.frame(
            "goal_form",
            _("Edit goal") if existing else _("New goal"),
            goal_form_view(values, choices, suggest, save),
            back=back,
        )

    async def logbook(self, client_id: str) -> None:
        """The preview of the funder's logbook for the last half year, as the coordinator's
        PDF will have it; back to the client's page."""
        dossier = await asyncio.to_thread(self.services().caseload.dossier, UUID(client_id))
        register = await asyncio.to_thread(self.services().employers.employers)
        client = dossier.client
        if client is None:
            await self.shell.open_client(client_id)
            return
        today = self.services().caseload.today()
        book = build_logbook(
            client.id,
            dossier.goals,
            dossier.visits,
            start=today - LOGBOOK_PERIOD,
            end=today,
            ratings=dossier.ratings,
        )
        employers = {employer.id: employer for employer in register}
        places = sorted(set(workplaces(dossier.goals, dossier.placements, employers).values()))
        lines = preview(book, client, places, active())

        async def back() -> None:
            await self.shell.open_client(client_id)

        intro = _(
            "What the logbook for UWV holds for the last half year, as your coordinator's PDF "
            "will: never your own notes, never WHO-5."
        )
        self.shell.frame("logbook", _("Logbook"), logbook_view(lines, intro), back=back)

    async def rating(self, client_id: str) -> None:
        """The rating of the support by the worker (in their own language) or the employer,
        for the funder of the client's goals (UWV first)."""
        caseload = self.services().caseload
        dossier = await asyncio.to_thread(caseload.dossier, UUID(client_id))
        client = dossier.client
        if client is None:
            await self.shell.open_client(client_id)
            return
        funders = {goal.funder for goal in dossier.goals}
        choices = RatingChoices(funder=next((f for f in Funder if f in funders), Funder.UWV))

        async def back() -> None:
            await self.shell.open_client(client_id)

        async def save(chosen: RatingChoices) -> None:
            assert chosen.score is not None  # the form asks for it first
            shown = self.shell.shown
            reader = client.preferred_language if chosen.rater is Rater.WORKER else active().lang
            rating = SupportRating(
                id=uuid4(),
                client_id=client.id,
                rater=chosen.rater,
                funder=chosen.funder,
                score=chosen.score,
                answers=dict(chosen.answers),
                rated_on=caseload.today(),
                language=reader,
            )
            await asyncio.to_thread(caseload.save_rating, rating)
            self.shell.request_sync()
            await after_save(self.shell, shown, back)
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(_("Rating saved."))))

        self.shell.frame(
            "rating",
            _("Rating"),
            rating_view(choices, client.preferred_language, save),
            back=back,
        )
