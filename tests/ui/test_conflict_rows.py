"""The conflict screen's rows: translated field names and both values as readable text."""

from __future__ import annotations

import pytest

from fieldapp.domain.conflicts import differences
from fieldapp.domain.employer import EmployerKind
from fieldapp.ui.conflict_rows import EMPTY, conflict_rows
from tests.factories import build_client, build_employer

pytestmark = pytest.mark.usefixtures("english")


def test_rows_name_the_field_and_show_both_values() -> None:
    mine = build_client(phone="06-11111111", easy_language=True)
    theirs = mine.model_copy(
        update={"version": 2, "phone": "", "easy_language": False, "given_name": "Susanne"}
    )
    rows = {row.name: row for row in conflict_rows(differences(mine, theirs))}
    assert set(rows) == {"given_name", "phone", "easy_language"}
    assert (rows["phone"].mine, rows["phone"].theirs) == ("06-11111111", EMPTY)
    assert (rows["easy_language"].mine, rows["easy_language"].theirs) == ("Yes", "No")
    assert rows["given_name"].label != "given_name"  # a translated label, not the field name


def test_an_employers_sites_and_contacts_read_as_words_without_ids() -> None:
    mine = build_employer()
    supporter = mine.contacts[0]
    theirs = mine.model_copy(
        update={
            "version": 2,
            "kind": EmployerKind.SOCIALE_FIRMA,
            "contacts": (supporter.model_copy(update={"phone": "020-1234567"}),),
        }
    )
    rows = {row.name: row for row in conflict_rows(differences(mine, theirs))}
    assert set(rows) == {"kind", "contacts"}
    assert (rows["kind"].label, rows["kind"].mine, rows["kind"].theirs) == (
        "Kind",
        "Regular employer",
        "Sociale firma",
    )
    assert rows["contacts"].label == "Contact people"
    assert rows["contacts"].mine == "Ans de Wit, In-company supporter"
    assert rows["contacts"].theirs == "Ans de Wit, In-company supporter, 020-1234567"
    assert str(supporter.id) not in rows["contacts"].mine
