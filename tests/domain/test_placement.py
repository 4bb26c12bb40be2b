"""Placements: dates in order, an end reason exactly when ended, loonwaarde with the subsidy,
overlap refused only for the same employer, site and kind, and the follow-up six weeks before
a contract ends."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.placement import (
    EndReason,
    Instruments,
    Overlap,
    Placement,
    PlacementKind,
    check_overlap,
    current,
    path,
)

CLIENT = uuid.uuid4()
EMPLOYERS = [uuid.uuid4(), uuid.uuid4()]
SITES = [None, uuid.uuid4()]
START = date(2025, 1, 1)


def _placement(**changes: Any) -> Placement:
    data: dict[str, Any] = {
        "id": uuid.uuid4(),
        "client_id": CLIENT,
        "employer_id": EMPLOYERS[0],
        "kind": PlacementKind.REGULAR,
        "start": START,
        "hours_per_week": Decimal(24),
    } | changes
    return Placement.model_validate(data)


def _codes(error: ValidationError) -> set[str]:
    return {detail["type"] for detail in error.errors()}


DAYS = st.integers(min_value=-400, max_value=400).map(lambda n: START + timedelta(days=n))


@given(end=DAYS)
def test_a_placement_never_ends_before_it_starts(end: date) -> None:
    if end >= START:
        assert _placement(planned_end=end).last_day == end
        ended = _placement(ended_on=end, end_reason=EndReason.OWN_CHOICE)
        assert ended.last_day == end
    else:
        with pytest.raises(ValidationError) as raised:
            _placement(planned_end=end)
        assert _codes(raised.value) == {ErrorCode.PLACEMENT_DATES_REVERSED}


def test_an_end_and_its_reason_come_together() -> None:
    with pytest.raises(ValidationError) as raised:
        _placement(ended_on=START)
    assert _codes(raised.value) == {ErrorCode.PLACEMENT_END_REASON_MISSING}
    with pytest.raises(ValidationError) as raised:
        _placement(end_reason=EndReason.MOVED_HOUSE)
    assert _codes(raised.value) == {ErrorCode.PLACEMENT_END_REASON_WITHOUT_END}


def test_loonkostensubsidie_needs_the_loonwaarde() -> None:
    with pytest.raises(ValidationError) as raised:
        Instruments(loonkostensubsidie=True)
    assert _codes(raised.value) == {ErrorCode.PLACEMENT_LOONWAARDE_MISSING}
    assert Instruments(loonkostensubsidie=True, loonwaarde_pct=60).loonwaarde_pct == 60


PLACEMENTS = st.builds(
    lambda employer, site, kind, start, length: _placement(
        employer_id=employer,
        site_id=site,
        kind=kind,
        start=start,
        planned_end=None if length is None else start + timedelta(days=length),
    ),
    st.sampled_from(EMPLOYERS),
    st.sampled_from(SITES),
    st.sampled_from([PlacementKind.REGULAR, PlacementKind.SECONDMENT]),
    DAYS,
    st.none() | st.integers(min_value=0, max_value=300),
)


@given(first=PLACEMENTS, second=PLACEMENTS)
def test_only_the_same_place_and_kind_at_the_same_time_is_refused(
    first: Placement, second: Placement
) -> None:
    assert first.overlaps(second) == second.overlaps(first)
    same_place = (first.employer_id, first.site_id, first.kind) == (
        second.employer_id,
        second.site_id,
        second.kind,
    )
    if first.overlaps(second) and same_place:
        with pytest.raises(DomainError) as raised:
            check_overlap(second, [first])
        assert raised.value.code is ErrorCode.PLACEMENT_DUPLICATE
        return
    found = check_overlap(second, [first])
    if first.overlaps(second):
        assert found.verdict is Overlap.WARNING and found.others == (first.id,)
    else:
        assert found.verdict is Overlap.NONE


@given(placement=PLACEMENTS)
def test_a_placement_never_overlaps_itself_in_the_check(placement: Placement) -> None:
    edited = placement.model_copy(update={"hours_per_week": Decimal(8), "version": 2})
    assert check_overlap(edited, [placement]).verdict is Overlap.NONE


@pytest.mark.parametrize(
    ("days_left", "due"), [(-1, False), (0, True), (20, True), (42, True), (43, False)]
)
def test_follow_up_is_due_from_six_weeks_before_the_contract_ends(
    days_left: int, due: bool
) -> None:
    today = date(2026, 12, 6)
    placement = _placement(start=date(2026, 1, 1), planned_end=today + timedelta(days=days_left))
    assert placement.follow_up_due(today) is due
    ended = placement.model_copy(
        update={"ended_on": date(2026, 6, 1), "end_reason": EndReason.OWN_CHOICE}
    )
    assert not ended.follow_up_due(today)


def test_the_path_and_the_current_placement() -> None:
    day_care = _placement(
        kind=PlacementKind.DAY_ACTIVITIES,
        start=date(2022, 3, 1),
        ended_on=date(2023, 2, 28),
        end_reason=EndReason.REGULAR_WORK,
    )
    beschut = _placement(kind=PlacementKind.BESCHUT_AT_SW, start=date(2023, 3, 1))
    second_job = _placement(
        employer_id=EMPLOYERS[1], start=date(2024, 5, 1), hours_per_week=Decimal(8)
    )
    assert [p.kind for p in path([second_job, beschut, day_care])] == [
        PlacementKind.DAY_ACTIVITIES,
        PlacementKind.BESCHUT_AT_SW,
        PlacementKind.REGULAR,
    ]
    assert current([day_care, beschut, second_job], date(2024, 6, 1)) == second_job
    assert current([day_care, beschut], date(2022, 6, 1)) == day_care
    assert current([day_care], date(2024, 6, 1)) is None
