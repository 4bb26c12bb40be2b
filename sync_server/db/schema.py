"""The server's tables. Alembic migrations in ``sync_server/migrations`` create them.

Client data lives only in ``sealed_*`` columns (per-record keys wrapped by the server key, see
:mod:`sync_server.sealing`); the clear columns hold ids, versions, statuses, dates and codes
that routing, authorization, retention and the pull feed need. ``seq`` columns carry the
server-assigned feed position a device pulls from (see :mod:`sync_server.services.feed`).

The tables of the reports' facts, of one-time links and of the Flying Squad live in modules
of their own and are named here too, so that importing this module registers every table
on :data:`Base.metadata` (Alembic reads it from here).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import NAMING, Base, table_of
from sync_server.db.fact_tables import ConcernFact, LadderFact, PlacementFact, RatingFact
from sync_server.db.link_tables import Invitation, RatingLink
from sync_server.db.outreach_tables import OutreachEventRow, VisitRequestRow

# Re-exported: the tables kept in modules of their own (see above).
__all__ = [
    "NAMING",
    "Base",
    "ConcernFact",
    "Invitation",
    "LadderFact",
    "OutreachEventRow",
    "PlacementFact",
    "RatingFact",
    "RatingLink",
    "VisitRequestRow",
    "table_of",
]


class Counter(Base):
    """Named counters; the feed counter's row lock orders feed positions by commit."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    routing_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    """Feed position of the last routing-table or team change (devices refresh the directory)."""
    created_at: Mapped[datetime]


class Team(Base):
    """A receiving team: schuldhulp intake, a buurtteam, sociaal raadslieden, ..."""

    __tablename__ = "teams"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    target: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class User(Base):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    employer_id: Mapped[uuid.UUID | None]
    """The employer an employer's contact person acts for (role ``employer`` only). Checked
    when the account is made (employers are never deleted); no foreign key, since SQLite
    cannot add one to an existing table without copying it."""
    password_hash: Mapped[str | None] = mapped_column(String(300))
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Sealed with the server key (see :mod:`sync_server.services.web_auth`)."""
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    """The time step of the last accepted code: a code is never accepted twice."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    unsent_changes: Mapped[int | None] = mapped_column(Integer)
    """Changes the device has not had acknowledged, as it said at its last pull."""


class PairingCode(Base):
    __tablename__ = "pairing_codes"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ClientRow(Base):
    __tablename__ = "clients"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    jobcoach_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    target_group: Mapped[str | None] = mapped_column(String(40))
    """The scheme the client falls under, a code: the outcome report's filter. Written with
    the client; NULL for clients stored before it existed, until the server's start fills it."""

    __table_args__ = (Index("ix_clients_jobcoach_seq", "jobcoach_id", "seq"),)


class ClientSearchToken(Base):
    """The data protection officer's blind index of clients (``services/client_search.py``):
    an HMAC, under the server's search key, of a normalised name, postcode or reference. No
    plaintext: a dump shows only which clients share a token."""

    __tablename__ = "client_search_tokens"
    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    token: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))

    __table_args__ = (Index("ix_client_search_tokens_lookup", "organisation_id", "kind", "token"),)


class RecordRow(Base):
    """Visits, goals, WHO-5 checks, signals and consents: sealed bodies, clear metadata."""

    __tablename__ = "records"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    author_device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    occurred_at: Mapped[datetime]
    """When it happened (visit start, check, observation, consent given): retention runs on it."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_records_client_kind", "client_id", "kind"),)


class EmployerRow(Base):
    """An employer of the organisation's register: sealed body (contact people are personal
    data), clear ids, version and feed position. Every field device of the organisation pulls
    it; it holds no client data."""

    __tablename__ = "employers"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str | None] = mapped_column(String(40))
    """Regular employer, sociale firma, ... (a code, not personal data): the outcome report
    counts by it. NULL until the server's start fills it for employers stored before it."""

    __table_args__ = (Index("ix_employers_organisation_seq", "organisation_id", "seq"),)


class ReferralRow(Base):
    __tablename__ = "referrals"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    target: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[str] = mapped_column(String(120))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    urgency: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(40), index=True)
    history: Mapped[list[Any]] = mapped_column(JSON)
    """``[[status, iso time, note code], ...]``: statuses and times only, no client data."""
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    amounts_consented: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Deleted (with its key) when consent is withdrawn or retention ends."""


class Removal(Base):
    """A client left a user's caseload: the user's devices delete it on their next pull."""

    __tablename__ = "removals"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime]


class IdempotencyRow(Base):
    """A change already applied: its content fingerprint and the result sent back."""

    __tablename__ = "idempotency"
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(32))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(index=True)


class RoutingRuleRow(Base):
    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    target: Mapped[str] = mapped_column(String(40))
    postcode: Mapped[str] = mapped_column(String(8))
    house_from: Mapped[int | None] = mapped_column(Integer)
    house_to: Mapped[int | None] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(String(80))
    recipient_id: Mapped[str] = mapped_column(String(120))


class AuditEntry(Base):
    """Append-only, HMAC-chained: each entry's ``mac`` covers its fields and the previous mac."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime]
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None]
    role: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80), index=True)
    result: Mapped[str] = mapped_column(String(40))
    prev_mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditHead(Base):
    """First and last entry id and an HMAC over them and the last mac: its row lock serialises
    appends, and entries cut from either end show."""

    __tablename__ = "audit_head"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    first_id: Mapped[int] = mapped_column(BigInteger)
    """The oldest entry kept; retention moves it forward."""
    last_id: Mapped[int] = mapped_column(BigInteger)
    last_entry_mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    """The last entry's mac, so an append needs no read of the log itself."""
    last_mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    key_id: Mapped[str | None] = mapped_column(String(16))
    """The server key new entries are written with (None: the key ring's first)."""


class WebSession(Base):
    """A browser session: only the token's hash is stored. ``stage`` is ``password`` until the
    second factor (where the role needs one) is passed, then ``full``."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    csrf_token: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class LoginThrottle(Base):
    """Failures per key in the current window: web logins (per username, per address) and
    wrong pairing codes (per address, per organisation), each kind under its own keyed hash
    (:mod:`sync_server.services.throttle`)."""

    __tablename__ = "login_throttle"
    key_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime]
    locked_until: Mapped[datetime | None]
