"""The visit wizard's logic without a screen: the draft it saves as the jobcoach goes, the
rules' suggestions for what the draft records, exactly what a referral would share, and the
records one save writes.

Ids are derived from the draft's id, so building the record twice gives the same records, and
a draft whose visit is already saved is recognised as stale.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from pydantic import ValidationError

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.ports import Dossier
from fieldapp.domain.referral import Contact, ReferralPayload, new_referral, queue
from fieldapp.domain.rules import ClientFacts, RuleTable, Suggestion, SuggestionKind, suggest
from fieldapp.domain.signals import SignalObservation, Stage
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Urgency
from fieldapp.domain.visit import GoalTime, Participant, Visit
from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.i18n import _, validation_messages
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.i18n.formatting import display_timezone
from fieldapp.services.caseload import VisitRecord

CONSENT_VALID = timedelta(days=365)
WELLBEING_RECIPIENT = "device"
"""Consent to record WHO-5 answers concerns this device's record, not a recipient."""


def new_draft(client_id: UUID, now: datetime, language: str) -> VisitDraft:
    local = now.astimezone(display_timezone())
    return VisitDraft(
        id=uuid.uuid4(),
        client_id=client_id,
        day=local.date().isoformat(),
        clock=local.strftime("%H:%M"),
        language=language,
        saved_at=now,
    )


def _id(draft: VisitDraft, what: str) -> UUID:
    return uuid.uuid5(draft.id, what)


def visit_id(draft: VisitDraft) -> UUID:
    return _id(draft, "visit")


def is_stale(draft: VisitDraft, dossier: Dossier) -> bool:
    """The draft's visit was saved already (a crash after the save, before the draft went)."""
    return any(visit.id == visit_id(draft) for visit in dossier.visits)


class DraftError(ValueError):
    """The draft cannot become a visit yet; ``errors`` maps field -> translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(sorted(errors))
        self.errors = errors


def _started_at(draft: VisitDraft) -> datetime:
    try:
        day = date.fromisoformat(draft.day)
        clock = time.fromisoformat(draft.clock)
    except ValueError:
        raise DraftError(
            {"started_at": _("Give the date as YYYY-MM-DD and the time as HH:MM.")}
        ) from None
    return datetime.combine(day, clock, tzinfo=display_timezone())


def _int(text: str, name: str) -> int:
    if not text.strip().isdigit():
        raise DraftError({name: _("Give a whole number of minutes.")})
    return int(text.strip())


def draft_visit(draft: VisitDraft, author_id: UUID | None) -> Visit:
    goals = [
        GoalTime(goal_id=UUID(goal_id), minutes=_int(minutes, "minutes"))
        for goal_id, minutes in draft.goal_minutes.items()
        if minutes.strip() and minutes.strip() != "0"
    ]
    try:
        return Visit(
            id=visit_id(draft),
            client_id=draft.client_id,
            author_id=author_id,
            type=draft.visit_type,
            started_at=_started_at(draft),
            duration_minutes=_int(draft.duration, "duration_minutes"),
            participants=tuple(Participant(role=role) for role in draft.participants),
            goals=tuple(goals),
            notes_internal=draft.notes_internal,
            notes_for_funder=draft.notes_for_funder,
        )
    except ValidationError as error:
        raise DraftError(
            {path.rsplit(".", 1)[-1]: message for path, message in validation_messages(error)}
        ) from None


def draft_signals(draft: VisitDraft, observed_at: datetime) -> list[SignalObservation]:
    """One observation per ticked code; the client's own words go with the first."""
    return [
        SignalObservation(
            id=_id(draft, f"signal:{code}"),
            client_id=draft.client_id,
            visit_id=visit_id(draft),
            code=code,
            observed_at=observed_at,
            source=draft.signal_source,
            client_words=draft.client_words if n == 0 else "",
        )
        for n, code in enumerate(draft.signal_codes)
    ]


def draft_check(draft: VisitDraft, taken_at: datetime, instrument: str) -> WellbeingCheck | None:
    """The WHO-5 check, only with the client's consent and all five answers."""
    if not draft.who5_consent or any(answer is None for answer in draft.who5):
        return None
    return WellbeingCheck(
        id=_id(draft, "who5"),
        client_id=draft.client_id,
        visit_id=visit_id(draft),
        taken_at=taken_at,
        items=tuple(answer or 0 for answer in draft.who5),
        instrument_version=instrument,
        language=draft.language,
    )


