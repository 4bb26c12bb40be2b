"""A client's page as the screen shows it: contact details, the newest WHO-5 result with its
score and band, the timeline of visits, the WHO-5 trend, signals over time, referrals with
status and due date (overdue marked), and hours used against granted per goal with the 80% and
100% warnings. Already translated; pure (no Flet).

Phone numbers, email addresses and the address come through the formatters that keep them left
to right in an Arabic screen; a goal's title (typed by a person, in any script) is isolated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from fieldapp.domain.clock import local_zone
from fieldapp.domain.concern import employer_recipient
from fieldapp.domain.employer import Employer
from fieldapp.domain.ports import Dossier
from fieldapp.domain.signals import SignalCatalogue
from fieldapp.domain.visit import HoursWarning, goal_usage
from fieldapp.domain.wellbeing import ITEM_COUNT, ITEM_MAX, Band, WellbeingCheck
from fieldapp.i18n import (
    N_,
    _,
    field_label,
    format_date,
    format_day_month,
    format_number,
    format_percent,
    label,
    ngettext,
    stage_label,
    status_label,
    target_label,
    visit_type_label,
)
from fieldapp.i18n.bidi import isolate
from fieldapp.i18n.formatting import format_address, format_email, format_phone
from fieldapp.i18n.labels import who5_band_label
from fieldapp.i18n.work_labels import work_label
from fieldapp.ui.consent_lines import ConsentLine, consent_lines
from fieldapp.ui.placement_lines import PlacementLine, placement_lines

RAW_MAX = ITEM_COUNT * ITEM_MAX
"""The highest WHO-5 raw score (25)."""


@dataclass(frozen=True)
class TimelineLine:
    when: str
    title: str
    detail: str


@dataclass(frozen=True)
class ContactLine:
    kind: str
    """``address``, ``phone`` or ``email``: the view picks the icon by it."""
    label: str
    value: str
    """Kept left to right (isolated) in any language."""


@dataclass(frozen=True)
class LatestCheck:
    """The newest WHO-5 result, as one line the page shows near its top."""

    raw: int
    percentage: int
    band: Band
    text: str
    """Date, raw score of 25, percentage and band: ``Latest WHO-5, 3 Mar 2026: 15 of 25
    (60%), adequate wellbeing``."""

    @property
    def worrying(self) -> bool:
        return self.band is not Band.ADEQUATE


@dataclass(frozen=True)
class TrendPoint:
    when: str
    """The full date, for the screen reader's summary."""
    mark: str
    """Day and month under the bar: a full date at a readable size is wider than the bar."""
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
    goal_id: str
    goal: str
    used: str
    fraction: float
    warning: HoursWarning
    warning_text: str


@dataclass(frozen=True)
class ClientDetail:
    client_id: str
    name: str
    contact: list[ContactLine]
    facts: list[str]
    latest: LatestCheck | None
    timeline: list[TimelineLine]
    trend: list[TrendPoint]
    signals: list[TimelineLine]
    referrals: list[ReferralLine]
    hours: list[HoursLine]
    consents: list[ConsentLine]
    ladder: list[str]
    """The participation ladder's steps, newest first: ``5 dec 2026 · 4. Unpaid work``."""
    placements: list[PlacementLine] = field(default_factory=list)
    """The path through work, oldest first."""
    concerns: list[TimelineLine] = field(default_factory=list)
    """What employers passed through the web, newest first: to discuss with the client."""


def _hours(minutes: int) -> str:
    return format_number(round(minutes / 60, 1))


_WARNINGS = {
    HoursWarning.NONE: "",
    HoursWarning.NEAR_LIMIT: N_("At least 80 percent of the granted hours are used."),
    HoursWarning.AT_LIMIT: N_("All granted hours are used."),
}


def _latest(check: WellbeingCheck) -> LatestCheck:
    band = check.band
    # Isolated as a whole and in its parts: a sentence that falls back to Dutch in an Arabic
    # screen stays readable, and a Dutch part keeps out of an Arabic sentence's order.
    text = _("Latest WHO-5, {date}: {raw} of {most} ({percentage}), {band}").format(
        date=isolate(format_date(check.taken_at)),
        raw=format_number(check.raw),
        most=format_number(RAW_MAX),
        percentage=format_percent(check.percentage / 100),
        band=isolate(who5_band_label(band)),
    )
    return LatestCheck(raw=check.raw, percentage=check.percentage, band=band, text=isolate(text))


def client_detail(
    dossier: Dossier,
    now: datetime,
    names: Mapping[str, str] | None = None,
    employers: Mapping[UUID, Employer] | None = None,
) -> ClientDetail:
    """``now``: aware; the page's day is the organisation's. ``names``: the routing
    directory's team names by recipient id; ``employers``: the register, by id."""
    today = now.astimezone(local_zone()).date()
    client = dossier.client
    assert client is not None, "a dossier without its client has no page"
    catalogue = SignalCatalogue.default()
    contact = [
        ContactLine(
            "address",
            _("Address"),
            format_address(client.address) if client.address else _("No address"),
        )
    ]
    if client.phone:
        contact.append(ContactLine("phone", field_label("phone"), format_phone(client.phone)))
    if client.email:
        contact.append(ContactLine("email", field_label("email"), format_email(client.email)))
    facts = [_("Needs easy language")] if client.easy_language else []
    checks = sorted(dossier.checks, key=lambda check: check.taken_at)
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
                goal_id=str(goal.id),
                goal=isolate(goal.title),
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
        contact=contact,
        facts=facts,
        latest=_latest(checks[-1]) if checks else None,
        timeline=timeline,
        trend=[
            TrendPoint(
                when=format_date(check.taken_at, "short"),
                mark=format_day_month(check.taken_at),
                percentage=check.percentage,
            )
            for check in checks
        ],
        signals=signals,
        referrals=referrals,
        hours=hours,
        consents=consent_lines(
            dossier.consents,
            {
                **(names or {}),
                **{employer_recipient(e.id): e.name for e in (employers or {}).values()},
            },
            now,
        ),
        ladder=[
            isolate(f"{format_date(step.on)} · {work_label(step.rung)}")
            for step in reversed(dossier.ladder)
        ],
        placements=placement_lines(dossier.placements, employers or {}, today),
        concerns=[
            TimelineLine(
                when=format_date(concern.reported_at),
                title=isolate(
                    employer.name
                    if (employer := (employers or {}).get(concern.employer_id))
                    else _("Employer")
                ),
                detail=isolate(
                    " · ".join([*(work_label(sign) for sign in concern.signs), concern.text]).strip(
                        " ·"
                    )
                ),
            )
            for concern in reversed(dossier.concerns)
        ],
    )
