"""Every model survives JSON and plain-dict round-trips unchanged (what storage and sync do)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from fieldapp.domain.rules import DEFAULT_RULES, RuleTable
from fieldapp.domain.signals import DEFAULT_DEFINITIONS, SignalDefinition
from tests.domain import strategies as models

STRATEGIES: dict[str, st.SearchStrategy[BaseModel]] = {
    "client": models.clients(),
    "address": models.addresses(),
    "visit": models.visits(),
    "goal": models.goals(),
    "wellbeing_check": models.wellbeing_checks(),
    "signal_observation": models.signal_observations(),
    "signal_definition": models.signal_definitions(),
    "consent": models.consents(),
    "payload": models.payloads(with_amounts=True),
    "referral": models.referrals(),
    "pending_change": models.pending_changes(),
    "rule_table": models.rule_tables(),
}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_json_round_trip(name: str, data: st.DataObject) -> None:
    model = data.draw(STRATEGIES[name])
    cls = type(model)
    text = model.model_dump_json()
    restored = cls.model_validate_json(text)
    assert restored == model
    assert restored.model_dump_json() == text


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_json_mode_dict_round_trip(name: str, data: st.DataObject) -> None:
    model = data.draw(STRATEGIES[name])
    cls = type(model)
    plain = model.model_dump(mode="json")
    restored = cls.model_validate(plain)
    assert restored == model
    assert restored.model_dump(mode="json") == plain


def test_default_rule_table_round_trips_through_from_json() -> None:
    restored = RuleTable.from_json(DEFAULT_RULES.model_dump_json())
    assert restored == DEFAULT_RULES


def test_default_signal_definitions_round_trip() -> None:
    for definition in DEFAULT_DEFINITIONS:
        assert SignalDefinition.model_validate_json(definition.model_dump_json()) == definition
