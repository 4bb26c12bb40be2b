"""The funder's logbook in words, shared by the device's preview and the server's PDF and page,
so both say exactly the same (the sections in the order of UWV's logbook and accountability
report)."""

from __future__ import annotations

from decimal import Decimal

from fieldapp.domain.visit import GoalStatus
from fieldapp.i18n.formatting import format_number
from fieldapp.i18n.translator import N_, Translator

HEADINGS = (
    N_("1. Worker"),
    N_("2. Employer"),
    N_("3. Jobcoach"),
    N_("4. Period and funder"),
    N_("5. Hours and activities per goal"),
    N_("6. Results per goal"),
    N_("7. Goals that need more support"),
    N_("8. Satisfaction with the support"),
    N_("9. Signatures"),
)
RESULTS = (GoalStatus.ACHIEVED, GoalStatus.PARTLY, GoalStatus.NOT_ACHIEVED, GoalStatus.OPEN)
"""The order in which the results name the goals (each status in its work-label words)."""
TITLE = N_("Logbook and accountability report")
GOAL_HOURS = N_("%(used)s of %(granted)s hours granted, %(period)s")
OVER = N_("%(hours)s hours beyond the hours granted: not paid by the funder.")
NO_GOALS = N_("No goals of this funder in this period.")
NO_LINES = N_("No hours registered on this goal in this period.")
NO_MORE_SUPPORT = N_("None of the goals.")
MEDICAL = N_(
    "Words that look medical stop the export. Ask the jobcoach to rephrase them on the "
    "device; after the next sync the export works."
)


def hours(minutes: int, t: Translator) -> str:
    """Minutes as hours with two decimals in the reader's notation (``1,50``)."""
    return format_number(Decimal(minutes) / 60, translator=t, decimals=2)
