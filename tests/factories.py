"""Builders for domain objects with sensible defaults; every field can be overridden by keyword.

All builders validate (they go through ``model_validate``), so a builder call is also a check
that the defaults are a valid object. Times are relative to :data:`FIXED_NOW`; ids come from a
counter, so a run is reproducible and nothing here is random.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.employer import ContactRole, Employer, EmployerKind
from fieldapp.domain.outbox import ChangeState, EntityKind, Operation, PendingChange
from fieldapp.domain.placement import Placement, PlacementKind
from fieldapp.domain.referral import Referral, ReferralPayload, Status, StatusChange
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.domain.sync_state import Enrollment
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Goal, Visit, VisitType
from fieldapp.domain.wellbeing import WellbeingCheck

FIXED_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
"""The tests' clock: Friday 20 November 2026, 10:30 in Amsterdam."""

TODAY: date = FIXED_NOW.date()

_ids = itertools.count(1)


def new_id() -> UUID:
    """A fresh, deterministic id (a counter, not uuid4)."""
    return UUID(int=next(_ids))


CLIENT_ID = UUID("00000000-0000-4000-8000-00000000c11e")
"""The default client of every builder, so built objects belong together."""

OTHER_CLIENT_ID = UUID("00000000-0000-4000-8000-0000000000ff")

SCHULDHULP = "schuldhulp:amsterdam"
BUURTTEAM = "buurtteam:oost-1"


def build_client(**overrides: Any) -> Client:
    fields: dict[str, Any] = {
        "id": CLIENT_ID,
        "given_name": "Sanne",
        "family_name": "de Vries",
        "phone": "06-12345678",
        "preferred_language": "nl",
        "address": {"postcode": "1091 AB", "house_number": 12, "city": "Amsterdam"},
        "created_at": FIXED_NOW - timedelta(days=30),
        "updated_at": FIXED_NOW - timedelta(days=30),
    }
    return Client.model_validate({**fields, **overrides})


def build_employer(**overrides: Any) -> Employer:
    fields: dict[str, Any] = {
        "id": new_id(),
        "name": "Bakkerij Van der Linden",
        "kind": EmployerKind.REGULAR,
        "kvk": "12345678",
        "sites": [{"id": new_id(), "name": "Bakkerij", "address": None}],
        "contacts": [
            {"id": new_id(), "name": "Ans de Wit", "role": ContactRole.IN_COMPANY_SUPPORTER}
        ],
        "updated_at": FIXED_NOW - timedelta(days=3),
    }
    return Employer.model_validate({**fields, **overrides})


def build_placement(**overrides: Any) -> Placement:
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "employer_id": new_id(),
        "kind": PlacementKind.REGULAR,
        "start": date(2025, 1, 6),
        "hours_per_week": Decimal(24),
    }
    return Placement.model_validate({**fields, **overrides})


def build_visit(**overrides: Any) -> Visit:
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "type": VisitType.WORKPLACE_VISIT,
        "started_at": FIXED_NOW - timedelta(hours=2),
        "duration_minutes": 60,
    }
    return Visit.model_validate({**fields, **overrides})


def build_goal(**overrides: Any) -> Goal:
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "title": "Zelfstandig op tijd beginnen",
        "period_start": date(2026, 7, 1),
        "period_end": date(2026, 12, 31),
        "granted_hours": Decimal("10"),
    }
    return Goal.model_validate({**fields, **overrides})


def items_for_raw(raw: int) -> tuple[int, ...]:
    """Five WHO-5 answers (0-5 each) that add up to ``raw``."""
    if not 0 <= raw <= 25:
        raise ValueError(raw)
    base, extra = divmod(raw, 5)
    return tuple(base + (1 if index < extra else 0) for index in range(5))


def build_check(raw: int | None = None, **overrides: Any) -> WellbeingCheck:
    """A WHO-5 check; ``raw`` is a shortcut for items adding up to it."""
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "taken_at": FIXED_NOW - timedelta(days=1),
        "items": items_for_raw(15 if raw is None else raw),
        "instrument_version": "who5/nl/registered",
        "language": "nl",
    }
    return WellbeingCheck.model_validate({**fields, **overrides})


def build_signal(code: str = "A02", **overrides: Any) -> SignalObservation:
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "code": code,
        "observed_at": FIXED_NOW - timedelta(days=1),
        "source": SignalSource.OBSERVED_BY_JOBCOACH,
    }
    return SignalObservation.model_validate({**fields, **overrides})


def build_consent(**overrides: Any) -> ConsentRecord:
    """A valid consent to refer the default client to :data:`SCHULDHULP`."""
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "purpose": Purpose.REFERRAL,
        "recipient_id": SCHULDHULP,
        "text_version": "consent/referral/v1",
        "language": "nl",
        "given_at": FIXED_NOW - timedelta(days=1),
    }
    return ConsentRecord.model_validate({**fields, **overrides})


def build_payload(**overrides: Any) -> ReferralPayload:
    fields: dict[str, Any] = {
        "name": "Sanne de Vries",
        "contact": {"phone": "06-12345678", "best_time": "na 16 uur"},
        "language": "nl",
        "urgency": Urgency.REGULAR,
        "signal_stages": ("D",),
        "client_words": "Ik krijg de post niet meer open.",
        "jobcoach_contact": "Jobcoach Ali, 06-87654321",
    }
    return ReferralPayload.model_validate({**fields, **overrides})


def build_referral(
    *, status: Status = Status.DRAFT, at: datetime | None = None, **overrides: Any
) -> Referral:
    """A referral to :data:`SCHULDHULP`; ``status``/``at`` make a one-step history.

    Pass ``history`` to set a longer one; the model checks it against the lifecycle. A
    withdrawn referral carries no payload.
    """
    when = FIXED_NOW - timedelta(hours=1) if at is None else at
    history = overrides.pop("history", (StatusChange(status=status, at=when),))
    withdrawn = history[-1].status is Status.WITHDRAWN
    fields: dict[str, Any] = {
        "id": new_id(),
        "client_id": CLIENT_ID,
        "target": Target.SCHULDHULP,
        "recipient_id": SCHULDHULP,
        "urgency": Urgency.REGULAR,
        "payload": None if withdrawn else build_payload(),
        "history": history,
    }
    return Referral.model_validate({**fields, **overrides})


def build_pending_change(
    state: ChangeState = ChangeState.PENDING, *, minutes: int = 0, code: str | None = None
) -> PendingChange:
    """An outbox entry for a visit, saved ``minutes`` after the fixed now, in ``state``."""
    return PendingChange(
        change_id=uuid.uuid4(),
        entity=EntityKind.VISIT,
        entity_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        operation=Operation.UPSERT,
        entity_version=1,
        created_at=FIXED_NOW + timedelta(minutes=minutes),
        state=state,
        code=code,
    )


def build_enrollment(**overrides: Any) -> Enrollment:
    """A device enrolled as a jobcoach of some organisation."""
    fields: dict[str, Any] = {
        "server_url": "https://veldwerk.example.org",
        "device_id": uuid.uuid4(),
        "token": "vw1_secret",
        "user_id": uuid.uuid4(),
        "organisation_id": uuid.uuid4(),
        "role": "jobcoach",
        "enrolled_at": FIXED_NOW,
    }
    return Enrollment.model_validate(fields | overrides)
