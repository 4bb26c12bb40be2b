"""Words for the outcome report's codes (:mod:`sync_server.reporting.outcomes`): the title of
each population, each partition's heading and each part. Kinds of placement, kinds of employer
and jobcoaching read as everywhere else (:mod:`fieldapp.i18n.work_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.employer import EmployerKind
from fieldapp.domain.placement import Jobcoaching, PlacementKind
from fieldapp.i18n.translator import N_, Translator
from fieldapp.i18n.work_labels import work_label
from sync_server.reporting import outcomes

TITLES: Mapping[str, str] = {
    outcomes.AT_WORK.code: N_("At work on the last day"),
    outcomes.INSTRUMENTS.code: N_("Instruments in use on the last day"),
    outcomes.DURATION.code: N_("How long placements have lasted"),
    outcomes.AFTER_END.code: N_("After a placement ended"),
    outcomes.STEPS.code: N_("Steps on the path to work"),
    outcomes.LADDER.code: N_("Participation ladder"),
}
UNITS: Mapping[str, str] = {
    outcomes.AT_WORK.code: N_("People at work"),
    outcomes.INSTRUMENTS.code: N_("Placements running"),
    outcomes.DURATION.code: N_("Placements that ran in the period"),
    outcomes.AFTER_END.code: N_("Placements that ended in the period"),
    outcomes.STEPS.code: N_("Moves to a next placement"),
    outcomes.LADDER.code: N_("People with a step on the ladder"),
}
EXPLAINED: Mapping[str, str] = {
    outcomes.AT_WORK.code: N_(
        "Everyone with a placement running on the last day of the period, counted once: by the "
        "placement that started last."
    ),
    outcomes.INSTRUMENTS.code: N_("Each placement running on the last day of the period."),
    outcomes.DURATION.code: N_(
        "How long each placement had run at the end of the period, or when it ended."
    ),
    outcomes.AFTER_END.code: N_(
        "Moved on: another placement ran the next day or started within 31 days. Back within "
        "a year: the next placement started 32 to 365 days later."
    ),
    outcomes.STEPS.code: N_(
        "The path: day activities, beschut werk, sociale firma, regular work. A move counts in "
        "the period in which the next placement started."
    ),
    outcomes.LADDER.code: N_(
        "The rung on the last day of the period against the rung just before it."
    ),
}
PARTITIONS: Mapping[str, str] = {
    "placement_kind": N_("By kind of placement"),
    "employer_kind": N_("By kind of employer"),
    "loonkostensubsidie": N_("Loonkostensubsidie"),
    "jobcoaching": N_("Jobcoaching"),
    "no_risk_policy": N_("No-risk policy"),
    "workplace_adaptation": N_("Workplace adaptation"),
    "in_company_supporter": N_("In-company supporter"),
    "duration": N_("Duration"),
    "after_end": N_("What came next"),
    "step": N_("Step"),
    "ladder": N_("Movement"),
}
PARTS: Mapping[str, str] = {
    "with": N_("With"),
    "without": N_("Without"),
    "none": N_("No jobcoaching"),
    outcomes.UNKNOWN: N_("Not in the register"),
    "under_1_year": N_("Less than 1 year"),
    "1_to_2_years": N_("1 to 2 years"),
    "2_years_or_more": N_("2 years or more"),
    "moved_on": N_("Moved on to another placement"),
    "back_within_year": N_("Came back within a year"),
    "not_back": N_("Not back within a year"),
    "too_recent": N_("Ended less than a year ago, not back yet"),
    "up": N_("Up"),
    "same": N_("The same"),
    "down": N_("Down"),
    "beside_path": N_("Through a trial, internship or work-experience place"),
    "first": N_("First step in the period"),
}
_ENUMS = {
    "placement_kind": PlacementKind,
    "employer_kind": EmployerKind,
    "jobcoaching": Jobcoaching,
}


def part_words(partition: str, part: str, t: Translator) -> str:
    """The words for ``part`` of ``partition``; the code itself when there are none."""
    enum = _ENUMS.get(partition)
    if enum is not None and part in {member.value for member in enum}:
        return work_label(enum(part), translator=t)
    return t.gettext(PARTS[part]) if part in PARTS else part


def words(table: Mapping[str, str], code: str, t: Translator) -> str:
    return t.gettext(table[code]) if code in table else code
