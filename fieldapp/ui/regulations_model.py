"""The regulations check's answers while a person gives them, free of Flet: which choice is
picked for each question, the income bands for the household, and the answers once enough is
known to show results."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from fieldapp.domain.regulations import AgeGroup, Answers, Household, RegulationsTable
from fieldapp.i18n import Translator, format_whole_euros
from fieldapp.i18n.regulation_texts import (
    INCOME_ABOVE,
    INCOME_BETWEEN,
    INCOME_UNSAID,
    INCOME_UP_TO,
)

UNSAID = "unsaid"
"""The income choice of a person who does not know or would rather not say."""


@dataclass(frozen=True)
class Choices:
    household: Household | None = None
    age: AgeGroup | None = None
    income: str | None = None
    """The index of an income band (as text), or :data:`UNSAID`."""
    rents: bool | None = None
    little_savings: bool | None = None
    long_low_income: bool | None = None

    def picked(
        self,
        *,
        household: Household | None = None,
        age: AgeGroup | None = None,
        income: str | None = None,
        rents: bool | None = None,
        little_savings: bool | None = None,
        long_low_income: bool | None = None,
    ) -> Choices:
        """These choices with one more picked; a new household or age changes the income
        bands, so the income question is asked again."""
        given = {
            "household": household,
            "age": age,
            "income": income,
            "rents": rents,
            "little_savings": little_savings,
            "long_low_income": long_low_income,
        }
        changes: dict[str, object] = {
            name: value for name, value in given.items() if value is not None
        }
        moved = any(
            name in changes and changes[name] != getattr(self, name)
            for name in ("household", "age")
        )
        if moved and "income" not in changes:
            changes["income"] = None
        return replace(self, **changes)  # type: ignore[arg-type]

    def answers(self, table: RegulationsTable) -> Answers | None:
        """The answers to check, once household, age and income are chosen (an unanswered
        yes-or-no question counts as no)."""
        if self.household is None or self.age is None or self.income is None:
            return None
        return Answers(
            household=self.household,
            age=self.age,
            monthly_income=_band_income(table, self.household, self.age, self.income),
            rents=bool(self.rents),
            little_savings=bool(self.little_savings),
            long_low_income=bool(self.long_low_income),
        )


def _band_income(
    table: RegulationsTable, household: Household, age: AgeGroup, income: str
) -> int | None:
    """The highest income in the chosen band: a band's upper limit, or a cent above the
    highest limit for "more than"."""
    if income == UNSAID:
        return None
    limits = table.income_bands(household, age)
    band = int(income)
    return limits[band] if band < len(limits) else limits[-1] + 1


def income_options(
    table: RegulationsTable, household: Household, age: AgeGroup, t: Translator
) -> list[tuple[str, str]]:
    """(choice, text) for each income band of this household, lowest first, then "rather not
    say"; amounts in whole euros in the person's language."""
    limits = table.income_bands(household, age)
    euros = [format_whole_euros(limit, translator=t) for limit in limits]
    texts = [t.gettext(INCOME_UP_TO).format(amount=euros[0])]
    texts += [t.gettext(INCOME_BETWEEN).format(low=low, high=high) for low, high in pairwise(euros)]
    texts.append(t.gettext(INCOME_ABOVE).format(amount=euros[-1]))
    return [(str(band), text) for band, text in enumerate(texts)] + [
        (UNSAID, t.gettext(INCOME_UNSAID))
    ]
