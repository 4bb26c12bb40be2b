"""The client screens' models without Flet: caseload search and filters, the client form,
the client page's overdue and hours warnings, and the medical-words warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.medical_words import medical_words
from fieldapp.domain.ports import Dossier, Overview
from fieldapp.domain.referral import Status
from fieldapp.domain.visit import GoalTime, HoursWarning
from fieldapp.services.client_form import ClientFormValues, values_of
from fieldapp.services.client_form import build_client as from_form
from fieldapp.ui.caseload_model import CaseloadFilter, CaseloadRow, caseload_row, filter_rows
from fieldapp.ui.client_detail_model import client_detail
from tests.factories import FIXED_NOW, TODAY, build_client, build_goal, build_referral, build_visit

pytestmark = pytest.mark.usefixtures("english")


def _row(name: str, **changes: object) -> CaseloadRow:
    base = CaseloadRow(
        client_id=name,
        name=name,
        summary="",
        badge_stage=None,
        badge="",
        suggestion="",
        crisis=False,
        search_text=f"{name} 1091 ab 1091ab".casefold(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ROWS = st.lists(
    st.builds(
        _row,
        st.text("abcdeéİ ", min_size=1, max_size=8),
        target_group=st.sampled_from(TargetGroup),
        open_referrals=st.integers(0, 2),
        follow_up_due=st.booleans(),
    ),
    max_size=12,
)
FILTERS = st.builds(
    CaseloadFilter,
    query=st.text("abcdeé 10", max_size=4),
    target_group=st.none() | st.sampled_from(TargetGroup),
    open_referrals=st.booleans(),
    follow_up_due=st.booleans(),
)


@given(rows=ROWS, wanted=FILTERS)
def test_filtering_keeps_exactly_the_matching_rows_in_order(
    rows: list[CaseloadRow], wanted: CaseloadFilter
) -> None:
    shown = filter_rows(rows, wanted)
    assert shown == [row for row in rows if wanted.matches(row)]
    for row in shown:
        assert wanted.target_group in (None, row.target_group)
        assert row.open_referrals > 0 or not wanted.open_referrals
        assert row.follow_up_due or not wanted.follow_up_due
    assert filter_rows(rows, CaseloadFilter()) == rows


def test_search_ignores_case_and_word_order_and_finds_postcodes() -> None:
    rows = [_row("Sanne de Vries"), _row("Kees Bakker", search_text="kees bakker 1011 aa 1011aa")]
    assert [r.name for r in filter_rows(rows, CaseloadFilter(query="VRIES sanne"))] == [
        "Sanne de Vries"
    ]
    assert [r.name for r in filter_rows(rows, CaseloadFilter(query="1011AA"))] == ["Kees Bakker"]
    assert filter_rows(rows, CaseloadFilter(query="nobody")) == []


def test_a_row_knows_open_referrals_and_follow_up() -> None:
    client = build_client()
    old_visit = build_visit(started_at=FIXED_NOW - timedelta(weeks=5))
    row = caseload_row(Overview.of(Dossier(client=client, visits=(old_visit,))), [], TODAY)
    assert row.follow_up_due and row.open_referrals == 0
    recent = build_visit(started_at=FIXED_NOW - timedelta(days=3))
    referral = build_referral()
    dossier = Dossier(client=client, visits=(recent,), referrals=(referral,))
    row = caseload_row(Overview.of(dossier), [], TODAY)
    assert not row.follow_up_due and row.open_referrals == 1


def test_the_form_makes_a_client_and_the_next_version_of_one() -> None:
    values = ClientFormValues(given_name="Ilse", postcode="1091ab", house_number="12")
    made = from_form(values, None, FIXED_NOW).client
    assert made is not None and made.address is not None and made.address.postcode == "1091 AB"
    edited = from_form(values_of(made).with_(phone="06-1"), made, FIXED_NOW).client
    assert edited is not None
    assert edited.version == made.version + 1 and edited.id == made.id
    assert edited.created_at == made.created_at and edited.phone == "06-1"
    on_four = from_form(values_of(edited).with_(participation_level="4"), edited, FIXED_NOW)
    assert on_four.client is not None and on_four.client.participation_level == 4
    assert values_of(on_four.client).participation_level == "4"
    unknown = from_form(values_of(on_four.client).with_(participation_level=""), edited, FIXED_NOW)
    assert unknown.client is not None and unknown.client.participation_level is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (ClientFormValues(given_name=""), "given_name"),
        (ClientFormValues(given_name="A", house_number="12"), "postcode"),
        (
            ClientFormValues(given_name="A", postcode="1091 AB", house_number="twelve"),
            "house_number",
        ),
        (ClientFormValues(given_name="A", postcode="10 AB", house_number="1"), "postcode"),
        (ClientFormValues(given_name="A", notes="BSN 111222333"), "notes"),
    ],
)
def test_the_form_names_the_field_to_fix(values: ClientFormValues, field: str) -> None:
    result = from_form(values, None, FIXED_NOW)
    assert result.client is None and field in result.errors
    assert "111222333" not in repr(result.errors)  # codes and limits only, never the input


def test_the_client_page_marks_overdue_referrals_and_hour_warnings() -> None:
    goal = build_goal(granted_hours=Decimal(1))
    visit = build_visit(
        started_at=FIXED_NOW - timedelta(days=1),
        duration_minutes=60,
        goals=(GoalTime(goal_id=goal.id, minutes=50),),
    )
    late = build_referral(status=Status.QUEUED, due_date=TODAY - timedelta(days=1))
    detail = client_detail(
        Dossier(client=build_client(), visits=(visit,), goals=(goal,), referrals=(late,)), FIXED_NOW
    )
    assert [line.overdue for line in detail.referrals] == [True]
    (hours,) = detail.hours
    assert hours.warning is HoursWarning.NEAR_LIMIT and "80 percent" in hours.warning_text
    assert [line.title for line in detail.timeline]


def test_medical_words_are_found_in_any_case_once() -> None:
    assert medical_words("Burn-out en DEPRESSIE, burn-out") == ["burn-out", "depressie"]
    assert medical_words("Werkt goed mee aan zijn doelen") == []
