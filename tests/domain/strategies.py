"""Hypothesis strategies that build valid domain models, for round-trip and property tests.

Free text never holds a nine-digit run passing the eleven-test (filtered with
``contains_bsn``), so a generated model is never refused by the BSN guard. Datetimes carry
fixed UTC offsets: a named zone is stored as its offset anyway, and fixed offsets keep
equality exact (no folds or gaps).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from fieldapp.domain.bsn import contains_bsn
from fieldapp.domain.client import Address, Client, TargetGroup
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.outbox import ORG_KINDS, ChangeState, EntityKind, Operation, PendingChange
from fieldapp.domain.referral import (
    ALLOWED,
    Contact,
    Reason,
    Referral,
    ReferralPayload,
    Status,
    StatusChange,
)
from fieldapp.domain.rules import (
    ClientFlagCondition,
    Rule,
    RuleTable,
    SignalsCondition,
    SuggestionSpec,
    WellbeingCondition,
)
from fieldapp.domain.signals import (
    DEFAULT_DEFINITIONS,
    SignalDefinition,
    SignalObservation,
    SignalSource,
    Stage,
)
from fieldapp.domain.targets import ADVICE_ONLY, Target, Urgency
from fieldapp.domain.visit import Goal, GoalTime, Participant, ParticipantRole, Visit, VisitType
from fieldapp.domain.wellbeing import WellbeingCheck

OFFSETS = (
    UTC,
    timezone(timedelta(hours=1)),
    timezone(timedelta(hours=2)),
    timezone(timedelta(hours=-5)),
)

_TEXT_ALPHABET = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))

CODES = tuple(definition.code for definition in DEFAULT_DEFINITIONS)
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "ti", "nl-easy")
RECIPIENTS = ("schuldhulp:amsterdam", "buurtteam:oost-1", "raadslieden:west", "pakjekans")
REFERRAL_TARGETS = tuple(target for target in Target if target not in ADVICE_ONLY)


def free_text(max_size: int, *, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text a model accepts: no BSN-like number, not blank when a minimum length applies."""
    text = st.text(_TEXT_ALPHABET, min_size=min_size, max_size=max_size)
    if min_size:
        text = text.filter(lambda value: bool(value.strip()))
    return text.filter(lambda value: not contains_bsn(value))


def aware_datetimes(
    min_value: datetime = datetime(2000, 1, 1), max_value: datetime = datetime(2100, 1, 1)
) -> st.SearchStrategy[datetime]:
    return st.datetimes(min_value, max_value, timezones=st.sampled_from(OFFSETS))


def dates() -> st.SearchStrategy[date]:
    return st.dates(date(2000, 1, 1), date(2100, 1, 1))


@st.composite
def addresses(draw: st.DrawFn) -> Address:
    digits = draw(st.integers(1000, 9999))
    letters = draw(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=2, max_size=2)
    )
    space = draw(st.sampled_from(["", " "]))
    return Address(
        postcode=f"{digits}{space}{letters}",
        house_number=draw(st.integers(1, 99999)),
        house_number_addition=draw(free_text(8)),
        street=draw(free_text(120)),
        city=draw(free_text(80)),
    )


