"""The regulations check ("Pak je kans"): which income regulations a person may be able to get,
from a few answers they give on the spot.

The check is an indication, never a decision: the municipality and the national benefits office
decide on an application. Its figures (the social minimum for each household and the income
limit of each regulation, as a percentage of it) are data in a :class:`RegulationsTable`, which
a municipality keeps up to date; the rules here only compare. Nothing a person answers is kept.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from fieldapp.domain.base import DomainModel


class Household(StrEnum):
    ALONE = "alone"
    ALONE_WITH_CHILDREN = "alone_with_children"
    PARTNER = "partner"
    PARTNER_WITH_CHILDREN = "partner_with_children"

    @property
    def has_children(self) -> bool:
        return self in (Household.ALONE_WITH_CHILDREN, Household.PARTNER_WITH_CHILDREN)

    @property
    def has_partner(self) -> bool:
        return self in (Household.PARTNER, Household.PARTNER_WITH_CHILDREN)


class AgeGroup(StrEnum):
    UNDER_21 = "under_21"
    WORKING_AGE = "working_age"
    """From 21 up to the state pension (AOW) age."""
    PENSION_AGE = "pension_age"


class Regulation(StrEnum):
    STADSPAS = "stadspas"
    CHILDREN_SCHEMES = "children_schemes"
    HEALTH_INSURANCE = "health_insurance"
    INCOME_SUPPLEMENT = "income_supplement"
    TAX_REMISSION = "tax_remission"
    RENT_BENEFIT = "rent_benefit"
    CARE_BENEFIT = "care_benefit"
    CHILD_BUDGET = "child_budget"


class Provider(StrEnum):
    MUNICIPALITY = "municipality"
    NATIONAL = "national"
    """Dienst Toeslagen: rent, care and child benefits."""


class Norm(DomainModel):
    """The net social minimum a month, in cents, for one age group."""

    alone: int = Field(gt=0)
    with_partner: int = Field(gt=0)


class RegulationRule(DomainModel):
    regulation: Regulation
    provider: Provider
    income_limit_percent: int = Field(gt=0, le=1000)
    """The household's net income may be at most this percentage of its social minimum."""
    needs_children: bool = False
    needs_rent: bool = False
    needs_little_savings: bool = False
    needs_long_low_income: bool = False
    """A low income for three years or more (the individual income supplement)."""
    ages: frozenset[AgeGroup] = frozenset(AgeGroup)


class RegulationsTable(DomainModel):
    area: str = Field(min_length=1, max_length=80)
    valid_from: date
    indicative: bool = True
    """True while nobody at the municipality has confirmed these figures."""
    norms: dict[AgeGroup, Norm]
    rules: tuple[RegulationRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> RegulationsTable:
        if set(self.norms) != set(AgeGroup):
            raise ValueError("the table needs a social minimum for every age group")
        if len({rule.regulation for rule in self.rules}) != len(self.rules):
            raise ValueError("each regulation has one rule")
        return self

    def social_minimum(self, household: Household, age: AgeGroup) -> int:
        norm = self.norms[age]
        return norm.with_partner if household.has_partner else norm.alone

    def income_limit(self, rule: RegulationRule, household: Household, age: AgeGroup) -> int:
        return self.social_minimum(household, age) * rule.income_limit_percent // 100

    def income_bands(self, household: Household, age: AgeGroup) -> tuple[int, ...]:
        """The distinct income limits that matter for this household, lowest first: the
        answer to "what is your income" is one of these bands, never an exact amount."""
        return tuple(sorted({self.income_limit(rule, household, age) for rule in self.rules}))


class Answers(DomainModel):
    household: Household
    age: AgeGroup
    monthly_income: int | None = Field(default=None, ge=0)
    """Net household income a month in cents (a band's upper limit); None: rather not say."""
    rents: bool = False
    little_savings: bool = False
    long_low_income: bool = False


def _circumstances_fit(rule: RegulationRule, answers: Answers) -> bool:
    return (
        answers.age in rule.ages
        and (answers.household.has_children or not rule.needs_children)
        and (answers.rents or not rule.needs_rent)
        and (answers.little_savings or not rule.needs_little_savings)
        and (answers.long_low_income or not rule.needs_long_low_income)
    )


def check(answers: Answers, table: RegulationsTable) -> tuple[RegulationRule, ...]:
    """The regulations worth applying for, in the table's order. Without an income answer,
    every regulation the circumstances fit: whether it applies then depends on the income."""
    return tuple(
        rule
        for rule in table.rules
        if _circumstances_fit(rule, answers)
        and (
            answers.monthly_income is None
            or answers.monthly_income <= table.income_limit(rule, answers.household, answers.age)
        )
    )


AMSTERDAM = RegulationsTable(
    area="Amsterdam",
    valid_from=date(2025, 7, 1),
    indicative=True,
    norms={
        AgeGroup.UNDER_21: Norm(alone=32777, with_partner=65554),
        AgeGroup.WORKING_AGE: Norm(alone=140150, with_partner=200214),
        AgeGroup.PENSION_AGE: Norm(alone=155641, with_partner=210904),
    },
    rules=(
        RegulationRule(
            regulation=Regulation.STADSPAS, provider=Provider.MUNICIPALITY, income_limit_percent=150
        ),
        RegulationRule(
            regulation=Regulation.CHILDREN_SCHEMES,
            provider=Provider.MUNICIPALITY,
            income_limit_percent=150,
            needs_children=True,
        ),
        RegulationRule(
            regulation=Regulation.HEALTH_INSURANCE,
            provider=Provider.MUNICIPALITY,
            income_limit_percent=200,
        ),
        RegulationRule(
            regulation=Regulation.INCOME_SUPPLEMENT,
            provider=Provider.MUNICIPALITY,
            income_limit_percent=120,
            needs_long_low_income=True,
            ages=frozenset({AgeGroup.WORKING_AGE}),
        ),
        RegulationRule(
            regulation=Regulation.TAX_REMISSION,
            provider=Provider.MUNICIPALITY,
            income_limit_percent=100,
            needs_little_savings=True,
        ),
        RegulationRule(
            regulation=Regulation.RENT_BENEFIT,
            provider=Provider.NATIONAL,
            income_limit_percent=150,
            needs_rent=True,
        ),
        RegulationRule(
            regulation=Regulation.CARE_BENEFIT,
            provider=Provider.NATIONAL,
            income_limit_percent=200,
        ),
        RegulationRule(
            regulation=Regulation.CHILD_BUDGET,
            provider=Provider.NATIONAL,
            income_limit_percent=200,
            needs_children=True,
        ),
    ),
)
"""Indicative figures: the net social minimum of July 2025 and income limits as Amsterdam's
minima regulations put them; a municipality confirms or replaces them (``indicative=False``)."""
