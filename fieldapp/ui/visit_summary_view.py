"""The visit wizard's last step: the rules' suggestions with their reasons, and for each
referral the team, exactly what will be shared and the consent text, in the client's language
(right to left for Arabic)."""

from __future__ import annotations

import flet as ft

from fieldapp.domain.consent import Purpose
from fieldapp.domain.referral import ReferralPayload
from fieldapp.domain.rules import SuggestionKind
from fieldapp.domain.targets import Urgency
from fieldapp.i18n import (
    Translator,
    _,
    active,
    field_label,
    label,
    stage_label,
    target_label,
    urgency_label,
)
from fieldapp.i18n.bidi import isolate
from fieldapp.i18n.catalogs import RIGHT_TO_LEFT
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.i18n.formatting import format_address, format_email, format_phone
from fieldapp.i18n.language_names import LANGUAGE_NAMES
from fieldapp.services.visit_wizard import Offer
from fieldapp.ui.layout import wrapping
from fieldapp.ui.visit_wizard_types import Change, WizardActions, WizardScreen


def _payload_lines(payload: ReferralPayload, t: Translator) -> list[str]:
    """What a referral shares, line by line, in the client's language."""
    # Values that read left to right stay so in a right-to-left text (bidi isolates).
    lines = [
        f"{field_label('name', translator=t)}: {isolate(payload.name)}",
        f"{field_label('phone', translator=t)}: {format_phone(payload.contact.phone) or '-'}",
        f"{field_label('email', translator=t)}: {format_email(payload.contact.email) or '-'}",
        t.gettext("Language: {language}").format(
            language=LANGUAGE_NAMES.get(payload.language, payload.language)
        ),
    ]
    if payload.address:
        lines.append(f"{t.gettext('Address')}: {format_address(payload.address)}")
    if payload.easy_language:
        lines.append(t.gettext("Needs easy language"))
    urgency = urgency_label(payload.urgency, translator=t)
    lines.append(t.gettext("Urgency: {urgency}").format(urgency=urgency))
    if payload.signal_stages:
        stages = ", ".join(stage_label(stage, translator=t) for stage in payload.signal_stages)
        lines.append(t.gettext("Kinds of signals: {stages}").format(stages=stages))
    if payload.client_words:
        words = isolate(payload.client_words)
        lines.append(t.gettext("In the client's words: {words}").format(words=words))
    return lines


def for_the_client(
    screen: WizardScreen, lines: list[str], consent: Purpose, team: str = ""
) -> ft.Control:
    """A block the client reads, in the client's language (right to left for Arabic), with the
    consent text in its easy-language version when the client needs it; when the app shows
    another language, the jobcoach gets the consent text in that language under it."""
    lang = screen.draft.language
    shown = consent_text(consent, lang, easy=screen.easy, team=team)
    texts: list[ft.Control] = [ft.Text(line) for line in lines]
    texts.append(ft.Text(shown.text, weight=ft.FontWeight.BOLD))
    block: list[ft.Control] = [
        ft.Text(_("Read this to the client:")),
        ft.Container(
            ft.Column(texts, spacing=2, rtl=lang in RIGHT_TO_LEFT),
            padding=8,
            border=ft.Border.all(1, ft.Colors.OUTLINE),
            border_radius=8,
        ),
    ]
    if lang != active().lang:
        mine = consent_text(consent, active().lang, team=team)
        block.append(ft.Text(_("In your language: {text}").format(text=mine.text), italic=True))
    return ft.Column(block, spacing=4)


def _offer(offer: Offer, screen: WizardScreen, change: Change) -> ft.Control:
    suggestion = offer.suggestion
    crisis = suggestion.urgency is Urgency.CRISIS
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(
                    ft.Icons.WARNING_AMBER if crisis else ft.Icons.LIGHTBULB_OUTLINE,
                    semantics_label=_("Urgent") if crisis else _("Suggestion"),
                ),
                ft.Text(target_label(suggestion.target), weight=ft.FontWeight.BOLD, expand=True),
            ]
        ),
        *(
            ft.Text(_("Why: {reason}").format(reason=label(r.reason_key)))
            for r in suggestion.reasons
        ),
        *(ft.Text(label(key)) for key in suggestion.advice_keys),
    ]
    if suggestion.kind is SuggestionKind.REFERRAL:
        lines.append(_referral_part(offer, screen, change))
    return ft.Card(content=ft.Container(ft.Column(lines, spacing=4), padding=12))


def _referral_part(offer: Offer, screen: WizardScreen, change: Change) -> ft.Control:
    draft, client = screen.draft, Translator(screen.draft.language)
    if offer.suggestion.update_referral_id is not None:
        return ft.Text(_("There is already an open referral for this; no new one is made."))
    if offer.recipient is None or offer.payload is None:
        return ft.Text(
            _(
                "No team is known for this client's address yet. Add the address, or sync to "
                "get the teams, then refer."
            )
        )
    recipient = offer.recipient

    def agreed(event: ft.Event[ft.Checkbox]) -> None:
        chosen = [r for r in draft_consented if r != recipient.recipient_id]
        if event.control.value:
            chosen.append(recipient.recipient_id)
        draft_consented[:] = chosen
        change(consented=tuple(chosen))

    draft_consented = list(draft.consented)
    return ft.Column(
        [
            ft.Text(_("To: {team}").format(team=recipient.name)),
            for_the_client(
                screen,
                [
                    client.gettext("What will be shared with {team}:").format(team=recipient.name),
                    *(f"• {line}" for line in _payload_lines(offer.payload, client)),
                ],
                Purpose.REFERRAL,
                recipient.name,
            ),
            wrapping(
                ft.Checkbox(
                    label=_("The client agrees to share this with {team}").format(
                        team=recipient.name
                    ),
                    value=recipient.recipient_id in draft.consented,
                    on_change=agreed,
                )
            ),
        ],
        spacing=4,
    )


def summary_step(screen: WizardScreen, actions: WizardActions) -> list[ft.Control]:
    summary = screen.summary
    offers = summary.offers if summary else []
    controls: list[ft.Control] = [
        ft.Text(
            _("Suggestions from what was recorded. Nothing is sent without the client's consent.")
            if offers
            else _("No suggestions from what was recorded.")
        ),
        *(_offer(offer, screen, actions.change) for offer in offers),
    ]

    return controls
