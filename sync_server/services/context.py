"""What every use case needs, built once by the composition root."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from fieldapp.domain.clock import utc_now
from fieldapp.wire import Role
from sync_server.audit import Actor, ChainKeys, Event, record
from sync_server.db.engine import Database
from sync_server.key_ring import KeySource
from sync_server.keys import ServerKeys
from sync_server.sealing import Sealer
from sync_server.settings import Settings


@dataclass(frozen=True)
class ServerContext:
    settings: Settings
    db: Database
    key_source: KeySource
    clock: Callable[[], datetime] = utc_now

    @property
    def keys(self) -> ServerKeys:
        """The key ring's newest key: it keys cursors, throttle counters and the blind index."""
        return self.key_source.ring().newest

    @property
    def sealer(self) -> Sealer:
        return Sealer(self.key_source)

    def audit_key(self, key_id: str | None) -> bytes:
        """The audit key the chain's head names (None: the ring's first key)."""
        ring = self.key_source.ring() if key_id is None else self.key_source.holding(key_id)
        return ring.audit_key(key_id)

    def chain_keys(self) -> ChainKeys:
        """Every audit key of the ring, for :func:`sync_server.audit.verify`."""
        ring = self.key_source.ring()
        return ChainKeys(ring.audit_keys(), ring.active_index)

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone (setting ``time_zone``)."""
        return self.settings.zone

    def local_day(self, moment: datetime) -> date:
        """Due dates, expiry and reports count in the organisation's days, not UTC's."""
        return moment.astimezone(self.zone).date()

    def day_start(self, day: date) -> datetime:
        """Midnight at the start of ``day`` in the organisation's time zone."""
        return datetime.combine(day, time(), self.zone)

    def audit(
        self, session: Session, actor: Actor, *events: Event, at: datetime | None = None
    ) -> None:
        """Append ``events`` to the audit chain in ``session``'s transaction (they commit or
        vanish with its change), dated ``at`` or, without it, now."""
        record(session, self.audit_key, actor, list(events), self.clock() if at is None else at)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a person, through one of their devices or a web session."""

    user_id: uuid.UUID
    organisation_id: uuid.UUID
    role: Role
    team_id: uuid.UUID | None
    device_id: uuid.UUID | None
    last_seen_at: datetime | None = None
    employer_id: uuid.UUID | None = None
    """The employer an employer's contact person acts for (role ``employer``)."""

    @property
    def actor(self) -> Actor:
        """Who the audit log names: the device when the caller came through one."""
        if self.device_id is not None:
            return Actor("device", self.device_id, self.role.value)
        return Actor("user", self.user_id, self.role.value)
