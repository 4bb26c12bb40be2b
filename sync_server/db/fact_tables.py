"""What the reports count, in codes and dates, kept beside the sealed records they come from
and going with them: no names, no notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sync_server.db.base import Base


class PlacementFact(Base):
    """What the outcome report counts of a placement, in codes and dates, kept beside its
    sealed record and written with it (``services/outcome_facts.py``): no names, no notes, no
    description of a workplace adaptation. Goes with the record (retention, erasure)."""

    __tablename__ = "placement_facts"
    id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(40))
    start: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(40))
    loonkostensubsidie: Mapped[bool] = mapped_column(Boolean)
    jobcoaching: Mapped[str | None] = mapped_column(String(20))
    no_risk_policy: Mapped[bool] = mapped_column(Boolean)
    workplace_adaptation: Mapped[bool] = mapped_column(Boolean)
    in_company_supporter: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_placement_facts_organisation", "organisation_id"),)


class RatingFact(Base):
    """A rating of the support as the satisfaction report counts it: who rated, for which
    funder, the score and the day (``services/outcome_facts.py``)."""

    __tablename__ = "rating_facts"
    id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    rater: Mapped[str] = mapped_column(String(20))
    funder: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    rated_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_rating_facts_organisation", "organisation_id"),)


class LadderFact(Base):
    """A step on the participation ladder as the outcome report counts it: rung and date."""

    __tablename__ = "ladder_facts"
    id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    rung: Mapped[int] = mapped_column(Integer)
    on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_ladder_facts_organisation", "organisation_id"),)


class ConcernFact(Base):
    """Which employer passed a concern (``services/concerns.py``), kept beside its sealed
    record so that an employer's list of what they sent opens only their own. Goes with the
    record (retention, erasure)."""

    __tablename__ = "concern_facts"
    id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    employer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reported_at: Mapped[datetime]

    __table_args__ = (Index("ix_concern_facts_employer", "employer_id", "reported_at"),)