@dataclass(frozen=True)
class Offer:
    """A suggestion as the summary shows it, with the team it would go to and what it shares."""

    suggestion: Suggestion
    recipient: Recipient | None
    payload: ReferralPayload | None

    @property
    def consentable(self) -> bool:
        return (
            self.suggestion.kind is SuggestionKind.REFERRAL
            and self.suggestion.update_referral_id is None
            and self.recipient is not None
            and self.payload is not None
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


RecipientLookup = Callable[[Suggestion, Client], Recipient | None]
"""Names the team for a suggestion and client (from the routing table the app pulled)."""


@dataclass(frozen=True)
class Summary:
    offers: list[Offer] = field(default_factory=list)
    signals: list[SignalObservation] = field(default_factory=list)
    check: WellbeingCheck | None = None
    easy_language: bool = False
    """The client needs easy language: consent texts in their B1 version where one exists."""


def summarise(
    draft: VisitDraft,
    dossier: Dossier,
    recipient_for: RecipientLookup,
    now: datetime,
    *,
    instrument: str,
    rules: RuleTable | None = None,
) -> Summary:
    """The rules run on the dossier plus what this draft records."""
    client = dossier.client
    assert client is not None, "a visit belongs to a known client"
    try:
        when = _started_at(draft)
    except DraftError:
        when = now
    signals = draft_signals(draft, when)
    check = draft_check(draft, when, instrument)
    facts = ClientFacts(
        client_id=client.id,
        income_up_to_120pct_minimum=bool(client.income_up_to_120pct_minimum),
        new_starter_after_benefit=client.new_starter_after_benefit,
        signals=[*dossier.signals, *signals],
        checks=[*dossier.checks, *([check] if check else [])],
        referrals=dossier.referrals,
    )
    offers = []
    for suggestion in suggest(facts, max(now, when), rules):
        recipient = None
        payload = None
        if suggestion.kind is SuggestionKind.REFERRAL:
            recipient = recipient_for(suggestion, client)
            payload = payload_for(client, signals, suggestion.urgency, draft.client_words)
        offers.append(Offer(suggestion, recipient, payload))
    return Summary(offers, signals, check, client.easy_language)


def build_record(
    draft: VisitDraft, summary: Summary, author_id: UUID | None, now: datetime
) -> VisitRecord:
    """Everything one save writes: the visit, its signals, the WHO-5 check with its consent,
    and, per recipient the client agreed to, the consent and a queued referral."""
    visit = draft_visit(draft, author_id)
    consents: list[ConsentRecord] = []
    if summary.check is not None:
        consents.append(
            _consent(
                draft, Purpose.WELLBEING_RECORDING, WELLBEING_RECIPIENT, now, summary.easy_language
            )
        )
    referrals = []
    for offer in summary.offers:
        if not offer.consentable or offer.recipient is None:
            continue
        recipient_id = offer.recipient.recipient_id
        if recipient_id not in draft.consented:
            continue
        consent = _consent(draft, Purpose.REFERRAL, recipient_id, now, summary.easy_language)
        consents.append(consent)
        referral = new_referral(
            referral_id=_id(draft, f"referral:{recipient_id}"),
            client_id=draft.client_id,
            target=offer.suggestion.target,
            recipient_id=recipient_id,
            urgency=offer.suggestion.urgency,
            at=now,
            reasons=offer.suggestion.reasons,
            payload=offer.payload,
        )
        referrals.append(queue(referral, [consent], now))
    return VisitRecord(
        visit=visit,
        signals=summary.signals,
        check=summary.check,
        consents=consents,
        referrals=referrals,
    )


def _consent(
    draft: VisitDraft, purpose: Purpose, recipient_id: str, now: datetime, easy: bool
) -> ConsentRecord:
    return consent_record(
        consent_id=_id(draft, f"consent:{purpose.value}:{recipient_id}"),
        client_id=draft.client_id,
        purpose=purpose,
        recipient_id=recipient_id,
        language=draft.language,
        now=now,
        easy=easy,
    )


def consent_record(
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
    shown = consent_text(purpose, language, easy=easy, event=event)
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
