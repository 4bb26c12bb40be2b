"""Every source string a client reads or signs: these must be translated in each client
language (tr, ar, pl) as well as in nl and en; the tests hold the catalogs to it."""

from __future__ import annotations

from fieldapp.i18n import sources
from fieldapp.i18n.consent_texts import EVENT_REFERRAL, STANDARD
from fieldapp.i18n.regulation_texts import REGULATION_CHECK_TEXTS
from fieldapp.i18n.translator import N_

SHARED_LINES: tuple[str, ...] = (
    N_("What will be shared with {team}:"),
    N_("Name"),
    N_("Phone number"),
    N_("Email address"),
    N_("Language: {language}"),
    N_("Address"),
    N_("Urgency: {urgency}"),
    N_("Kinds of signals: {stages}"),
    N_("In the client's words: {words}"),
    N_("Needs easy language"),
)
"""How "what will be shared" is put, line by line."""

INTAKE_FIELDS: tuple[str, ...] = (
    N_("First name"),
    N_("Phone number"),
    N_("Email address"),
    N_("Postcode"),
    N_("House number"),
)
"""The fields a person fills in on the event tablet when they want follow-up."""

CLIENT_FACING: tuple[str, ...] = (
    *sources.WHO5.values(),
    *sources.STAGES.values(),
    *sources.TARGETS.values(),
    *sources.URGENCIES.values(),
    *STANDARD.values(),
    EVENT_REFERRAL,
    *SHARED_LINES,
    *INTAKE_FIELDS,
    *REGULATION_CHECK_TEXTS,
)
