"""Referral suggestions from a client's signals and wellbeing, driven by a rule table.

The table is data (:class:`RuleTable`, loadable from JSON), so an organisation can change its
rules without a release. The default is rules 1-5 of docs/domain.md; rule 6 (an open
referral to the same target within 90 days is updated, not duplicated) is the table's
``dedupe_window_days``. A suggestion is never an automatic send: the jobcoach confirms it, and
every suggestion carries its reasons with the evidence that triggered it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, ValidationError

from fieldapp.domain.base import DomainModel
from fieldapp.domain.errors import ErrorCode, RulesError
from fieldapp.domain.referral import KEY_PATTERN, Reason, Referral
from fieldapp.domain.signals import SignalCatalogue, SignalObservation, Stage
from fieldapp.domain.targets import ADVICE_ONLY, Target, Urgency
from fieldapp.domain.wellbeing import WellbeingCheck


class SignalsCondition(DomainModel):
    """At least ``min_count`` matching signals within ``within_days`` before now."""

    kind: Literal["signals"] = "signals"
    stages: tuple[Stage, ...] = ()
    codes: tuple[str, ...] = ()
    fixed_cost_arrears: bool = False
    min_count: int = Field(default=1, ge=1)
    within_days: int = Field(default=90, ge=1)


class ClientFlagCondition(DomainModel):
    kind: Literal["client_flag"] = "client_flag"
    flag: Literal["income_up_to_120pct_minimum", "new_starter_after_benefit"]


class WellbeingCondition(DomainModel):
    """On the latest WHO-5 check: raw below / at most a value, or a drop in points."""

    kind: Literal["wellbeing"] = "wellbeing"
    raw_below: int | None = None
    raw_at_most: int | None = None
    drop_at_least_pct: int | None = None
    within_days: int = Field(default=90, ge=1)


Condition = Annotated[
    SignalsCondition | ClientFlagCondition | WellbeingCondition, Field(discriminator="kind")
]


class SuggestionKind(StrEnum):
    REFERRAL = "referral"
    ADVICE = "advice"


class SuggestionSpec(DomainModel):
    target: Target
    urgency: Urgency = Urgency.REGULAR
    advice_key: str = ""
    """For advice: the translation key of what to advise (e.g. same-day phone hand-over)."""
    optional: bool = False
    """Offered only if the client wants it (e.g. a buurtteam for personal help)."""


class Rule(DomainModel):
    id: str = Field(min_length=1, max_length=40, pattern=KEY_PATTERN)
    reason_key: str = Field(max_length=80, pattern=KEY_PATTERN)
    any_of: tuple[Condition, ...] = Field(min_length=1)
    suggest: tuple[SuggestionSpec, ...] = Field(min_length=1)


class RuleTable(DomainModel):
    version: str
    rules: tuple[Rule, ...]
    dedupe_window_days: int = Field(default=90, ge=0)

    @classmethod
    def from_json(cls, text: str) -> RuleTable:
        try:
            return cls.model_validate_json(text)
        except ValidationError as error:
            raise RulesError(ErrorCode.RULES_INVALID, errors=error.error_count()) from None


@dataclass(frozen=True)
class ClientFacts:
    """What the rules may look at for one client."""

    client_id: UUID
    income_up_to_120pct_minimum: bool = False
    new_starter_after_benefit: bool = False
    signals: Sequence[SignalObservation] = ()
    checks: Sequence[WellbeingCheck] = ()
    referrals: Sequence[Referral] = ()


@dataclass
class Suggestion:
    kind: SuggestionKind
    target: Target
    urgency: Urgency
    reasons: list[Reason] = field(default_factory=list)
    advice_keys: list[str] = field(default_factory=list)
    optional: bool = False
    update_referral_id: UUID | None = None
    """Rule 6: set when an open referral to this target exists; update it, don't duplicate."""


def _matching_signals(
    condition: SignalsCondition, facts: ClientFacts, catalogue: SignalCatalogue, now: datetime
) -> list[SignalObservation]:
    since = now - timedelta(days=condition.within_days)
    hits = []
    for signal in facts.signals:
        if not since <= signal.observed_at <= now or signal.code not in catalogue:
            continue
        definition = catalogue.get(signal.code)
        if (
            definition.stage in condition.stages
            or signal.code in condition.codes
            or (condition.fixed_cost_arrears and definition.fixed_cost)
        ):
            hits.append(signal)
    return hits


def _evidence(
    condition: Condition, facts: ClientFacts, catalogue: SignalCatalogue, now: datetime
) -> tuple[UUID, ...] | None:
    """The ids that make ``condition`` true (possibly empty), or None when it is false."""
    if isinstance(condition, SignalsCondition):
        hits = _matching_signals(condition, facts, catalogue, now)
        return tuple(s.id for s in hits) if len(hits) >= condition.min_count else None
    if isinstance(condition, ClientFlagCondition):
        return () if getattr(facts, condition.flag) else None
    recent = sorted(
        (c for c in facts.checks if c.taken_at <= now), key=lambda check: check.taken_at
    )
    if not recent or recent[-1].taken_at < now - timedelta(days=condition.within_days):
        return None
    latest = recent[-1]
    previous = recent[-2] if len(recent) > 1 else None
    triggered = (
        (condition.raw_below is not None and latest.raw < condition.raw_below)
        or (condition.raw_at_most is not None and latest.raw <= condition.raw_at_most)
        or (
            condition.drop_at_least_pct is not None
            and previous is not None
            and previous.percentage - latest.percentage >= condition.drop_at_least_pct
        )
    )
    return (latest.id,) if triggered else None


