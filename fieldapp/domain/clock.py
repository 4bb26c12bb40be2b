"""The one wall clock the app and the server read, in UTC (aware): everything that takes a
``clock`` defaults to it, and tests pass their own. And the organisation's time zone, in which
people enter and read dates and times (a visit "on 5 March at 10:00" is Amsterdam's)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

LOCAL_ZONE = "Europe/Amsterdam"


def utc_now() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=1)
def local_zone() -> ZoneInfo:
    """Europe/Amsterdam (needs the system tz database or the ``tzdata`` package)."""
    return ZoneInfo(LOCAL_ZONE)
