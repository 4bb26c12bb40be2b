"""The referral lifecycle (DDAS statuses with timestamps), its payload whitelist and targets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.errors import ErrorCode, TransitionError
from fieldapp.domain.referral import (
    ALLOWED,
    OPEN,
    OUTCOMES,
    TERMINAL,
    Referral,
    ReferralPayload,
    Status,
    StatusChange,
    new_referral,
    queue,
    transition,
)
from fieldapp.domain.targets import ADVICE_ONLY, Target, Urgency
from tests.factories import (
    CLIENT_ID,
    FIXED_NOW,
    build_consent,
    build_payload,
    build_referral,
    new_id,
)


def queued_referral(urgency: Urgency = Urgency.REGULAR) -> Referral:
    draft = build_referral(urgency=urgency, at=FIXED_NOW - timedelta(hours=1))
    return queue(draft, [build_consent()], FIXED_NOW)


def bad_transition(referral: Referral, to: Status, at: datetime) -> TransitionError:
    with pytest.raises(TransitionError) as caught:
        transition(referral, to, at)
    return caught.value


def test_the_full_happy_path_keeps_every_step_with_its_time() -> None:
    referral = queued_referral()
    steps = [
        Status.SENT,
        Status.DELIVERED,
        Status.ACKNOWLEDGED,
        Status.CONTACT_ATTEMPTED,
        Status.CONTACT_ATTEMPTED,
        Status.IN_CONTACT,
        Status.ACCEPTED,
    ]
    for hours, step in enumerate(steps, start=1):
        referral = transition(referral, step, FIXED_NOW + timedelta(hours=hours), "phone")

    assert [change.status for change in referral.history] == [
        Status.DRAFT,
        Status.QUEUED,
        *steps,
    ]
    assert [change.at for change in referral.history[2:]] == [
        FIXED_NOW + timedelta(hours=hours) for hours in range(1, 8)
    ]
    assert referral.history[-1].note_code == "phone"
    assert referral.status is Status.ACCEPTED
    assert referral.created_at == FIXED_NOW - timedelta(hours=1)
    assert referral.version == 1 + 1 + len(steps)
    assert not referral.is_open()


def test_an_undeliverable_referral_can_still_be_delivered_later() -> None:
    referral = transition(queued_referral(), Status.SENT, FIXED_NOW)
    referral = transition(referral, Status.UNDELIVERABLE, FIXED_NOW + timedelta(hours=1))
    assert referral.is_open()
    referral = transition(referral, Status.DELIVERED, FIXED_NOW + timedelta(days=1))
    assert referral.status is Status.DELIVERED


def test_every_pair_of_statuses_follows_the_allowed_table() -> None:
    at = FIXED_NOW + timedelta(minutes=1)
    for start in Status:
        referral = build_referral(status=start, at=FIXED_NOW)
        for to in Status:
            if to is not Status.QUEUED and to in ALLOWED.get(start, frozenset()):
                moved = transition(referral, to, at)
                assert (moved.status, moved.history[-1].at) == (to, at)
                assert moved.history[:-1] == referral.history
            else:
                error = bad_transition(referral, to, at)
                assert error.code is ErrorCode.REFERRAL_BAD_TRANSITION
                assert error.params == {"from_status": start.value, "to": to.value}


def test_the_lifecycle_table_covers_every_open_status_and_no_closed_one() -> None:
    assert set(ALLOWED) == set(OPEN)
    for start, targets in ALLOWED.items():
        assert Status.WITHDRAWN in targets, start
        assert Status.DRAFT not in targets


def _sources(to: Status) -> set[Status]:
    return {start for start, targets in ALLOWED.items() if to in targets}


AFTER_DELIVERY = {
    Status.DELIVERED,
    Status.EXPIRED,
    Status.ACKNOWLEDGED,
    Status.CONTACT_ATTEMPTED,
    Status.IN_CONTACT,
}


def test_the_lifecycle_follows_the_ddas_order() -> None:
    assert _sources(Status.DRAFT) == set()
    assert _sources(Status.AWAITING_CONSENT) == {Status.DRAFT}
    assert _sources(Status.QUEUED) == {Status.DRAFT, Status.AWAITING_CONSENT}
    assert _sources(Status.SENT) == {Status.QUEUED}
    assert _sources(Status.DELIVERED) == {Status.SENT, Status.UNDELIVERABLE}
    assert _sources(Status.UNDELIVERABLE) == {Status.SENT}
    assert _sources(Status.EXPIRED) == {Status.DELIVERED}
    for contact in (Status.ACKNOWLEDGED, Status.CONTACT_ATTEMPTED, Status.IN_CONTACT):
        assert _sources(contact) <= AFTER_DELIVERY
    for outcome in OUTCOMES:
        assert _sources(outcome) == AFTER_DELIVERY, outcome
    assert _sources(Status.WITHDRAWN) == set(OPEN)


def test_every_status_is_reachable_from_a_draft() -> None:
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        for to in ALLOWED.get(frontier.pop(), frozenset()):
            if to not in reached:
                reached.add(to)
                frontier.append(to)
    assert reached == set(Status)


@pytest.mark.parametrize("closed", sorted(TERMINAL), ids=lambda s: s.value)
def test_closed_referrals_allow_nothing_further(closed: Status) -> None:
    referral = build_referral(status=closed, at=FIXED_NOW)
    assert not referral.is_open()
    for to in Status:
        assert bad_transition(referral, to, FIXED_NOW).code is ErrorCode.REFERRAL_BAD_TRANSITION


@pytest.mark.parametrize("start", [Status.DRAFT, Status.AWAITING_CONSENT])
def test_queued_is_reached_only_through_the_consent_gate(start: Status) -> None:
    referral = build_referral(status=start)
    error = bad_transition(referral, Status.QUEUED, FIXED_NOW)
    assert error.code is ErrorCode.REFERRAL_BAD_TRANSITION
    assert queue(referral, [build_consent()], FIXED_NOW).status is Status.QUEUED


def test_time_going_backwards_is_refused() -> None:
    referral = queued_referral()
    error = bad_transition(referral, Status.SENT, FIXED_NOW - timedelta(seconds=1))
    assert error.code is ErrorCode.REFERRAL_TIME_BACKWARDS
    same_moment = transition(referral, Status.SENT, FIXED_NOW)
    assert same_moment.history[-1].at == same_moment.history[-2].at


def test_withdrawing_drops_the_payload_but_keeps_the_history() -> None:
    referral = transition(queued_referral(), Status.SENT, FIXED_NOW)
    assert referral.payload is not None
    withdrawn = transition(referral, Status.WITHDRAWN, FIXED_NOW + timedelta(days=1))
    assert withdrawn.payload is None
    assert [c.status for c in withdrawn.history] == [
        Status.DRAFT,
        Status.QUEUED,
        Status.SENT,
        Status.WITHDRAWN,
    ]


def test_a_naive_transition_time_is_not_recorded() -> None:
    referral = queued_referral()
    with pytest.raises((TypeError, ValidationError)):
        transition(referral, Status.SENT, datetime(2026, 11, 21, 9, 0))


@settings(deadline=None, max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from(sorted(Status)),
            st.integers(-120, 24 * 60),
        ),
        max_size=25,
    ),
    st.data(),
)
def test_random_walks_record_only_allowed_steps_in_time_order(
    moves: list[tuple[bool, Status, int]], data: st.DataObject
) -> None:
    referral = build_referral(at=FIXED_NOW)
    consent = build_consent(given_at=FIXED_NOW - timedelta(days=400))
    for follow_table, wanted, minutes in moves:
        options = sorted(ALLOWED.get(referral.status, frozenset()))
        to = data.draw(st.sampled_from(options)) if follow_table and options else wanted
        at = referral.history[-1].at + timedelta(minutes=minutes)
        before = referral
        try:
            if to is Status.QUEUED:
                referral = queue(referral, [consent], at)
            else:
                referral = transition(referral, to, at)
        except TransitionError as error:
            if to not in ALLOWED.get(before.status, frozenset()):
                assert error.code is ErrorCode.REFERRAL_BAD_TRANSITION
            else:
                assert minutes < 0
                assert error.code is ErrorCode.REFERRAL_TIME_BACKWARDS
            assert referral is before
            continue
        assert to in ALLOWED[before.status]
        assert minutes >= 0

    history = referral.history
    assert history[0].status is Status.DRAFT
    assert all(a.at <= b.at for a, b in pairwise(history))
    for previous, step in pairwise(history):
        assert step.status in ALLOWED[previous.status]
    assert referral.version == len(history)
    if referral.status is Status.WITHDRAWN:
        assert referral.payload is None


# --- targets and payload ---------------------------------------------------------------------


@pytest.mark.parametrize("target", sorted(ADVICE_ONLY), ids=lambda t: t.value)
def test_advice_only_targets_cannot_be_referrals(target: Target) -> None:
    with pytest.raises(ValidationError) as caught:
        new_referral(
            referral_id=new_id(),
            client_id=CLIENT_ID,
            target=target,
            recipient_id="huisarts",
            urgency=Urgency.REGULAR,
            at=FIXED_NOW,
        )
    assert [e["type"] for e in caught.value.errors()] == ["referral.advice_only_target"]


def test_advice_only_targets_are_the_ones_that_carry_no_data() -> None:
    assert {Target.GP, Target.COMPANY_DOCTOR, Target.CRISIS_LINE} <= ADVICE_ONLY
    assert not {Target.SCHULDHULP, Target.BUURTTEAM, Target.REGULATIONS_CHECK} & ADVICE_ONLY


def test_new_referral_is_a_draft_at_the_given_time() -> None:
    referral = new_referral(
        referral_id=new_id(),
        client_id=CLIENT_ID,
        target=Target.BUURTTEAM,
        recipient_id="buurtteam:oost-1",
        urgency=Urgency.CRISIS,
        at=FIXED_NOW,
        payload=build_payload(urgency=Urgency.CRISIS),
    )
    assert referral.status is Status.DRAFT
    assert referral.created_at == FIXED_NOW
    assert referral.due_date is None
    assert referral.is_open()


def test_amounts_need_the_clients_agreement() -> None:
    payload = build_payload(amounts_cents={"D01": 125_000})
    with pytest.raises(ValidationError) as caught:
        build_referral(payload=payload)
    assert [e["type"] for e in caught.value.errors()] == ["referral.amounts_without_consent"]
    agreed = build_referral(payload=payload, amounts_consented=True)
    assert agreed.payload is not None
    assert agreed.payload.amounts_cents == {"D01": 125_000}


@pytest.mark.parametrize(
    "field",
    ["bsn", "notes_internal", "who5_raw", "date_of_birth", "diagnosis", "notes_for_funder"],
)
def test_the_payload_is_a_whitelist(field: str) -> None:
    fields: dict[str, Any] = {**build_payload().model_dump(), field: "x"}
    with pytest.raises(ValidationError) as caught:
        ReferralPayload.model_validate(fields)
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("extra_forbidden", (field,))]


def test_the_payload_whitelist_is_exactly_what_the_brief_allows() -> None:
    assert set(ReferralPayload.model_fields) == {
        "name",
        "contact",
        "language",
        "easy_language",
        "address",
        "urgency",
        "crisis_codes",
        "signal_stages",
        "amounts_cents",
        "client_words",
        "jobcoach_contact",
    }


# --- overdue ---------------------------------------------------------------------------------


def test_a_crisis_referral_is_overdue_after_three_working_days() -> None:
    referral = queued_referral(Urgency.CRISIS)  # queued Friday 20 November
    assert referral.due_date == date(2026, 11, 25)
    assert not referral.is_overdue(date(2026, 11, 25))
    assert referral.is_overdue(date(2026, 11, 26))


@pytest.mark.parametrize(
    ("path", "overdue"),
    [
        ([], True),
        ([Status.SENT], True),
        ([Status.SENT, Status.DELIVERED], True),
        ([Status.SENT, Status.DELIVERED, Status.EXPIRED], True),
        ([Status.SENT, Status.DELIVERED, Status.ACKNOWLEDGED], False),
        ([Status.SENT, Status.DELIVERED, Status.ACKNOWLEDGED, Status.IN_CONTACT], False),
        ([Status.SENT, Status.DELIVERED, Status.ACCEPTED], False),
        ([Status.WITHDRAWN], False),
    ],
    ids=[
        "queued",
        "sent",
        "delivered",
        "expired",
        "acknowledged",
        "in_contact",
        "accepted",
        "withdrawn",
    ],
)
def test_overdue_only_while_waiting_for_the_receiving_team(
    path: list[Status], overdue: bool
) -> None:
    referral = queued_referral(Urgency.REGULAR)
    for hours, step in enumerate(path, start=1):
        referral = transition(referral, step, FIXED_NOW + timedelta(hours=hours))
    assert referral.due_date == date(2026, 12, 18)
    assert referral.is_overdue(date(2026, 12, 19)) is overdue
    assert not referral.is_overdue(date(2026, 12, 18))


def test_a_draft_has_no_due_date_and_is_never_overdue() -> None:
    assert not build_referral().is_overdue(date(2030, 1, 1))


# --- histories loaded from disk or received over the wire -------------------------------------


def _history(*steps: tuple[Status, int]) -> tuple[StatusChange, ...]:
    return tuple(StatusChange(status=s, at=FIXED_NOW + timedelta(hours=h)) for s, h in steps)


def test_a_history_that_skips_the_lifecycle_is_refused_on_load() -> None:
    with pytest.raises(ValidationError) as caught:
        build_referral(history=_history((Status.DRAFT, 0), (Status.IN_CONTACT, 1)))
    assert caught.value.errors()[0]["type"] == ErrorCode.REFERRAL_BAD_TRANSITION.value


def test_a_history_that_goes_back_in_time_is_refused_on_load() -> None:
    with pytest.raises(ValidationError) as caught:
        build_referral(history=_history((Status.DRAFT, 5), (Status.QUEUED, 1)))
    assert caught.value.errors()[0]["type"] == ErrorCode.REFERRAL_TIME_BACKWARDS.value


def test_a_withdrawn_referral_with_a_payload_is_refused_on_load() -> None:
    with pytest.raises(ValidationError):
        build_referral(
            history=_history((Status.DRAFT, 0), (Status.WITHDRAWN, 1)), payload=build_payload()
        )
