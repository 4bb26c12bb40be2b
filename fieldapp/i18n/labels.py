"""Translated labels for the domain's keys and enums, and for the names of form fields.

Look-ups go through the English source strings in :mod:`fieldapp.i18n.sources`. A key that has
no entry (an organisation's own signal catalogue, say) comes back unchanged rather than failing,
so it shows up on screen and can be added to the catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.referral import Status
from fieldapp.domain.signals import SignalSource, Stage
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.domain.wellbeing import ITEM_KEYS, ITEM_MAX, Band
from fieldapp.i18n import sources
from fieldapp.i18n.translator import N_, Translator, active

KEYED: Mapping[str, str] = {**sources.SIGNALS, **sources.WHO5, **sources.RULES}
"""Every string key the domain's data uses (signal labels, WHO-5, rule reasons and advice)."""

WHO5_INSTRUMENT_VERSIONS: Mapping[str, str] = {
    "en": "who5/en/who-original",
    "nl": "who5/nl/unregistered-2026-11",
    "tr": "who5/tr/unregistered-2026-11",
    "ar": "who5/ar/unregistered-2026-11",
    "pl": "who5/pl/unregistered-2026-11",
}
"""What a WHO-5 check records as ``instrument_version`` per language. The Dutch text has not
been checked against WHO's registered translation: replace it and this marker when it is."""

FIELDS: Mapping[str, str] = {
    "given_name": N_("First name"),
    "family_name": N_("Last name"),
    "name": N_("Name"),
    "phone": N_("Phone number"),
    "email": N_("Email address"),
    "best_time": N_("Best time to reach"),
    "postcode": N_("Postcode"),
    "house_number": N_("House number"),
    "house_number_addition": N_("House number addition"),
    "street": N_("Street"),
    "city": N_("Town or city"),
    "notes": N_("Notes"),
    "notes_internal": N_("Own notes"),
    "notes_for_funder": N_("Notes for the funder"),
    "client_words": N_("The client's own words"),
    "jobcoach_contact": N_("Jobcoach's contact details"),
    "title": N_("Goal"),
    "duration_minutes": N_("Duration in minutes"),
    "minutes": N_("Minutes"),
    "granted_hours": N_("Granted hours"),
    "started_at": N_("Start time"),
    "period_start": N_("Start of the period"),
    "period_end": N_("End of the period"),
    "items": N_("WHO-5 answers"),
    "participation_level": N_("Participation ladder"),
    "preferred_language": N_("Language"),
    "language": N_("Language"),
    "recipient_id": N_("Recipient"),
    "type": N_("Type of visit"),
    "kvk": N_("KvK number"),
    "kind": N_("Kind"),
    "sites": N_("Work sites"),
    "contacts": N_("Contact people"),
    "employer_id": N_("Employer"),
    "site_id": N_("Work site"),
    "jobcoaching": N_("Jobcoaching"),
    "start": N_("Start date"),
    "planned_end": N_("Planned end or contract end"),
    "ended_on": N_("Ended on"),
    "end_reason": N_("Reason it ended"),
    "hours_per_week": N_("Hours per week"),
    "loonwaarde_pct": N_("Loonwaarde (%)"),
    "workplace_adaptation": N_("Workplace adaptation"),
    "evaluation": N_("Evaluation"),
    "funder": N_("Funder"),
    "status": N_("Status"),
    "placement_id": N_("Placement it supports"),
}
"""Model field names a person can see in an error, with their English labels."""


def _t(translator: Translator | None) -> Translator:
    return translator if translator is not None else active()


def label(key: str, *, translator: Translator | None = None) -> str:
    """The translated label for a domain key such as ``signal.A.short_absence``.

    An unknown key is returned as it is.
    """
    source = KEYED.get(key)
    return key if source is None else _t(translator).gettext(source)


def field_label(name: str, *, translator: Translator | None = None) -> str:
    """The translated label of a model field (``notes_internal`` -> ``Eigen notities``).

    A field without a label is returned by its name.
    """
    source = FIELDS.get(name)
    return name if source is None else _t(translator).gettext(source)


def stage_label(stage: Stage, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.STAGES[stage])


def target_label(target: Target, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.TARGETS[target])


def urgency_label(urgency: Urgency, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.URGENCIES[urgency])


def status_label(status: Status, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.STATUSES[status])


def target_group_label(group: TargetGroup, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.TARGET_GROUPS[group])


def visit_type_label(visit_type: VisitType, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.VISIT_TYPES[visit_type])


def participant_label(role: ParticipantRole, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.PARTICIPANTS[role])


def source_label(source: SignalSource, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.SIGNAL_SOURCES[source])


def who5_items(*, translator: Translator | None = None) -> list[str]:
    """The five WHO-5 statements in the domain's item order."""
    return [label(key, translator=translator) for key in ITEM_KEYS]


def who5_answer_label(score: int, *, translator: Translator | None = None) -> str:
    """The answer text for an item score: 5 ``All of the time`` .. 0 ``At no time``."""
    if not 0 <= score <= ITEM_MAX:
        raise ValueError(f"a WHO-5 answer is 0 to {ITEM_MAX}")
    return label(f"who5.answer.{score}", translator=translator)


def who5_band_label(band: Band, *, translator: Translator | None = None) -> str:
    return _t(translator).gettext(sources.WHO5_BANDS[band])


def who5_instrument_version(*, translator: Translator | None = None) -> str:
    """The ``instrument_version`` to record for a check taken in the active language."""
    return WHO5_INSTRUMENT_VERSIONS[_t(translator).lang]


def who5_is_unregistered(translator: Translator | None = None) -> bool:
    """Whether the WHO-5 text in this language is a translation WHO has not registered (the
    app says so, and each check records it in its instrument version)."""
    return "unregistered" in who5_instrument_version(translator=translator)
