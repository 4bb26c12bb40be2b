"""The typical visit as a jobcoach records it (issue 18): a workplace visit of 45 minutes, all
five WHO-5 answers, one money signal and one referral with the client's consent, from tapping
"New visit" on the client's page to "Visit saved.". Each step asserts what a person sees there:
the labels in order, the value just chosen, the score as it is computed.

Used by the browser test that checks the saved visit holds all of it, and by ``make bench``
(``app.visit_taps.typical``)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from fieldapp.domain.ports import Dossier
from fieldapp.domain.signals import SignalCatalogue
from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.domain.wellbeing import band_for, percentage
from fieldapp.i18n import Translator, field_label, label, visit_type_label, who5_items
from fieldapp.i18n.labels import participant_label, who5_band_label
from tests.e2e.conftest import shot, type_into
from tests.e2e.taps import Taps
from tests.e2e.test_unlock_and_caseload import _shows_in_order

NL = Translator("nl")
t = NL.gettext
ANSWERS = (3, 2, 3, 2, 2)
"""The client's WHO-5 answers, item by item: raw 12, 48%, poor wellbeing."""
SIGNAL = "D01"
MINUTES = 45
STEP_TITLES = ("Visit", "Notes", "Wellbeing (WHO-5)", "Money signals", "Summary and consent")


def step_heading(number: int, lang: Translator = NL) -> str:
    return lang.gettext("Step {n} of {total}: {title}").format(
        n=number, total=len(STEP_TITLES), title=lang.gettext(STEP_TITLES[number - 1])
    )


def _sees(page: Page, *texts: str) -> None:
    assert _shows_in_order(page, *texts), f"not on screen in this order: {texts}"


def _score_text() -> str:
    raw = sum(ANSWERS)
    band = who5_band_label(band_for(raw), translator=NL)
    return t("Score {raw} of {most} ({percent}%): {band}").format(
        raw=raw, most=25, percent=percentage(raw), band=band
    )


TEAM = "Schuldhulp Amsterdam"
"""The demo routing table's debt-help team for the client's postcode."""
TEAM_ID = "schuldhulp:amsterdam"
CLIENT = ("Ilse", "Testers")


def add_client_at_an_address(page: Page, shots: Path | None = None) -> None:
    """From the caseload: a new client with a phone number and an Amsterdam address (so the
    routing table names a team); the client's page opens."""
    page.get_by_role("button", name=t("Add client")).click()
    type_into(page, t("First name"), CLIENT[0])
    type_into(page, t("Last name"), CLIENT[1])
    type_into(page, t("Phone number"), "06-12345678")
    type_into(page, t("Postcode"), "1091AB")
    type_into(page, t("House number"), "12", exact=True)
    if shots:
        shot(page, shots / "client-form-phone-nl.png")
    page.get_by_role("button", name=t("Save client")).click()
    _sees(page, " ".join(CLIENT), t("New visit"))


def record_typical_visit(page: Page, team: str, shots: Path | None = None) -> int:
    """Record the typical visit for the client whose page is open; returns the taps made.
    With ``shots``, screenshots of step 1, the WHO-5 and the summary go there (they are taken
    without a tap: the count stays the same)."""
    taps = Taps(page)
    signal = label(SignalCatalogue.default().get(SIGNAL).label_key, translator=NL)
    taps.tap(page.get_by_role("button", name=t("New visit")))
    _sees(
        page,
        step_heading(1),
        field_label("type", translator=NL),
        t("Date"),
        t("Time"),
        field_label("duration_minutes", translator=NL),
        t("{minutes} min").format(minutes=60),
        t("Who took part"),
        participant_label(ParticipantRole.CLIENT, translator=NL),
    )
    taps.tap(page.get_by_role("checkbox", name=t("{minutes} min").format(minutes=MINUTES)))
    checked = page.get_by_role("checkbox", name=t("{minutes} min").format(minutes=MINUTES))
    expect(checked).to_be_checked()
    if shots:
        shot(page, shots / "visit-step1-phone-nl.png")

    # Nothing to note for the funder today: straight to the WHO-5.
    jump = t("Step {n}: {title}, {state}").format(
        n=3, title=t("Wellbeing (WHO-5)"), state=t("not visited yet")
    )
    taps.tap(page.get_by_role("button", name=jump))
    _sees(page, step_heading(3))
    consent = t("The client agrees to answer the WHO-5 and to have the answers recorded")
    taps.tap(page.get_by_role("checkbox", name=consent))
    _sees(
        page,
        t("{answered} of {total} answered").format(answered=0, total=5),
        who5_items(translator=NL)[0],
    )
    for index, score in enumerate(ANSWERS):
        choice = page.get_by_role("checkbox", name=re.compile(f"^{score} · "))
        taps.tap(choice.nth(index))
    _sees(page, _score_text(), who5_items(translator=NL)[0])
    if shots:
        shot(page, shots / "visit-who5-phone-nl.png")

    taps.tap(page.get_by_role("button", name=t("Next")))
    _sees(page, step_heading(4))
    taps.tap(page.get_by_role("checkbox", name=signal))
    taps.tap(page.get_by_role("button", name=t("Next")))
    _sees(
        page,
        step_heading(5),
        visit_type_label(VisitType.WORKPLACE_VISIT, translator=NL),
        t("Duration: {minutes} minutes").format(minutes=MINUTES),
        _score_text(),
        signal,
        team,
    )
    if shots:
        shot(page, shots / "visit-summary-phone-nl.png")
    taps.tap(
        page.get_by_role(
            "checkbox", name=t("The client agrees to share this with {team}").format(team=team)
        )
    )
    taps.tap(page.get_by_role("button", name=t("Save visit")))
    _sees(page, t("Visit saved."))
    return taps.count


def assert_holds_the_typical_visit(dossier: Dossier, recipient_id: str) -> None:
    """The saved visit holds everything the journey recorded."""
    (visit,) = [v for v in dossier.visits if v.duration_minutes == MINUTES]
    assert visit.type is VisitType.WORKPLACE_VISIT
    assert [p.role for p in visit.participants] == [ParticipantRole.CLIENT]
    (check,) = [c for c in dossier.checks if c.visit_id == visit.id]
    assert check.items == ANSWERS
    assert [s.code for s in dossier.signals if s.visit_id == visit.id] == [SIGNAL]
    referred = [r for r in dossier.referrals if r.recipient_id == recipient_id]
    assert len(referred) == 1, referred
    consents = [c for c in dossier.consents if c.recipient_id == recipient_id]
    assert consents, "no consent recorded for the referral"