def _open_referral_to(
    target: Target, facts: ClientFacts, now: datetime, window_days: int
) -> Referral | None:
    since = now - timedelta(days=window_days)
    candidates = [
        r for r in facts.referrals if r.target is target and r.is_open() and r.created_at >= since
    ]
    return max(candidates, key=lambda r: r.created_at, default=None)


def suggest(
    facts: ClientFacts,
    now: datetime,
    table: RuleTable | None = None,
    catalogue: SignalCatalogue | None = None,
) -> list[Suggestion]:
    """Evaluate ``table`` for one client at ``now``; one suggestion per (kind, target).

    When several rules suggest the same target, the reasons are merged and the most urgent
    urgency wins. Order: crisis first, then referrals before advice, then the table's order.
    """
    table = table or DEFAULT_RULES
    catalogue = catalogue or SignalCatalogue.default()
    merged: dict[tuple[SuggestionKind, Target], Suggestion] = {}
    order: list[tuple[SuggestionKind, Target]] = []
    for rule in table.rules:
        evidence = _first_true(rule.any_of, facts, catalogue, now)
        if evidence is None:
            continue
        reason = Reason(rule_id=rule.id, reason_key=rule.reason_key, evidence=evidence)
        for spec in rule.suggest:
            kind = SuggestionKind.ADVICE if spec.target in ADVICE_ONLY else SuggestionKind.REFERRAL
            key = (kind, spec.target)
            if key not in merged:
                merged[key] = Suggestion(
                    kind=kind, target=spec.target, urgency=spec.urgency, optional=spec.optional
                )
                order.append(key)
            current = merged[key]
            current.reasons.append(reason)
            if spec.advice_key and spec.advice_key not in current.advice_keys:
                current.advice_keys.append(spec.advice_key)
            if spec.urgency is Urgency.CRISIS:
                current.urgency = Urgency.CRISIS
            current.optional = current.optional and spec.optional
    for key in order:
        suggestion = merged[key]
        if suggestion.kind is SuggestionKind.REFERRAL:
            existing = _open_referral_to(suggestion.target, facts, now, table.dedupe_window_days)
            suggestion.update_referral_id = existing.id if existing else None
    return sorted(
        (merged[key] for key in order),
        key=lambda s: (
            s.urgency is not Urgency.CRISIS,
            s.kind is not SuggestionKind.REFERRAL,
            order.index((s.kind, s.target)),
        ),
    )


def _first_true(
    conditions: Iterable[Condition],
    facts: ClientFacts,
    catalogue: SignalCatalogue,
    now: datetime,
) -> tuple[UUID, ...] | None:
    found: tuple[UUID, ...] | None = None
    for condition in conditions:
        evidence = _evidence(condition, facts, catalogue, now)
        if evidence is not None:
            found = (found or ()) + evidence
    return found


DEFAULT_RULES = RuleTable.model_validate(
    {
        "version": "veldwerk-default-2026-11",
        "dedupe_window_days": 90,
        "rules": [
            {
                "id": "R1-crisis",
                "reason_key": "rule.crisis_signal",
                "any_of": [{"kind": "signals", "stages": ["E"]}],
                "suggest": [
                    {"target": "schuldhulp", "urgency": "crisis"},
                    {"target": "buurtteam", "urgency": "crisis"},
                    {
                        "target": "crisis_line",
                        "urgency": "crisis",
                        "advice_key": "advice.same_day_phone_handover",
                    },
                ],
            },
            {
                "id": "R2-formal-or-fixed-arrears",
                "reason_key": "rule.formal_or_fixed_arrears",
                "any_of": [
                    {"kind": "signals", "stages": ["C"]},
                    {"kind": "signals", "fixed_cost_arrears": True},
                ],
                "suggest": [{"target": "schuldhulp", "urgency": "regular"}],
            },
            {
                "id": "R3-early-signals",
                "reason_key": "rule.early_signals_or_worries",
                "any_of": [
                    {"kind": "signals", "stages": ["A", "B"], "min_count": 2, "within_days": 60},
                    {"kind": "signals", "codes": ["G01", "G02"], "within_days": 60},
                ],
                "suggest": [
                    {"target": "money_conversation", "advice_key": "advice.money_conversation"},
                    {"target": "self_help", "advice_key": "advice.self_help"},
                    {"target": "regulations_check"},
                    {"target": "buurtteam", "optional": True},
                ],
            },
            {
                "id": "R4-low-income",
                "reason_key": "rule.low_income_or_new_starter",
                "any_of": [
                    {"kind": "client_flag", "flag": "income_up_to_120pct_minimum"},
                    {"kind": "client_flag", "flag": "new_starter_after_benefit"},
                    {"kind": "signals", "codes": ["F06"], "within_days": 365},
                ],
                "suggest": [{"target": "regulations_check"}],
            },
            {
                "id": "R5a-wellbeing-poor",
                "reason_key": "rule.wellbeing_poor_or_drop",
                "any_of": [
                    {"kind": "wellbeing", "raw_below": 13},
                    {"kind": "wellbeing", "drop_at_least_pct": 10},
                ],
                "suggest": [
                    {"target": "gp", "advice_key": "advice.gp_or_company_doctor"},
                    {"target": "company_doctor", "advice_key": "advice.gp_or_company_doctor"},
                ],
            },
            {
                "id": "R5b-wellbeing-very-low",
                "reason_key": "rule.wellbeing_very_low",
                "any_of": [{"kind": "wellbeing", "raw_at_most": 7}],
                "suggest": [
                    {"target": "gp", "advice_key": "advice.gp_strong"},
                    {"target": "crisis_line", "advice_key": "advice.crisis_line_info"},
                ],
            },
        ],
    }
)
