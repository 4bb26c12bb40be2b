"""Is the server ready, and what the database says about the service for the metrics: counts
only (devices, days, seconds), never an identifier.

- ready: the database answers and its schema is this release's head;
- devices with unsent changes last seen more than 3 days ago: changes that may be stuck on a
  device (it holds them, the server has not seen it since);
- devices by days since their last sync (pull lag);
- the last audit chain verification (``verify-audit``): when, how long, how many entries,
  and whether it held (kept in the counters table, so every server process reports it).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from sync_server.audit import Verification, verify
from sync_server.db import migrate
from sync_server.db.schema import Counter, Device
from sync_server.services.context import ServerContext

STUCK_AFTER = timedelta(days=3)
SYNC_AGES_DAYS = (1, 3, 7, 30)
VERIFIED_AT, VERIFY_MS, VERIFIED_ENTRIES, VERIFIED_OK = (
    "audit_verified_at",
    "audit_verify_ms",
    "audit_verified_entries",
    "audit_verified_ok",
)


@cache
def _head() -> str:
    return migrate.revisions()[-1]


@dataclass(frozen=True)
class Readiness:
    database: bool
    schema_current: bool

    @property
    def ready(self) -> bool:
        return self.database and self.schema_current


def readiness(ctx: ServerContext) -> Readiness:
    try:
        with ctx.db.engine.connect() as connection:
            current = migrate.current(connection)
    except Exception:  # any failure to reach the database means not ready
        return Readiness(database=False, schema_current=False)
    return Readiness(database=True, schema_current=current == _head())


def verify_and_note(ctx: ServerContext) -> Verification:
    """Verify the audit chain and keep when, how long and the outcome for the metrics."""
    started = time.perf_counter()
    with ctx.db.read() as session:
        result = verify(session, ctx.chain_keys())
    took_ms = round((time.perf_counter() - started) * 1000)
    noted = {
        VERIFIED_AT: int(ctx.clock().timestamp()),
        VERIFY_MS: took_ms,
        VERIFIED_ENTRIES: result.entries,
        VERIFIED_OK: int(result.ok),
    }
    with ctx.db.write() as session:
        for name, value in noted.items():
            row = session.get(Counter, name)
            if row is None:
                session.add(Counter(name=name, value=value))
            else:
                row.value = value
    return result


class DatabaseFacts(Collector):
    """Read at each scrape from the database every server process shares."""

    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx

    def collect(self) -> Iterable[Metric]:
        now = self.ctx.clock()
        with self.ctx.db.read() as session:
            stuck = _stuck(session, now)
            ages = _sync_ages(session, now)
            noted = dict(
                session.execute(
                    select(Counter.name, Counter.value).where(
                        Counter.name.in_([VERIFIED_AT, VERIFY_MS, VERIFIED_ENTRIES, VERIFIED_OK])
                    )
                ).all()
            )
        yield GaugeMetricFamily(
            "veldwerk_devices_unsent_changes_stuck",
            "Devices that held unsent changes when last seen, more than 3 days ago",
            value=stuck,
        )
        behind = GaugeMetricFamily(
            "veldwerk_devices_not_synced",
            "Active devices whose last sync is more than this many days ago",
            labels=["days"],
        )
        for days, count in ages.items():
            behind.add_metric([str(days)], count)
        yield behind
        if VERIFIED_AT in noted:
            for name, key, text in (
                ("veldwerk_audit_verified_timestamp_seconds", VERIFIED_AT, "Last verification"),
                ("veldwerk_audit_verify_seconds", VERIFY_MS, "How long it took"),
                ("veldwerk_audit_verified_entries", VERIFIED_ENTRIES, "Entries it verified"),
                ("veldwerk_audit_chain_ok", VERIFIED_OK, "1 if the chain held, else 0"),
            ):
                value = noted[key] / 1000 if key == VERIFY_MS else noted[key]
                yield GaugeMetricFamily(name, f"Audit chain: {text.lower()}", value=value)


def _active() -> ColumnElement[bool]:
    return Device.revoked_at.is_(None)


def _stuck(session: Session, now: datetime) -> int:
    query = select(func.count()).where(
        _active(), Device.unsent_changes > 0, Device.last_seen_at < now - STUCK_AFTER
    )
    return int(session.execute(query).scalar_one())


def _sync_ages(session: Session, now: datetime) -> dict[int, int]:
    seen = [
        row
        for row in session.execute(select(Device.last_seen_at).where(_active())).scalars()
        if row is not None
    ]
    return {
        days: sum(1 for at in seen if at < now - timedelta(days=days)) for days in SYNC_AGES_DAYS
    }
