"""The public visit-request form's parsing (property test): whatever is typed, the answer is
either a request with one to three dates from today up to a year ahead and nothing beyond
the form's fields, or a code per field the page knows, never the typed value."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.visit_request import VisitRequest
from sync_server.services.visit_requests import DATES_AHEAD, DateCode, RequestForm, parse
from sync_server.web.visit_request_text import LABELS
from tests.factories import FIXED_NOW

TODAY = date(2026, 11, 20)
typed = st.text(max_size=40) | st.sampled_from(["", "020 555 0101", "a@b.nl", "12", "0"])
day = st.dates(TODAY - timedelta(days=30), TODAY + timedelta(days=400)).map(date.isoformat)
forms = st.builds(
    RequestForm,
    organisation=typed,
    contact_name=typed,
    phone=typed,
    email=typed,
    dates=st.lists(day | typed, max_size=3).map(tuple),
    employees=typed | st.integers(0, 2_000_000).map(str),
)


@given(forms)
def test_any_form_gives_a_sound_request_or_codes_at_known_fields(form: RequestForm) -> None:
    parsed = parse(form, FIXED_NOW, TODAY)
    if isinstance(parsed, VisitRequest):
        assert 1 <= len(parsed.preferred_dates) <= 3
        assert all(TODAY <= d <= TODAY + DATES_AHEAD for d in parsed.preferred_dates)
        assert parsed.open and parsed.received_at == FIXED_NOW
        assert parsed.phone or parsed.email
        return
    assert parsed, "a refusal names what to fix"
    assert set(parsed) <= {*LABELS, "contact"}
    for code in parsed.values():
        assert all(code != value for value in (form.organisation, form.contact_name) if value)


def test_a_good_form_keeps_only_its_fields() -> None:
    form = RequestForm(
        organisation=" De Ster ",
        contact_name="Fatima",
        email="f@dester.nl",
        dates=("", (TODAY + timedelta(days=3)).isoformat(), TODAY.isoformat()),
        employees="12",
    )
    parsed = parse(form, FIXED_NOW, TODAY)
    assert isinstance(parsed, VisitRequest)
    assert parsed.organisation == "De Ster" and parsed.employees == 12
    assert parsed.preferred_dates == (TODAY, TODAY + timedelta(days=3))


def test_a_form_without_a_usable_date_still_names_every_other_field_at_fault() -> None:
    form = RequestForm(
        organisation="",
        contact_name="Fatima",
        email="f@dester.nl",
        dates=((TODAY - timedelta(days=1)).isoformat(), "morgen"),
        employees="0",
    )
    parsed = parse(form, FIXED_NOW, TODAY)
    assert isinstance(parsed, dict)
    assert parsed["date_1"] == DateCode.PAST and parsed["date_2"] == DateCode.NOT_A_DATE
    assert {"organisation", "employees"} <= set(parsed)
    assert "preferred_dates" not in parsed  # the date fields say it at their own place
