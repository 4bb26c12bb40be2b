"""Flying Squad event mode's screen controller, over the
:class:`~fieldapp.services.event_mode.EventMode` service.

Entered from the caseload; once in, the only ways out are locking and ending the event, both
of which need the passphrase to reach the caseload again. After each contact the form is
built anew, empty, and the screen shows counts only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.i18n import _, active, ngettext
from fieldapp.services.event_intake import Intake
from fieldapp.services.event_mode import EventMode
from fieldapp.services.field_errors import FieldErrors
from fieldapp.ui.event_intake_view import intake_view
from fieldapp.ui.event_start_view import start_event_view
from fieldapp.ui.event_view import event_view
from fieldapp.ui.screens.regulation_screens import show_regulations_check

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class EventScreens:
    def __init__(
        self, shell: Shell, services: ServicesNow, *, lock: Callable[[str], Awaitable[None]]
    ) -> None:
        """``lock``: lock the app, with a notice on the unlock screen (ending an event)."""
        self.shell, self.services, self.lock = shell, services, lock

    def _events(self) -> EventMode:
        return self.services().events

    async def enter(self) -> None:
        event = await asyncio.to_thread(self._events().running)
        if event is None:
            requests = await asyncio.to_thread(self._events().open_requests)
            self.shell.frame(
                "event_start",
                _("Event mode"),
                start_event_view(self._start, requests),
                back=self._leave,
            )
        else:
            self.show(event)

    async def _leave(self) -> None:
        await self.shell.show_caseload()

    async def _start(self, organisation: str, place: str, kind: EventKind | None) -> FieldErrors:
        started = await asyncio.to_thread(self._events().start, organisation, place, kind)
        if started.event is None:
            return started.errors
        self.shell.request_sync()  # the event reaches the reach report while it runs
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
        counted = await asyncio.to_thread(self._events().count, event, changes)
        self.show(counted, notice)

    def _intake(self, event: OutreachEvent) -> None:
        async def save(intake: Intake) -> FieldErrors:
            result, counted = await asyncio.to_thread(self._events().take_in, intake, event)
            if result.errors:
                return result.errors
            if result.keeps_personal_data:
                self.shell.request_sync()
            self.show(counted, _("Saved. The form is empty again for the next person."))
            return {}

        async def cancel() -> None:
            self.show(event)

        self.shell.frame("event_contact", _("New contact"), intake_view(save, cancel))

    async def _end(self, event: OutreachEvent) -> None:
        ended = await asyncio.to_thread(self._events().end, event)
        self.shell.request_sync()  # its final tallies
        people = ended.count(Tally.PEOPLE_SPOKEN)
        await self.lock(
            ngettext(
                "The event has ended: %(n)d person spoken to. Unlock to go on.",
                "The event has ended: %(n)d people spoken to. Unlock to go on.",
                people,
            )
            % {"n": people}
        )
