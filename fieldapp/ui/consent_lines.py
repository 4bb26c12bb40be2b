"""The client's consents as the client page lists them: what for, for whom, when given, which
text in which language, and whether it still holds. Already translated; pure (no Flet)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.i18n import N_, _, format_date
from fieldapp.i18n.bidi import isolate
from fieldapp.i18n.language_names import LANGUAGE_NAMES

PURPOSES = {
    Purpose.REFERRAL: N_("Referral"),
    Purpose.WELLBEING_RECORDING: N_("Recording the WHO-5 answers"),
    Purpose.WELLBEING_SHARING: N_("Sharing the WHO-5 scores"),
    Purpose.FOLLOW_UP_CONTACT: N_("Being contacted again"),
    Purpose.EMPLOYER_CONTACT: N_("The employer may pass concerns"),
}
OWN_RECIPIENTS = {
    "device": N_("This device (the jobcoach)"),
    "outreach:follow-up": N_("The outreach team"),
}
"""Recipients that are no team in the routing directory."""


@dataclass(frozen=True)
class ConsentLine:
    consent_id: str
    title: str
    """``Referral: Schuldhulp Amsterdam``."""
    given: str
    text: str
    """The text version shown and its language."""
    state: str
    withdrawable: bool


def _recipient(recipient_id: str, names: Mapping[str, str]) -> str:
    own = OWN_RECIPIENTS.get(recipient_id)
    if own is not None:
        return _(own)
    return names.get(recipient_id) or _("Team unknown on this device")


def _language(code: str) -> str:
    base, _sep, variant = code.partition("-")
    name = LANGUAGE_NAMES.get(base) or code
    return _("{language}, easy language").format(language=name) if variant == "b1" else name


def consent_lines(
    consents: Iterable[ConsentRecord], names: Mapping[str, str], now: datetime
) -> list[ConsentLine]:
    """Newest first. ``names``: the routing directory's team names by recipient id."""
    lines = []
    for consent in sorted(consents, key=lambda c: c.given_at, reverse=True):
        if consent.withdrawn_at is not None:
            state = _("Withdrawn on {date}").format(date=format_date(consent.withdrawn_at))
        elif consent.expires_at is not None and consent.expires_at <= now:
            state = _("Expired on {date}").format(date=format_date(consent.expires_at))
        elif consent.expires_at is not None:
            state = _("Valid until {date}").format(date=format_date(consent.expires_at))
        else:
            state = _("Valid")
        lines.append(
            ConsentLine(
                consent_id=str(consent.id),
                title=isolate(
                    f"{_(PURPOSES[consent.purpose])}: "
                    f"{isolate(_recipient(consent.recipient_id, names))}"
                ),
                given=_("Given on {date}").format(date=format_date(consent.given_at)),
                text=isolate(f"{consent.text_version} · {_language(consent.language)}"),
                state=state,
                withdrawable=consent.withdrawn_at is None
                and (consent.expires_at is None or consent.expires_at > now),
            )
        )
    return lines
