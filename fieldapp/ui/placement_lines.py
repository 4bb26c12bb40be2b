"""A client's placements as the client page shows them: the path through work in the order
the placements started, each with its employer and site, its kind, its dates and hours, why it
ended, and whether it runs today or its contract ends soon. Already translated; pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from fieldapp.domain.employer import Employer
from fieldapp.domain.placement import Placement, path
from fieldapp.i18n import _, format_date, format_number
from fieldapp.i18n.bidi import isolate
from fieldapp.i18n.work_labels import work_label


@dataclass(frozen=True)
class PlacementLine:
    placement_id: str
    where: str
    """The employer and site: ``Bakkerij Van der Linden, Bakkerij``."""
    kind: str
    period: str
    """``Since 3 Mar 2026, until 2 Jan 2027 · 16 hours a week`` or the dates and the reason
    it ended."""
    running: bool
    follow_up_due: bool
    """The contract ends within six weeks."""


def _where(placement: Placement, employers: Mapping[UUID, Employer]) -> str:
    employer = employers.get(placement.employer_id)
    if employer is None:
        return _("an employer not in this device's register")
    site = employer.site(placement.site_id)
    return isolate(employer.name if site is None else f"{employer.name}, {site.name}")


def _period(placement: Placement) -> str:
    hours = _("{hours} hours a week").format(hours=format_number(placement.hours_per_week))
    start = isolate(format_date(placement.start))
    if placement.ended_on is not None:
        reason = work_label(placement.end_reason) if placement.end_reason else ""
        dates = _("{start} to {end}").format(
            start=start, end=isolate(format_date(placement.ended_on))
        )
        return " · ".join(part for part in (dates, hours, reason) if part)
    if placement.planned_end is not None:
        dates = _("Since {start}, until {end}").format(
            start=start, end=isolate(format_date(placement.planned_end))
        )
    else:
        dates = _("Since {start}").format(start=start)
    return f"{dates} · {hours}"


def placement_lines(
    placements: Sequence[Placement], employers: Mapping[UUID, Employer], today: date
) -> list[PlacementLine]:
    return [
        PlacementLine(
            placement_id=str(placement.id),
            where=_where(placement, employers),
            kind=work_label(placement.kind),
            period=_period(placement),
            running=placement.runs_on(today),
            follow_up_due=placement.follow_up_due(today),
        )
        for placement in path(placements)
    ]


def workplaces(
    placements: Sequence[Placement], employers: Mapping[UUID, Employer], today: date
) -> list[tuple[str, str]]:
    """(placement id, where) of the placements a workplace visit can be made at today: those
    running, newest first. The kind is added only where two are at the same place, so the
    words fit a phone's dropdown."""
    running = [placement for placement in reversed(path(placements)) if placement.runs_on(today)]
    places = [_where(placement, employers) for placement in running]
    return [
        (
            str(placement.id),
            where if places.count(where) == 1 else f"{where} · {work_label(placement.kind)}",
        )
        for placement, where in zip(running, places, strict=True)
    ]
