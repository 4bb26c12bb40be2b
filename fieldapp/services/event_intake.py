"""A Flying Squad event, and a contact at it in under a minute: the tallies it adds, and, only
when the person agrees to follow-up or to a referral, the client and records it creates.

Without consent nothing personal is kept: the result holds counts only, whatever was typed.
What needs fixing comes back as a code per form field (:class:`FieldError`), never as words
and never with what was typed: the screen turns codes into text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pydantic import ValidationError

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.domain.ports import TextVersions
from fieldapp.domain.referral import Referral, new_referral, queue
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Participant, ParticipantRole, Visit, VisitType
from fieldapp.services.caseload import VisitRecord
from fieldapp.services.consent_records import consent_record, payload_for
from fieldapp.services.field_errors import FieldError, FieldErrors, FormCode, field_errors
from fieldapp.services.teams import TeamFor

FOLLOW_UP_RECIPIENT = "outreach:follow-up"
"""Consent to be contacted again concerns the outreach team itself."""
INTAKE_MINUTES = 5
REFERRAL_TARGETS = (Target.SCHULDHULP, Target.BUURTTEAM)
CONTACT_FIELDS = ("given_name", "phone", "email", "postcode", "house_number")
"""The intake form's text fields, in the order the form shows them."""


class IntakeCode(StrEnum):
    """What the intake itself asks for, beyond what the domain's models check."""

    NO_CONTACT = "intake.no_contact"
    """Neither a phone number nor an email address: nobody could get back to the person."""
    POSTCODE_NEEDED = "intake.postcode_needed"
    """A referral goes to the team serving the address, so it needs the postcode."""
    HOUSE_NUMBER_NEEDED = "intake.house_number_needed"
    NO_TEAM = "intake.no_team"
    """The routing table names no team for the address."""


@dataclass(frozen=True)
class EventStart:
    event: OutreachEvent | None
    errors: FieldErrors = field(default_factory=dict)


def start_event(organisation: str, place: str, kind: EventKind | None, now: datetime) -> EventStart:
    """A new event of ``kind`` at ``organisation`` in ``place``, or what to fix per field
    (organisation and kind are required)."""
    chosen: FieldErrors = {} if kind is not None else {"kind": FieldError(FormCode.CHOOSE)}
    try:
        event = OutreachEvent(
            id=uuid.uuid4(), organisation=organisation, place=place, kind=kind, started_at=now
        )
    except ValidationError as error:
        return EventStart(None, field_errors(error) | chosen)
    return EventStart(None, chosen) if chosen else EventStart(event)


@dataclass(frozen=True)
class Intake:
    given_name: str = ""
    phone: str = ""
    email: str = ""
    postcode: str = ""
    house_number: str = ""
    language: str = "nl"
    """The person's language: the consent texts were shown in it."""
    regulations_explained: bool = False
    self_test_done: bool = False
    follow_up: bool = False
    """The person agrees to be contacted again by the outreach team."""
    referrals: tuple[Target, ...] = ()
    """Teams the person asked to be put in touch with, and agreed to share their details with."""


@dataclass(frozen=True)
class IntakeResult:
    tallies: dict[Tally, int]
    client: Client | None = None
    record: VisitRecord | None = None
    errors: FieldErrors = field(default_factory=dict)

    @property
    def keeps_personal_data(self) -> bool:
        return self.client is not None


def _tallies(intake: Intake, referrals: int) -> dict[Tally, int]:
    return {
        Tally.PEOPLE_SPOKEN: 1,
        Tally.REGULATIONS_EXPLAINED: int(intake.regulations_explained),
        Tally.SELF_TESTS_DONE: int(intake.self_test_done),
        Tally.REFERRALS_MADE: referrals,
    }


