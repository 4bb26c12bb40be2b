"""A client's page as the screen shows it: the timeline of visits, the WHO-5 trend, signals
over time, referrals with status and due date (overdue marked), and hours used against granted
per goal with the 80% and 100% warnings. Already translated; pure (no Flet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fieldapp.domain.ports import Dossier
from fieldapp.domain.signals import SignalCatalogue
from fieldapp.domain.visit import HoursWarning, goal_usage
from fieldapp.i18n import (
    N_,
    _,
    format_date,
    format_number,
    label,
    ngettext,
    stage_label,
    status_label,
    target_label,
    visit_type_label,
)


@dataclass(frozen=True)
class TimelineLine:
    when: str
    title: str
    detail: str


@dataclass(frozen=True)
class TrendPoint:
    when: str
    percentage: int
    """0-100, the WHO-5 percentage score."""


@dataclass(frozen=True)
class ReferralLine:
    target: str
    status: str
    due: str
    overdue: bool


@dataclass(frozen=True)
class HoursLine:
    goal: str
    used: str
    fraction: float
    warning: HoursWarning
    warning_text: str


@dataclass(frozen=True)
class ClientDetail:
    client_id: str
    name: str
    facts: list[str]
    timeline: list[TimelineLine]
    trend: list[TrendPoint]
    signals: list[TimelineLine]
    referrals: list[ReferralLine]
    hours: list[HoursLine]


def _hours(minutes: int) -> str:
    return format_number(round(minutes / 60, 1))


_WARNINGS = {
    HoursWarning.NONE: "",
    HoursWarning.NEAR_LIMIT: N_("At least 80 percent of the granted hours are used."),
    HoursWarning.AT_LIMIT: N_("All granted hours are used."),
}


def client_detail(dossier: Dossier, today: date) -> ClientDetail:
    client = dossier.client
    assert client is not None, "a dossier without its client has no page"
    catalogue = SignalCatalogue.default()
    facts = [client.address.postcode if client.address else _("No address")]
    if client.easy_language:
        facts.append(_("Needs easy language"))
    visits = sorted(dossier.visits, key=lambda v: v.started_at, reverse=True)
    timeline = [
        TimelineLine(
            when=format_date(visit.started_at),
            title=visit_type_label(visit.type),
            detail=ngettext("%(n)d minute", "%(n)d minutes", visit.duration_minutes)
            % {"n": visit.duration_minutes},
        )
        for visit in visits
    ]
    signals = [
        TimelineLine(
            when=format_date(signal.observed_at),
            title=stage_label(signal.stage()),
            detail=(
                label(catalogue.get(signal.code).label_key)
                if signal.code in catalogue
                else signal.code
            ),
        )
        for signal in sorted(dossier.signals, key=lambda s: s.observed_at, reverse=True)
    ]
    referrals = [
        ReferralLine(
            target=target_label(referral.target),
            status=status_label(referral.status),
            due=format_date(referral.due_date) if referral.due_date else "",
            overdue=referral.is_overdue(today),
        )
        for referral in sorted(dossier.referrals, key=lambda r: r.created_at, reverse=True)
    ]
    hours = []
    for goal in dossier.goals:
        usage = goal_usage(goal, dossier.visits)
        hours.append(
            HoursLine(
                goal=goal.title,
                used=_("{used} of {granted} hours").format(
                    used=_hours(usage.used_minutes), granted=_hours(usage.granted_minutes)
                ),
                fraction=usage.fraction,
                warning=usage.warning,
                warning_text=_(_WARNINGS[usage.warning]) if _WARNINGS[usage.warning] else "",
            )
        )
    return ClientDetail(
        client_id=str(client.id),
        name=client.display_name,
        facts=facts,
        timeline=timeline,
        trend=[
            TrendPoint(when=format_date(check.taken_at, "short"), percentage=check.percentage)
            for check in dossier.checks
        ],
        signals=signals,
        referrals=referrals,
        hours=hours,
    )
