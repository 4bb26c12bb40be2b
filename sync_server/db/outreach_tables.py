"""The Flying Squad's tables: its events and employers' requests for a visit (issue 22)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base


class OutreachEventRow(Base):
    """A Flying Squad event: where it was held, sealed; its kind, day and tallies clear, as
    the reach report counts them (codes and anonymous counts, no personal data). Only the
    server keeps it: devices send events but do not pull them."""

    __tablename__ = "outreach_events"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    """Who ran it: only their devices may change it."""
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str | None] = mapped_column(String(40))
    """NULL for an event started before events had a kind."""
    started_on: Mapped[date] = mapped_column(Date)
    people: Mapped[int] = mapped_column(Integer)
    regulations: Mapped[int] = mapped_column(Integer)
    self_tests: Mapped[int] = mapped_column(Integer)
    referrals: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_outreach_events_organisation_day", "organisation_id", "started_on"),
    )


class VisitRequestRow(Base):
    """An employer's request for a Flying Squad visit from the public form: sealed (it names a
    contact person), with its feed position so that the Flying Squad's devices pull it."""

    __tablename__ = "visit_requests"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    open: Mapped[bool] = mapped_column(Boolean)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_visit_requests_organisation_seq", "organisation_id", "seq"),)
