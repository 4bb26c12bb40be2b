"""The caseload list as the screen shows it: one row per client, already translated, and the
search and filters applied to those rows in memory (a keystroke never touches the disk).

Pure: it asks the caseload service and the i18n package, and has no Flet in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.follow_up import follow_up_due
from fieldapp.domain.ports import Overview
from fieldapp.domain.rules import Suggestion, SuggestionKind
from fieldapp.domain.signals import Stage, most_severe
from fieldapp.domain.targets import Urgency
from fieldapp.i18n import _, format_date, ngettext, stage_label, target_label
from fieldapp.i18n.bidi import isolate
from fieldapp.services.caseload import CaseloadService


@dataclass(frozen=True)
class CaseloadRow:
    client_id: str
    name: str
    summary: str
    badge_stage: Stage | None
    badge: str
    suggestion: str
    crisis: bool
    target_group: TargetGroup = TargetGroup.OTHER
    open_referrals: int = 0
    follow_up_due: bool = False
    concern: str = ""
    """Said when an employer passed a concern after the last visit."""
    search_text: str = ""
    """Name and postcode, case-folded: what the search box matches."""


@dataclass(frozen=True)
class CaseloadFilter:
    query: str = ""
    target_group: TargetGroup | None = None
    open_referrals: bool = False
    follow_up_due: bool = False

    @property
    def active_filters(self) -> int:
        """How many filters (not the search) narrow the list: the number the folded filter
        button shows."""
        return sum((self.target_group is not None, self.open_referrals, self.follow_up_due))

    def without_filters(self) -> CaseloadFilter:
        """The same search, every filter off."""
        return CaseloadFilter(query=self.query)

    def matches(self, row: CaseloadRow) -> bool:
        words = self.query.casefold().split()
        return (
            all(word in row.search_text for word in words)
            and (self.target_group is None or row.target_group is self.target_group)
            and (not self.open_referrals or row.open_referrals > 0)
            and (not self.follow_up_due or row.follow_up_due)
        )


def filter_rows(rows: Iterable[CaseloadRow], wanted: CaseloadFilter) -> list[CaseloadRow]:
    return [row for row in rows if wanted.matches(row)]


def _summary(visits: int, last_visit: date | None) -> str:
    count = ngettext("%(n)d visit", "%(n)d visits", visits) % {"n": visits}
    if last_visit is None:
        return count
    # Isolated: an Arabic date carries right-to-left marks that reorder the text around it.
    return _("{count}, last on {date}").format(count=count, date=isolate(format_date(last_visit)))


def caseload_row(overview: Overview, suggestions: list[Suggestion], today: date) -> CaseloadRow:
    """One client's row; the badge names the most serious signal stage recorded."""
    client = overview.client
    worst = most_severe(signal.stage() for signal in overview.signals)
    top = next((s for s in suggestions if s.kind is SuggestionKind.REFERRAL), None)
    postcode = client.address.postcode if client.address else ""
    return CaseloadRow(
        client_id=str(client.id),
        name=client.display_name,
        summary=_summary(
            overview.visit_count,
            overview.last_visit_at.date() if overview.last_visit_at else None,
        ),
        badge_stage=worst,
        badge=stage_label(worst) if worst else "",
        suggestion=(
            _("Suggested: {target}").format(target=isolate(target_label(top.target))) if top else ""
        ),
        crisis=bool(top and top.urgency is Urgency.CRISIS),
        target_group=client.target_group,
        open_referrals=sum(1 for referral in overview.referrals if referral.is_open()),
        follow_up_due=follow_up_due(overview, today),
        concern=_("Concern from the employer to discuss") if overview.concern_to_discuss else "",
        search_text=f"{client.display_name} {postcode} {postcode.replace(' ', '')}".casefold(),
    )


def caseload_rows(service: CaseloadService) -> list[CaseloadRow]:
    """Rows in name order."""
    today = service.now().date()
    return [
        caseload_row(overview, service.suggestions_for(overview), today)
        for overview in service.overviews()
    ]
