"""The caseload list as the screen shows it: one row per client, already translated.

Pure: it asks the caseload service and the i18n package, and has no Flet in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fieldapp.domain.rules import SuggestionKind
from fieldapp.domain.signals import Stage, most_severe
from fieldapp.domain.targets import Urgency
from fieldapp.i18n import _, format_date, ngettext, stage_label, target_label
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


def _summary(visits: int, last_visit: date | None) -> str:
    count = ngettext("%(n)d visit", "%(n)d visits", visits) % {"n": visits}
    if last_visit is None:
        return count
    return _("{count}, last on {date}").format(count=count, date=format_date(last_visit))


def caseload_rows(service: CaseloadService) -> list[CaseloadRow]:
    """Rows in name order; the badge names the most serious signal stage recorded."""
    rows = []
    for client in service.clients():
        dossier = service.dossier(client.id)
        worst = most_severe(signal.stage() for signal in dossier.signals)
        suggestions = service.suggestions(client.id)
        top = next((s for s in suggestions if s.kind is SuggestionKind.REFERRAL), None)
        rows.append(
            CaseloadRow(
                client_id=str(client.id),
                name=client.display_name,
                summary=_summary(
                    len(dossier.visits),
                    dossier.visits[-1].started_at.date() if dossier.visits else None,
                ),
                badge_stage=worst,
                badge=stage_label(worst) if worst else "",
                suggestion=(
                    _("Suggested: {target}").format(target=target_label(top.target)) if top else ""
                ),
                crisis=bool(top and top.urgency is Urgency.CRISIS),
            )
        )
    return rows
