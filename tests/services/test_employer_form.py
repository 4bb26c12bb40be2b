"""The employer form makes an employer with its sites and contact people, reads one back for
editing unchanged, and names each problem at its own group's field, never with the input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.employer import ContactRole, EmployerKind
from fieldapp.domain.errors import ErrorCode
from fieldapp.services.employer_form import (
    ContactValues,
    EmployerFormValues,
    SiteValues,
    build_employer,
    new_contact,
    new_site,
    values_of,
)
from fieldapp.services.field_errors import FormCode
from fieldapp.services.form_parsing import AddressText

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
FILLED = EmployerFormValues(
    name="Bakkerij De Korenschoof",
    kind=EmployerKind.REGULAR.value,
    kvk="1234 5678",
    sites=(
        SiteValues(
            id=new_site().id, name="Winkel", address=AddressText("1091ab", "12", "", "Dapperstraat")
        ),
    ),
    contacts=(
        ContactValues(
            id=new_contact().id,
            name="Harrie Smit",
            role=ContactRole.IN_COMPANY_SUPPORTER.value,
            phone="020-1234567",
        ),
    ),
)


def test_a_filled_in_form_makes_an_employer_that_reads_back_the_same() -> None:
    result = build_employer(FILLED, None, NOW)
    assert result.errors == {} and result.employer is not None
    employer = result.employer
    assert employer.kvk == "12345678"
    assert employer.sites[0].address is not None
    assert employer.sites[0].address.postcode == "1091 AB"
    assert str(employer.sites[0].id) == FILLED.sites[0].id
    assert employer.contacts[0].role is ContactRole.IN_COMPANY_SUPPORTER
    again = build_employer(values_of(employer), employer, NOW)
    assert again.employer == employer


def test_a_site_without_an_address_is_fine_and_an_empty_form_names_the_employer() -> None:
    bare = FILLED.with_(sites=(SiteValues(id=new_site().id, name="Kantine"),), contacts=())
    made = build_employer(bare, None, NOW).employer
    assert made is not None and made.sites[0].address is None
    empty = build_employer(EmployerFormValues(), None, NOW)
    assert empty.employer is None and set(empty.errors) == {"name"}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"kvk": "1234567"}, "kvk", ErrorCode.INVALID_KVK),
        (
            {"sites": (SiteValues(name="", address=AddressText("1091 AB", "12")),)},
            "sites.0.name",
            "string_too_short",
        ),
        (
            {"sites": (SiteValues(name="Hal", address=AddressText("", "12")),)},
            "sites.0.postcode",
            FormCode.POSTCODE_OR_NO_ADDRESS,
        ),
        (
            {"sites": (SiteValues(name="Hal", address=AddressText("1091 AB", "twaalf")),)},
            "sites.0.house_number",
            FormCode.HOUSE_NUMBER_NOT_A_NUMBER,
        ),
        (
            {"sites": (SiteValues(name="Hal", address=AddressText("10911", "12")),)},
            "sites.0.postcode",
            ErrorCode.INVALID_POSTCODE,
        ),
        (
            {"contacts": (ContactValues(), ContactValues(name=""))},
            "contacts.1.name",
            "string_too_short",
        ),
    ],
)
def test_each_problem_is_named_at_its_own_groups_field(
    changes: dict[str, object], field: str, code: str
) -> None:
    result = build_employer(FILLED.with_(**changes), None, NOW)
    assert result.employer is None
    assert result.errors[field].code == code


@given(typed=st.text(max_size=30).map(lambda text: f"QX{text}"))
def test_no_error_repeats_what_was_typed(typed: str) -> None:
    """``QX``: a marker no code or limit contains, so any trace of the input would show."""
    values = FILLED.with_(
        kvk=typed,
        kind=typed,
        sites=(SiteValues(name=typed * 10, address=AddressText(typed, typed)),),
        contacts=(ContactValues(name=typed * 10, role=typed, email=typed * 10),),
    )
    result = build_employer(values, None, NOW)
    assert result.employer is None
    assert {"kvk", "kind", "sites.0.house_number", "contacts.0.role"} <= set(result.errors)
    assert "QX" not in repr(result.errors)
