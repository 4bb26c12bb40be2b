"""Words for the work records' codes: employers, placements, the coaching plan, the
participation ladder and the Flying Squad's events (English sources; the catalogs translate
them)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from fieldapp.domain.concern import ConcernSign
from fieldapp.domain.employer import ContactRole, EmployerKind
from fieldapp.domain.outreach import EventKind
from fieldapp.domain.participation import Rung
from fieldapp.domain.placement import EndReason, Jobcoaching, PlacementKind
from fieldapp.domain.visit import Funder, GoalStatus
from fieldapp.i18n.translator import N_, Translator, active

EMPLOYER_KINDS: Mapping[EmployerKind, str] = {
    EmployerKind.REGULAR: N_("Regular employer"),
    EmployerKind.SOCIALE_FIRMA: N_("Sociale firma"),
    EmployerKind.SW_BEDRIJF: N_("SW-bedrijf"),
    EmployerKind.PUBLIC_BODY: N_("Public body"),
    EmployerKind.SCHOOL: N_("School"),
}
CONTACT_ROLES: Mapping[ContactRole, str] = {
    ContactRole.MANAGER: N_("Manager"),
    ContactRole.HR: N_("HR"),
    ContactRole.IN_COMPANY_SUPPORTER: N_("In-company supporter"),
}
PLACEMENT_KINDS: Mapping[PlacementKind, str] = {
    PlacementKind.REGULAR: N_("Regular employment"),
    PlacementKind.BESCHUT_AT_SW: N_("Beschut werk at the SW-bedrijf"),
    PlacementKind.BESCHUT_AT_EMPLOYER: N_("Beschut werk at an employer's site"),
    PlacementKind.SECONDMENT: N_("Secondment (detachering)"),
    PlacementKind.SOCIALE_FIRMA: N_("Work at a sociale firma"),
    PlacementKind.WORK_EXPERIENCE: N_("Work-experience place"),
    PlacementKind.TRIAL: N_("Trial placement"),
    PlacementKind.INTERNSHIP: N_("Internship"),
    PlacementKind.DAY_ACTIVITIES: N_("Work-like day activities"),
}
JOBCOACHING: Mapping[Jobcoaching, str] = {
    Jobcoaching.EXTERNAL: N_("External jobcoaching"),
    Jobcoaching.INTERNAL: N_("Internal jobcoaching (by the employer)"),
}
END_REASONS: Mapping[EndReason, str] = {
    EndReason.REGULAR_WORK: N_("Moved on to regular work"),
    EndReason.NOT_RENEWED: N_("Contract not renewed"),
    EndReason.OWN_CHOICE: N_("Own choice"),
    EndReason.DROPPED_OUT: N_("Dropped out"),
    EndReason.MOVED_HOUSE: N_("Moved house"),
    EndReason.OTHER: N_("Other reason"),
}
FUNDERS: Mapping[Funder, str] = {
    Funder.UWV: N_("UWV"),
    Funder.MUNICIPALITY: N_("Municipality"),
    Funder.OTHER: N_("Other funder"),
}
GOAL_STATUSES: Mapping[GoalStatus, str] = {
    GoalStatus.OPEN: N_("Open"),
    GoalStatus.ACHIEVED: N_("Achieved"),
    GoalStatus.PARTLY: N_("Partly achieved"),
    GoalStatus.NOT_ACHIEVED: N_("Not achieved"),
}
RUNGS: Mapping[Rung, str] = {
    Rung.ISOLATED: N_("1. Isolated"),
    Rung.SOCIAL_CONTACTS: N_("2. Social contacts outside the home"),
    Rung.ORGANISED_ACTIVITIES: N_("3. Taking part in organised activities"),
    Rung.UNPAID_WORK: N_("4. Unpaid work"),
    Rung.PAID_WORK_WITH_SUPPORT: N_("5. Paid work with support"),
    Rung.PAID_WORK: N_("6. Paid work"),
}
EVENT_KINDS: Mapping[EventKind, str] = {
    EventKind.COMPANY_VISIT: N_("Company visit"),
    EventKind.MARKET: N_("Market or fair"),
    EventKind.INFORMATION_SESSION: N_("Information session"),
    EventKind.HR_TRAINING: N_("Training for HR staff"),
}
CONCERN_SIGNS: Mapping[ConcernSign, str] = {
    ConcernSign.ABSENCE: N_("Absent more often"),
    ConcernSign.STRESS: N_("Stressed"),
    ConcernSign.CONCENTRATION: N_("Less focused"),
    ConcernSign.CALLS_AT_WORK: N_("Many calls at work"),
    ConcernSign.WAGE_GARNISHMENT: N_("A wage garnishment notice came in"),
}

TABLES: Mapping[type[Enum], Mapping[Any, str]] = {
    EmployerKind: EMPLOYER_KINDS,
    ContactRole: CONTACT_ROLES,
    PlacementKind: PLACEMENT_KINDS,
    Jobcoaching: JOBCOACHING,
    EndReason: END_REASONS,
    Funder: FUNDERS,
    GoalStatus: GOAL_STATUSES,
    Rung: RUNGS,
    EventKind: EVENT_KINDS,
    ConcernSign: CONCERN_SIGNS,
}
"""Each work code's table of words."""


def work_label(value: Enum, *, translator: Translator | None = None) -> str:
    """The translated words for one of the work records' codes."""
    t = translator if translator is not None else active()
    return t.gettext(TABLES[type(value)][value])
