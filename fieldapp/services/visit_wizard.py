"""The visit wizard without a screen: the draft it keeps as the jobcoach goes, the rules'
suggestions for what the draft records with the team each referral would go to, and the
records one save writes. :class:`VisitWizard` does it over the ports (drafts, sync state,
text versions) and the caseload service; the screen only shows and asks.

Ids are derived from the draft's id, so building the record twice gives the same records, and
a draft whose visit is already saved is recognised as stale. What needs fixing comes back as a
code per field (:class:`DraftError`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from uuid import UUID

from pydantic import ValidationError

from fieldapp.domain.clock import local_zone
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.placement import Placement, current
from fieldapp.domain.ports import (
    Dossier,
    DraftRepository,
    SyncStateRepository,
    TextVersions,
)
from fieldapp.domain.referral import ReferralPayload, new_referral, queue
from fieldapp.domain.rules import ClientFacts, RuleTable, Suggestion, SuggestionKind, suggest
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.visit import GoalTime, Participant, Visit, VisitType
from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.services.caseload import CaseloadService, VisitRecord
from fieldapp.services.consent_records import consent_record, payload_for
from fieldapp.services.field_errors import FieldError, FieldErrors, FormCode, field_errors
from fieldapp.services.teams import TeamFor, teams_from

WELLBEING_RECIPIENT = "device"
"""Consent to record WHO-5 answers concerns this device's record, not a recipient."""


def new_draft(
    client_id: UUID, now: datetime, language: str, placement: Placement | None = None
) -> VisitDraft:
    """``placement``: the one the client works at now; a workplace visit (the default kind)
    is made there unless the jobcoach picks another."""
    local = now.astimezone(local_zone())
    return VisitDraft(
        id=uuid.uuid4(),
        client_id=client_id,
        placement_id="" if placement is None else str(placement.id),
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
    """The draft cannot become a visit yet; ``errors`` maps field -> what to fix."""

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__(sorted(errors))
        self.errors = errors


def _started_at(draft: VisitDraft) -> datetime:
    try:
        day = date.fromisoformat(draft.day)
        clock = time.fromisoformat(draft.clock)
    except ValueError:
        raise DraftError({"started_at": FieldError(FormCode.DATE_AND_TIME)}) from None
    return datetime.combine(day, clock, tzinfo=local_zone())


def _int(text: str, name: str) -> int:
    if not text.strip().isdigit():
        raise DraftError({name: FieldError(FormCode.WHOLE_MINUTES)})
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
            placement_id=_workplace(draft),
        )
    except ValidationError as error:
        raise DraftError(field_errors(error)) from None


def _workplace(draft: VisitDraft) -> UUID | None:
    """The placement, for a workplace visit only (a phone call is made nowhere)."""
    if draft.visit_type is not VisitType.WORKPLACE_VISIT or not draft.placement_id:
        return None
    return UUID(draft.placement_id)


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
    team_for: TeamFor,
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
            recipient = team_for(suggestion.target, client.address)
            payload = payload_for(client, signals, suggestion.urgency, draft.client_words)
        offers.append(Offer(suggestion, recipient, payload))
    return Summary(offers, signals, check, client.easy_language)


def build_record(
    draft: VisitDraft,
    summary: Summary,
    author_id: UUID | None,
    now: datetime,
    texts: TextVersions,
) -> VisitRecord:
    """Everything one save writes: the visit, its signals, the WHO-5 check with its consent,
    and, per recipient the client agreed to, the consent and a queued referral."""
    visit = draft_visit(draft, author_id)
    consents: list[ConsentRecord] = []
    if summary.check is not None:
        consents.append(
            _consent(
                texts,
                draft,
                Purpose.WELLBEING_RECORDING,
                WELLBEING_RECIPIENT,
                now=now,
                summary=summary,
            )
        )
    referrals = []
    for offer in summary.offers:
        if not offer.consentable or offer.recipient is None:
            continue
        recipient_id = offer.recipient.recipient_id
        if recipient_id not in draft.consented:
            continue
        consent = _consent(texts, draft, Purpose.REFERRAL, recipient_id, now=now, summary=summary)
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
    texts: TextVersions,
    draft: VisitDraft,
    purpose: Purpose,
    recipient_id: str,
    *,
    now: datetime,
    summary: Summary,
) -> ConsentRecord:
    return consent_record(
        texts,
        consent_id=_id(draft, f"consent:{purpose.value}:{recipient_id}"),
        client_id=draft.client_id,
        purpose=purpose,
        recipient_id=recipient_id,
        language=draft.language,
        now=now,
        easy=summary.easy_language,
    )


@dataclass(frozen=True)
class Opened:
    """A client's visit in progress: the draft (new, or kept from before) and the dossier."""

    draft: VisitDraft
    dossier: Dossier


class VisitWizard:
    """Starting, summarising and saving a visit; the one place the wizard reaches the drafts,
    the sync state (the jobcoach, the routing table) and the caseload. Blocking: call it from
    a worker thread."""

    def __init__(
        self,
        caseload: CaseloadService,
        drafts: DraftRepository,
        states: SyncStateRepository,
        texts: TextVersions,
        rules: RuleTable | None = None,
    ) -> None:
        self._caseload, self._drafts, self._states = caseload, drafts, states
        self._texts, self._rules = texts, rules

    def open(self, client_id: UUID) -> Opened:
        """The kept draft, or a new one in the client's language. A draft whose visit was
        saved already (a crash between the save and the draft's removal) is dropped."""
        dossier = self._caseload.dossier(client_id)
        assert dossier.client is not None, "a visit belongs to a known client"
        draft = self._drafts.load(client_id)
        if draft is not None and is_stale(draft, dossier):
            self._drafts.discard(client_id)
            draft = None
        if draft is None:
            language = self._texts.language(dossier.client.preferred_language)
            now = self._caseload.now()
            working = current(dossier.placements, now.astimezone(local_zone()).date())
            draft = new_draft(client_id, now, language, working)
            self._drafts.save(draft)
        return Opened(draft, dossier)

    def keep(self, draft: VisitDraft) -> None:
        """Save the draft as it stands (after every change)."""
        self._drafts.save(draft)

    def summarise(self, draft: VisitDraft, dossier: Dossier) -> Summary:
        return summarise(
            draft,
            dossier,
            teams_from(self._states),
            self._caseload.now(),
            instrument=self._texts.who5(draft.language),
            rules=self._rules,
        )

    def save(self, draft: VisitDraft, dossier: Dossier) -> VisitRecord:
        """Record the visit with everything it brought up in one commit, then drop the draft.
        Raises :class:`DraftError` (fix the draft first) or the domain's refusal."""
        now = self._caseload.now()
        enrollment = self._states.load_sync_state().enrollment
        author = enrollment.user_id if enrollment else None
        record = build_record(draft, self.summarise(draft, dossier), author, now, self._texts)
        self._caseload.record_visit(record)
        self._drafts.discard(draft.client_id)
        return record
