"""The placement form as data: what its fields hold (text, as typed), and turning that into a
:class:`Placement` or into a code per field that needs fixing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID, uuid4

from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.errors import DomainError
from fieldapp.domain.placement import OverlapCheck, Placement
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.services.field_errors import FieldError, FieldErrors, FormCode, validated
from fieldapp.services.form_parsing import read_date, read_id, read_number


@dataclass(frozen=True)
class PlacementFormValues:
    employer_id: str = ""
    site_id: str = ""
    kind: str = ""
    start: str = ""
    planned_end: str = ""
    hours_per_week: str = ""
    loonkostensubsidie: bool = False
    loonwaarde_pct: str = ""
    jobcoaching: str = ""
    no_risk_policy: bool = False
    workplace_adaptation: str = ""
    in_company_supporter: bool = False
    ended_on: str = ""
    end_reason: str = ""
    notes: str = ""
    employer_contact: bool = False
    """The client agreed, just now, that this employer may pass concerns to the jobcoach."""

    def with_(self, **changes: object) -> PlacementFormValues:
        return replace(self, **changes)  # type: ignore[arg-type]


def values_of(placement: Placement) -> PlacementFormValues:
    tools = placement.instruments
    return PlacementFormValues(
        employer_id=str(placement.employer_id),
        site_id="" if placement.site_id is None else str(placement.site_id),
        kind=placement.kind.value,
        start=placement.start.isoformat(),
        planned_end="" if placement.planned_end is None else placement.planned_end.isoformat(),
        hours_per_week=str(placement.hours_per_week),
        loonkostensubsidie=tools.loonkostensubsidie,
        loonwaarde_pct="" if tools.loonwaarde_pct is None else str(tools.loonwaarde_pct),
        jobcoaching="" if tools.jobcoaching is None else tools.jobcoaching.value,
        no_risk_policy=tools.no_risk_policy,
        workplace_adaptation=tools.workplace_adaptation,
        in_company_supporter=tools.in_company_supporter,
        ended_on="" if placement.ended_on is None else placement.ended_on.isoformat(),
        end_reason="" if placement.end_reason is None else placement.end_reason.value,
        notes=placement.notes,
    )


@dataclass(frozen=True)
class PlacementResult:
    placement: Placement | None
    errors: FieldErrors


def build_placement(
    values: PlacementFormValues,
    client_id: UUID,
    existing: Placement | None = None,
    new_id: UUID | None = None,
) -> PlacementResult:
    """A new placement, or the next version of ``existing``, from what the form holds."""
    errors: FieldErrors = {}
    employer_id = read_id(values.employer_id)
    if employer_id is None:
        errors["employer_id"] = FieldError(FormCode.CHOOSE)
    data: dict[str, object] = {
        "id": existing.id if existing else (new_id or uuid4()),
        "client_id": client_id,
        "employer_id": employer_id,
        "site_id": read_id(values.site_id),
        "kind": values.kind or None,
        "start": read_date(values.start, "start", errors),
        "planned_end": read_date(values.planned_end, "planned_end", errors),
        "hours_per_week": read_number(
            values.hours_per_week, "hours_per_week", errors, required=True
        ),
        "instruments": {
            "loonkostensubsidie": values.loonkostensubsidie,
            "loonwaarde_pct": read_number(values.loonwaarde_pct, "loonwaarde_pct", errors),
            "jobcoaching": values.jobcoaching or None,
            "no_risk_policy": values.no_risk_policy,
            "workplace_adaptation": values.workplace_adaptation,
            "in_company_supporter": values.in_company_supporter,
        },
        "ended_on": read_date(values.ended_on, "ended_on", errors),
        "end_reason": values.end_reason or None,
        "notes": values.notes,
        "version": existing.version + 1 if existing else 1,
    }
    return PlacementResult(*validated(Placement, data, errors))


@dataclass(frozen=True)
class Placed:
    overlap: OverlapCheck | None
    """How it sits among the client's other placements; None when it was not saved."""
    errors: FieldErrors


def place(
    placement: Placement,
    register: EmployerRegister,
    caseload: CaseloadService,
    consent: ConsentRecord | None = None,
) -> Placed:
    """Save ``placement`` (with ``consent``, the client's agreement that its employer may pass
    concerns, in the same write) if its employer and site are in the register and it does
    not repeat another placement of the client (same employer, site and kind at the same
    time); else the code at the field to change."""
    try:
        register.check_place(placement)
        return Placed(caseload.save_placement(placement, consent), {})
    except DomainError as error:
        field = str(error.params.get("field", "employer_id"))
        return Placed(None, {field: FieldError(error.code.value)})
