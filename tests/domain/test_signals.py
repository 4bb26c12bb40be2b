"""The signal catalogue as docs/domain.md lists it, and an organisation's own catalogue."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import ValidationError

from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.referral import Reason
from fieldapp.domain.rules import ClientFacts, suggest
from fieldapp.domain.signals import (
    DEFAULT_DEFINITIONS,
    SignalCatalogue,
    SignalDefinition,
    Stage,
)
from fieldapp.domain.targets import Target
from tests.factories import CLIENT_ID, FIXED_NOW, build_signal

COUNTS = {"A": 8, "B": 7, "C": 4, "D": 13, "E": 6, "F": 7, "G": 3}


def test_default_catalogue_has_every_stage_with_the_briefs_counts() -> None:
    catalogue = SignalCatalogue.default()
    assert Counter(d.stage.value for d in catalogue) == COUNTS
    for stage in Stage:
        assert len(catalogue.by_stage(stage)) == COUNTS[stage.value]


def test_codes_are_unique_and_numbered_within_their_stage() -> None:
    codes = [d.code for d in DEFAULT_DEFINITIONS]
    assert len(codes) == len(set(codes)) == sum(COUNTS.values())
    for definition in DEFAULT_DEFINITIONS:
        assert definition.code[0] == definition.stage.value
    for stage, count in COUNTS.items():
        stage_codes = sorted(c for c in codes if c.startswith(stage))
        assert stage_codes == [f"{stage}{n:02d}" for n in range(1, count + 1)]


def test_label_keys_are_unique_translation_keys() -> None:
    keys = [d.label_key for d in DEFAULT_DEFINITIONS]
    assert len(keys) == len(set(keys))
    for definition in DEFAULT_DEFINITIONS:
        assert definition.label_key.startswith(f"signal.{definition.stage.value}.")


def test_only_rent_energy_water_and_health_insurance_are_fixed_costs() -> None:
    fixed = {d.code: d.label_key for d in DEFAULT_DEFINITIONS if d.fixed_cost}
    assert fixed == {
        "D01": "signal.D.rent",
        "D03": "signal.D.energy",
        "D04": "signal.D.water",
        "D05": "signal.D.health_insurance",
    }


def test_fraud_or_theft_is_deliberately_not_a_signal() -> None:
    for definition in DEFAULT_DEFINITIONS:
        assert "fraud" not in definition.label_key
        assert "theft" not in definition.label_key


def test_unknown_code_raises_a_domain_error() -> None:
    catalogue = SignalCatalogue.default()
    assert "Z01" not in catalogue
    with pytest.raises(DomainError) as caught:
        catalogue.get("Z01")
    assert caught.value.code is ErrorCode.UNKNOWN_SIGNAL
    assert caught.value.params == {"signal_code": "Z01"}
    assert catalogue.get("E01").stage is Stage.CRISIS


ORG_DEFINITIONS: list[dict[str, object]] = [
    {"code": "A01", "stage": "A", "label_key": "signal.A.short_absence"},
    {"code": "D01", "stage": "D", "label_key": "signal.D.rent", "fixed_cost": True},
    {"code": "D14", "stage": "D", "label_key": "signal.D.childcare", "fixed_cost": True},
]


def test_an_organisations_catalogue_from_plain_data() -> None:
    catalogue = SignalCatalogue.from_definitions(ORG_DEFINITIONS)
    assert [d.code for d in catalogue] == ["A01", "D01", "D14"]
    assert catalogue.get("D14") == SignalDefinition(
        code="D14", stage=Stage.ARREARS, label_key="signal.D.childcare", fixed_cost=True
    )
    assert "E01" not in catalogue
    with pytest.raises(DomainError) as caught:
        catalogue.get("E01")
    assert caught.value.code is ErrorCode.UNKNOWN_SIGNAL


def test_rules_use_the_organisations_catalogue() -> None:
    childcare = build_signal("D14")
    facts = ClientFacts(client_id=CLIENT_ID, signals=[childcare])
    assert suggest(facts, FIXED_NOW) == []
    (suggestion,) = suggest(
        facts, FIXED_NOW, catalogue=SignalCatalogue.from_definitions(ORG_DEFINITIONS)
    )
    assert suggestion.target is Target.SCHULDHULP
    assert suggestion.reasons == [
        Reason(
            rule_id="R2-formal-or-fixed-arrears",
            reason_key="rule.formal_or_fixed_arrears",
            evidence=(childcare.id,),
        )
    ]


@pytest.mark.parametrize(
    "definition",
    [
        {"code": "d14", "stage": "D", "label_key": "x"},
        {"code": "D1", "stage": "D", "label_key": "x"},
        {"code": "D14", "stage": "H", "label_key": "x"},
        {"code": "D14", "stage": "D"},
        {"code": "D14", "stage": "D", "label_key": "x", "colour": "red"},
    ],
)
def test_an_invalid_definition_is_refused(definition: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SignalCatalogue.from_definitions([definition])


def test_an_observation_knows_its_stage() -> None:
    assert build_signal("C02").stage() is Stage.FORMAL
    with pytest.raises(ValidationError):
        build_signal("C2")
