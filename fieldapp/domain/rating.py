"""Ratings of the jobcoach's support (issue 22, item 2): with the accountability report go two
ratings, one by the worker and one by the employer, each a score from 1 to 10 and a few short
questions. The funder (UWV) wants the average satisfaction of workers and employers at 6.5 or
more; the organisation bundles the ratings in a yearly report per funder.

A rating holds no free text: a score and fixed answers, nothing medical, nothing about the
worker beyond whose support was rated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import DomainModel
from fieldapp.domain.visit import Funder

LOWEST, HIGHEST = 1, 10
PASS_MARK = Decimal("6.5")
"""The average satisfaction the funder asks for (UWV's rules for jobcoaching)."""


class Rater(StrEnum):
    WORKER = "worker"
    EMPLOYER = "employer"
    """The employer's contact person who sees the worker at work."""


class Question(StrEnum):
    AGREEMENTS_CLEAR = "agreements_clear"
    """The agreements with the jobcoach were clear."""
    REACHABLE = "reachable"
    """The jobcoach could be reached when needed."""
    HELPED_AT_WORK = "helped_at_work"
    """The support helped at work."""


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class SupportRating(DomainModel):
    id: UUID
    client_id: UUID
    rater: Rater
    funder: Funder = Funder.UWV
    score: int = Field(ge=LOWEST, le=HIGHEST)
    answers: dict[Question, Answer] = Field(default_factory=dict)
    rated_on: date
    language: str = Field(default="nl", min_length=2, max_length=5)
    """The language the rater read the questions in."""
    version: int = Field(default=1, ge=1)


@dataclass(frozen=True)
class Average:
    """The average of some ratings, to one decimal, and how many there were."""

    count: int
    value: Decimal | None
    """None without ratings."""

    @property
    def meets_mark(self) -> bool | None:
        """Whether the average reaches :data:`PASS_MARK`; None without ratings."""
        return None if self.value is None else self.value >= PASS_MARK


def average(scores: Iterable[int]) -> Average:
    given = list(scores)
    if not given:
        return Average(0, None)
    mean = Decimal(sum(given)) / len(given)
    return Average(len(given), mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class FunderSatisfaction:
    """A funder's ratings of a period: workers', employers', and together."""

    funder: Funder
    workers: Average
    employers: Average
    together: Average


class Rated(Protocol):
    """What the yearly averages need of a rating (a rating, or the server's fact of one)."""

    @property
    def rater(self) -> Rater: ...
    @property
    def funder(self) -> Funder: ...
    @property
    def score(self) -> int: ...
    @property
    def rated_on(self) -> date: ...


def satisfaction(ratings: Iterable[Rated], first: date, last: date) -> list[FunderSatisfaction]:
    """Per funder with ratings in ``first``..``last``: the averages, funders in their order."""
    chosen = [r for r in ratings if first <= r.rated_on <= last]
    found = []
    for funder in Funder:
        own = [r for r in chosen if r.funder is funder]
        if own:
            found.append(
                FunderSatisfaction(
                    funder,
                    average(r.score for r in own if r.rater is Rater.WORKER),
                    average(r.score for r in own if r.rater is Rater.EMPLOYER),
                    average(r.score for r in own),
                )
            )
    return found


def latest(ratings: Iterable[SupportRating], rater: Rater) -> SupportRating | None:
    """The newest rating by ``rater`` (the one that goes with a report)."""
    own = [r for r in ratings if r.rater is rater]
    return max(own, key=lambda r: (r.rated_on, str(r.id))) if own else None
