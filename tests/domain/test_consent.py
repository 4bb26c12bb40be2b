"""The consent gate in front of every referral, due dates on queueing, and withdrawal."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.errors import ConsentError, DomainError, ErrorCode, TransitionError
from fieldapp.domain.referral import Referral, Status, StatusChange, queue, withdraw_consent
from fieldapp.domain.targets import Urgency, add_working_days, due_date
from tests.factories import (
    BUURTTEAM,
    CLIENT_ID,
    FIXED_NOW,
    OTHER_CLIENT_ID,
    SCHULDHULP,
    build_consent,
    build_referral,
)

FRIDAY = FIXED_NOW
assert FRIDAY.weekday() == 4


def refusal(referral: Referral, consents: list[ConsentRecord]) -> ConsentError:
    with pytest.raises(ConsentError) as caught:
        queue(referral, consents, FIXED_NOW)
    assert isinstance(caught.value, DomainError)
    return caught.value


def test_no_consent_at_all_is_refused() -> None:
    referral = build_referral()
    error = refusal(referral, [])
    assert error.code is ErrorCode.CONSENT_MISSING
    assert error.params == {"referral_id": str(referral.id)}


REFUSALS: dict[ErrorCode, ConsentRecord] = {
    ErrorCode.CONSENT_OTHER_RECIPIENT: build_consent(recipient_id=BUURTTEAM),
    ErrorCode.CONSENT_EXPIRED: build_consent(expires_at=FIXED_NOW - timedelta(minutes=1)),
    ErrorCode.CONSENT_WITHDRAWN: build_consent(withdrawn_at=FIXED_NOW - timedelta(hours=1)),
    ErrorCode.CONSENT_NOT_FREE: build_consent(via_employer=True),
    ErrorCode.CONSENT_WRONG_PURPOSE: build_consent(purpose=Purpose.WELLBEING_SHARING),
    ErrorCode.CONSENT_OTHER_CLIENT: build_consent(client_id=OTHER_CLIENT_ID),
}


@pytest.mark.parametrize("code", list(REFUSALS), ids=lambda code: code.value)
def test_each_kind_of_unusable_consent_is_refused_with_its_code(code: ErrorCode) -> None:
    consent = REFUSALS[code]
    error = refusal(build_referral(), [consent])
    assert error.code is code
    assert error.params == {"consent_id": str(consent.id)}


def test_consent_expiring_at_the_moment_of_queueing_is_expired() -> None:
    error = refusal(build_referral(), [build_consent(expires_at=FIXED_NOW)])
    assert error.code is ErrorCode.CONSENT_EXPIRED


def test_consent_withdrawn_at_the_moment_of_queueing_is_withdrawn() -> None:
    error = refusal(build_referral(), [build_consent(withdrawn_at=FIXED_NOW)])
    assert error.code is ErrorCode.CONSENT_WITHDRAWN


def test_consent_expiring_later_still_counts_now() -> None:
    later = FIXED_NOW + timedelta(days=30)
    queued = queue(build_referral(), [build_consent(expires_at=later)], FIXED_NOW)
    assert queued.status is Status.QUEUED


@pytest.mark.parametrize(
    "purpose", [p for p in Purpose if p is not Purpose.REFERRAL], ids=lambda p: p.value
)
def test_only_a_referral_consent_opens_the_gate(purpose: Purpose) -> None:
    error = refusal(build_referral(), [build_consent(purpose=purpose)])
    assert error.code is ErrorCode.CONSENT_WRONG_PURPOSE


def test_withdrawn_beats_another_recipient() -> None:
    consents = [REFUSALS[ErrorCode.CONSENT_OTHER_RECIPIENT], REFUSALS[ErrorCode.CONSENT_WITHDRAWN]]
    assert refusal(build_referral(), consents).code is ErrorCode.CONSENT_WITHDRAWN
    assert refusal(build_referral(), consents[::-1]).code is ErrorCode.CONSENT_WITHDRAWN


MOST_TELLING_FIRST = [
    ErrorCode.CONSENT_WITHDRAWN,
    ErrorCode.CONSENT_EXPIRED,
    ErrorCode.CONSENT_NOT_FREE,
    ErrorCode.CONSENT_OTHER_RECIPIENT,
    ErrorCode.CONSENT_WRONG_PURPOSE,
    ErrorCode.CONSENT_OTHER_CLIENT,
]


@settings(deadline=None)
@given(st.permutations(list(REFUSALS)).flatmap(lambda p: st.tuples(st.just(p), st.integers(1, 6))))
def test_the_most_telling_refusal_wins_whatever_the_order(
    drawn: tuple[list[ErrorCode], int],
) -> None:
    order, count = drawn
    codes = order[:count]
    error = refusal(build_referral(), [REFUSALS[code] for code in codes])
    assert error.code is min(codes, key=MOST_TELLING_FIRST.index)


@settings(deadline=None)
@given(st.permutations(list(REFUSALS)), st.integers(0, len(REFUSALS)))
def test_one_valid_consent_among_unusable_ones_is_enough(
    unusable: list[ErrorCode], position: int
) -> None:
    consents = [REFUSALS[code] for code in unusable]
    consents.insert(position, build_consent())
    queued = queue(build_referral(), consents, FIXED_NOW)
    assert queued.status is Status.QUEUED


@pytest.mark.parametrize("start", [Status.DRAFT, Status.AWAITING_CONSENT])
def test_a_valid_consent_queues_the_referral_and_keeps_the_time(start: Status) -> None:
    referral = build_referral(status=start, urgency=Urgency.REGULAR)
    queued = queue(referral, [build_consent()], FIXED_NOW)

    assert queued.status is Status.QUEUED
    assert queued.history[:-1] == referral.history
    assert queued.history[-1] == StatusChange(status=Status.QUEUED, at=FIXED_NOW)
    assert queued.version == referral.version + 1
    assert queued.due_date == date(2026, 12, 18)
    assert queued.payload == referral.payload
    assert referral.status is start


def test_a_referral_already_sent_cannot_be_queued_again() -> None:
    with pytest.raises(TransitionError) as caught:
        queue(build_referral(status=Status.SENT), [build_consent()], FIXED_NOW)
    assert caught.value.code is ErrorCode.REFERRAL_BAD_TRANSITION


DUE_DATES = [
    # queued on, urgency, holidays, due
    (date(2026, 11, 20), Urgency.CRISIS, (), date(2026, 11, 25)),  # Fri -> Wed
    (date(2026, 11, 20), Urgency.CRISIS, (date(2026, 11, 23),), date(2026, 11, 26)),
    (date(2026, 11, 21), Urgency.CRISIS, (), date(2026, 11, 25)),  # Sat -> Wed
    (date(2026, 11, 16), Urgency.CRISIS, (), date(2026, 11, 19)),  # Mon -> Thu
    (date(2026, 11, 18), Urgency.CRISIS, (), date(2026, 11, 23)),  # Wed -> Mon
    (
        date(2026, 12, 24),
        Urgency.CRISIS,
        (date(2026, 12, 25), date(2026, 12, 26)),
        date(2026, 12, 30),
    ),
    (date(2026, 11, 20), Urgency.REGULAR, (), date(2026, 12, 18)),
    (date(2026, 11, 20), Urgency.REGULAR, (date(2026, 11, 23),), date(2026, 12, 18)),
]


@pytest.mark.parametrize(("start", "urgency", "holidays", "due"), DUE_DATES)
def test_due_date_table(
    start: date, urgency: Urgency, holidays: tuple[date, ...], due: date
) -> None:
    assert due_date(urgency, start, holidays) == due


def test_queueing_a_crisis_referral_on_friday_is_due_on_wednesday() -> None:
    referral = build_referral(urgency=Urgency.CRISIS)
    assert queue(referral, [build_consent()], FRIDAY).due_date == date(2026, 11, 25)
    monday = date(2026, 11, 23)
    shifted = queue(referral, [build_consent()], FRIDAY, holidays=[monday])
    assert shifted.due_date == date(2026, 11, 26)


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)), st.integers(0, 15))
def test_working_days_skip_weekends(start: date, days: int) -> None:
    end = add_working_days(start, days)
    between = [start + timedelta(days=n) for n in range(1, (end - start).days + 1)]
    assert sum(day.weekday() < 5 for day in between) == days
    assert days == 0 or end.weekday() < 5


# --- withdrawal ------------------------------------------------------------------------------


def _referral(recipient: str, statuses: list[Status], client_id: UUID = CLIENT_ID) -> Referral:
    start = FIXED_NOW - timedelta(days=3)
    history = tuple(
        StatusChange(status=status, at=start + timedelta(hours=index))
        for index, status in enumerate([Status.DRAFT, *statuses])
    )
    return build_referral(recipient_id=recipient, history=history, client_id=client_id)


def test_withdrawing_consent_withdraws_every_open_referral_to_that_recipient() -> None:
    consent = build_consent()
    queued = _referral(SCHULDHULP, [Status.QUEUED])
    in_contact = _referral(
        SCHULDHULP,
        [Status.QUEUED, Status.SENT, Status.DELIVERED, Status.ACKNOWLEDGED, Status.IN_CONTACT],
    )
    draft = _referral(SCHULDHULP, [])
    other_recipient = _referral(BUURTTEAM, [Status.QUEUED, Status.SENT])
    closed = _referral(SCHULDHULP, [Status.QUEUED, Status.SENT, Status.DELIVERED, Status.ACCEPTED])
    other_client = _referral(SCHULDHULP, [Status.QUEUED], client_id=OTHER_CLIENT_ID)
    at = FIXED_NOW + timedelta(minutes=5)

    withdrawn, changed = withdraw_consent(
        consent, [queued, other_recipient, in_contact, closed, draft, other_client], at
    )

    assert withdrawn.withdrawn_at == at
    assert withdrawn.version == consent.version + 1
    assert [r.id for r in changed] == [queued.id, in_contact.id, draft.id]
    for before, after in zip([queued, in_contact, draft], changed, strict=True):
        assert before.payload is not None
        assert after.status is Status.WITHDRAWN
        assert after.payload is None
        assert after.history[:-1] == before.history
        assert after.history[-1].at == at
        assert after.version == before.version + 1


def test_a_withdrawn_consent_no_longer_opens_the_gate() -> None:
    consent = build_consent()
    at = FIXED_NOW - timedelta(minutes=5)
    withdrawn, _ = withdraw_consent(consent, [], at)
    error = refusal(build_referral(), [withdrawn])
    assert error.code is ErrorCode.CONSENT_WITHDRAWN


def test_withdrawing_another_purpose_leaves_referrals_alone() -> None:
    consent = build_consent(purpose=Purpose.FOLLOW_UP_CONTACT)
    _, changed = withdraw_consent(consent, [_referral(SCHULDHULP, [Status.QUEUED])], FIXED_NOW)
    assert changed == []


def test_refusals_never_carry_client_text() -> None:
    consents = [
        build_consent(recipient_id=BUURTTEAM),
        build_consent(client_id=OTHER_CLIENT_ID),
    ]
    error = refusal(build_referral(), consents)
    text = str(error)
    payload = build_referral().payload
    assert payload is not None
    assert payload.name not in text
    assert payload.client_words not in text
    assert text.startswith(error.code.value)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["expires_at", "withdrawn_at"])
def test_a_consent_cannot_end_before_it_was_given(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build_consent(**{field: FIXED_NOW - timedelta(days=400)})
    assert caught.value.errors()[0]["type"] == ErrorCode.CONSENT_DATES_INVALID.value


def test_withdrawing_before_the_consent_was_given_is_refused() -> None:
    consent = build_consent()
    with pytest.raises(ValidationError):
        consent.withdraw(consent.given_at - timedelta(seconds=1))


def test_a_consent_dated_in_the_future_does_not_open_the_gate() -> None:
    error = refusal(build_referral(), [build_consent(given_at=FIXED_NOW + timedelta(minutes=5))])
    assert error.code is ErrorCode.CONSENT_NOT_YET_GIVEN
