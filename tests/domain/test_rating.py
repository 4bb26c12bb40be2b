"""Ratings of the support (fieldapp/domain/rating.py): a score from 1 to 10 and fixed answers;
averages per funder by workers, employers and together, to one decimal, against 6.5."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.rating import (
    PASS_MARK,
    Answer,
    Question,
    Rater,
    SupportRating,
    average,
    latest,
    satisfaction,
)
from fieldapp.domain.visit import Funder

CLIENT = uuid.uuid4()


def _rating(
    rater: Rater, score: int, on: date = date(2026, 3, 1), funder: Funder = Funder.UWV
) -> SupportRating:
    return SupportRating(
        id=uuid.uuid4(), client_id=CLIENT, rater=rater, funder=funder, score=score, rated_on=on
    )


@pytest.mark.parametrize("score", [0, 11, -3])
def test_a_score_lies_between_1_and_10(score: int) -> None:
    with pytest.raises(ValidationError):
        _rating(Rater.WORKER, score)


def test_answers_are_fixed_choices() -> None:
    rating = SupportRating.model_validate(
        {
            "id": str(uuid.uuid4()),
            "client_id": str(CLIENT),
            "rater": "employer",
            "score": 8,
            "answers": {"agreements_clear": "yes", "reachable": "partly"},
            "rated_on": "2026-03-01",
        }
    )
    assert rating.answers == {
        Question.AGREEMENTS_CLEAR: Answer.YES,
        Question.REACHABLE: Answer.PARTLY,
    }
    with pytest.raises(ValidationError):
        SupportRating.model_validate(
            {**rating.model_dump(mode="json"), "answers": {"reachable": "maybe"}}
        )


def test_averages_per_funder_against_the_mark() -> None:
    ratings = [
        _rating(Rater.WORKER, 8),
        _rating(Rater.WORKER, 5),
        _rating(Rater.EMPLOYER, 6),
        _rating(Rater.EMPLOYER, 7, funder=Funder.MUNICIPALITY),
        _rating(Rater.WORKER, 1, on=date(2025, 12, 31)),  # another year
    ]
    (uwv, municipality) = satisfaction(ratings, date(2026, 1, 1), date(2026, 12, 31))
    assert (uwv.funder, uwv.workers.value, uwv.employers.value) == (
        Funder.UWV,
        Decimal("6.5"),
        Decimal(6),
    )
    assert (uwv.together.count, uwv.together.value) == (3, Decimal("6.3"))  # 19 / 3
    assert uwv.workers.meets_mark and not uwv.together.meets_mark
    assert municipality.employers.value == 7 and municipality.workers.value is None
    assert municipality.workers.meets_mark is None


def test_the_latest_rating_of_each_rater_goes_with_a_report() -> None:
    old, new = (
        _rating(Rater.WORKER, 4, date(2026, 1, 5)),
        _rating(Rater.WORKER, 9, date(2026, 6, 5)),
    )
    employer = _rating(Rater.EMPLOYER, 7)
    assert latest([new, employer, old], Rater.WORKER) == new
    assert latest([old], Rater.EMPLOYER) is None


@given(st.lists(st.integers(1, 10), min_size=1, max_size=60))
def test_an_average_lies_between_the_lowest_and_highest_score(scores: list[int]) -> None:
    found = average(scores)
    assert found.count == len(scores) and found.value is not None
    assert min(scores) <= found.value <= max(scores)
    assert abs(found.value - Decimal(sum(scores)) / len(scores)) <= Decimal("0.05")
    assert found.meets_mark == (found.value >= PASS_MARK)
