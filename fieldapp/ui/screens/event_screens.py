"""Flying Squad event mode wired to the store (part of the composition root).

Entered from the caseload; once in, the only ways out are locking and ending the event, both
of which need the passphrase to reach the caseload again. After each contact the form is
built anew, empty, and the screen shows counts only.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from fieldapp.domain.client import Address
from fieldapp.domain.outreach import OutreachEvent, Tally
from fieldapp.domain.ports import EventRepository
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Target
from fieldapp.i18n import _, active, ngettext
from fieldapp.services.event_intake import FieldErrors, Intake, start_event, take_in
from fieldapp.ui.event_intake_view import intake_view
from fieldapp.ui.event_view import event_view, start_event_view
from fieldapp.ui.screens.regulation_screens import show_regulations_check

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import Shell


class EventScreens:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    def _events(self) -> EventRepository:
        return self.shell.event_store()

    async def enter(self) -> None:
        event = await asyncio.to_thread(self._events().active)
        if event is None:
            self.shell.frame(
                "event_start", _("Event mode"), start_event_view(self._start), back=self._leave
            )
        else:
            self.show(event)

    async def _leave(self) -> None:
        await self.shell.show_caseload()

    async def _start(self, organisation: str, place: str) -> FieldErrors:
        started = start_event(organisation, place, self.shell.service.now())
        if started.event is None:
            return started.errors
        await asyncio.to_thread(self._events().save, started.event)
        self.show(started.event)
        return {}

    def show(self, event: OutreachEvent, notice: str = "") -> None:
        """The counters; ``notice`` confirms, in the screen itself, what was just done."""

        async def count(tally: Tally, by: int) -> None:
            await self._count(event, {tally: by})

        async def contact() -> None:
            self._intake(event)

        async def end() -> None:
            await self._end(event)

        async def regulations() -> None:
            async def back() -> None:
                self.show(event)

            show_regulations_check(self.shell, active().lang, back)

        view = event_view(event, count, contact, end, regulations, notice=notice)
        self.shell.frame("event", _("Event mode"), view)

    async def _count(
        self, event: OutreachEvent, changes: dict[Tally, int], notice: str = ""
    ) -> None:
        counted = event.counted(changes)
        await asyncio.to_thread(self._events().save, counted)
        self.show(counted, notice)

    def _team_for(self, target: Target, address: Address | None) -> Recipient | None:
        state = self.shell.sync_state()
        return state.recipient_for(target, address)

    def _intake(self, event: OutreachEvent) -> None:
        async def save(intake: Intake) -> FieldErrors:
            service = self.shell.service
            now = service.now()
            result = await asyncio.to_thread(take_in, intake, event, self._team_for, now)
            if result.errors:
                return result.errors
            if result.client is not None and result.record is not None:
                await asyncio.to_thread(service.save_client, result.client)
                await asyncio.to_thread(service.record_visit, result.record)
                self.shell.request_sync()
            saved = _("Saved. The form is empty again for the next person.")
            await self._count(event, result.tallies, saved)
            return {}

        async def cancel() -> None:
            self.show(event)

        self.shell.frame("event_contact", _("New contact"), intake_view(save, cancel))

    async def _end(self, event: OutreachEvent) -> None:
        ended = event.ended(self.shell.service.now())
        await asyncio.to_thread(self._events().save, ended)
        people = ended.count(Tally.PEOPLE_SPOKEN)
        await self.shell.lock_now(
            ngettext(
                "The event has ended: %(n)d person spoken to. Unlock to go on.",
                "The event has ended: %(n)d people spoken to. Unlock to go on.",
                people,
            )
            % {"n": people}
        )
