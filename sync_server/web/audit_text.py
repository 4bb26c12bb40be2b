"""Words for the data protection officer's access log: the audit chain stores codes (who,
which action, which kind of object), the page reads them as sentences a person understands.
A code without words here is shown as it is, so a new action is never hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import Status
from fieldapp.i18n.translator import N_
from fieldapp.wire import Role

ROLE_WORDS: Mapping[str, str] = {
    Role.JOBCOACH.value: N_("Jobcoach"),
    Role.FLYING_SQUAD.value: N_("Flying Squad"),
    Role.COORDINATOR.value: N_("Coordinator"),
    Role.RECEIVING_TEAM.value: N_("Receiving team"),
    Role.DATA_PROTECTION_OFFICER.value: N_("Data protection officer"),
    Role.ADMIN.value: N_("Administrator"),
    Role.EMPLOYER.value: N_("Employer's contact person"),
    "system": N_("The server itself"),
}
ACTION_WORDS: Mapping[str, str] = {
    "read": N_("Viewed"),
    "list": N_("Viewed in a list"),
    "assign": N_("Moved to another jobcoach"),
    "withdraw_on_consent": N_("Withdrawn, as the client withdrew consent"),
    "expire": N_("Expired: not taken up in time"),
    "read_access_log": N_("Viewed this access log"),
    "purge": N_("Removed at the end of its retention period"),
    "search": N_("Searched for a client"),
    "export_logbook_pdf": N_("Logbook downloaded as PDF"),
    "export_logbook_csv": N_("Logbook hours downloaded as CSV"),
}
PUSHED = N_("Saved from a device")
STEP = N_("Step recorded: %(step)s")
OBJECT_WORDS: Mapping[str, str] = {
    EntityKind.CLIENT.value: N_("Client details"),
    EntityKind.VISIT.value: N_("Visit"),
    EntityKind.GOAL.value: N_("Goal"),
    EntityKind.WELLBEING_CHECK.value: N_("WHO-5 check"),
    EntityKind.SIGNAL.value: N_("Signal"),
    EntityKind.CONSENT.value: N_("Consent"),
    EntityKind.REFERRAL.value: N_("Referral"),
    EntityKind.PLACEMENT.value: N_("Placement"),
    EntityKind.LADDER_STEP.value: N_("Participation step"),
    EntityKind.RATING.value: N_("Rating of the support"),
}
RESULT_WORDS: Mapping[str, str] = {"ok": N_("Done")}


def action_words(
    action: str, gettext: Callable[[str], str], status_label: Callable[[Status], str]
) -> str:
    """What was done, in words (the code itself when it has none)."""
    if action in ACTION_WORDS:
        return gettext(ACTION_WORDS[action])
    if action.startswith("push_"):
        return gettext(PUSHED)
    if action.startswith("status_"):
        try:
            step = Status(action.removeprefix("status_"))
        except ValueError:
            return action
        return gettext(STEP) % {"step": status_label(step)}
    return action


def short_id(object_id: str) -> str:
    """A record's id as a short reference (``3F9A-1C2B``), as back-office pages show ids."""
    plain = object_id.replace("-", "").upper()
    return f"{plain[:4]}-{plain[4:8]}" if len(plain) >= 8 else object_id


SEARCH_PROBLEMS: Mapping[str, str] = {
    "search.empty": N_("Fill in a name, a postcode or a reference."),
    "search.name_unreadable": N_("Type the name in letters."),
    "search.postcode_format": N_("A postcode has four digits and two letters, like 1091 AB."),
    "search.reference_format": N_("A reference has eight characters, like 3F9A-1C2B."),
}
"""The search form's field problems (codes from ``services/client_search.py``) in words."""
