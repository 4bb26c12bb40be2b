"""When a client is due for follow-up: the jobcoach has not seen them for four weeks, or a
referral is waiting past its due date (the receiving team has not made contact in time)."""

from __future__ import annotations

from datetime import date, timedelta

from fieldapp.domain.ports import Dossier

FOLLOW_UP_AFTER = timedelta(weeks=4)


def follow_up_due(dossier: Dossier, today: date) -> bool:
    if any(referral.is_overdue(today) for referral in dossier.referrals):
        return True
    if not dossier.visits:
        return True  # never seen: the first visit is due
    return today - dossier.visits[-1].started_at.date() >= FOLLOW_UP_AFTER
