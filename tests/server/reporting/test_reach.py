"""The reach report's sums (pure): every event of the year counted once, in the month it
started and under its kind; the months and the kinds each add up to the year's total; events
of other years left out."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.outreach import EventKind
from sync_server.reporting.reach import HeldEvent, Reach, year_reach

YEAR = 2026
counts = st.integers(min_value=0, max_value=500)
held = st.builds(
    HeldEvent,
    kind=st.none() | st.sampled_from(EventKind),
    started_on=st.dates(date(YEAR - 1, 1, 1), date(YEAR + 1, 12, 31)),
    people=counts,
    regulations=counts,
    self_tests=counts,
    referrals=counts,
)


def _sum(parts: list[Reach]) -> tuple[int, ...]:
    return tuple(
        sum(getattr(part, name) for part in parts)
        for name in ("events", "people", "regulations", "self_tests", "referrals")
    )


@given(st.lists(held, max_size=60))
def test_months_and_kinds_each_add_up_to_the_year(events: list[HeldEvent]) -> None:
    found = year_reach(YEAR, events)
    this_year = [event for event in events if event.started_on.year == YEAR]
    assert found.total.events == len(this_year)
    assert found.total.people == sum(event.people for event in this_year)
    assert _sum(list(found.months)) == _sum([found.total])
    assert _sum(list(found.kinds.values())) == _sum([found.total])
    for month, reach in enumerate(found.months, start=1):
        assert reach.events == sum(1 for event in this_year if event.started_on.month == month)
    assert found.busiest == max(1, *(month.people for month in found.months))


def test_kinds_come_in_their_order_with_the_unknown_last() -> None:
    def at(kind: EventKind | None) -> HeldEvent:
        return HeldEvent(kind, date(YEAR, 3, 1), 1, 0, 0, 0)

    found = year_reach(YEAR, [at(None), at(EventKind.HR_TRAINING), at(EventKind.COMPANY_VISIT)])
    assert list(found.kinds) == [EventKind.COMPANY_VISIT, EventKind.HR_TRAINING, None]
