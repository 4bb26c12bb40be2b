"""Field-by-field merging of two versions of one record."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import Client
from fieldapp.domain.conflicts import differences, merge
from fieldapp.domain.errors import DomainError
from tests.domain import strategies as models
from tests.factories import build_client


@given(mine=models.clients(), theirs=models.clients(), data=st.data())
def test_each_field_comes_from_the_side_the_user_chose(
    mine: Client, theirs: Client, data: st.DataObject
) -> None:
    theirs = theirs.model_copy(update={"id": mine.id})
    names = [d.name for d in differences(mine, theirs)]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True) if names else st.just([]))
    merged = merge(mine, theirs, chosen)
    assert merged.version == theirs.version + 1
    for name in names:
        expected = getattr(theirs, name) if name in chosen else getattr(mine, name)
        assert getattr(merged, name) == expected
    if set(chosen) == set(names):
        assert differences(merged, theirs) == []  # took everything: the server's version


def test_only_fields_that_differ_are_shown() -> None:
    mine = build_client(phone="06-1")
    theirs = mine.model_copy(update={"version": 2, "notes": "nieuw"})
    assert [(d.name, d.mine, d.theirs) for d in differences(mine, theirs)] == [
        ("notes", "", "nieuw")
    ]


def test_two_different_records_are_not_a_conflict() -> None:
    with pytest.raises(DomainError):
        differences(build_client(), build_client(id=uuid.uuid4()))
    with pytest.raises(DomainError):
        merge(build_client(), build_client(), ["no_such_field"])
