"""WHO-5 Well-Being Index: items, raw and percentage scores, bands and change.

Five items over the last two weeks, each 0 (at no time) to 5 (all of the time). Raw 0-25,
percentage = raw x 4. Raw below 13 is poor wellbeing; 7 or less suggests depression (advise the
GP); a change of 10 percentage points is meaningful. Used only to advise, never to diagnose.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ErrorCode

ITEM_COUNT = 5
ITEM_MAX = 5
POOR_BELOW_RAW = 13
LIKELY_DEPRESSION_AT_MOST_RAW = 7
MEANINGFUL_CHANGE_PCT = 10

ITEM_KEYS: tuple[str, ...] = (
    "who5.item.cheerful",
    "who5.item.calm",
    "who5.item.active",
    "who5.item.rested",
    "who5.item.interested",
)


class Band(StrEnum):
    """What a score means for the jobcoach's advice."""

    ADEQUATE = "adequate"
    POOR = "poor"
    LIKELY_DEPRESSION = "likely_depression"


class Change(StrEnum):
    """Change against the previous check, by the 10-point rule."""

    FIRST = "first"
    STABLE = "stable"
    IMPROVED = "improved"
    WORSENED = "worsened"


def raw_score(items: tuple[int, ...]) -> int:
    return sum(items)


def percentage(raw: int) -> int:
    return raw * 4


def band_for(raw: int) -> Band:
    if raw <= LIKELY_DEPRESSION_AT_MOST_RAW:
        return Band.LIKELY_DEPRESSION
    if raw < POOR_BELOW_RAW:
        return Band.POOR
    return Band.ADEQUATE


def change_between(previous_pct: int | None, current_pct: int) -> Change:
    if previous_pct is None:
        return Change.FIRST
    delta = current_pct - previous_pct
    if delta >= MEANINGFUL_CHANGE_PCT:
        return Change.IMPROVED
    if delta <= -MEANINGFUL_CHANGE_PCT:
        return Change.WORSENED
    return Change.STABLE


class WellbeingCheck(DomainModel):
    """One WHO-5 check. Scores are derived; only the item answers are stored."""

    id: UUID
    client_id: UUID
    visit_id: UUID | None = None
    taken_at: AwareDatetime
    items: tuple[int, ...]
    instrument_version: str = Field(min_length=1, max_length=80)
    """E.g. ``who5/nl/registered`` or ``who5/tr/unregistered-2026-11``: kept with each check."""
    language: str = Field(min_length=2, max_length=12)
    version: int = Field(default=1, ge=1)

    @field_validator("items")
    @classmethod
    def _five_items_zero_to_five(cls, items: tuple[int, ...]) -> tuple[int, ...]:
        if len(items) != ITEM_COUNT or any(not 0 <= item <= ITEM_MAX for item in items):
            raise PydanticCustomError(
                ErrorCode.WHO5_ITEM_COUNT.value, "WHO-5 needs five answers from 0 to 5"
            )
        return items

    @property
    def raw(self) -> int:
        return raw_score(self.items)

    @property
    def percentage(self) -> int:
        return percentage(self.raw)

    @property
    def band(self) -> Band:
        return band_for(self.raw)

    def change_since(self, previous: WellbeingCheck | None) -> Change:
        return change_between(None if previous is None else previous.percentage, self.percentage)
