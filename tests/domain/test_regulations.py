"""The regulations check: which schemes a person's answers point to, and the table's figures."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.regulations import (
    AMSTERDAM,
    AgeGroup,
    Answers,
    Household,
    Norm,
    Provider,
    Regulation,
    RegulationRule,
    RegulationsTable,
    check,
)

INCOMES = st.integers(min_value=0, max_value=1_000_000)
answers_without_income = st.builds(
    Answers,
    household=st.sampled_from(Household),
    age=st.sampled_from(AgeGroup),
    monthly_income=st.none(),
    rents=st.booleans(),
    little_savings=st.booleans(),
    long_low_income=st.booleans(),
)


def found(answers: Answers) -> set[Regulation]:
    return {rule.regulation for rule in check(answers, AMSTERDAM)}


def with_income(answers: Answers, cents: int | None) -> Answers:
    return answers.model_copy(update={"monthly_income": cents})


@given(answers_without_income, INCOMES, INCOMES)
def test_a_lower_income_never_finds_fewer_schemes(answers: Answers, one: int, other: int) -> None:
    low, high = sorted((one, other))
    assert found(with_income(answers, high)) <= found(with_income(answers, low))


@given(answers_without_income, INCOMES)
def test_not_saying_the_income_shows_every_scheme_any_income_could_get(
    answers: Answers, cents: int
) -> None:
    assert found(with_income(answers, cents)) <= found(answers)
    assert found(answers) == found(with_income(answers, 0))


@given(answers_without_income, INCOMES)
def test_schemes_for_children_only_for_households_with_children(
    answers: Answers, cents: int
) -> None:
    regulations = found(with_income(answers, cents))
    if not answers.household.has_children:
        assert not regulations & {Regulation.CHILDREN_SCHEMES, Regulation.CHILD_BUDGET}


@given(answers_without_income)
def test_rent_benefit_only_for_tenants_and_remission_only_without_savings(
    answers: Answers,
) -> None:
    regulations = found(answers)
    assert (Regulation.RENT_BENEFIT in regulations) == answers.rents
    assert (Regulation.TAX_REMISSION in regulations) == answers.little_savings


@given(answers_without_income)
def test_the_income_supplement_is_for_working_age_after_a_long_low_income(
    answers: Answers,
) -> None:
    expected = answers.age is AgeGroup.WORKING_AGE and answers.long_low_income
    assert (Regulation.INCOME_SUPPLEMENT in found(answers)) == expected


@pytest.mark.parametrize("household", list(Household))
@pytest.mark.parametrize("age", list(AgeGroup))
def test_an_income_exactly_at_a_limit_still_qualifies(household: Household, age: AgeGroup) -> None:
    person = Answers(household=household, age=age, rents=True, little_savings=True)
    for rule in check(person, AMSTERDAM):
        limit = AMSTERDAM.income_limit(rule, household, age)
        assert rule.regulation in found(with_income(person, limit))
        assert rule.regulation not in found(with_income(person, limit + 1))


def test_a_single_working_age_tenant_on_the_social_minimum() -> None:
    person = Answers(
        household=Household.ALONE,
        age=AgeGroup.WORKING_AGE,
        monthly_income=140150,
        rents=True,
        little_savings=True,
    )
    assert found(person) == {
        Regulation.STADSPAS,
        Regulation.HEALTH_INSURANCE,
        Regulation.TAX_REMISSION,
        Regulation.RENT_BENEFIT,
        Regulation.CARE_BENEFIT,
    }


def test_a_couple_with_children_just_above_one_and_a_half_times_the_minimum() -> None:
    person = Answers(
        household=Household.PARTNER_WITH_CHILDREN,
        age=AgeGroup.WORKING_AGE,
        monthly_income=200214 * 150 // 100 + 1,
        rents=True,
    )
    assert found(person) == {
        Regulation.HEALTH_INSURANCE,
        Regulation.CARE_BENEFIT,
        Regulation.CHILD_BUDGET,
    }


def test_results_keep_the_table_order() -> None:
    person = Answers(household=Household.PARTNER_WITH_CHILDREN, age=AgeGroup.WORKING_AGE)
    order = [rule.regulation for rule in AMSTERDAM.rules]
    shown = [rule.regulation for rule in check(person, AMSTERDAM)]
    assert shown == [regulation for regulation in order if regulation in shown]


def test_a_partner_counts_against_the_couples_minimum() -> None:
    assert AMSTERDAM.social_minimum(Household.PARTNER, AgeGroup.WORKING_AGE) == 200214
    assert AMSTERDAM.social_minimum(Household.ALONE_WITH_CHILDREN, AgeGroup.WORKING_AGE) == 140150


@pytest.mark.parametrize("household", list(Household))
@pytest.mark.parametrize("age", list(AgeGroup))
def test_income_bands_are_the_distinct_limits_in_order(household: Household, age: AgeGroup) -> None:
    bands = AMSTERDAM.income_bands(household, age)
    limits = {AMSTERDAM.income_limit(rule, household, age) for rule in AMSTERDAM.rules}
    assert bands == tuple(sorted(limits))
    assert len(bands) == len(set(bands))


def _table(**changes: object) -> RegulationsTable:
    fields: dict[str, object] = {
        "area": "Testdorp",
        "valid_from": date(2025, 7, 1),
        "norms": {age: Norm(alone=100000, with_partner=150000) for age in AgeGroup},
        "rules": (
            RegulationRule(
                regulation=Regulation.STADSPAS,
                provider=Provider.MUNICIPALITY,
                income_limit_percent=120,
            ),
        ),
    }
    fields.update(changes)
    return RegulationsTable.model_validate(fields)


def test_a_small_valid_table_is_accepted() -> None:
    table = _table()
    person = Answers(household=Household.ALONE, age=AgeGroup.UNDER_21, monthly_income=120000)
    assert [rule.regulation for rule in check(person, table)] == [Regulation.STADSPAS]


def test_a_table_without_a_minimum_for_every_age_is_refused() -> None:
    norms = {AgeGroup.WORKING_AGE: Norm(alone=100000, with_partner=150000)}
    with pytest.raises(ValidationError, match="every age group"):
        _table(norms=norms)


def test_a_table_with_two_rules_for_one_regulation_is_refused() -> None:
    rule = RegulationRule(
        regulation=Regulation.STADSPAS, provider=Provider.MUNICIPALITY, income_limit_percent=120
    )
    with pytest.raises(ValidationError, match="one rule"):
        _table(rules=(rule, rule))


@pytest.mark.parametrize("percent", [0, -5, 1001])
def test_an_impossible_income_limit_is_refused(percent: int) -> None:
    with pytest.raises(ValidationError):
        RegulationRule(
            regulation=Regulation.STADSPAS,
            provider=Provider.MUNICIPALITY,
            income_limit_percent=percent,
        )


def test_a_negative_income_is_refused() -> None:
    with pytest.raises(ValidationError):
        Answers(household=Household.ALONE, age=AgeGroup.WORKING_AGE, monthly_income=-1)


def test_the_amsterdam_figures_are_marked_indicative() -> None:
    assert AMSTERDAM.indicative
