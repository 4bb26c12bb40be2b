"""The regulations check's answers while a person gives them: income bands as choices, the
income question asked again when the household changes, and the answers handed to the check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.regulations import AMSTERDAM, AgeGroup, Household, check
from fieldapp.i18n import Translator
from fieldapp.ui.regulations_model import UNSAID, Choices, income_options

ENGLISH = Translator("en")


def test_income_choices_are_the_bands_then_rather_not_say() -> None:
    options = income_options(AMSTERDAM, Household.ALONE, AgeGroup.WORKING_AGE, ENGLISH)
    assert [text for _, text in options] == [
        "Up to €1,401",
        "From €1,401 to €1,681",
        "From €1,681 to €2,102",
        "From €2,102 to €2,803",
        "More than €2,803",
        "I don't know, or I'd rather not say",
    ]
    assert [choice for choice, _ in options] == ["0", "1", "2", "3", "4", UNSAID]


def test_income_choices_are_in_the_persons_language() -> None:
    options = income_options(AMSTERDAM, Household.ALONE, AgeGroup.WORKING_AGE, Translator("tr"))
    assert options[0][1] == "En fazla €1.401"
    assert options[-1][1] == "Bilmiyorum veya söylemek istemiyorum"


def test_no_answers_until_household_age_and_income_are_chosen() -> None:
    choices = Choices().picked(household=Household.ALONE, rents=True)
    assert choices.answers(AMSTERDAM) is None
    assert choices.picked(age=AgeGroup.WORKING_AGE).answers(AMSTERDAM) is None
    full = choices.picked(age=AgeGroup.WORKING_AGE, income="0")
    answers = full.answers(AMSTERDAM)
    assert answers is not None
    assert answers.rents and not answers.little_savings and not answers.long_low_income


def test_a_new_household_asks_the_income_again() -> None:
    chosen = Choices().picked(household=Household.ALONE, age=AgeGroup.WORKING_AGE, income="2")
    assert chosen.picked(household=Household.ALONE).income == "2"
    assert chosen.picked(household=Household.PARTNER).income is None
    assert chosen.picked(age=AgeGroup.PENSION_AGE).income is None
    assert chosen.picked(rents=False).income == "2"


def test_no_is_an_answer_too() -> None:
    chosen = Choices().picked(rents=True).picked(rents=False)
    assert chosen.rents is False


@given(
    household=st.sampled_from(Household),
    age=st.sampled_from(AgeGroup),
    band=st.integers(min_value=0, max_value=20),
)
def test_a_band_finds_exactly_what_every_income_in_it_would(
    household: Household, age: AgeGroup, band: int
) -> None:
    """A band stands for its highest income; the lowest income in the band finds the same."""
    limits = AMSTERDAM.income_bands(household, age)
    band %= len(limits) + 1
    choices = Choices(household=household, age=age, income=str(band), rents=True)
    answers = choices.answers(AMSTERDAM)
    assert answers is not None
    lowest = 0 if band == 0 else limits[band - 1] + 1
    at_lowest = answers.model_copy(update={"monthly_income": lowest})
    assert check(answers, AMSTERDAM) == check(at_lowest, AMSTERDAM)


def test_rather_not_say_leaves_the_income_open() -> None:
    choices = Choices(household=Household.ALONE, age=AgeGroup.UNDER_21, income=UNSAID)
    answers = choices.answers(AMSTERDAM)
    assert answers is not None and answers.monthly_income is None


@pytest.mark.parametrize("household", list(Household))
def test_above_the_highest_band_finds_nothing_income_bound(household: Household) -> None:
    bands = AMSTERDAM.income_bands(household, AgeGroup.WORKING_AGE)
    choices = Choices(household=household, age=AgeGroup.WORKING_AGE, income=str(len(bands)))
    answers = choices.answers(AMSTERDAM)
    assert answers is not None
    assert check(answers, AMSTERDAM) == ()