def _address(intake: Intake, errors: FieldErrors) -> dict[str, object] | None:
    """The address as the model takes it; a referral needs one, follow-up alone does not."""
    postcode, number = intake.postcode.strip(), intake.house_number.strip()
    if intake.referrals:
        if not postcode:
            errors["postcode"] = FieldError(IntakeCode.POSTCODE_NEEDED)
        if not number:
            errors["house_number"] = FieldError(IntakeCode.HOUSE_NUMBER_NEEDED)
    elif not (postcode or number):
        return None
    elif not postcode:
        errors["postcode"] = FieldError(FormCode.POSTCODE_OR_NO_ADDRESS)
    if number and not number.isdigit():
        errors["house_number"] = FieldError(FormCode.HOUSE_NUMBER_NOT_A_NUMBER)
    if "postcode" in errors or "house_number" in errors:
        return None
    return {"postcode": postcode, "house_number": int(number)}


def _client(
    intake: Intake, event: OutreachEvent, now: datetime
) -> tuple[Client | None, FieldErrors]:
    """The person as a new client, or every field that needs fixing (all at once)."""
    errors: FieldErrors = {}
    if not (intake.phone.strip() or intake.email.strip()):
        errors["phone"] = FieldError(IntakeCode.NO_CONTACT)
    address = _address(intake, errors)
    data: dict[str, object] = {
        "id": uuid.uuid4(),
        "given_name": intake.given_name,
        "phone": intake.phone,
        "email": intake.email,
        "address": address,
        "preferred_language": intake.language,
        "notes": event.organisation,
        "created_at": now,
        "updated_at": now,
    }
    try:
        client = Client.model_validate(data)
    except ValidationError as error:
        return None, field_errors(error) | errors
    return (None, errors) if errors else (client, {})


def take_in(
    intake: Intake, event: OutreachEvent, team_for: TeamFor, now: datetime, texts: TextVersions
) -> IntakeResult:
    """Counts, plus a client with consented follow-up and referrals when the person wants them.

    The consent records name the texts in the person's language (``intake.language``), in
    which the form showed them.
    """
    if not intake.follow_up and not intake.referrals:
        return IntakeResult(_tallies(intake, 0))
    client, errors = _client(intake, event, now)
    if client is None:
        return IntakeResult({}, errors=errors)
    teams = [(target, team_for(target, client.address)) for target in intake.referrals]
    if any(team is None for _target, team in teams):
        return IntakeResult({}, errors={"postcode": FieldError(IntakeCode.NO_TEAM)})
    visit = Visit(
        id=uuid.uuid4(),
        client_id=client.id,
        type=VisitType.OUTREACH_EVENT,
        started_at=now,
        duration_minutes=INTAKE_MINUTES,
        participants=(Participant(role=ParticipantRole.CLIENT),),
    )
    consents: list[ConsentRecord] = []
    referrals: list[Referral] = []
    if intake.follow_up:
        consents.append(
            _consent(
                texts,
                client,
                Purpose.FOLLOW_UP_CONTACT,
                FOLLOW_UP_RECIPIENT,
                now=now,
                intake=intake,
            )
        )
    for target, team in teams:
        assert team is not None
        consent = _consent(
            texts, client, Purpose.REFERRAL, team.recipient_id, now=now, intake=intake
        )
        consents.append(consent)
        referral = new_referral(
            referral_id=uuid.uuid4(),
            client_id=client.id,
            target=target,
            recipient_id=team.recipient_id,
            urgency=Urgency.REGULAR,
            at=now,
            payload=payload_for(client, [], Urgency.REGULAR, ""),
        )
        referrals.append(queue(referral, [consent], now))
    record = VisitRecord(visit=visit, consents=consents, referrals=referrals)
    return IntakeResult(_tallies(intake, len(referrals)), client, record)


def _consent(
    texts: TextVersions,
    client: Client,
    purpose: Purpose,
    recipient_id: str,
    *,
    now: datetime,
    intake: Intake,
) -> ConsentRecord:
    return consent_record(
        texts,
        consent_id=uuid.uuid4(),
        client_id=client.id,
        purpose=purpose,
        recipient_id=recipient_id,
        language=intake.language,
        now=now,
        event=True,
    )
