"""Referrals: whitelisted payload, DDAS-style lifecycle with timestamps, and the consent gate.

Statuses follow the VNG/Divosa/NVVK DDAS model. Every transition is kept with its time so the
3-working-day and 4-week targets can be measured. A referral becomes ``queued`` (ready to leave
the device) only through :func:`queue`, which asks the consent gate; withdrawing consent
withdraws every open referral to that recipient and drops its payload.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.client import Address
from fieldapp.domain.consent import ConsentRecord, Purpose, check_consent
from fieldapp.domain.errors import ConsentError, ErrorCode, TransitionError
from fieldapp.domain.signals import Stage
from fieldapp.domain.targets import ADVICE_ONLY, Target, Urgency, due_date


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING_CONSENT = "awaiting_consent"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    CONTACT_ATTEMPTED = "contact_attempted"
    IN_CONTACT = "in_contact"
    ACCEPTED = "accepted"
    DECLINED_BY_CLIENT = "declined_by_client"
    KNOWN_ELSEWHERE = "known_elsewhere"
    NO_CONTACT_POSSIBLE = "no_contact_possible"
    RESOLVED_WITH_ADVICE = "resolved_with_advice"
    REFERRED_ON = "referred_on"
    WITHDRAWN = "withdrawn"
    UNDELIVERABLE = "undeliverable"
    EXPIRED = "expired"


OUTCOMES: frozenset[Status] = frozenset(
    {
        Status.ACCEPTED,
        Status.DECLINED_BY_CLIENT,
        Status.KNOWN_ELSEWHERE,
        Status.NO_CONTACT_POSSIBLE,
        Status.RESOLVED_WITH_ADVICE,
        Status.REFERRED_ON,
    }
)
TERMINAL: frozenset[Status] = OUTCOMES | {Status.WITHDRAWN}
ON_THE_DEVICE: frozenset[Status] = frozenset({Status.DRAFT, Status.AWAITING_CONSENT, Status.QUEUED})
"""Steps a referral takes on the jobcoach's device before it reaches the server."""

_AFTER_CONTACT = OUTCOMES | {Status.WITHDRAWN}
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.AWAITING_CONSENT, Status.QUEUED, Status.WITHDRAWN}),
    Status.AWAITING_CONSENT: frozenset({Status.QUEUED, Status.WITHDRAWN}),
    Status.QUEUED: frozenset({Status.SENT, Status.WITHDRAWN}),
    Status.SENT: frozenset({Status.DELIVERED, Status.UNDELIVERABLE, Status.WITHDRAWN}),
    Status.UNDELIVERABLE: frozenset({Status.DELIVERED, Status.WITHDRAWN}),
    Status.DELIVERED: frozenset({Status.ACKNOWLEDGED, Status.EXPIRED, Status.WITHDRAWN} | OUTCOMES),
    Status.EXPIRED: frozenset({Status.ACKNOWLEDGED, Status.WITHDRAWN} | OUTCOMES),
    Status.ACKNOWLEDGED: frozenset({Status.CONTACT_ATTEMPTED, Status.IN_CONTACT} | _AFTER_CONTACT),
    Status.CONTACT_ATTEMPTED: frozenset(
        {Status.CONTACT_ATTEMPTED, Status.IN_CONTACT} | _AFTER_CONTACT
    ),
    Status.IN_CONTACT: _AFTER_CONTACT,
}
"""The lifecycle as data: from a status to the statuses it may move to."""

OPEN: frozenset[Status] = frozenset(Status) - TERMINAL


CODE_PATTERN = r"^[a-z0-9_]*$"
"""Codes only: the server stores these in the clear, so free text must not fit."""
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"


class StatusChange(DomainModel):
    status: Status
    at: AwareDatetime
    note_code: str = Field(default="", max_length=60, pattern=CODE_PATTERN)
    """A stable code (e.g. the contact channel), never free text about the client."""


class Contact(DomainModel):
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    best_time: str = Field(default="", max_length=120)


