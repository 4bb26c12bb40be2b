"""A contact at a Flying Squad event, in under a minute: the tallies it adds, and, only when
the person agrees to follow-up or to a referral, the client and records it creates.

Without consent nothing personal is kept: the result holds counts only, whatever was typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from fieldapp.domain.client import Address, Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.outreach import OutreachEvent, Tally
from fieldapp.domain.referral import Referral, new_referral, queue
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Participant, ParticipantRole, Visit, VisitType
from fieldapp.i18n import _
from fieldapp.services.caseload import VisitRecord
from fieldapp.services.client_form import ClientFormValues, build_client
from fieldapp.services.visit_wizard import consent_record, payload_for

FOLLOW_UP_RECIPIENT = "outreach:follow-up"
"""Consent to be contacted again concerns the outreach team itself."""
INTAKE_MINUTES = 5
REFERRAL_TARGETS = (Target.SCHULDHULP, Target.BUURTTEAM)

TeamFor = Callable[[Target, Address | None], Recipient | None]


@dataclass(frozen=True)
class Intake:
    given_name: str = ""
    phone: str = ""
    email: str = ""
    postcode: str = ""
    house_number: str = ""
    language: str = "nl"
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
    errors: dict[str, str] = field(default_factory=dict)

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


def take_in(
    intake: Intake, event: OutreachEvent, team_for: TeamFor, now: datetime, language: str
) -> IntakeResult:
    """Counts, plus a client with consented follow-up and referrals when the person wants them.

    ``language`` is the language the consent texts were shown in.
    """
    if not intake.follow_up and not intake.referrals:
        return IntakeResult(_tallies(intake, 0))
    form = ClientFormValues(
        given_name=intake.given_name,
        phone=intake.phone,
        email=intake.email,
        postcode=intake.postcode,
        house_number=intake.house_number,
        preferred_language=intake.language,
        notes=event.organisation,
    )
    made = build_client(form, None, now)
    if made.client is None:
        return IntakeResult({}, errors=made.errors)
    client = made.client
    if not (client.phone or client.email):
        return IntakeResult({}, errors={"phone": _no_contact()})
    teams = [(target, team_for(target, client.address)) for target in intake.referrals]
    missing = [target for target, team in teams if team is None]
    if missing:
        return IntakeResult({}, errors={"postcode": _no_team()})
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
            _consent(client, Purpose.FOLLOW_UP_CONTACT, FOLLOW_UP_RECIPIENT, now, language)
        )
    for target, team in teams:
        assert team is not None
        consent = _consent(client, Purpose.REFERRAL, team.recipient_id, now, language)
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
    client: Client, purpose: Purpose, recipient_id: str, now: datetime, language: str
) -> ConsentRecord:
    return consent_record(
        consent_id=uuid.uuid4(),
        client_id=client.id,
        purpose=purpose,
        recipient_id=recipient_id,
        language=language,
        now=now,
        event=True,
    )


def _no_contact() -> str:
    return _("Give a phone number or an email address, so someone can get back to this person.")


def _no_team() -> str:
    return _("No team is known for this address. Check the postcode and house number.")
