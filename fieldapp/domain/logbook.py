"""The jobcoach's logbook for a funder (issue 22, item 1): per goal of that funder, the hours and
activities in date order, how the goal went, and for which goals more support is needed; the
basis of the accountability report (verantwoordingsrapportage).

What goes in is the funder's part of the record only: goal titles and evaluations, each visit's
kind, date, minutes per goal and its note for the funder. Never the jobcoach's internal notes,
never WHO-5 (neither is read here). Texts that look medical block the export until they are
rephrased (:func:`fieldapp.domain.medical_words.medical_words`): UWV wants no medical
information, and the jobcoach must see which words, where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from fieldapp.domain.employer import Employer
from fieldapp.domain.medical_words import medical_words
from fieldapp.domain.placement import Placement
from fieldapp.domain.rating import Rater, SupportRating, latest
from fieldapp.domain.visit import Funder, Goal, GoalStatus, Visit, VisitType, goal_usage


class TextPlace(StrEnum):
    """Where a text of the logbook comes from, so a finding can name it."""

    GOAL_TITLE = "goal_title"
    EVALUATION = "evaluation"
    VISIT_NOTE = "visit_note"


@dataclass(frozen=True)
class MedicalFinding:
    """Words that look medical in one text of the logbook."""

    place: TextPlace
    record_id: UUID
    """The goal or the visit the text belongs to."""
    day: date | None
    """The visit's date (for a visit's note)."""
    words: tuple[str, ...]


@dataclass(frozen=True)
class LogbookLine:
    day: date
    activity: VisitType
    minutes: int
    note: str
    """The visit's note for the funder (the same on each goal the visit worked on)."""
    visit_id: UUID


@dataclass(frozen=True)
class GoalAccount:
    goal: Goal
    lines: tuple[LogbookLine, ...]
    """Date order; only visits within the logbook's period and the goal's."""
    used_minutes: int
    """Minutes on the goal over its whole period, the logbook's or not: what the grant is
    measured against."""

    @property
    def minutes(self) -> int:
        """Minutes on the goal within the logbook's period (its lines)."""
        return sum(line.minutes for line in self.lines)

    @property
    def granted_minutes(self) -> int:
        return int(self.goal.granted_hours * 60)

    @property
    def minutes_over(self) -> int:
        """Minutes registered beyond the hours granted over the goal's period (the funder does
        not pay them)."""
        return max(0, self.used_minutes - self.granted_minutes)


@dataclass(frozen=True)
class Logbook:
    client_id: UUID
    funder: Funder
    start: date
    end: date
    accounts: tuple[GoalAccount, ...]
    """The funder's goals whose period meets the logbook's, by period start then title."""
    findings: tuple[MedicalFinding, ...]
    ratings: dict[Rater, SupportRating] = field(default_factory=dict)
    """The latest rating of the support by the worker and by the employer, in the period and
    for the funder: they go with the report."""

    @property
    def blocked(self) -> bool:
        """Medical-looking words were found: no export until they are rephrased."""
        return bool(self.findings)

    @property
    def minutes(self) -> int:
        return sum(account.minutes for account in self.accounts)

    def with_status(self, *statuses: GoalStatus) -> list[GoalAccount]:
        return [a for a in self.accounts if a.goal.status in statuses]

    @property
    def more_support(self) -> list[GoalAccount]:
        return [a for a in self.accounts if a.goal.more_support]

    def lines(self) -> list[tuple[LogbookLine, Goal]]:
        """Every line with its goal, in date order (for the funder's portal)."""
        found = [(line, account.goal) for account in self.accounts for line in account.lines]
        return sorted(found, key=lambda pair: (pair[0].day, pair[1].title, str(pair[0].visit_id)))


def build_logbook(
    client_id: UUID,
    goals: Iterable[Goal],
    visits: Iterable[Visit],
    *,
    start: date,
    end: date,
    funder: Funder = Funder.UWV,
    ratings: Iterable[SupportRating] = (),
) -> Logbook:
    """The logbook of ``client_id``'s goals paid by ``funder`` for ``start``..``end``
    (inclusive). A visit counts on a goal when it started inside both periods; a rating goes
    with it when it was given in the period, for the funder (the latest of each rater)."""
    chosen = sorted(
        (
            g
            for g in goals
            if g.client_id == client_id
            and g.funder is funder
            and g.period_start <= end
            and g.period_end >= start
        ),
        key=lambda g: (g.period_start, g.title, str(g.id)),
    )
    everything = [v for v in visits if v.client_id == client_id]
    own = [v for v in everything if start <= v.started_at.date() <= end]
    accounts = []
    for goal in chosen:
        lines = sorted(
            (
                LogbookLine(
                    visit.started_at.date(),
                    visit.type,
                    spent.minutes,
                    visit.notes_for_funder,
                    visit.id,
                )
                for visit in own
                if goal.covers(visit.started_at.date())
                for spent in visit.goals
                if spent.goal_id == goal.id and spent.minutes > 0
            ),
            key=lambda line: (line.day, str(line.visit_id)),
        )
        used = goal_usage(goal, everything).used_minutes
        accounts.append(GoalAccount(goal, tuple(lines), used))
    rated = [
        r
        for r in ratings
        if r.client_id == client_id and r.funder is funder and start <= r.rated_on <= end
    ]
    found = {rater: latest(rated, rater) for rater in Rater}
    chosen_ratings = {rater: rating for rater, rating in found.items() if rating is not None}
    return Logbook(
        client_id, funder, start, end, tuple(accounts), _findings(accounts), chosen_ratings
    )


def _findings(accounts: list[GoalAccount]) -> tuple[MedicalFinding, ...]:
    found: list[MedicalFinding] = []
    seen_visits: set[UUID] = set()
    for account in accounts:
        goal = account.goal
        for place, text in (
            (TextPlace.GOAL_TITLE, goal.title),
            (TextPlace.EVALUATION, goal.evaluation),
        ):
            if words := medical_words(text):
                found.append(MedicalFinding(place, goal.id, None, tuple(words)))
        for line in account.lines:
            if line.visit_id in seen_visits:
                continue
            seen_visits.add(line.visit_id)
            if words := medical_words(line.note):
                found.append(
                    MedicalFinding(TextPlace.VISIT_NOTE, line.visit_id, line.day, tuple(words))
                )
    return tuple(found)


def workplaces(
    goals: Iterable[Goal], placements: Iterable[Placement], employers: Mapping[UUID, Employer]
) -> dict[UUID, str]:
    """Goal id -> the employer (and work site) of the placement the goal supports: the
    logbook's "Employer" section."""
    held = {placement.id: placement for placement in placements}
    found = {}
    for goal in goals:
        placement = held.get(goal.placement_id) if goal.placement_id else None
        employer = employers.get(placement.employer_id) if placement else None
        if placement is None or employer is None:
            continue
        site = next((s for s in employer.sites if s.id == placement.site_id), None)
        found[goal.id] = f"{employer.name} · {site.name}" if site and site.name else employer.name
    return found