class ReferralPayload(DomainModel):
    """Exactly what may leave the device with a referral; nothing else fits (extra=forbid)."""

    name: str = Field(min_length=1, max_length=200)
    contact: Contact
    language: str = Field(min_length=2, max_length=12)
    easy_language: bool = False
    address: Address | None = None
    urgency: Urgency
    crisis_codes: tuple[str, ...] = ()
    signal_stages: tuple[Stage, ...] = ()
    amounts_cents: dict[str, int] | None = None
    """Amounts owed by creditor code; only with the client's ``share_amounts`` consent."""
    client_words: str = Field(default="", max_length=2000)
    jobcoach_contact: str = Field(default="", max_length=200)


class Reason(DomainModel):
    """Why a rule suggested something: the rule, a translation key and the evidence ids."""

    rule_id: str = Field(max_length=40, pattern=KEY_PATTERN)
    reason_key: str = Field(max_length=80, pattern=KEY_PATTERN)
    evidence: tuple[UUID, ...] = ()


class Referral(DomainModel):
    id: UUID
    client_id: UUID
    target: Target
    recipient_id: str = Field(min_length=1, max_length=120)
    urgency: Urgency
    due_date: date | None = None
    reasons: tuple[Reason, ...] = ()
    payload: ReferralPayload | None = None
    amounts_consented: bool = False
    history: tuple[StatusChange, ...] = Field(min_length=1)
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _valid(self) -> Referral:
        if self.target in ADVICE_ONLY:
            raise PydanticCustomError(
                ErrorCode.REFERRAL_ADVICE_ONLY_TARGET.value,
                "advice-only targets carry no data and are not referrals",
            )
        if self.payload is not None and self.payload.amounts_cents and not self.amounts_consented:
            raise PydanticCustomError(
                ErrorCode.REFERRAL_AMOUNTS_WITHOUT_CONSENT.value,
                "amounts go into a referral only when the client agreed",
            )
        _check_history(self.history)
        if self.status is Status.WITHDRAWN and self.payload is not None:
            raise PydanticCustomError(
                ErrorCode.REFERRAL_BAD_TRANSITION.value,
                "a withdrawn referral keeps no payload",
                {"from_status": Status.WITHDRAWN.value, "to": Status.WITHDRAWN.value},
            )
        return self

    @property
    def status(self) -> Status:
        return self.history[-1].status

    @property
    def created_at(self) -> datetime:
        return self.history[0].at

    def is_open(self) -> bool:
        return self.status in OPEN

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)


WAITING_FOR_THE_TEAM: frozenset[Status] = frozenset(
    {Status.QUEUED, Status.SENT, Status.DELIVERED, Status.EXPIRED}
)
"""Statuses in which the receiving team has not yet taken the referral up."""


def is_overdue(status: Status, due_date: date | None, today: date) -> bool:
    """Still waiting for the team after its due date."""
    return status in WAITING_FOR_THE_TEAM and due_date is not None and today > due_date


def _check_history(history: tuple[StatusChange, ...]) -> None:
    """Each step of a loaded or received history must be one the lifecycle allows, in time order.

    The first entry may be any status: a server keeps a referral's history from the moment it
    received it, and a purge may cut its beginning.
    """
    for before, after in itertools.pairwise(history):
        if after.status not in ALLOWED.get(before.status, frozenset()):
            raise PydanticCustomError(
                ErrorCode.REFERRAL_BAD_TRANSITION.value,
                "the status history contains a step the lifecycle does not allow",
                {"from_status": before.status.value, "to": after.status.value},
            )
        if after.at < before.at:
            raise PydanticCustomError(
                ErrorCode.REFERRAL_TIME_BACKWARDS.value,
                "the status history goes back in time",
                {"to": after.status.value},
            )


def new_referral(
    *,
    referral_id: UUID,
    client_id: UUID,
    target: Target,
    recipient_id: str,
    urgency: Urgency,
    at: datetime,
    reasons: Iterable[Reason] = (),
    payload: ReferralPayload | None = None,
    amounts_consented: bool = False,
) -> Referral:
    """A draft referral; it cannot leave the device until :func:`queue` passes the gate."""
    return Referral(
        id=referral_id,
        client_id=client_id,
        target=target,
        recipient_id=recipient_id,
        urgency=urgency,
        reasons=tuple(reasons),
        payload=payload,
        amounts_consented=amounts_consented,
        history=(StatusChange(status=Status.DRAFT, at=at),),
    )


