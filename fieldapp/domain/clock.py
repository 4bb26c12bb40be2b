"""The one wall clock the app and the server read, in UTC (aware): everything that takes a
``clock`` defaults to it, and tests pass their own."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
