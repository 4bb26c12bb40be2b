"""Hours per goal (warn at 80% and 100%), visit minutes, aware datetimes and postcodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from fieldapp.domain.client import Address
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.outbox import EntityKind, Operation, PendingChange
from fieldapp.domain.referral import Status, StatusChange
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.visit import GoalUsage, HoursWarning, goal_usage
from tests.factories import (
    FIXED_NOW,
    OTHER_CLIENT_ID,
    TODAY,
    build_check,
    build_client,
    build_consent,
    build_goal,
    build_signal,
    build_visit,
    new_id,
)


def spent(goal_id: UUID, minutes: int) -> dict[str, Any]:
    return {"goal_id": goal_id, "minutes": minutes}


def on(day: date, hour: int = 10) -> datetime:
    return FIXED_NOW.replace(year=day.year, month=day.month, day=day.day, hour=hour)


def test_goal_usage_counts_only_this_goal_this_client_and_this_period() -> None:
    goal = build_goal(period_start=date(2026, 7, 1), period_end=date(2026, 12, 31))
    other_goal = new_id()
    visits = [
        build_visit(started_at=on(date(2026, 7, 1)), goals=[spent(goal.id, 30)]),
        build_visit(
            started_at=on(date(2026, 9, 15)),
            duration_minutes=90,
            goals=[spent(goal.id, 45), spent(other_goal, 40)],
        ),
        build_visit(started_at=on(date(2026, 12, 31), 15), goals=[spent(goal.id, 15)]),
        build_visit(started_at=on(date(2026, 6, 30)), goals=[spent(goal.id, 60)]),
        build_visit(started_at=on(date(2027, 1, 1)), goals=[spent(goal.id, 60)]),
        build_visit(started_at=on(date(2026, 10, 1)), goals=[spent(other_goal, 60)]),
        build_visit(
            client_id=OTHER_CLIENT_ID, started_at=on(date(2026, 10, 1)), goals=[spent(goal.id, 60)]
        ),
        build_visit(started_at=on(date(2026, 10, 2))),
    ]
    usage = goal_usage(goal, visits)
    assert usage.goal_id == goal.id
    assert usage.used_minutes == 30 + 45 + 15
    assert usage.granted_minutes == 600


def test_goal_usage_without_visits_is_zero() -> None:
    usage = goal_usage(build_goal(), [])
    assert (usage.used_minutes, usage.warning) == (0, HoursWarning.NONE)


WARNINGS = [
    # granted hours, used minutes, warning
    (Decimal("10"), 0, HoursWarning.NONE),
    (Decimal("10"), 479, HoursWarning.NONE),
    (Decimal("10"), 480, HoursWarning.NEAR_LIMIT),
    (Decimal("10"), 599, HoursWarning.NEAR_LIMIT),
    (Decimal("10"), 600, HoursWarning.AT_LIMIT),
    (Decimal("10"), 601, HoursWarning.AT_LIMIT),
    (Decimal("2.5"), 119, HoursWarning.NONE),
    (Decimal("2.5"), 120, HoursWarning.NEAR_LIMIT),
    (Decimal("2.5"), 150, HoursWarning.AT_LIMIT),
    (Decimal("0"), 0, HoursWarning.NONE),
    (Decimal("0"), 1, HoursWarning.AT_LIMIT),
]


@pytest.mark.parametrize(("granted", "used", "warning"), WARNINGS)
def test_hours_warnings_at_exactly_80_and_100_percent(
    granted: Decimal, used: int, warning: HoursWarning
) -> None:
    goal = build_goal(granted_hours=granted)
    visits = []
    remaining = used
    day = date(2026, 8, 3)
    while remaining:
        minutes = min(remaining, 720)
        visits.append(
            build_visit(started_at=on(day), duration_minutes=720, goals=[spent(goal.id, minutes)])
        )
        remaining -= minutes
        day += timedelta(days=1)
    usage = goal_usage(goal, visits)
    assert usage.used_minutes == used
    assert usage.warning is warning


@given(st.integers(1, 10_000), st.integers(0, 20_000))
def test_warning_agrees_with_integer_arithmetic(granted: int, used: int) -> None:
    usage = GoalUsage(goal_id=new_id(), granted_minutes=granted, used_minutes=used)
    if used >= granted:
        expected = HoursWarning.AT_LIMIT
    elif used * 5 >= granted * 4:
        expected = HoursWarning.NEAR_LIMIT
    else:
        expected = HoursWarning.NONE
    assert usage.warning is expected


def test_goal_minutes_may_fill_but_not_exceed_the_visit() -> None:
    goal_a, goal_b = new_id(), new_id()
    full = build_visit(duration_minutes=60, goals=[spent(goal_a, 30), spent(goal_b, 30)])
    assert sum(g.minutes for g in full.goals) == 60
    with pytest.raises(ValidationError) as caught:
        build_visit(duration_minutes=60, goals=[spent(goal_a, 30), spent(goal_b, 31)])
    assert [e["type"] for e in caught.value.errors()] == ["domain.goal_minutes_exceed_duration"]


@pytest.mark.parametrize("minutes", [0, -5, 721])
def test_goal_minutes_must_be_a_plausible_amount(minutes: int) -> None:
    with pytest.raises(ValidationError):
        build_visit(duration_minutes=720, goals=[spent(new_id(), minutes)])


# --- aware datetimes -------------------------------------------------------------------------

NAIVE = datetime(2026, 11, 20, 9, 30)

NAIVE_FIELDS: dict[str, Callable[[datetime], BaseModel]] = {
    "client.created_at": lambda at: build_client(created_at=at),
    "client.updated_at": lambda at: build_client(updated_at=at),
    "visit.started_at": lambda at: build_visit(started_at=at),
    "check.taken_at": lambda at: build_check(taken_at=at),
    "signal.observed_at": lambda at: build_signal(observed_at=at),
    "consent.given_at": lambda at: build_consent(given_at=at),
    "consent.expires_at": lambda at: build_consent(expires_at=at),
    "consent.withdrawn_at": lambda at: build_consent(withdrawn_at=at),
    "status_change.at": lambda at: StatusChange(status=Status.DRAFT, at=at),
    "pending_change.created_at": lambda at: PendingChange(
        change_id=new_id(),
        entity=EntityKind.VISIT,
        entity_id=new_id(),
        client_id=new_id(),
        operation=Operation.UPSERT,
        entity_version=1,
        created_at=at,
    ),
}


@pytest.mark.parametrize("where", sorted(NAIVE_FIELDS))
def test_naive_datetimes_are_refused(where: str) -> None:
    build = NAIVE_FIELDS[where]
    with pytest.raises(ValidationError) as caught:
        build(NAIVE)
    assert [e["type"] for e in caught.value.errors()] == ["domain.naive_datetime"]
    assert build(NAIVE.replace(tzinfo=FIXED_NOW.tzinfo)) is not None


def test_a_timestamp_without_offset_in_json_is_refused() -> None:
    text = build_signal().model_dump_json()
    stamp = FIXED_NOW - timedelta(days=1)
    assert stamp.isoformat().replace("+00:00", "Z") in text
    naive_text = text.replace(stamp.isoformat().replace("+00:00", "Z"), "2026-11-19T09:30:00")
    with pytest.raises(ValidationError) as caught:
        SignalObservation.model_validate_json(naive_text)
    assert caught.value.errors()[0]["type"] == "domain.naive_datetime"


# --- postcodes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("1234ab", "1234 AB"),
        ("1234 ab", "1234 AB"),
        ("1234AB", "1234 AB"),
        (" 1091 Ab ", "1091 AB"),
        ("9999ZZ", "9999 ZZ"),
    ],
)
def test_postcodes_are_normalised(written: str, stored: str) -> None:
    assert Address(postcode=written, house_number=1).postcode == stored
    assert build_client(address={"postcode": written, "house_number": 7}).address == Address(
        postcode=stored, house_number=7
    )


@pytest.mark.parametrize(
    "written",
    [
        "",
        "0123 AB",
        "123 AB",
        "12345 AB",
        "1234 A",
        "1234 ABC",
        "1234-AB",
        "AB 1234",
        "1234  AB",
        "１２３４ AB",
    ],
)
def test_bad_postcodes_are_refused(written: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Address(postcode=written, house_number=1)
    assert [e["type"] for e in caught.value.errors()] == ["domain.invalid_postcode"]


def test_a_goal_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as caught:
        build_goal(period_start=TODAY, period_end=TODAY - timedelta(days=1))
    assert caught.value.errors()[0]["type"] == ErrorCode.GOAL_PERIOD_REVERSED.value


def test_a_goal_period_of_one_day_is_allowed() -> None:
    assert build_goal(period_start=TODAY, period_end=TODAY).covers(TODAY)


@pytest.mark.parametrize("year", [1899, 2201])
def test_times_far_outside_a_working_life_are_refused(year: int) -> None:
    with pytest.raises(ValidationError) as caught:
        build_visit(started_at=FIXED_NOW.replace(year=year))
    assert caught.value.errors()[0]["type"] == ErrorCode.DATETIME_OUT_OF_RANGE.value
