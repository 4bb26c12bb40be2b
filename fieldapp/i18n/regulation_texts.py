"""What the regulations check ("Pak je kans") says to a person: its questions, their answers,
the regulations and where to apply. All of it is client-facing, so it is in every language."""

from __future__ import annotations

from fieldapp.domain.regulations import AgeGroup, Household, Provider, Regulation
from fieldapp.i18n.translator import N_

INTRODUCTION = N_(
    "A few questions about your situation show which schemes you may be able to get. "
    "Nothing you answer here is saved."
)
INDICATIVE = N_(
    "This is a first check, not a decision: the organisation that runs a scheme decides when "
    "you apply. The amounts are from {date} and may have changed."
)

HOUSEHOLD_QUESTION = N_("Who lives in your home?")
HOUSEHOLDS: dict[Household, str] = {
    Household.ALONE: N_("Only me"),
    Household.ALONE_WITH_CHILDREN: N_("Me and my children"),
    Household.PARTNER: N_("Me and my partner"),
    Household.PARTNER_WITH_CHILDREN: N_("Me, my partner and our children"),
}

AGE_QUESTION = N_("How old are you?")
AGES: dict[AgeGroup, str] = {
    AgeGroup.UNDER_21: N_("Younger than 21"),
    AgeGroup.WORKING_AGE: N_("21 or older, but not yet state pension (AOW) age"),
    AgeGroup.PENSION_AGE: N_("State pension (AOW) age or older"),
}

INCOME_QUESTION = N_("How much money comes into your home each month, after tax?")
INCOME_UP_TO = N_("Up to {amount}")
INCOME_BETWEEN = N_("From {low} to {high}")
INCOME_ABOVE = N_("More than {amount}")
INCOME_UNSAID = N_("I don't know, or I'd rather not say")

RENT_QUESTION = N_("Do you rent your home?")
SAVINGS_QUESTION = N_("Do you have little or no savings?")
LONG_LOW_INCOME_QUESTION = N_("Has your income been this low for three years or more?")
YES = N_("Yes")
NO = N_("No")

RESULTS_HEADING = N_("You may be able to get:")
NOTHING_FOUND = N_(
    "With these answers, none of these schemes fits. Ask us anyway: there may be other help."
)
DEPENDS_ON_INCOME = N_("Whether you can get these depends on your income.")

REGULATIONS: dict[Regulation, str] = {
    Regulation.STADSPAS: N_("Stadspas: discounts and free activities in the city"),
    Regulation.CHILDREN_SCHEMES: N_(
        "Schemes for children: money for school costs, sports, a computer and clothes"
    ),
    Regulation.HEALTH_INSURANCE: N_(
        "The municipality's health insurance: extra cover at a lower premium"
    ),
    Regulation.INCOME_SUPPLEMENT: N_(
        "Individual income supplement: extra money once a year after a long time on a low income"
    ),
    Regulation.TAX_REMISSION: N_(
        "Remission of municipal taxes: you do not have to pay waste and sewage charges"
    ),
    Regulation.RENT_BENEFIT: N_("Rent benefit: help with paying the rent"),
    Regulation.CARE_BENEFIT: N_("Care benefit: help with paying for health insurance"),
    Regulation.CHILD_BUDGET: N_("Child budget: extra money for the costs of children"),
}

PROVIDERS: dict[Provider, str] = {
    Provider.MUNICIPALITY: N_("Apply at the municipality"),
    Provider.NATIONAL: N_("Apply at the national benefits office (Dienst Toeslagen)"),
}

REGULATION_CHECK_TEXTS: tuple[str, ...] = (
    INTRODUCTION,
    INDICATIVE,
    HOUSEHOLD_QUESTION,
    *HOUSEHOLDS.values(),
    AGE_QUESTION,
    *AGES.values(),
    INCOME_QUESTION,
    INCOME_UP_TO,
    INCOME_BETWEEN,
    INCOME_ABOVE,
    INCOME_UNSAID,
    RENT_QUESTION,
    SAVINGS_QUESTION,
    LONG_LOW_INCOME_QUESTION,
    YES,
    NO,
    RESULTS_HEADING,
    NOTHING_FOUND,
    DEPENDS_ON_INCOME,
    *REGULATIONS.values(),
    *PROVIDERS.values(),
)
"""Every string of the check, for the client-facing list the catalog tests hold to."""