@st.composite
def clients(draw: st.DrawFn) -> Client:
    created = draw(aware_datetimes())
    return Client(
        id=draw(st.uuids()),
        given_name=draw(free_text(80, min_size=1)),
        family_name=draw(free_text(120)),
        phone=draw(free_text(32)),
        email=draw(free_text(254)),
        address=draw(st.none() | addresses()),
        preferred_language=draw(st.sampled_from(LANGUAGES)),
        easy_language=draw(st.booleans()),
        target_group=draw(st.sampled_from(TargetGroup)),
        income_up_to_120pct_minimum=draw(st.none() | st.booleans()),
        new_starter_after_benefit=draw(st.booleans()),
        participation_level=draw(st.none() | st.integers(1, 6)),
        notes=draw(free_text(4000)),
        jobcoach_id=draw(st.none() | st.uuids()),
        created_at=created,
        updated_at=draw(aware_datetimes(min_value=created.replace(tzinfo=None))),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def visits(draw: st.DrawFn) -> Visit:
    goal_times = draw(
        st.lists(st.builds(GoalTime, goal_id=st.uuids(), minutes=st.integers(1, 180)), max_size=4)
    )
    spent = sum(goal.minutes for goal in goal_times)
    return Visit(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        author_id=draw(st.none() | st.uuids()),
        type=draw(st.sampled_from(VisitType)),
        started_at=draw(aware_datetimes()),
        duration_minutes=draw(st.integers(max(spent, 1), 720)),
        participants=tuple(
            draw(
                st.lists(
                    st.builds(
                        Participant, role=st.sampled_from(ParticipantRole), name=free_text(120)
                    ),
                    max_size=3,
                )
            )
        ),
        goals=tuple(goal_times),
        notes_internal=draw(free_text(8000)),
        notes_for_funder=draw(free_text(4000)),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def goals(draw: st.DrawFn) -> Goal:
    start = draw(dates())
    return Goal(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        title=draw(free_text(200, min_size=1)),
        period_start=start,
        period_end=draw(st.dates(start, date(2100, 12, 31))),
        granted_hours=draw(st.decimals(Decimal(0), Decimal("99999.99"), places=2, allow_nan=False)),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def wellbeing_checks(draw: st.DrawFn) -> WellbeingCheck:
    return WellbeingCheck(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        visit_id=draw(st.none() | st.uuids()),
        taken_at=draw(aware_datetimes()),
        items=tuple(draw(st.lists(st.integers(0, 5), min_size=5, max_size=5))),
        instrument_version=draw(
            st.sampled_from(["who5/nl/registered", "who5/tr/unregistered-2026-11"])
        ),
        language=draw(st.sampled_from(LANGUAGES)),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def signal_observations(draw: st.DrawFn) -> SignalObservation:
    return SignalObservation(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        visit_id=draw(st.none() | st.uuids()),
        code=draw(st.sampled_from(CODES)),
        observed_at=draw(aware_datetimes()),
        source=draw(st.sampled_from(SignalSource)),
        client_words=draw(free_text(2000)),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def signal_definitions(draw: st.DrawFn) -> SignalDefinition:
    stage = draw(st.sampled_from(Stage))
    number = draw(st.integers(0, 99))
    return SignalDefinition(
        code=f"{stage.value}{number:02d}",
        stage=stage,
        label_key=f"signal.{stage.value}.custom_{number}",
        fixed_cost=draw(st.booleans()),
    )


@st.composite
def consents(draw: st.DrawFn) -> ConsentRecord:
    given = draw(aware_datetimes(max_value=datetime(2099, 1, 1)))
    # Offsets differ by up to a day, so a naive bound one day on is later in every zone.
    later = aware_datetimes(min_value=given.replace(tzinfo=None) + timedelta(days=1))
    return ConsentRecord(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        purpose=draw(st.sampled_from(Purpose)),
        recipient_id=draw(st.sampled_from(RECIPIENTS)),
        text_version=draw(st.sampled_from(["consent/referral/v1", "consent/who5/v2"])),
        language=draw(st.sampled_from(LANGUAGES)),
        given_at=given,
        expires_at=draw(st.none() | later),
        withdrawn_at=draw(st.none() | later),
        via_employer=draw(st.booleans()),
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def payloads(draw: st.DrawFn, *, with_amounts: bool = False) -> ReferralPayload:
    amounts = (
        draw(st.none() | st.dictionaries(st.sampled_from(CODES), st.integers(0, 10**9)))
        if with_amounts
        else None
    )
    return ReferralPayload(
        name=draw(free_text(200, min_size=1)),
        contact=Contact(
            phone=draw(free_text(32)), email=draw(free_text(254)), best_time=draw(free_text(120))
        ),
        language=draw(st.sampled_from(LANGUAGES)),
        easy_language=draw(st.booleans()),
        address=draw(st.none() | addresses()),
        urgency=draw(st.sampled_from(Urgency)),
        crisis_codes=tuple(draw(st.lists(st.sampled_from(CODES[-13:]), max_size=3))),
        signal_stages=tuple(draw(st.lists(st.sampled_from(Stage), max_size=4))),
        amounts_cents=amounts,
        client_words=draw(free_text(2000)),
        jobcoach_contact=draw(free_text(200)),
    )


@st.composite
def lifecycles(draw: st.DrawFn, start: datetime) -> tuple[StatusChange, ...]:
    """A history that follows :data:`ALLOWED` from draft, with non-decreasing times."""
    history = [StatusChange(status=Status.DRAFT, at=start)]
    for _ in range(draw(st.integers(0, 8))):
        options = ALLOWED.get(history[-1].status)
        if not options:
            break
        step = draw(st.sampled_from(sorted(options)))
        at = history[-1].at + draw(st.timedeltas(timedelta(0), timedelta(days=30)))
        history.append(
            StatusChange(
                status=step,
                at=at,
                note_code=draw(st.sampled_from(["", "phone", "email", "in_person"])),
            )
        )
    return tuple(history)


@st.composite
def referrals(draw: st.DrawFn) -> Referral:
    consented = draw(st.booleans())
    history = draw(lifecycles(draw(aware_datetimes(max_value=datetime(2090, 1, 1)))))
    withdrawn = history[-1].status is Status.WITHDRAWN
    return Referral(
        id=draw(st.uuids()),
        client_id=draw(st.uuids()),
        target=draw(st.sampled_from(REFERRAL_TARGETS)),
        recipient_id=draw(st.sampled_from(RECIPIENTS)),
        urgency=draw(st.sampled_from(Urgency)),
        due_date=draw(st.none() | dates()),
        reasons=tuple(
            draw(
                st.lists(
                    st.builds(
                        Reason,
                        rule_id=st.sampled_from(["R1-crisis", "R2-formal-or-fixed-arrears"]),
                        reason_key=st.sampled_from(["rule.crisis_signal", "rule.custom"]),
                        evidence=st.lists(st.uuids(), max_size=3).map(tuple),
                    ),
                    max_size=3,
                )
            )
        ),
        payload=None if withdrawn else draw(st.none() | payloads(with_amounts=consented)),
        amounts_consented=consented,
        history=history,
        version=draw(st.integers(1, 10_000)),
    )


@st.composite
def pending_changes(draw: st.DrawFn) -> PendingChange:
    entity = draw(st.sampled_from(EntityKind))
    return PendingChange(
        change_id=draw(st.uuids()),
        entity=entity,
        entity_id=draw(st.uuids()),
        client_id=None if entity in ORG_KINDS else draw(st.uuids()),
        operation=draw(st.sampled_from(Operation)),
        entity_version=draw(st.integers(1, 10_000)),
        created_at=draw(aware_datetimes()),
        base_version=draw(st.integers(0, 10_000)),
        body=draw(st.none() | st.dictionaries(st.text(max_size=8), st.text(max_size=20))),
        state=draw(st.sampled_from(ChangeState)),
        code=draw(st.none() | st.sampled_from(["client.not_in_caseload", "consent.missing"])),
        fields=tuple(draw(st.lists(st.sampled_from(["notes", "address"]), max_size=2))),
        server_version=draw(st.none() | st.integers(1, 10_000)),
        failed_at=draw(st.none() | aware_datetimes()),
        supersedes=tuple(draw(st.lists(st.uuids(), max_size=2))),
    )


_CONDITIONS = st.one_of(
    st.builds(
        SignalsCondition,
        stages=st.lists(st.sampled_from(Stage), max_size=3).map(tuple),
        codes=st.lists(st.sampled_from(CODES), max_size=3).map(tuple),
        fixed_cost_arrears=st.booleans(),
        min_count=st.integers(1, 5),
        within_days=st.integers(1, 730),
    ),
    st.builds(
        ClientFlagCondition,
        flag=st.sampled_from(["income_up_to_120pct_minimum", "new_starter_after_benefit"]),
    ),
    st.builds(
        WellbeingCondition,
        raw_below=st.none() | st.integers(0, 25),
        raw_at_most=st.none() | st.integers(0, 25),
        drop_at_least_pct=st.none() | st.integers(1, 100),
        within_days=st.integers(1, 730),
    ),
)

_SPECS = st.builds(
    SuggestionSpec,
    target=st.sampled_from(Target),
    urgency=st.sampled_from(Urgency),
    advice_key=st.sampled_from(["", "advice.gp_strong", "advice.custom"]),
    optional=st.booleans(),
)


@st.composite
def rule_tables(draw: st.DrawFn) -> RuleTable:
    rules = [
        Rule(
            id=f"ORG-{index}",
            reason_key=f"rule.org_{index}",
            any_of=tuple(draw(st.lists(_CONDITIONS, min_size=1, max_size=3))),
            suggest=tuple(draw(st.lists(_SPECS, min_size=1, max_size=3))),
        )
        for index in range(draw(st.integers(0, 4)))
    ]
    return RuleTable(
        version=draw(st.sampled_from(["org-2026-1", "gemeente-x/v3"])),
        rules=tuple(rules),
        dedupe_window_days=draw(st.integers(0, 365)),
    )
