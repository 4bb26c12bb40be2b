"""The money-problem signal catalogue, kept as data, and a signal observed at a visit.

Codes are the product's own (see docs/domain.md): a letter for the stage and two digits.
An organisation can load its own catalogue with :meth:`SignalCatalogue.from_definitions`;
rules refer to stages and codes, never to labels. Labels are translation keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import DomainError, ErrorCode


class Stage(StrEnum):
    """Signal stages, early to late, plus what the client says and life events."""

    WORK_BEHAVIOUR = "A"
    PAYROLL_REQUEST = "B"
    FORMAL = "C"
    ARREARS = "D"
    CRISIS = "E"
    LIFE_EVENT = "F"
    OWN_WORDS = "G"


SEVERITY: tuple[Stage, ...] = (
    Stage.CRISIS,
    Stage.FORMAL,
    Stage.ARREARS,
    Stage.PAYROLL_REQUEST,
    Stage.WORK_BEHAVIOUR,
    Stage.OWN_WORDS,
    Stage.LIFE_EVENT,
)
"""Stages from most to least serious, for badges and sorting (life events are context)."""


def most_severe(stages: Iterable[Stage]) -> Stage | None:
    present = set(stages)
    return next((stage for stage in SEVERITY if stage in present), None)


class SignalSource(StrEnum):
    """Who noticed the signal."""

    OBSERVED_BY_JOBCOACH = "observed"
    REPORTED_BY_CLIENT = "client"
    REPORTED_BY_EMPLOYER = "employer"


class SignalDefinition(DomainModel):
    """One entry of the catalogue: a code, its stage and the key of its translated label."""

    code: str = Field(pattern=r"^[A-Z][0-9]{2}$")
    stage: Stage
    label_key: str
    fixed_cost: bool = False
    """For arrears: a fixed cost (rent, energy, water, health insurance) that rule 2 acts on."""


def _defs(
    stage: Stage, slugs: Iterable[str], fixed: frozenset[str] = frozenset()
) -> list[SignalDefinition]:
    return [
        SignalDefinition(
            code=f"{stage.value}{number:02d}",
            stage=stage,
            label_key=f"signal.{stage.value}.{slug}",
            fixed_cost=slug in fixed,
        )
        for number, slug in enumerate(slugs, start=1)
    ]


DEFAULT_DEFINITIONS: tuple[SignalDefinition, ...] = tuple(
    _defs(
        Stage.WORK_BEHAVIOUR,
        [
            "short_absence",
            "stress",
            "concentration",
            "productivity",
            "lateness_motivation",
            "appearance",
            "avoids_paid_social",
            "private_calls",
        ],
    )
    + _defs(
        Stage.PAYROLL_REQUEST,
        [
            "salary_advance",
            "holiday_pay_advance",
            "employer_loan",
            "borrows_colleagues",
            "extra_hours",
            "leave_paid_out",
            "asks_pay_date",
        ],
    )
    + _defs(
        Stage.FORMAL,
        ["wage_garnishment", "bailiff_inquiry", "cak_withholding", "bank_garnishment"],
    )
    + _defs(
        Stage.ARREARS,
        [
            "rent",
            "mortgage",
            "energy",
            "water",
            "health_insurance",
            "municipal_taxes",
            "duo",
            "tax_office",
            "benefit_clawback",
            "cak",
            "telecom",
            "credit_bnpl",
            "other",
        ],
        fixed=frozenset({"rent", "energy", "water", "health_insurance"}),
    )
    + _defs(
        Stage.CRISIS,
        [
            "eviction",
            "energy_cutoff",
            "water_cutoff",
            "insurance_terminated",
            "forced_sale",
            "bankruptcy_petition",
        ],
    )
    + _defs(
        Stage.LIFE_EVENT,
        [
            "separation",
            "moving_alone",
            "child_born",
            "partner_died",
            "income_drop",
            "started_work_after_benefit",
            "pension_redundancy_incapacity",
        ],
    )
    + _defs(Stage.OWN_WORDS, ["worries_money", "asks_help", "unopened_post"])
)


class SignalCatalogue:
    """Look-up of signal definitions by code; the default is the list in docs/domain.md."""

    def __init__(self, definitions: Iterable[SignalDefinition]) -> None:
        self._by_code: Mapping[str, SignalDefinition] = {d.code: d for d in definitions}

    @classmethod
    def default(cls) -> SignalCatalogue:
        return cls(DEFAULT_DEFINITIONS)

    @classmethod
    def from_definitions(cls, raw: Iterable[Mapping[str, object]]) -> SignalCatalogue:
        """Build an organisation's catalogue from plain data (e.g. parsed JSON)."""
        return cls(SignalDefinition.model_validate(item) for item in raw)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[SignalDefinition]:
        return iter(self._by_code.values())

    def get(self, code: str) -> SignalDefinition:
        try:
            return self._by_code[code]
        except KeyError:
            raise DomainError(ErrorCode.UNKNOWN_SIGNAL, signal_code=code) from None

    def by_stage(self, stage: Stage) -> list[SignalDefinition]:
        return [d for d in self._by_code.values() if d.stage is stage]


class SignalObservation(DomainModel):
    """A signal noticed at a visit, with who noticed it and, optionally, the client's words."""

    id: UUID
    client_id: UUID
    visit_id: UUID | None = None
    code: str = Field(pattern=r"^[A-Z][0-9]{2}$")
    observed_at: AwareDatetime
    source: SignalSource
    client_words: str = Field(default="", max_length=2000)
    version: int = Field(default=1, ge=1)

    def stage(self) -> Stage:
        return Stage(self.code[0])
