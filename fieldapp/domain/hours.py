"""Granted hours suggested for UWV's internal jobcoaching: at most 15% of the hours worked in
the placement's first year, 7.5% in the second and 6% in the third, nothing after. A
suggestion only: the jobcoach can always change it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

INTERNAL_JOBCOACHING_SHARE = (Decimal("0.15"), Decimal("0.075"), Decimal("0.06"))
"""The share of hours worked per year of the placement (year 1, 2, 3)."""
_YEAR = 365
_HUNDREDTH = Decimal("0.01")


def _share_on(day: date, placement_start: date) -> Decimal:
    year = (day - placement_start).days // _YEAR
    if year < 0 or year >= len(INTERNAL_JOBCOACHING_SHARE):
        return Decimal(0)
    return INTERNAL_JOBCOACHING_SHARE[year]


def suggested_internal_hours(
    hours_per_week: Decimal, placement_start: date, period_start: date, period_end: date
) -> Decimal:
    """The hours to grant for ``period_start`` to ``period_end`` (both included): each day's
    share of a week's hours, times the share for that day's year of the placement, to the
    hundredth of an hour. Days before the placement started count nothing."""
    if period_end < period_start:
        return Decimal(0)
    per_day = hours_per_week / 7
    total = Decimal(0)
    day = period_start
    # By runs of days with the same share: at most four runs, whatever the period's length.
    while day <= period_end:
        share = _share_on(day, placement_start)
        if day < placement_start:
            run_end = min(period_end, placement_start - timedelta(days=1))
        else:
            year = (day - placement_start).days // _YEAR
            year_end = placement_start + timedelta(days=_YEAR * (year + 1) - 1)
            run_end = min(period_end, year_end)
        total += per_day * share * ((run_end - day).days + 1)
        day = run_end + timedelta(days=1)
    return total.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
