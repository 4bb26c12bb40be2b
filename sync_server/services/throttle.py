"""Failure counters that lock a key for a while, kept in the database (table
``login_throttle``) so that every server process sees the same counts.

Web logins count per username and per client address, pairing codes per client address and
per organisation; each under its own kind of key. A key is an HMAC of its kind and value under
the server's throttle key: the table holds no username or address in clear, and a database
dump alone does not let anyone test guessed addresses against it. An IPv6 address counts by
its /64 network, since one household or phone holds a whole /64.

Counting is safe across processes: the rows are created if missing (``ON CONFLICT DO
NOTHING``) and then locked in key order before they change (PostgreSQL; SQLite has one writer).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync_server.db.schema import LoginThrottle
from sync_server.settings import Web


@dataclass(frozen=True)
class Limit:
    """A key and how many failures within the window lock it."""

    key: bytes
    max_failures: int


@dataclass(frozen=True)
class Policy:
    window: timedelta
    """Failures older than this (from the first of the window) are forgotten."""
    lock: timedelta
    """How long a key stays locked once it reaches its limit."""


def policy(web: Web) -> Policy:
    """Web logins and pairing codes share one window and lock length."""
    return Policy(
        timedelta(minutes=web.login_window_minutes), timedelta(minutes=web.login_lock_minutes)
    )


def key(secret: bytes, kind: str, value: str) -> bytes:
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).digest()


def address_value(address: str) -> str:
    """What counts of a client address: an IPv4 address (also IPv4-mapped IPv6) whole, an
    IPv6 address by its /64 network; anything else as given."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def locked_until(session: Session, keys: Sequence[bytes], now: datetime) -> datetime | None:
    """When the last running lock on any of ``keys`` ends; None when none is locked."""
    ends = session.execute(
        select(LoginThrottle.locked_until).where(LoginThrottle.key_hash.in_(keys))
    ).scalars()
    return max((end for end in ends if end is not None and end > now), default=None)


def retry_after_s(until: datetime, now: datetime) -> int:
    """Whole seconds until ``until`` (at least 1), for a ``Retry-After`` header."""
    return max(1, math.ceil((until - now).total_seconds()))


def _ensure_rows(session: Session, keys: Sequence[bytes], now: datetime) -> None:
    values = [{"key_hash": k, "failures": 0, "window_start": now} for k in keys]
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(LoginThrottle).values(values)
        session.execute(pg.on_conflict_do_nothing(index_elements=["key_hash"]))
    else:
        lite = sqlite.insert(LoginThrottle).values(values)
        session.execute(lite.on_conflict_do_nothing(index_elements=["key_hash"]))


def count_failure(
    session: Session, limits: Sequence[Limit], now: datetime, policy: Policy
) -> datetime | None:
    """Count one failure on every key of ``limits``; returns when the lock ends if one of
    them is now locked, else None."""
    ordered = sorted(limits, key=lambda limit: limit.key)
    keys = [limit.key for limit in ordered]
    _ensure_rows(session, keys, now)
    rows = session.execute(
        select(LoginThrottle)
        .where(LoginThrottle.key_hash.in_(keys))
        .order_by(LoginThrottle.key_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalars()
    by_key = {row.key_hash: row for row in rows}
    ends: list[datetime] = []
    for limit in ordered:
        row = by_key[limit.key]
        running = row.locked_until is not None and row.locked_until > now
        if not running and now - row.window_start > policy.window:
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit.max_failures:
            row.locked_until = now + policy.lock
        if row.locked_until is not None and row.locked_until > now:
            ends.append(row.locked_until)
    return max(ends, default=None)


def clear(session: Session, key: bytes) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key_hash == key))
