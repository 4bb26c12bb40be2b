"""Where help can come from: referral targets, urgency and the due date of a first contact.

Advice-only targets (GP, company doctor, crisis line) carry no data: they are advice to the
client, never a referral object. Crisis (an E signal) means a first conversation within three
working days; otherwise within four weeks.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum


class Target(StrEnum):
    BUURTTEAM = "buurtteam"
    SCHULDHULP = "schuldhulp"
    SOCIAAL_RAADSLIEDEN = "sociaal_raadslieden"
    REGULATIONS_CHECK = "regulations_check"
    SELF_HELP = "self_help"
    VOLUNTEERS = "volunteers"
    MONEY_CONVERSATION = "money_conversation"
    GP = "gp"
    COMPANY_DOCTOR = "company_doctor"
    CRISIS_LINE = "crisis_line"


ADVICE_ONLY: frozenset[Target] = frozenset(
    {
        Target.GP,
        Target.COMPANY_DOCTOR,
        Target.CRISIS_LINE,
        Target.MONEY_CONVERSATION,
        Target.SELF_HELP,
    }
)
"""Targets that are advice to the client or the jobcoach: no data ever goes there."""


class Urgency(StrEnum):
    CRISIS = "crisis"
    REGULAR = "regular"


CRISIS_WORKING_DAYS = 3
REGULAR_WEEKS = 4


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start`` (weekends and ``holidays`` skipped)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def due_date(urgency: Urgency, start: date, holidays: Collection[date] = ()) -> date:
    """When the first conversation is due for a referral made on ``start``."""
    if urgency is Urgency.CRISIS:
        return add_working_days(start, CRISIS_WORKING_DAYS, holidays)
    return start + timedelta(weeks=REGULAR_WEEKS)
