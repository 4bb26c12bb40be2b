"""The damage screen's words: what happened, what it held, and what each choice does."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from fieldapp.domain.store_errors import Damage, DamageKind, PreviousCopy
from fieldapp.ui.damage_model import client_of, damage_row

MISSING = Damage(
    DamageKind.SEGMENT_MISSING,
    "client:1",
    "abc",
    "p/abc/000002.vws",
    ("referral", "visit"),
    2,
    expected_generation=4,
)


@pytest.mark.usefixtures("english")
def test_a_missing_part_says_what_it_held_and_that_going_on_loses_it() -> None:
    row = damage_row(MISSING)
    assert row.what == "Part of a file on this device is missing."
    assert row.whose == "It belongs to a client's file."
    assert row.held == ("It held: Referral, Visit. 2 changes had not been sent to the server yet.")
    assert row.restore_label is None  # no earlier copy: nothing to offer
    assert "loses what it held" in row.go_on_effect


@pytest.mark.usefixtures("english")
def test_an_earlier_copy_is_offered_with_what_it_brings_back() -> None:
    damage = dataclasses.replace(MISSING, previous=PreviousCopy(3, ("visit",), 1))
    row = damage_row(damage)
    assert row.restore_label == "Put back the earlier copy"
    assert row.restore_effect.startswith(
        "The earlier copy holds: Visit. 1 change had not been sent to the server yet."
    )
    assert row.restore_effect.endswith("What was saved in this part after that copy stays lost.")


@pytest.mark.usefixtures("english")
def test_the_apps_own_data_and_a_missing_list_are_told_apart() -> None:
    own = damage_row(Damage(DamageKind.PARTITION_MISSING, "device:settings", "d", "p/d", (), 0))
    assert own.whose.startswith("It belongs to the app's own data")
    assert own.held.endswith("No unsent changes were in it.")
    listing = damage_row(Damage(DamageKind.MANIFEST_MISSING, "", "", "m/partitions.vwm", (), 0))
    assert listing.held == ""
    assert "as they are now" in listing.go_on_effect


@pytest.mark.usefixtures("english")
def test_a_clients_file_is_named_when_the_caseload_knew_the_name() -> None:
    assert damage_row(MISSING, "Fatima El Amrani").whose == (
        "It belongs to the file of Fatima El Amrani."
    )
    client_id = uuid.uuid4()
    assert client_of(dataclasses.replace(MISSING, partition=f"client:{client_id}")) == client_id
    assert client_of(dataclasses.replace(MISSING, partition="device:settings")) is None
    assert client_of(MISSING) is None  # "client:1" is no client id
