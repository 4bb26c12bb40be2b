"""Event intake without a screen: without consent only counts remain; with consent a client,
an outreach visit and the consent records; a referral only to the team serving the address."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import Address
from fieldapp.domain.consent import Purpose
from fieldapp.domain.outreach import OutreachEvent, Tally
from fieldapp.domain.referral import Status, require_consent
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Target
from fieldapp.domain.visit import VisitType
from fieldapp.services.event_intake import FOLLOW_UP_RECIPIENT, Intake, take_in
from tests.factories import FIXED_NOW, SCHULDHULP

pytestmark = pytest.mark.usefixtures("english")

EVENT = OutreachEvent(id=uuid.uuid4(), organisation="Bouwbedrijf", started_at=FIXED_NOW)
TEAM = Recipient(recipient_id=SCHULDHULP, target=Target.SCHULDHULP, name="Schuldhulp")


def _team(target: Target, address: Address | None) -> Recipient | None:
    return TEAM if target is Target.SCHULDHULP and address is not None else None


PERSON: dict[str, Any] = {"given_name": "Pieter", "phone": "06-87654321"}


def test_without_consent_only_counts_remain_whatever_was_typed() -> None:
    intake = Intake(**PERSON, regulations_explained=True, self_test_done=True)
    result = take_in(intake, EVENT, _team, FIXED_NOW, "nl")
    assert not result.keeps_personal_data and result.record is None
    assert result.tallies == {
        Tally.PEOPLE_SPOKEN: 1,
        Tally.REGULATIONS_EXPLAINED: 1,
        Tally.SELF_TESTS_DONE: 1,
        Tally.REFERRALS_MADE: 0,
    }
    assert "Pieter" not in repr(result)


def test_follow_up_consent_makes_a_client_with_an_outreach_visit() -> None:
    result = take_in(Intake(**PERSON, follow_up=True), EVENT, _team, FIXED_NOW, "nl")
    assert result.client is not None and result.record is not None
    assert result.record.visit.type is VisitType.OUTREACH_EVENT
    (consent,) = result.record.consents
    assert consent.purpose is Purpose.FOLLOW_UP_CONTACT
    assert consent.recipient_id == FOLLOW_UP_RECIPIENT and consent.language == "nl"
    assert result.record.referrals == []
    assert result.tallies[Tally.PEOPLE_SPOKEN] == 1


def test_a_referral_goes_to_the_named_team_with_its_consent() -> None:
    intake = Intake(**PERSON, postcode="1091 AB", house_number="3", referrals=(Target.SCHULDHULP,))
    result = take_in(intake, EVENT, _team, FIXED_NOW, "nl")
    assert result.record is not None
    (referral,) = result.record.referrals
    assert referral.status is Status.QUEUED and referral.recipient_id == SCHULDHULP
    assert require_consent(referral, result.record.consents, FIXED_NOW).recipient_id == SCHULDHULP
    assert result.tallies[Tally.REFERRALS_MADE] == 1


@pytest.mark.parametrize(
    ("intake", "field"),
    [
        (Intake(given_name="Anna", referrals=(Target.SCHULDHULP,)), "phone"),
        (Intake(**PERSON, referrals=(Target.SCHULDHULP,)), "postcode"),
        (Intake(phone="06-1", follow_up=True), "given_name"),
    ],
)
def test_what_is_missing_is_named(intake: Intake, field: str) -> None:
    result = take_in(intake, EVENT, _team, FIXED_NOW, "nl")
    assert result.client is None and field in result.errors and result.tallies == {}


@given(st.lists(st.tuples(st.sampled_from(Tally), st.integers(-3, 3))))
def test_tallies_never_go_below_zero(steps: list[tuple[Tally, int]]) -> None:
    event = EVENT
    expected = dict.fromkeys(Tally, 0)
    for tally, by in steps:
        event = event.counted({tally: by})
        expected[tally] = max(0, expected[tally] + by)
    assert {tally: event.count(tally) for tally in Tally} == expected
