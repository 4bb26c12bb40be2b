"""The funder's logbook (fieldapp/domain/logbook.py): the right minutes on the right goal in date
order, only the funder's goals and the period's visits, and medical-looking words found where
they are, so the export can be blocked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.logbook import TextPlace, build_logbook
from fieldapp.domain.visit import Funder, GoalStatus, GoalTime, VisitType
from tests.factories import CLIENT_ID, build_goal, build_visit

START, END = date(2026, 9, 1), date(2026, 11, 30)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def test_hours_per_goal_in_date_order_for_the_funder_and_the_period() -> None:
    punctual = build_goal(title="Op tijd beginnen", funder=Funder.UWV, granted_hours=Decimal(2))
    team = build_goal(title="Samenwerken", funder=Funder.UWV)
    municipal = build_goal(title="Gemeentelijk doel", funder=Funder.MUNICIPALITY)
    late = build_visit(
        started_at=_at(date(2026, 10, 20)),
        duration_minutes=90,
        goals=(GoalTime(goal_id=punctual.id, minutes=60), GoalTime(goal_id=team.id, minutes=30)),
        notes_for_funder="Werkplek bekeken met de leidinggevende.",
        notes_internal="CANARY-INTERNAL",
    )
    early = build_visit(
        started_at=_at(date(2026, 9, 3)),
        goals=(GoalTime(goal_id=punctual.id, minutes=45),),
        type=VisitType.PROGRESS_TALK,
    )
    before = build_visit(
        started_at=_at(date(2026, 8, 30)), goals=(GoalTime(goal_id=punctual.id, minutes=60),)
    )
    paid_elsewhere = build_visit(
        started_at=_at(date(2026, 9, 10)), goals=(GoalTime(goal_id=municipal.id, minutes=60),)
    )
    book = build_logbook(
        CLIENT_ID,
        [team, municipal, punctual],
        [late, before, paid_elsewhere, early],
        start=START,
        end=END,
    )
    assert [a.goal.title for a in book.accounts] == ["Op tijd beginnen", "Samenwerken"]
    first, second = book.accounts
    assert [(line.day, line.minutes) for line in first.lines] == [
        (date(2026, 9, 3), 45),
        (date(2026, 10, 20), 60),
    ]
    # The visit of 30 August is before the logbook but inside the goal: it counts on the grant.
    assert (first.minutes, first.used_minutes, first.minutes_over) == (105, 165, 45)
    assert [(line.minutes, line.note) for line in second.lines] == [
        (30, "Werkplek bekeken met de leidinggevende.")
    ]
    assert book.minutes == 135 and not book.blocked
    assert [line.day for line, _ in book.lines()] == [
        date(2026, 9, 3),
        date(2026, 10, 20),
        date(2026, 10, 20),
    ]
    assert "CANARY-INTERNAL" not in repr(book)  # the internal note is never read


def test_minutes_beyond_the_grant_are_named() -> None:
    goal = build_goal(granted_hours=Decimal(1), funder=Funder.UWV)
    visits = [
        build_visit(
            started_at=_at(START + timedelta(days=n)),
            goals=(GoalTime(goal_id=goal.id, minutes=45),),
        )
        for n in range(2)
    ]
    (account,) = build_logbook(CLIENT_ID, [goal], visits, start=START, end=END).accounts
    assert (account.minutes, account.granted_minutes, account.minutes_over) == (90, 60, 30)


def test_results_and_more_support_are_read_from_the_goals() -> None:
    done = build_goal(title="A", status=GoalStatus.ACHIEVED, funder=Funder.UWV)
    partly = build_goal(title="B", status=GoalStatus.PARTLY, more_support=True, funder=Funder.UWV)
    book = build_logbook(CLIENT_ID, [done, partly], [], start=START, end=END)
    assert [a.goal.title for a in book.with_status(GoalStatus.ACHIEVED)] == ["A"]
    assert [a.goal.title for a in book.more_support] == ["B"]


def test_medical_words_block_the_export_and_say_where() -> None:
    goal = build_goal(
        title="Omgaan met stress", evaluation="Na de operatie minder uren.", funder=Funder.UWV
    )
    visit = build_visit(
        started_at=_at(date(2026, 10, 1)),
        goals=(GoalTime(goal_id=goal.id, minutes=30),),
        notes_for_funder="Besproken wat de huisarts zei.",
    )
    book = build_logbook(CLIENT_ID, [goal], [visit], start=START, end=END)
    assert book.blocked
    assert [(f.place, f.words) for f in book.findings] == [
        (TextPlace.EVALUATION, ("operatie",)),
        (TextPlace.VISIT_NOTE, ("huisarts",)),
    ]
    assert book.findings[1].day == date(2026, 10, 1) and book.findings[1].record_id == visit.id


days = st.integers(min_value=0, max_value=150).map(lambda n: date(2026, 8, 1) + timedelta(days=n))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(days, st.integers(0, 3), st.integers(1, 120)), min_size=0, max_size=25),
    st.lists(
        st.tuples(days, st.integers(0, 60), st.sampled_from(list(Funder))), min_size=1, max_size=3
    ),
)
def test_every_minute_lands_once_on_its_goal_and_nowhere_else(
    raw_visits: list[tuple[date, int, int]], raw_goals: list[tuple[date, int, Funder]]
) -> None:
    goals = [
        build_goal(
            id=uuid4(),
            title=f"Doel {n}",
            funder=funder,
            period_start=start,
            period_end=start + timedelta(days=length),
        )
        for n, (start, length, funder) in enumerate(raw_goals)
    ]
    visits = [
        build_visit(
            id=uuid4(),
            started_at=_at(day),
            duration_minutes=max(1, minutes * len(goals)),
            goals=tuple(GoalTime(goal_id=g.id, minutes=minutes) for g in goals[:count]),
        )
        for day, count, minutes in raw_visits
    ]
    book = build_logbook(CLIENT_ID, goals, visits, start=START, end=END)
    for goal in goals:
        expected = sum(
            spent.minutes
            for visit in visits
            if START <= visit.started_at.date() <= END and goal.covers(visit.started_at.date())
            for spent in visit.goals
            if spent.goal_id == goal.id
        )
        accounts = [a for a in book.accounts if a.goal.id == goal.id]
        meets = goal.period_start <= END and goal.period_end >= START
        if goal.funder is Funder.UWV and meets:
            assert [a.minutes for a in accounts] == [expected]
            assert [line.day for line in accounts[0].lines] == sorted(
                line.day for line in accounts[0].lines
            )
        else:
            assert accounts == []


def test_the_grant_is_measured_over_the_goals_whole_period() -> None:
    """A goal that began before the logbook's period: its earlier hours count against the
    grant (and its excess), while the lines list only the period's visits."""
    goal = build_goal(
        funder=Funder.UWV,
        granted_hours=Decimal(2),
        period_start=date(2026, 6, 1),
        period_end=date(2026, 12, 31),
    )
    earlier = build_visit(
        started_at=_at(date(2026, 7, 1)),
        duration_minutes=90,
        goals=(GoalTime(goal_id=goal.id, minutes=90),),
    )
    within = build_visit(
        started_at=_at(date(2026, 10, 1)), goals=(GoalTime(goal_id=goal.id, minutes=60),)
    )
    (account,) = build_logbook(CLIENT_ID, [goal], [earlier, within], start=START, end=END).accounts
    assert [line.minutes for line in account.lines] == [60]
    assert (account.minutes, account.used_minutes, account.minutes_over) == (60, 150, 30)
