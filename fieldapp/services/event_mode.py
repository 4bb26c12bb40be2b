"""A Flying Squad event on this device: start it, count, take in a contact, end it. Each step
is saved at once, so a crash or a flat battery loses at most the tap in progress. Blocking:
call it from a worker thread."""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.domain.ports import EventRepository, SyncStateRepository, TextVersions
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.event_intake import EventStart, Intake, IntakeResult, start_event, take_in
from fieldapp.services.teams import teams_from


class EventMode:
    def __init__(
        self,
        caseload: CaseloadService,
        events: EventRepository,
        states: SyncStateRepository,
        texts: TextVersions,
    ) -> None:
        self._caseload, self._events, self._states, self._texts = caseload, events, states, texts

    def running(self) -> OutreachEvent | None:
        """The event in progress on this device, if any (at most one runs)."""
        return self._events.active()

    def open_requests(self) -> list[VisitRequest]:
        """Employers' requests for a visit that wait for the Flying Squad, oldest first."""
        return self._events.open_requests()

    def start(self, organisation: str, place: str, kind: EventKind | None) -> EventStart:
        """A new event, saved; or what to fix per field, and nothing saved."""
        started = start_event(organisation, place, kind, self._caseload.now())
        if started.event is not None:
            self._events.save(started.event)
        return started

    def count(self, event: OutreachEvent, changes: Mapping[Tally, int]) -> OutreachEvent:
        counted = event.counted(dict(changes))
        self._events.save(counted)
        return counted

    def take_in(self, intake: Intake, event: OutreachEvent) -> tuple[IntakeResult, OutreachEvent]:
        """The contact's tallies counted, and, with the person's consent, the client and the
        records saved (each its own commit: the client first, then what refers to it)."""
        now = self._caseload.now()
        result = take_in(intake, event, teams_from(self._states), now, self._texts)
        if result.errors:
            return result, event
        if result.client is not None and result.record is not None:
            self._caseload.save_client(result.client)
            self._caseload.record_visit(result.record)
        return result, self.count(event, result.tallies)

    def end(self, event: OutreachEvent) -> OutreachEvent:
        ended = event.ended(self._caseload.now())
        self._events.save(ended)
        return ended
