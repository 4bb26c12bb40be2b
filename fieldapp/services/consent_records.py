"""What a consent and a consented referral record: the text version the person was shown, and
exactly what the referral shares. Shared by the visit wizard and the Flying Squad's intake."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.ports import TextVersions
from fieldapp.domain.referral import Contact, ReferralPayload
from fieldapp.domain.signals import SignalObservation, Stage
from fieldapp.domain.targets import Urgency

CONSENT_VALID = timedelta(days=365)


def consent_record(
    texts: TextVersions,
    *,
    consent_id: UUID,
    client_id: UUID,
    purpose: Purpose,
    recipient_id: str,
    language: str,
    now: datetime,
    easy: bool = False,
    event: bool = False,
) -> ConsentRecord:
    """Consent given now, valid for a year, naming the text version shown and its language
    (``nl-b1`` for the easy-language Dutch text)."""
    shown = texts.consent(purpose, language, easy=easy, event=event)
    return ConsentRecord(
        id=consent_id,
        client_id=client_id,
        purpose=purpose,
        recipient_id=recipient_id,
        text_version=shown.version,
        language=shown.language,
        given_at=now,
        expires_at=now + CONSENT_VALID,
    )


def payload_for(
    client: Client, signals: Sequence[SignalObservation], urgency: Urgency, words: str
) -> ReferralPayload:
    """Exactly what a referral carries: contact details, language, address, the stages of the
    signals and the client's own words; never notes, WHO-5 or amounts."""
    stages = sorted({signal.stage() for signal in signals}, key=list(Stage).index)
    return ReferralPayload(
        name=client.display_name,
        contact=Contact(phone=client.phone, email=client.email),
        language=client.preferred_language,
        easy_language=client.easy_language,
        address=client.address,
        urgency=urgency,
        crisis_codes=tuple(s.code for s in signals if s.stage() is Stage.CRISIS),
        signal_stages=tuple(stages),
        client_words=words,
    )
