"""Event intake without a screen: without consent only counts remain; with consent a client,
an outreach visit and the consent records in the person's language; a referral only to the team
serving the address. What is missing comes back as a code per field, never as words or input."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import Address
from fieldapp.domain.consent import Purpose
from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.outreach import EventKind, OutreachEvent, Tally
from fieldapp.domain.referral import Status, require_consent
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Target
from fieldapp.domain.visit import VisitType
from fieldapp.i18n.text_versions import CatalogTextVersions
from fieldapp.services.event_intake import (
    FOLLOW_UP_RECIPIENT,
    Intake,
    IntakeCode,
    start_event,
    take_in,
)
from fieldapp.services.field_errors import FieldError, FormCode
from tests.factories import FIXED_NOW, SCHULDHULP

pytestmark = pytest.mark.usefixtures("english")

EVENT = OutreachEvent(id=uuid.uuid4(), organisation="Bouwbedrijf", started_at=FIXED_NOW)
TEAM = Recipient(recipient_id=SCHULDHULP, target=Target.SCHULDHULP, name="Schuldhulp")


def _team(target: Target, address: Address | None) -> Recipient | None:
    return TEAM if target is Target.SCHULDHULP and address is not None else None


TEXTS = CatalogTextVersions()
PERSON: dict[str, Any] = {"given_name": "Pieter", "phone": "06-87654321"}


def test_without_consent_only_counts_remain_whatever_was_typed() -> None:
    intake = Intake(**PERSON, regulations_explained=True, self_test_done=True)
    result = take_in(intake, EVENT, _team, FIXED_NOW, TEXTS)
    assert not result.keeps_personal_data and result.record is None
    assert result.tallies == {
        Tally.PEOPLE_SPOKEN: 1,
        Tally.REGULATIONS_EXPLAINED: 1,
        Tally.SELF_TESTS_DONE: 1,
        Tally.REFERRALS_MADE: 0,
    }
    assert "Pieter" not in repr(result)


def test_follow_up_consent_makes_a_client_with_an_outreach_visit() -> None:
    result = take_in(Intake(**PERSON, follow_up=True), EVENT, _team, FIXED_NOW, TEXTS)
    assert result.client is not None and result.record is not None
    assert result.record.visit.type is VisitType.OUTREACH_EVENT
    (consent,) = result.record.consents
    assert consent.purpose is Purpose.FOLLOW_UP_CONTACT
    assert consent.recipient_id == FOLLOW_UP_RECIPIENT and consent.language == "nl"
    assert result.record.referrals == []
    assert result.tallies[Tally.PEOPLE_SPOKEN] == 1


def test_a_referral_goes_to_the_named_team_with_its_consent() -> None:
    intake = Intake(**PERSON, postcode="1091 AB", house_number="3", referrals=(Target.SCHULDHULP,))
    result = take_in(intake, EVENT, _team, FIXED_NOW, TEXTS)
    assert result.record is not None
    (referral,) = result.record.referrals
    assert referral.status is Status.QUEUED and referral.recipient_id == SCHULDHULP
    assert require_consent(referral, result.record.consents, FIXED_NOW).recipient_id == SCHULDHULP
    assert result.tallies[Tally.REFERRALS_MADE] == 1


def test_the_consents_are_recorded_in_the_persons_language() -> None:
    intake = Intake(
        **PERSON,
        postcode="1091 AB",
        house_number="3",
        language="tr",
        follow_up=True,
        referrals=(Target.SCHULDHULP,),
    )
    result = take_in(intake, EVENT, _team, FIXED_NOW, TEXTS)
    assert result.record is not None and result.client is not None
    assert [c.language for c in result.record.consents] == ["tr", "tr"]
    assert [c.text_version for c in result.record.consents] == [
        "consent-follow-up-contact/tr/1",
        "consent-event-referral/tr/1",
    ]
    assert result.client.preferred_language == "tr"


REFERRAL = (Target.SCHULDHULP,)


@pytest.mark.parametrize(
    ("intake", "expected"),
    [
        (
            Intake(referrals=REFERRAL),
            {
                "given_name": FieldError("string_too_short", {"min_length": 1}),
                "phone": FieldError(IntakeCode.NO_CONTACT),
                "postcode": FieldError(IntakeCode.POSTCODE_NEEDED),
                "house_number": FieldError(IntakeCode.HOUSE_NUMBER_NEEDED),
            },
        ),
        (
            Intake(**PERSON, house_number="3", referrals=REFERRAL),
            {"postcode": FieldError(IntakeCode.POSTCODE_NEEDED)},
        ),
        (
            Intake(**PERSON, postcode="12", house_number="3", referrals=REFERRAL),
            {"postcode": FieldError(ErrorCode.INVALID_POSTCODE)},
        ),
        (
            Intake(**PERSON, postcode="1091 AB", house_number="3a", referrals=REFERRAL),
            {"house_number": FieldError(FormCode.HOUSE_NUMBER_NOT_A_NUMBER)},
        ),
        (
            Intake(**PERSON, house_number="3", follow_up=True),
            {"postcode": FieldError(FormCode.POSTCODE_OR_NO_ADDRESS)},
        ),
        (
            Intake(given_name="Anna", email="a" * 250 + "@x.nl", follow_up=True),
            {"email": FieldError("string_too_long", {"max_length": 254})},
        ),
        (
            Intake(given_name="Anna 111222333", phone="06-1", follow_up=True),
            {"given_name": FieldError(ErrorCode.BSN_IN_TEXT)},
        ),
        (
            Intake(**PERSON, postcode="9999 ZZ", house_number="1", referrals=(Target.BUURTTEAM,)),
            {"postcode": FieldError(IntakeCode.NO_TEAM)},
        ),
    ],
)
def test_what_is_missing_is_a_code_at_its_field(
    intake: Intake, expected: dict[str, FieldError]
) -> None:
    result = take_in(intake, EVENT, _team, FIXED_NOW, TEXTS)
    assert result.errors == expected
    assert result.client is None and result.record is None and result.tallies == {}


def test_an_empty_postcode_asks_for_it_and_names_no_team() -> None:
    """Not "no team is known for this address": the address was never given."""
    result = take_in(Intake(**PERSON, referrals=REFERRAL), EVENT, _team, FIXED_NOW, TEXTS)
    assert result.errors["postcode"].code == IntakeCode.POSTCODE_NEEDED


def test_field_errors_never_hold_what_was_typed() -> None:
    typed: dict[str, Any] = {
        "given_name": "Anna 111222333",
        "phone": "",
        "email": "z" * 300,
        "postcode": "x9",
    }
    result = take_in(
        Intake(**typed, house_number="1", follow_up=True), EVENT, _team, FIXED_NOW, TEXTS
    )
    assert set(result.errors) == {"given_name", "email", "postcode"}
    assert not any(value in repr(result) for value in typed.values() if value)


def test_an_event_needs_an_organisation_and_a_kind_at_their_fields() -> None:
    started = start_event("", "Kantine", EventKind.MARKET, FIXED_NOW)
    assert started.event is None
    assert started.errors == {"organisation": FieldError("string_too_short", {"min_length": 1})}
    too_long = start_event("x" * 121, "", EventKind.MARKET, FIXED_NOW)
    assert too_long.errors == {"organisation": FieldError("string_too_long", {"max_length": 120})}
    neither = start_event("", "", None, FIXED_NOW)
    assert set(neither.errors) == {"organisation", "kind"}
    no_kind = start_event("Bouwbedrijf", "Kantine", None, FIXED_NOW)
    assert no_kind.event is None and no_kind.errors == {"kind": FieldError(FormCode.CHOOSE)}
    event = start_event("Bouwbedrijf", "Kantine", EventKind.COMPANY_VISIT, FIXED_NOW).event
    assert event is not None and event.organisation == "Bouwbedrijf" and event.active
    assert event.kind is EventKind.COMPANY_VISIT


@given(st.lists(st.tuples(st.sampled_from(Tally), st.integers(-3, 3))))
def test_tallies_never_go_below_zero(steps: list[tuple[Tally, int]]) -> None:
    event = EVENT
    expected = dict.fromkeys(Tally, 0)
    for tally, by in steps:
        event = event.counted({tally: by})
        expected[tally] = max(0, expected[tally] + by)
    assert {tally: event.count(tally) for tally in Tally} == expected