def transition(referral: Referral, to: Status, at: datetime, note_code: str = "") -> Referral:
    """Move ``referral`` to ``to`` at ``at``, or raise :class:`TransitionError`.

    ``queued`` is refused here: only :func:`queue` reaches it, after the consent gate.
    """
    if to is Status.QUEUED:
        raise TransitionError(
            ErrorCode.REFERRAL_BAD_TRANSITION, from_status=referral.status.value, to=to.value
        )
    return _move(referral, to, at, note_code)


def _move(referral: Referral, to: Status, at: datetime, note_code: str = "") -> Referral:
    if to not in ALLOWED.get(referral.status, frozenset()):
        raise TransitionError(
            ErrorCode.REFERRAL_BAD_TRANSITION, from_status=referral.status.value, to=to.value
        )
    if at < referral.history[-1].at:
        raise TransitionError(ErrorCode.REFERRAL_TIME_BACKWARDS, to=to.value)
    update: dict[str, object] = {
        "history": (*referral.history, StatusChange(status=to, at=at, note_code=note_code)),
        "version": referral.version + 1,
    }
    if to is Status.WITHDRAWN:
        update["payload"] = None
    return referral.model_copy(update=update)


def queue(
    referral: Referral,
    consents: Iterable[ConsentRecord],
    at: datetime,
    holidays: Iterable[date] = (),
) -> Referral:
    """The consent gate: queue ``referral`` only with a valid consent for exactly its recipient.

    Raises :class:`ConsentError` (see :func:`require_consent`). On success the due date is set
    from the urgency.
    """
    require_consent(referral, consents, at)
    queued = _move(referral, Status.QUEUED, at)
    return queued.model_copy(
        update={"due_date": due_date(referral.urgency, at.date(), frozenset(holidays))}
    )


def require_consent(
    referral: Referral, consents: Iterable[ConsentRecord], at: datetime
) -> ConsentRecord:
    """The consent that allows ``referral`` at ``at``, or the most telling refusal.

    A consent for this recipient that was withdrawn or expired beats one for another
    recipient, which beats none at all. The server calls this again when a referral arrives.
    """
    refusals: list[ConsentError] = []
    for consent in consents:
        try:
            check_consent(
                consent,
                client_id=referral.client_id,
                purpose=Purpose.REFERRAL,
                recipient_id=referral.recipient_id,
                now=at,
            )
        except ConsentError as refusal:
            refusals.append(refusal)
            continue
        return consent
    if not refusals:
        raise ConsentError(ErrorCode.CONSENT_MISSING, referral_id=str(referral.id))
    raise min(refusals, key=lambda refusal: _REFUSAL_RANK.get(refusal.code, 99))


_REFUSAL_RANK = {
    ErrorCode.CONSENT_WITHDRAWN: 0,
    ErrorCode.CONSENT_EXPIRED: 1,
    ErrorCode.CONSENT_NOT_FREE: 2,
    ErrorCode.CONSENT_OTHER_RECIPIENT: 3,
    ErrorCode.CONSENT_WRONG_PURPOSE: 4,
    ErrorCode.CONSENT_OTHER_CLIENT: 5,
}


def withdraw_consent(
    consent: ConsentRecord, referrals: Iterable[Referral], at: datetime
) -> tuple[ConsentRecord, list[Referral]]:
    """Withdraw ``consent`` and every open referral that relied on it (payload dropped).

    Returns the withdrawn consent and the referrals that changed.
    """
    withdrawn = consent.withdraw(at)
    changed = [
        transition(referral, Status.WITHDRAWN, at)
        for referral in referrals
        if referral.client_id == consent.client_id
        and referral.recipient_id == consent.recipient_id
        and consent.purpose is Purpose.REFERRAL
        and referral.is_open()
    ]
    return withdrawn, changed
