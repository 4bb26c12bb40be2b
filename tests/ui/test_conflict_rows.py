"""The conflict screen's rows: translated field names and both values as readable text."""

from __future__ import annotations

import pytest

from fieldapp.domain.conflicts import differences
from fieldapp.ui.conflict_rows import EMPTY, conflict_rows
from tests.factories import build_client

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
