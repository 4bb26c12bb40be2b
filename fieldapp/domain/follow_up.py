"""When a client is due for follow-up: the jobcoach has not seen them for four weeks, a
referral is waiting past its due date (the receiving team has not made contact in time), or a
contract ends within six weeks (time to talk about what comes next)."""

from __future__ import annotations

from datetime import date, timedelta

from fieldapp.domain.placement import contract_ends_soon
from fieldapp.domain.ports import Overview

FOLLOW_UP_AFTER = timedelta(weeks=4)


def follow_up_due(overview: Overview, today: date) -> bool:
    if any(referral.is_overdue(today) for referral in overview.referrals):
        return True
    if any(contract_ends_soon(end, today) for end in overview.contract_ends):
        return True
    if overview.last_visit_at is None:
        return True  # never seen: the first visit is due
    return today - overview.last_visit_at.date() >= FOLLOW_UP_AFTER
