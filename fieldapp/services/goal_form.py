"""The coaching plan's goal form as data: what its fields hold, turning that into a
:class:`Goal` or a code per field, and the granted hours suggested for UWV's internal
jobcoaching from the placement the goal supports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID, uuid4

from fieldapp.domain.hours import suggested_internal_hours
from fieldapp.domain.placement import Jobcoaching, Placement
from fieldapp.domain.visit import Funder, Goal, GoalStatus
from fieldapp.services.field_errors import FieldErrors, validated
from fieldapp.services.form_parsing import read_date, read_id, read_number


@dataclass(frozen=True)
class GoalFormValues:
    title: str = ""
    funder: str = Funder.UWV.value
    period_start: str = ""
    period_end: str = ""
    granted_hours: str = ""
    status: str = GoalStatus.OPEN.value
    evaluation: str = ""
    more_support: bool = False
    placement_id: str = ""

    def with_(self, **changes: object) -> GoalFormValues:
        return replace(self, **changes)  # type: ignore[arg-type]


def values_of(goal: Goal) -> GoalFormValues:
    return GoalFormValues(
        title=goal.title,
        funder=goal.funder.value,
        period_start=goal.period_start.isoformat(),
        period_end=goal.period_end.isoformat(),
        granted_hours=str(goal.granted_hours),
        status=goal.status.value,
        evaluation=goal.evaluation,
        more_support=goal.more_support,
        placement_id="" if goal.placement_id is None else str(goal.placement_id),
    )


@dataclass(frozen=True)
class GoalResult:
    goal: Goal | None
    errors: FieldErrors


def build_goal(values: GoalFormValues, client_id: UUID, existing: Goal | None = None) -> GoalResult:
    errors: FieldErrors = {}
    dates = {
        name: read_date(getattr(values, name), name, errors)
        for name in ("period_start", "period_end")
    }
    data: dict[str, object] = {
        "id": existing.id if existing else uuid4(),
        "client_id": client_id,
        "title": values.title,
        "funder": values.funder,
        **dates,
        "granted_hours": read_number(values.granted_hours, "granted_hours", errors, required=True),
        "status": values.status,
        "evaluation": values.evaluation,
        "more_support": values.more_support,
        "placement_id": read_id(values.placement_id),
        "version": existing.version + 1 if existing else 1,
    }
    return GoalResult(*validated(Goal, data, errors))


def suggested_hours(values: GoalFormValues, placement: Placement | None) -> Decimal | None:
    """For a UWV goal supporting a placement with internal jobcoaching: the share of the
    hours worked in the goal's period that UWV subsidises. None when that does not apply or
    the period is not filled in yet."""
    unread: FieldErrors = {}
    start = read_date(values.period_start, "period_start", unread)
    end = read_date(values.period_end, "period_end", unread)
    if (
        placement is None
        or values.funder != Funder.UWV.value
        or placement.instruments.jobcoaching is not Jobcoaching.INTERNAL
        or start is None
        or end is None
    ):
        return None
    return suggested_internal_hours(placement.hours_per_week, placement.start, start, end)
