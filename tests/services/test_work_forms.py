"""The placement and goal forms turn what was typed into records or a code per field, never
with the input; the goal form suggests UWV's internal-jobcoaching hours only where they apply;
the employer register numbers its edits and knows its sites."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.client import Client
from fieldapp.domain.employer import Employer, EmployerKind, WorkSite
from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.placement import Jobcoaching, Overlap, Placement, PlacementKind
from fieldapp.domain.visit import Funder
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.services.field_errors import FormCode
from fieldapp.services.goal_form import GoalFormValues, build_goal, suggested_hours
from fieldapp.services.goal_form import values_of as goal_values
from fieldapp.services.placement_form import (
    PlacementFormValues,
    build_placement,
    place,
    values_of,
)
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.store import EncryptedStore

CLIENT = uuid.uuid4()
EMPLOYER = uuid.uuid4()
FILLED = PlacementFormValues(
    employer_id=str(EMPLOYER),
    kind=PlacementKind.REGULAR.value,
    start="2026-02-01",
    planned_end="2027-01-31",
    hours_per_week="24,5",
)


def test_a_filled_in_placement_form_makes_a_placement_and_reads_back() -> None:
    result = build_placement(FILLED, CLIENT)
    assert result.errors == {} and result.placement is not None
    assert result.placement.hours_per_week == Decimal("24.5")
    assert build_placement(values_of(result.placement), CLIENT, result.placement).placement == (
        result.placement.model_copy(update={"version": 2})
    )


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"start": "1-2-2026"}, "start", FormCode.DATE),
        ({"hours_per_week": "twintig"}, "hours_per_week", FormCode.NUMBER),
        ({"planned_end": "2025-12-31"}, "planned_end", ErrorCode.PLACEMENT_DATES_REVERSED),
        ({"loonkostensubsidie": True}, "loonwaarde_pct", ErrorCode.PLACEMENT_LOONWAARDE_MISSING),
        ({"ended_on": "2026-06-30"}, "end_reason", ErrorCode.PLACEMENT_END_REASON_MISSING),
        ({"employer_id": ""}, "employer_id", FormCode.CHOOSE),
        ({"hours_per_week": "80"}, "hours_per_week", "less_than_equal"),
        ({"hours_per_week": " "}, "hours_per_week", "missing"),
    ],
)
def test_each_problem_is_named_at_its_field(
    changes: dict[str, object], field: str, code: str
) -> None:
    result = build_placement(FILLED.with_(**changes), CLIENT)
    assert result.placement is None
    assert result.errors[field].code == code


@given(typed=st.text(max_size=30).map(lambda text: f"QX{text}"))
def test_no_error_repeats_what_was_typed(typed: str) -> None:
    """``QX``: a marker no code or limit contains, so any trace of the input would show."""
    fields = ("start", "hours_per_week", "loonwaarde_pct", "kind", "end_reason", "jobcoaching")
    result = build_placement(FILLED.with_(**dict.fromkeys(fields, typed)), CLIENT)
    assert result.placement is None
    assert set(result.errors) == set(fields)
    assert "QX" not in repr(result.errors)


def _internal(hours: str = "20") -> Placement:
    placement = build_placement(
        FILLED.with_(
            hours_per_week=hours, start="2026-01-01", planned_end="", jobcoaching="internal"
        ),
        CLIENT,
    ).placement
    assert placement is not None and placement.instruments.jobcoaching is Jobcoaching.INTERNAL
    return placement


GOAL = GoalFormValues(
    title="Zelfstandig de kassa bedienen",
    period_start="2026-01-01",
    period_end="2026-06-30",
    granted_hours="40",
)


def test_the_goal_form_makes_a_goal_or_names_its_fields() -> None:
    goal = build_goal(GOAL, CLIENT).goal
    assert goal is not None and goal.funder is Funder.UWV and goal.granted_hours == 40
    assert build_goal(goal_values(goal), CLIENT, goal).goal == goal.model_copy(
        update={"version": 2}
    )
    bad = build_goal(GOAL.with_(period_end="2025-12-31", granted_hours="veel"), CLIENT)
    assert bad.goal is None
    assert bad.errors["granted_hours"].code == FormCode.NUMBER
    assert (
        build_goal(GOAL.with_(period_end="2025-12-31"), CLIENT).errors["period_end"].code
        == ErrorCode.GOAL_PERIOD_REVERSED
    )


def test_more_support_is_kept_with_the_goal() -> None:
    goal = build_goal(GOAL.with_(more_support=True), CLIENT).goal
    assert goal is not None and goal.more_support
    assert goal_values(goal).more_support
    plain = build_goal(GOAL, CLIENT).goal
    assert plain is not None and not plain.more_support


def test_hours_are_suggested_for_uwv_internal_jobcoaching_only() -> None:
    placement = _internal()
    suggested = suggested_hours(GOAL, placement)
    # 181 days of 20 hours a week in the first year, 15% of it.
    assert suggested == (Decimal(20) / 7 * 181 * Decimal("0.15")).quantize(Decimal("0.01"))
    assert suggested_hours(GOAL.with_(funder=Funder.MUNICIPALITY.value), placement) is None
    external = placement.model_copy(
        update={"instruments": placement.instruments.model_copy(update={"jobcoaching": None})}
    )
    assert suggested_hours(GOAL, external) is None
    assert suggested_hours(GOAL.with_(period_end=""), placement) is None
    assert suggested_hours(GOAL, None) is None


@pytest.fixture
def register(store: EncryptedStore) -> EmployerRegister:
    return EmployerRegister(EmployerStore(store, lambda: datetime(2026, 12, 6, tzinfo=UTC)))


def _employer(name: str, kind: EmployerKind = EmployerKind.REGULAR) -> Employer:
    return Employer(
        id=uuid.uuid4(),
        name=name,
        kind=kind,
        sites=(WorkSite(id=uuid.uuid4(), name="Hoofdvestiging"),),
        updated_at=datetime(2026, 12, 6, tzinfo=UTC),
    )


def test_the_register_lists_by_name_and_numbers_edits(register: EmployerRegister) -> None:
    pantar = register.save(_employer("Pantar", EmployerKind.SW_BEDRIJF))
    register.save(_employer("bakkerij Noord"))
    assert [e.name for e in register.employers()] == ["bakkerij Noord", "Pantar"]
    assert [e.name for e in register.employers(EmployerKind.SW_BEDRIJF)] == ["Pantar"]
    renamed = register.save(pantar.model_copy(update={"name": "Pantar Amsterdam"}))
    assert renamed.version == 2 and register.employer(pantar.id) == renamed


def test_a_placement_must_name_a_known_employer_and_its_own_site(
    register: EmployerRegister,
) -> None:
    employer = register.save(_employer("Pantar", EmployerKind.SW_BEDRIJF))
    placement = build_placement(
        FILLED.with_(employer_id=str(employer.id), site_id=str(employer.sites[0].id)), CLIENT
    ).placement
    assert placement is not None and register.check_place(placement) == employer
    elsewhere = placement.model_copy(update={"site_id": uuid.uuid4()})
    with pytest.raises(DomainError) as raised:
        register.check_place(elsewhere)
    assert raised.value.code is ErrorCode.PLACEMENT_UNKNOWN_SITE
    with pytest.raises(DomainError) as raised:
        register.check_place(placement.model_copy(update={"employer_id": uuid.uuid4()}))
    assert raised.value.code is ErrorCode.NOT_FOUND
    assert date(2026, 2, 1) == placement.start


def test_place_saves_warns_on_overlap_and_names_the_field_of_a_refusal(
    store: EncryptedStore, register: EmployerRegister
) -> None:
    now = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    caseload = CaseloadService(CaseloadStore(store, lambda: now), lambda: now)
    client = Client(
        id=uuid.uuid4(), given_name="Noor", family_name="Jansen", created_at=now, updated_at=now
    )
    caseload.save_client(client)
    employer = register.save(_employer("Pantar", EmployerKind.SW_BEDRIJF))
    other = register.save(_employer("Bakkerij Noord"))

    def placement(at: Employer, **changes: object) -> Placement:
        values = FILLED.with_(employer_id=str(at.id), site_id=str(at.sites[0].id), **changes)
        made = build_placement(values, client.id).placement
        assert made is not None
        return made

    first = place(placement(employer), register, caseload)
    assert first.errors == {} and first.overlap is not None
    assert first.overlap.verdict is Overlap.NONE
    second = place(placement(other), register, caseload)  # two part-time jobs
    assert second.overlap is not None and second.overlap.verdict is Overlap.WARNING
    again = place(placement(employer), register, caseload)
    assert again.overlap is None
    assert again.errors["start"].code == ErrorCode.PLACEMENT_DUPLICATE
    unknown = placement(employer).model_copy(update={"site_id": uuid.uuid4()})
    assert place(unknown, register, caseload).errors["site_id"].code == (
        ErrorCode.PLACEMENT_UNKNOWN_SITE
    )
    assert len(caseload.dossier(client.id).placements) == 2  # nothing refused was kept
