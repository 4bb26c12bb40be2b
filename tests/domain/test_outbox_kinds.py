"""Which records name a client: every kind but the organisation's own (the employer register,
outreach events, visit requests), on the device's pending changes as on the wire."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from fieldapp.domain.outbox import ORG_KINDS, EntityKind, Operation, PendingChange
from fieldapp.wire import Change
from tests.factories import FIXED_NOW


def _fields(kind: EntityKind, client_id: uuid.UUID | None) -> dict[str, object]:
    return {
        "change_id": uuid.uuid4(),
        "entity": kind,
        "entity_id": uuid.uuid4(),
        "client_id": client_id,
        "operation": Operation.UPSERT,
        "entity_version": 1,
        "base_version": 0,
    }


@pytest.mark.parametrize("kind", list(EntityKind))
def test_a_change_names_a_client_exactly_when_its_kind_has_one(kind: EntityKind) -> None:
    fits, misfits = (None, uuid.uuid4()) if kind in ORG_KINDS else (uuid.uuid4(), None)
    PendingChange.model_validate({**_fields(kind, fits), "created_at": FIXED_NOW})
    Change.model_validate(_fields(kind, fits))
    with pytest.raises(ValidationError):
        PendingChange.model_validate({**_fields(kind, misfits), "created_at": FIXED_NOW})
    with pytest.raises(ValidationError):
        Change.model_validate(_fields(kind, misfits))


def test_the_organisations_records_are_the_register_events_and_requests() -> None:
    expected = {EntityKind.EMPLOYER, EntityKind.OUTREACH_EVENT, EntityKind.VISIT_REQUEST}
    assert frozenset(expected) == ORG_KINDS
