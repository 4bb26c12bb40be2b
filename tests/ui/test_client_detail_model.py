"""The client page's model: contact details kept left to right, the newest WHO-5 result with
its score and band, the trend oldest first, and goal titles isolated (issue 18, items 6 and 11)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from fieldapp.domain.client import Address
from fieldapp.domain.concern import ConcernSign, EmployerConcern, employer_recipient
from fieldapp.domain.consent import Purpose
from fieldapp.domain.participation import LadderStep, Rung
from fieldapp.domain.participation import ladder as ladder_of
from fieldapp.domain.ports import Dossier
from fieldapp.domain.wellbeing import Band
from fieldapp.i18n.bidi import FSI, LRI, PDI, strip_isolates
from fieldapp.ui.client_detail_model import client_detail
from tests.factories import (
    FIXED_NOW,
    build_check,
    build_client,
    build_consent,
    build_employer,
    build_goal,
)

pytestmark = pytest.mark.usefixtures("english")


def test_contact_details_are_left_to_right_islands() -> None:
    client = build_client(email="sanne@example.nl")
    detail = client_detail(Dossier(client=client), FIXED_NOW)
    shown = {line.kind: line.value for line in detail.contact}
    assert shown == {
        "address": f"{LRI}1091 AB 12, Amsterdam{PDI}",
        "phone": f"{LRI}06-12345678{PDI}",
        "email": f"{LRI}sanne@example.nl{PDI}",
    }
    assert [line.label for line in detail.contact] == ["Address", "Phone number", "Email address"]


def test_a_client_without_address_phone_or_email_says_so() -> None:
    detail = client_detail(Dossier(client=build_client(address=None, phone="")), FIXED_NOW)
    assert [(line.kind, line.value) for line in detail.contact] == [("address", "No address")]
    assert detail.latest is None and detail.trend == []


def test_the_newest_who5_result_has_its_raw_score_percentage_and_band() -> None:
    older = build_check(raw=20, taken_at=FIXED_NOW - timedelta(days=30))
    newest = build_check(raw=10, taken_at=FIXED_NOW - timedelta(days=2))
    detail = client_detail(Dossier(client=build_client(), checks=(newest, older)), FIXED_NOW)
    assert detail.latest is not None
    assert (detail.latest.raw, detail.latest.percentage) == (10, 40)
    assert detail.latest.band is Band.POOR and detail.latest.worrying
    assert strip_isolates(detail.latest.text) == (
        "Latest WHO-5, 18 Nov 2026: 10 of 25 (40%), poor wellbeing: advise the GP or company doctor"
    )
    assert [point.percentage for point in detail.trend] == [80, 40]  # oldest first


def test_an_adequate_score_is_not_a_warning() -> None:
    detail = client_detail(Dossier(client=build_client(), checks=(build_check(raw=15),)), FIXED_NOW)
    assert detail.latest is not None and not detail.latest.worrying
    assert "15 of 25 (60%), adequate wellbeing" in strip_isolates(detail.latest.text)


def test_a_goal_title_typed_in_any_script_is_isolated() -> None:
    goal = build_goal(title="Op tijd beginnen")
    (hours,) = client_detail(Dossier(client=build_client(), goals=(goal,)), FIXED_NOW).hours
    assert hours.goal == f"{FSI}Op tijd beginnen{PDI}"
    assert strip_isolates(hours.goal) == "Op tijd beginnen"


def test_a_full_address_reads_the_dutch_way() -> None:
    address = Address(
        postcode="1013 AC", house_number=5, house_number_addition="B", street="Dam", city="A'dam"
    )
    detail = client_detail(Dossier(client=build_client(address=address)), FIXED_NOW)
    assert strip_isolates(detail.contact[0].value) == "Dam 5B, 1013 AC A'dam"


def test_consents_say_what_for_whom_which_text_and_whether_they_hold() -> None:
    given = FIXED_NOW - timedelta(days=400)
    old = build_consent(
        given_at=given,
        expires_at=given + timedelta(days=365),
        purpose=Purpose.WELLBEING_RECORDING,
        recipient_id="device",
    )
    current = build_consent(given_at=FIXED_NOW - timedelta(days=3), language="nl-b1")
    gone = build_consent(given_at=FIXED_NOW - timedelta(days=9), recipient_id="buurtteam:x")
    gone = gone.withdraw(FIXED_NOW - timedelta(days=1))
    names = {current.recipient_id: "Schuldhulp Amsterdam"}
    dossier = Dossier(client=build_client(), consents=(old, current, gone))
    lines = client_detail(dossier, FIXED_NOW, names).consents
    assert [line.withdrawable for line in lines] == [True, False, False]
    assert "Referral: " in lines[0].title and "Schuldhulp Amsterdam" in lines[0].title
    assert "easy language" in lines[0].text and current.text_version in lines[0].text
    assert lines[1].state.startswith("Withdrawn on")
    assert "Team unknown on this device" in lines[1].title
    assert lines[2].state.startswith("Expired on") and "This device" in lines[2].title


def test_the_ladder_shows_newest_first_with_its_dates() -> None:
    client = build_client()
    steps = tuple(
        LadderStep(id=uuid.uuid4(), client_id=client.id, rung=rung, on=on)
        for rung, on in ((Rung.UNPAID_WORK, date(2026, 9, 1)), (Rung.ISOLATED, date(2025, 1, 6)))
    )
    ladder = client_detail(Dossier(client=client, ladder=ladder_of(steps)), FIXED_NOW).ladder
    assert [strip_isolates(line) for line in ladder] == [
        "1 Sept 2026 · 4. Unpaid work",
        "6 Jan 2025 · 1. Isolated",
    ]
    assert client_detail(Dossier(client=client), FIXED_NOW).ladder == []


def test_employers_concerns_show_newest_first_with_the_employer_and_what_they_saw() -> None:
    client = build_client()
    employer = build_employer(id=uuid.uuid4(), name="Schoonmaakbedrijf Glans")

    def concern(days: int, signs: tuple[ConcernSign, ...], text: str) -> EmployerConcern:
        return EmployerConcern(
            id=uuid.uuid4(),
            client_id=client.id,
            employer_id=employer.id,
            signs=signs,
            text=text,
            reported_at=FIXED_NOW - timedelta(days=days),
        )

    older = concern(9, (ConcernSign.ABSENCE,), "")
    newer = concern(1, (ConcernSign.STRESS, ConcernSign.CALLS_AT_WORK), "Belt vaak")
    consent = build_consent(
        client_id=client.id,
        purpose=Purpose.EMPLOYER_CONTACT,
        recipient_id=employer_recipient(employer.id),
    )
    dossier = Dossier(client=client, concerns=(older, newer), consents=(consent,))
    detail = client_detail(dossier, FIXED_NOW, {}, {employer.id: employer})
    shown = [(strip_isolates(c.title), strip_isolates(c.detail)) for c in detail.concerns]
    assert shown == [
        ("Schoonmaakbedrijf Glans", "Stressed · Many calls at work · Belt vaak"),
        ("Schoonmaakbedrijf Glans", "Absent more often"),
    ]
    [line] = detail.consents
    assert strip_isolates(line.title) == "The employer may pass concerns: Schoonmaakbedrijf Glans"
    assert client_detail(Dossier(client=client), FIXED_NOW).concerns == []
