"""An employer's request for a Flying Squad visit: a way to reach the contact, a phone number
and an email address that look like one, one to three dates, and a handled mark that bumps
the version (the devices pull the change)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.visit_request import VisitRequest
from tests.factories import FIXED_NOW


def _request(**changes: Any) -> VisitRequest:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "organisation": "Schoonmaakbedrijf De Ster",
        "contact_name": "Fatima el Amrani",
        "phone": "+31 20 555 0101",
        "preferred_dates": (date(2026, 12, 1),),
        "employees": 240,
        "received_at": FIXED_NOW,
    }
    return VisitRequest.model_validate(fields | changes)


def _codes(**changes: Any) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        _request(**changes)
    return {problem["type"] for problem in refused.value.errors()}


def test_a_request_needs_a_way_to_reach_its_contact() -> None:
    assert _request().open
    assert _request(phone="", email="f.elamrani@dester.nl").email
    assert _codes(phone="", email="") == {ErrorCode.REQUEST_NO_CONTACT.value}


@pytest.mark.parametrize("phone", ["12345", "020-555-abcd", "+31 20 555 0101 0101 0101 01"])
def test_a_phone_number_must_look_like_one(phone: str) -> None:
    assert ErrorCode.INVALID_PHONE.value in _codes(phone=phone)


@pytest.mark.parametrize("email", ["fatima", "fatima@dester", "fatima at dester.nl", "a@b@c.nl"])
def test_an_email_address_must_look_like_one(email: str) -> None:
    assert ErrorCode.INVALID_EMAIL.value in _codes(email=email)


def test_one_to_three_dates_and_a_sensible_size() -> None:
    assert "too_short" in _codes(preferred_dates=())
    assert "too_long" in _codes(preferred_dates=(date(2026, 12, d) for d in range(1, 5)))
    assert "greater_than_equal" in _codes(employees=0)
    assert "less_than_equal" in _codes(employees=2_000_000)


def test_handling_closes_it_as_a_new_version() -> None:
    handled = _request().handled(FIXED_NOW)
    assert not handled.open and handled.version == 2 and handled.handled_at == FIXED_NOW
