"""Referral suggestions: rules 1-6 of docs/domain.md, evidence, merging, custom tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.errors import DomainError, ErrorCode, RulesError
from fieldapp.domain.referral import Referral, Status, StatusChange
from fieldapp.domain.rules import (
    DEFAULT_RULES,
    ClientFacts,
    RuleTable,
    Suggestion,
    SuggestionKind,
    suggest,
)
from fieldapp.domain.signals import SignalCatalogue, SignalObservation, Stage
from fieldapp.domain.targets import ADVICE_ONLY, Target, Urgency
from fieldapp.domain.wellbeing import WellbeingCheck
from tests.domain.strategies import CODES
from tests.factories import (
    CLIENT_ID,
    FIXED_NOW,
    build_check,
    build_referral,
    build_signal,
)

CATALOGUE = SignalCatalogue.default()


def days_ago(days: float) -> datetime:
    return FIXED_NOW - timedelta(days=days)


def run(
    *,
    signals: Sequence[SignalObservation] = (),
    checks: Sequence[WellbeingCheck] = (),
    referrals: Sequence[Referral] = (),
    income: bool = False,
    new_starter: bool = False,
    table: RuleTable | None = None,
    catalogue: SignalCatalogue | None = None,
) -> list[Suggestion]:
    facts = ClientFacts(
        client_id=CLIENT_ID,
        income_up_to_120pct_minimum=income,
        new_starter_after_benefit=new_starter,
        signals=signals,
        checks=checks,
        referrals=referrals,
    )
    return suggest(facts, FIXED_NOW, table, catalogue)


def by_target(suggestions: Sequence[Suggestion]) -> dict[Target, Suggestion]:
    found = {suggestion.target: suggestion for suggestion in suggestions}
    assert len(found) == len(suggestions), "one suggestion per target"
    return found


def rule_ids(suggestion: Suggestion) -> list[str]:
    return [reason.rule_id for reason in suggestion.reasons]


def codes_of(stage: Stage) -> list[str]:
    return [definition.code for definition in CATALOGUE.by_stage(stage)]


# --- rule 1: crisis --------------------------------------------------------------------------


@pytest.mark.parametrize("code", codes_of(Stage.CRISIS))
def test_r1_any_crisis_signal_suggests_crisis_referrals_and_a_same_day_hand_over(
    code: str,
) -> None:
    signal = build_signal(code)
    suggestions = run(signals=[signal])

    assert [(s.kind, s.target, s.urgency) for s in suggestions] == [
        (SuggestionKind.REFERRAL, Target.SCHULDHULP, Urgency.CRISIS),
        (SuggestionKind.REFERRAL, Target.BUURTTEAM, Urgency.CRISIS),
        (SuggestionKind.ADVICE, Target.CRISIS_LINE, Urgency.CRISIS),
    ]
    assert suggestions[2].advice_keys == ["advice.same_day_phone_handover"]
    for suggestion in suggestions:
        assert rule_ids(suggestion) == ["R1-crisis"]
        assert suggestion.reasons[0].reason_key == "rule.crisis_signal"
        assert suggestion.reasons[0].evidence == (signal.id,)


def test_r1_crisis_suggestions_come_before_everything_else() -> None:
    signals = [build_signal("A01"), build_signal("B01"), build_signal("E02")]
    suggestions = run(signals=signals, income=True)

    urgencies = [s.urgency for s in suggestions]
    assert urgencies[:3] == [Urgency.CRISIS] * 3
    assert Urgency.REGULAR in urgencies
    assert urgencies == sorted(urgencies, key=lambda u: u is not Urgency.CRISIS)
    assert [s.target for s in suggestions[:3]] == [
        Target.SCHULDHULP,
        Target.BUURTTEAM,
        Target.CRISIS_LINE,
    ]
    regular = [s for s in suggestions if s.urgency is Urgency.REGULAR]
    kinds = [s.kind for s in regular]
    assert kinds == sorted(kinds, key=lambda k: k is not SuggestionKind.REFERRAL)


# --- rule 2: formal signals and fixed-cost arrears ------------------------------------------


@pytest.mark.parametrize("code", [*codes_of(Stage.FORMAL), "D01", "D03", "D04", "D05"])
def test_r2_formal_signal_or_fixed_cost_arrears_suggest_a_regular_schuldhulp_referral(
    code: str,
) -> None:
    signal = build_signal(code)
    (suggestion,) = run(signals=[signal])

    assert suggestion.kind is SuggestionKind.REFERRAL
    assert suggestion.target is Target.SCHULDHULP
    assert suggestion.urgency is Urgency.REGULAR
    assert rule_ids(suggestion) == ["R2-formal-or-fixed-arrears"]
    assert suggestion.reasons[0].evidence == (signal.id,)
    assert suggestion.update_referral_id is None


@pytest.mark.parametrize(
    "code", [c for c in codes_of(Stage.ARREARS) if c not in {"D01", "D03", "D04", "D05"}]
)
def test_r2_other_arrears_alone_suggest_nothing(code: str) -> None:
    assert run(signals=[build_signal(code)]) == []


def test_r2_evidence_lists_every_signal_that_made_it_true() -> None:
    formal, rent, telecom = build_signal("C01"), build_signal("D01"), build_signal("D11")
    (suggestion,) = run(signals=[formal, rent, telecom])
    assert set(suggestion.reasons[0].evidence) == {formal.id, rent.id}


# --- rule 3: early signals or worries -------------------------------------------------------

R3_TARGETS = {
    Target.MONEY_CONVERSATION,
    Target.SELF_HELP,
    Target.REGULATIONS_CHECK,
    Target.BUURTTEAM,
}


def test_r3_two_early_signals_within_60_days_suggest_a_money_conversation() -> None:
    first, second = build_signal("A03", observed_at=days_ago(59)), build_signal("B01")
    found = by_target(run(signals=[first, second]))

    assert set(found) == R3_TARGETS
    assert found[Target.MONEY_CONVERSATION].kind is SuggestionKind.ADVICE
    assert found[Target.MONEY_CONVERSATION].advice_keys == ["advice.money_conversation"]
    assert found[Target.SELF_HELP].kind is SuggestionKind.ADVICE
    assert found[Target.SELF_HELP].advice_keys == ["advice.self_help"]
    assert found[Target.REGULATIONS_CHECK].kind is SuggestionKind.REFERRAL
    assert found[Target.BUURTTEAM].kind is SuggestionKind.REFERRAL
    assert found[Target.BUURTTEAM].optional is True
    assert not found[Target.REGULATIONS_CHECK].optional
    for suggestion in found.values():
        assert rule_ids(suggestion) == ["R3-early-signals"]
        assert set(suggestion.reasons[0].evidence) == {first.id, second.id}
        assert suggestion.urgency is Urgency.REGULAR


def test_r3_two_early_signals_70_days_apart_suggest_nothing() -> None:
    signals = [build_signal("A01", observed_at=days_ago(70)), build_signal("A01")]
    assert run(signals=signals) == []


def test_r3_a_single_early_signal_suggests_nothing() -> None:
    assert run(signals=[build_signal("A05")]) == []


def test_r3_window_is_60_days_inclusive() -> None:
    inside = [build_signal("A01", observed_at=days_ago(60)), build_signal("B07")]
    outside = [
        build_signal("A01", observed_at=days_ago(60) - timedelta(seconds=1)),
        build_signal("B07"),
    ]
    assert by_target(run(signals=inside)).keys() == R3_TARGETS
    assert run(signals=outside) == []


def test_r3_the_client_saying_they_worry_is_enough() -> None:
    worry = build_signal("G01", client_words="Ik lig er wakker van")
    found = by_target(run(signals=[worry]))
    assert set(found) == R3_TARGETS
    assert found[Target.SELF_HELP].reasons[0].evidence == (worry.id,)


# --- rule 4: income and new starters --------------------------------------------------------


@pytest.mark.parametrize(("income", "new_starter"), [(True, False), (False, True), (True, True)])
def test_r4_client_flags_suggest_a_regulations_check(income: bool, new_starter: bool) -> None:
    (suggestion,) = run(income=income, new_starter=new_starter)
    assert suggestion.target is Target.REGULATIONS_CHECK
    assert suggestion.kind is SuggestionKind.REFERRAL
    assert suggestion.urgency is Urgency.REGULAR
    assert rule_ids(suggestion) == ["R4-low-income"]
    assert suggestion.reasons[0].evidence == ()


def test_r4_starting_work_after_a_benefit_signal_suggests_a_regulations_check() -> None:
    signal = build_signal("F06", observed_at=days_ago(200))
    (suggestion,) = run(signals=[signal])
    assert suggestion.target is Target.REGULATIONS_CHECK
    assert suggestion.reasons[0].evidence == (signal.id,)


def test_r4_a_year_old_new_start_no_longer_counts() -> None:
    assert run(signals=[build_signal("F06", observed_at=days_ago(366))]) == []


@pytest.mark.parametrize("code", [c for c in codes_of(Stage.LIFE_EVENT) if c != "F06"])
def test_other_life_events_alone_suggest_nothing(code: str) -> None:
    assert run(signals=[build_signal(code)]) == []


# --- rule 5: wellbeing ----------------------------------------------------------------------


def test_r5_poor_wellbeing_suggests_gp_or_company_doctor() -> None:
    check = build_check(12)
    found = by_target(run(checks=[check]))

    assert set(found) == {Target.GP, Target.COMPANY_DOCTOR}
    for suggestion in found.values():
        assert suggestion.kind is SuggestionKind.ADVICE
        assert suggestion.advice_keys == ["advice.gp_or_company_doctor"]
        assert rule_ids(suggestion) == ["R5a-wellbeing-poor"]
        assert suggestion.reasons[0].evidence == (check.id,)
        assert suggestion.update_referral_id is None


def test_r5_a_drop_of_ten_points_suggests_gp_even_when_the_score_is_adequate() -> None:
    before = build_check(20, taken_at=days_ago(40))
    after = build_check(17)  # 80% -> 68%: a drop of 12 points, still adequate
    found = by_target(run(checks=[after, before]))
    assert set(found) == {Target.GP, Target.COMPANY_DOCTOR}
    assert found[Target.GP].reasons[0].evidence == (after.id,)
    assert run(checks=[after]) == []


def test_a_drop_exactly_at_the_threshold_counts() -> None:
    table = RuleTable.model_validate(
        {
            "version": "drop-12",
            "rules": [
                {
                    "id": "ORG-drop",
                    "reason_key": "rule.org_drop",
                    "any_of": [{"kind": "wellbeing", "drop_at_least_pct": 12}],
                    "suggest": [{"target": "company_doctor"}],
                }
            ],
        }
    )
    before = build_check(20, taken_at=days_ago(40))
    (suggestion,) = run(checks=[before, build_check(17)], table=table)
    assert suggestion.target is Target.COMPANY_DOCTOR
    assert run(checks=[before, build_check(18)], table=table) == []


def test_r5_a_drop_of_eight_points_is_not_meaningful() -> None:
    checks = [build_check(20, taken_at=days_ago(40)), build_check(18)]
    assert run(checks=checks) == []


def test_r5_very_low_wellbeing_adds_strong_gp_advice_and_crisis_line_info() -> None:
    check = build_check(7)
    found = by_target(run(checks=[check]))

    assert set(found) == {Target.GP, Target.COMPANY_DOCTOR, Target.CRISIS_LINE}
    assert found[Target.GP].advice_keys == ["advice.gp_or_company_doctor", "advice.gp_strong"]
    assert rule_ids(found[Target.GP]) == ["R5a-wellbeing-poor", "R5b-wellbeing-very-low"]
    assert found[Target.CRISIS_LINE].advice_keys == ["advice.crisis_line_info"]
    assert found[Target.CRISIS_LINE].urgency is Urgency.REGULAR
    assert rule_ids(found[Target.COMPANY_DOCTOR]) == ["R5a-wellbeing-poor"]


def test_r5_raw_8_is_poor_but_not_very_low() -> None:
    found = by_target(run(checks=[build_check(8)]))
    assert set(found) == {Target.GP, Target.COMPANY_DOCTOR}


def test_r5_adequate_wellbeing_without_a_drop_suggests_nothing() -> None:
    checks = [build_check(13, taken_at=days_ago(30)), build_check(13)]
    assert run(checks=checks) == []


def test_r5_only_the_latest_check_counts() -> None:
    checks = [build_check(3, taken_at=days_ago(30)), build_check(20)]
    assert run(checks=checks) == []


def test_r5_a_check_older_than_90_days_counts_no_more() -> None:
    assert run(checks=[build_check(3, taken_at=days_ago(91))]) == []


def test_r5_a_check_dated_in_the_future_is_ignored() -> None:
    checks = [build_check(20, taken_at=days_ago(5)), build_check(3, taken_at=days_ago(-1))]
    assert run(checks=checks) == []


# --- windows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "age_days"),
    [("E01", 91), ("C01", 91), ("D01", 120), ("G01", 61), ("E01", -1), ("C02", -0.01)],
    ids=["crisis-old", "formal-old", "rent-old", "worry-old", "crisis-future", "formal-future"],
)
def test_signals_outside_the_window_or_in_the_future_do_not_count(
    code: str, age_days: float
) -> None:
    assert run(signals=[build_signal(code, observed_at=days_ago(age_days))]) == []


def test_a_signal_at_exactly_now_counts() -> None:
    assert run(signals=[build_signal("E01", observed_at=FIXED_NOW)]) != []


def test_signals_unknown_to_the_catalogue_are_ignored() -> None:
    assert run(signals=[build_signal("E99"), build_signal("C77")]) == []


# --- merging ---------------------------------------------------------------------------------


def test_same_target_from_two_rules_is_one_suggestion_with_both_reasons_and_crisis_wins() -> None:
    crisis, garnishment = build_signal("E01"), build_signal("C01")
    found = by_target(run(signals=[garnishment, crisis]))

    schuldhulp = found[Target.SCHULDHULP]
    assert schuldhulp.urgency is Urgency.CRISIS
    assert rule_ids(schuldhulp) == ["R1-crisis", "R2-formal-or-fixed-arrears"]
    assert [r.evidence for r in schuldhulp.reasons] == [(crisis.id,), (garnishment.id,)]


def test_a_buurtteam_wanted_by_a_crisis_is_no_longer_optional() -> None:
    signals = [build_signal("E03"), build_signal("G01")]
    buurtteam = by_target(run(signals=signals))[Target.BUURTTEAM]
    assert buurtteam.optional is False
    assert buurtteam.urgency is Urgency.CRISIS
    assert rule_ids(buurtteam) == ["R1-crisis", "R3-early-signals"]


def test_regulations_check_from_early_signals_and_low_income_is_merged() -> None:
    signals = [build_signal("A01"), build_signal("A02")]
    check = by_target(run(signals=signals, income=True))[Target.REGULATIONS_CHECK]
    assert rule_ids(check) == ["R3-early-signals", "R4-low-income"]
    assert check.urgency is Urgency.REGULAR


def test_crisis_line_from_crisis_and_very_low_wellbeing_keeps_crisis_and_both_advices() -> None:
    found = by_target(run(signals=[build_signal("E01")], checks=[build_check(5)]))
    line = found[Target.CRISIS_LINE]
    assert line.urgency is Urgency.CRISIS
    assert line.advice_keys == ["advice.same_day_phone_handover", "advice.crisis_line_info"]
    assert rule_ids(line) == ["R1-crisis", "R5b-wellbeing-very-low"]


# --- rule 6: update an open referral instead of duplicating ---------------------------------


def referral_in(statuses: Sequence[Status], *, created: datetime, **overrides: Any) -> Referral:
    history = tuple(
        StatusChange(status=status, at=created + timedelta(hours=index))
        for index, status in enumerate([Status.DRAFT, *statuses])
    )
    return build_referral(history=history, **overrides)


def test_r6_an_open_referral_to_the_same_target_within_90_days_is_updated() -> None:
    existing = referral_in([Status.QUEUED, Status.SENT], created=days_ago(89))
    (suggestion,) = run(signals=[build_signal("C01")], referrals=[existing])
    assert suggestion.target is Target.SCHULDHULP
    assert suggestion.update_referral_id == existing.id


def test_r6_window_is_90_days_inclusive() -> None:
    existing = referral_in([Status.QUEUED], created=days_ago(90))
    (suggestion,) = run(signals=[build_signal("C01")], referrals=[existing])
    assert suggestion.update_referral_id == existing.id


def test_r6_picks_the_most_recent_open_referral() -> None:
    older = referral_in([Status.AWAITING_CONSENT], created=days_ago(50))
    newer = referral_in([], created=days_ago(10))
    (suggestion,) = run(signals=[build_signal("C01")], referrals=[newer, older])
    assert suggestion.update_referral_id == newer.id


@pytest.mark.parametrize(
    ("statuses", "age_days"),
    [
        ([Status.QUEUED, Status.SENT], 91),
        ([Status.QUEUED, Status.SENT, Status.DELIVERED, Status.ACCEPTED], 10),
        ([Status.QUEUED, Status.WITHDRAWN], 10),
        ([Status.QUEUED, Status.SENT, Status.DELIVERED, Status.RESOLVED_WITH_ADVICE], 10),
    ],
    ids=["older-than-90-days", "accepted", "withdrawn", "resolved"],
)
def test_r6_old_or_closed_referrals_are_not_updated(statuses: list[Status], age_days: int) -> None:
    existing = referral_in(statuses, created=days_ago(age_days))
    (suggestion,) = run(signals=[build_signal("C01")], referrals=[existing])
    assert suggestion.update_referral_id is None


def test_r6_only_looks_at_the_same_target() -> None:
    other = referral_in([], created=days_ago(5), target=Target.BUURTTEAM)
    (suggestion,) = run(signals=[build_signal("C01")], referrals=[other])
    assert suggestion.target is Target.SCHULDHULP
    assert suggestion.update_referral_id is None


def test_r6_never_applies_to_advice() -> None:
    existing = referral_in([], created=days_ago(5), target=Target.REGULATIONS_CHECK)
    found = by_target(run(signals=[build_signal("G01")], referrals=[existing]))
    assert found[Target.REGULATIONS_CHECK].update_referral_id == existing.id
    assert found[Target.SELF_HELP].update_referral_id is None
    assert found[Target.MONEY_CONVERSATION].update_referral_id is None


# --- properties over random facts -----------------------------------------------------------

KNOWN_RULES = {rule.id for rule in DEFAULT_RULES.rules}


@st.composite
def random_facts(draw: st.DrawFn) -> tuple[list[SignalObservation], list[WellbeingCheck]]:
    ages = st.floats(-30, 400, allow_nan=False)
    signals = [
        build_signal(code, observed_at=days_ago(age))
        for code, age in draw(st.lists(st.tuples(st.sampled_from(CODES), ages), max_size=8))
    ]
    checks = [
        build_check(raw, taken_at=days_ago(age))
        for raw, age in draw(st.lists(st.tuples(st.integers(0, 25), ages), max_size=3))
    ]
    return signals, checks


@settings(deadline=None, max_examples=150)
@given(random_facts(), st.booleans(), st.booleans())
def test_every_suggestion_is_explained_by_evidence_inside_its_window(
    facts: tuple[list[SignalObservation], list[WellbeingCheck]], income: bool, starter: bool
) -> None:
    signals, checks = facts
    suggestions = run(signals=signals, checks=checks, income=income, new_starter=starter)

    usable = {s.id for s in signals if days_ago(365) <= s.observed_at <= FIXED_NOW}
    usable |= {c.id for c in checks if days_ago(90) <= c.taken_at <= FIXED_NOW}
    by_target(suggestions)  # one per target
    for suggestion in suggestions:
        assert suggestion.reasons
        assert (suggestion.kind is SuggestionKind.ADVICE) == (suggestion.target in ADVICE_ONLY)
        for reason in suggestion.reasons:
            assert reason.rule_id in KNOWN_RULES
            assert set(reason.evidence) <= usable
            if not reason.evidence:
                assert reason.rule_id == "R4-low-income" and (income or starter)
    crisis_first = [s.urgency is Urgency.CRISIS for s in suggestions]
    assert crisis_first == sorted(crisis_first, reverse=True)


@settings(deadline=None, max_examples=75)
@given(random_facts(), st.lists(st.sampled_from(CODES), max_size=5), st.integers(0, 25))
def test_future_signals_and_checks_change_nothing(
    facts: tuple[list[SignalObservation], list[WellbeingCheck]], codes: list[str], raw: int
) -> None:
    signals, checks = facts
    future_signals = [build_signal(code, observed_at=days_ago(-2)) for code in codes]
    future_check = build_check(raw, taken_at=days_ago(-1))
    assert run(signals=signals, checks=checks) == run(
        signals=[*signals, *future_signals], checks=[*checks, future_check]
    )


# --- an organisation's own table ------------------------------------------------------------

ORG_TABLE: dict[str, Any] = {
    "version": "gemeente-voorbeeld-2027-1",
    "dedupe_window_days": 30,
    "rules": [
        {
            "id": "ORG-telecom",
            "reason_key": "rule.org_telecom_arrears",
            "any_of": [{"kind": "signals", "codes": ["D11"], "within_days": 30}],
            "suggest": [{"target": "sociaal_raadslieden"}, {"target": "schuldhulp"}],
        },
        {
            "id": "ORG-crisis",
            "reason_key": "rule.org_crisis",
            "any_of": [{"kind": "signals", "stages": ["E"], "within_days": 7}],
            "suggest": [{"target": "volunteers", "urgency": "crisis"}],
        },
    ],
}


def test_an_organisations_table_from_json_changes_what_is_suggested() -> None:
    table = RuleTable.from_json(json.dumps(ORG_TABLE))
    telecom = build_signal("D11")

    assert run(signals=[telecom]) == []
    found = by_target(run(signals=[telecom], table=table))
    assert set(found) == {Target.SOCIAAL_RAADSLIEDEN, Target.SCHULDHULP}
    assert rule_ids(found[Target.SCHULDHULP]) == ["ORG-telecom"]
    assert found[Target.SCHULDHULP].reasons[0].evidence == (telecom.id,)

    crisis = build_signal("E01", observed_at=days_ago(3))
    (volunteers,) = run(signals=[crisis], table=table)
    assert (volunteers.target, volunteers.urgency) == (Target.VOLUNTEERS, Urgency.CRISIS)
    assert run(signals=[build_signal("E01", observed_at=days_ago(8))], table=table) == []


def test_an_organisations_dedupe_window_is_used() -> None:
    table = RuleTable.from_json(json.dumps(ORG_TABLE))
    existing = referral_in([Status.QUEUED], created=days_ago(45))
    signals = [build_signal("D11")]

    default = by_target(run(signals=[build_signal("C01")], referrals=[existing]))
    assert default[Target.SCHULDHULP].update_referral_id == existing.id
    custom = by_target(run(signals=signals, referrals=[existing], table=table))
    assert custom[Target.SCHULDHULP].update_referral_id is None


def test_merging_upgrades_urgency_and_drops_optional_whatever_the_rule_order() -> None:
    table = RuleTable.model_validate(
        {
            "version": "volgorde",
            "rules": [
                {
                    "id": "ORG-early",
                    "reason_key": "rule.org_early",
                    "any_of": [{"kind": "signals", "stages": ["A"]}],
                    "suggest": [{"target": "buurtteam", "optional": True}],
                },
                {
                    "id": "ORG-late",
                    "reason_key": "rule.org_late",
                    "any_of": [{"kind": "signals", "stages": ["E"]}],
                    "suggest": [{"target": "buurtteam", "urgency": "crisis"}],
                },
            ],
        }
    )
    early, crisis = build_signal("A01"), build_signal("E01")
    (only_early,) = run(signals=[early], table=table)
    assert (only_early.urgency, only_early.optional) == (Urgency.REGULAR, True)

    (merged,) = run(signals=[early, crisis], table=table)
    assert merged.target is Target.BUURTTEAM
    assert merged.urgency is Urgency.CRISIS
    assert merged.optional is False
    assert rule_ids(merged) == ["ORG-early", "ORG-late"]


def test_an_empty_table_suggests_nothing() -> None:
    table = RuleTable.from_json('{"version": "leeg", "rules": []}')
    assert run(signals=[build_signal("E01")], income=True, table=table) == []


def _invalid_tables() -> list[str]:
    rule = ORG_TABLE["rules"][0]
    return [
        "",
        "not json at all",
        "[]",
        '{"version": "x"}',
        json.dumps({**ORG_TABLE, "dedupe_window_days": -1}),
        json.dumps({**ORG_TABLE, "owner": "extra field"}),
        json.dumps({**ORG_TABLE, "rules": [{**rule, "any_of": []}]}),
        json.dumps({**ORG_TABLE, "rules": [{**rule, "suggest": []}]}),
        json.dumps({**ORG_TABLE, "rules": [{**rule, "any_of": [{"kind": "horoscope"}]}]}),
        json.dumps({**ORG_TABLE, "rules": [{**rule, "suggest": [{"target": "bank"}]}]}),
        json.dumps(
            {**ORG_TABLE, "rules": [{**rule, "any_of": [{"kind": "signals", "min_count": 0}]}]}
        ),
        json.dumps(
            {
                **ORG_TABLE,
                "rules": [{**rule, "any_of": [{"kind": "client_flag", "flag": "owns_a_car"}]}],
            }
        ),
    ]


@pytest.mark.parametrize("text", _invalid_tables())
def test_an_invalid_table_raises_rules_invalid(text: str) -> None:
    with pytest.raises(RulesError) as caught:
        RuleTable.from_json(text)
    assert isinstance(caught.value, DomainError)
    assert caught.value.code is ErrorCode.RULES_INVALID
    assert caught.value.params["errors"] >= 1
