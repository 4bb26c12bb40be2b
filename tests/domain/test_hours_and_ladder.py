"""UWV's internal jobcoaching hours by the placement's year, and the participation ladder over
time; plus the employer register's KvK number."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.hours import suggested_internal_hours
from fieldapp.domain.participation import LadderStep, Rung, ladder, rung_on

START = date(2024, 3, 1)
HOURS = st.integers(min_value=1, max_value=40).map(Decimal)


def test_a_year_of_24_hours_a_week_gives_the_published_shares() -> None:
    def year(n: int) -> Decimal:
        first = START + timedelta(days=365 * n)
        return suggested_internal_hours(Decimal(24), START, first, first + timedelta(days=364))

    worked = Decimal(24) / 7 * 365
    assert year(0) == (worked * Decimal("0.15")).quantize(Decimal("0.01"))
    assert year(1) == (worked * Decimal("0.075")).quantize(Decimal("0.01"))
    assert year(2) == (worked * Decimal("0.06")).quantize(Decimal("0.01"))
    assert year(3) == 0


@given(hours=HOURS, offset=st.integers(-100, 1200), length=st.integers(0, 800), cut=st.data())
def test_splitting_a_period_changes_the_hours_by_rounding_only(
    hours: Decimal, offset: int, length: int, cut: st.DataObject
) -> None:
    first = START + timedelta(days=offset)
    last = first + timedelta(days=length)
    split = cut.draw(st.integers(0, length))
    middle = first + timedelta(days=split)
    whole = suggested_internal_hours(hours, START, first, last)
    parts = suggested_internal_hours(
        hours, START, first, middle - timedelta(days=1)
    ) + suggested_internal_hours(hours, START, middle, last)
    assert abs(whole - parts) <= Decimal("0.01")
    assert whole >= 0
    assert whole <= (hours / 7 * (length + 1) * Decimal("0.15")).quantize(Decimal("0.01"))


@given(hours=HOURS, length=st.integers(1, 364))
def test_a_later_year_never_gets_more(hours: Decimal, length: int) -> None:
    shares = [
        suggested_internal_hours(
            hours,
            START,
            START + timedelta(days=365 * n),
            START + timedelta(days=365 * n + length),
        )
        for n in range(4)
    ]
    assert shares == sorted(shares, reverse=True)


def test_before_the_placement_nothing_is_suggested() -> None:
    before = suggested_internal_hours(Decimal(30), START, date(2023, 1, 1), date(2023, 12, 31))
    assert before == 0


def test_the_ladder_is_read_in_date_order() -> None:
    client = uuid.uuid4()

    def step(rung: Rung, on: date) -> LadderStep:
        return LadderStep(id=uuid.uuid4(), client_id=client, rung=rung, on=on)

    steps = [
        step(Rung.PAID_WORK_WITH_SUPPORT, date(2025, 6, 1)),
        step(Rung.ORGANISED_ACTIVITIES, date(2024, 1, 15)),
        step(Rung.UNPAID_WORK, date(2024, 9, 1)),
    ]
    assert [s.rung for s in ladder(steps)] == [3, 4, 5]
    assert rung_on(steps, date(2024, 1, 14)) is None
    assert rung_on(steps, date(2024, 12, 31)) is Rung.UNPAID_WORK
    assert rung_on(steps, date(2026, 1, 1)) is Rung.PAID_WORK_WITH_SUPPORT


@pytest.mark.parametrize(
    ("typed", "kept"), [("12345678", "12345678"), (" 1234 5678 ", "12345678"), ("", None)]
)
def test_a_kvk_number_is_eight_digits(typed: str, kept: str | None) -> None:
    employer = Employer(
        id=uuid.uuid4(),
        name="Bakkerij Noord",
        kind=EmployerKind.REGULAR,
        kvk=typed,
        updated_at=datetime(2026, 12, 6, tzinfo=UTC),
    )
    assert employer.kvk == kept


@pytest.mark.parametrize("typed", ["1234567", "123456789", "1234567a"])
def test_a_kvk_number_of_another_length_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Employer(
            id=uuid.uuid4(),
            name="Bakkerij Noord",
            kind=EmployerKind.REGULAR,
            kvk=typed,
            updated_at=datetime(2026, 12, 6, tzinfo=UTC),
        )
    assert {d["type"] for d in raised.value.errors()} == {ErrorCode.INVALID_KVK}
