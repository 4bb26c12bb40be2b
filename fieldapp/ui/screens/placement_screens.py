"""A client's placement, added or edited from the client page: the employer and site chosen
from the register, saved through the caseload service; a placement that overlaps another is
saved and said to overlap, one that repeats another is refused at its field."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

import flet as ft

from fieldapp.domain.client import Client
from fieldapp.domain.concern import employer_recipient
from fieldapp.domain.consent import Purpose
from fieldapp.domain.placement import Overlap
from fieldapp.i18n import _, active
from fieldapp.i18n.bidi import isolate
from fieldapp.i18n.consent_texts import consent_text
from fieldapp.i18n.text_versions import CatalogTextVersions
from fieldapp.services.consent_records import consent_record
from fieldapp.services.field_errors import FieldErrors
from fieldapp.services.placement_form import PlacementFormValues, build_placement, place, values_of
from fieldapp.ui.placement_form_view import EmployerChoice, placement_form_view
from fieldapp.ui.screens.shell import after_save

if TYPE_CHECKING:
    from fieldapp.ui.screens.shell import ServicesNow, Shell


class PlacementScreens:
    def __init__(self, shell: Shell, services: ServicesNow) -> None:
        self.shell, self.services = shell, services

    async def form(self, client_id: str, placement_id: str | None) -> None:
        services = self.services()
        dossier = await asyncio.to_thread(services.caseload.dossier, UUID(client_id))
        employers = await asyncio.to_thread(services.employers.employers)
        existing = next((p for p in dossier.placements if str(p.id) == placement_id), None)
        choices = [
            EmployerChoice(
                str(employer.id),
                employer.name,
                tuple((str(site.id), site.name) for site in employer.sites),
            )
            for employer in employers
        ]

        client = dossier.client
        assert client is not None
        now = services.caseload.now()
        agreed = {c.recipient_id for c in dossier.consents if c.withdrawn_at is None}

        async def save(values: PlacementFormValues) -> FieldErrors:
            shown = self.shell.shown
            result = build_placement(values, UUID(client_id), existing)
            if result.placement is None:
                return result.errors
            recipient = employer_recipient(result.placement.employer_id)
            consent = (
                consent_record(
                    CatalogTextVersions(),
                    consent_id=uuid4(),
                    client_id=client.id,
                    purpose=Purpose.EMPLOYER_CONTACT,
                    recipient_id=recipient,
                    language=client.preferred_language,
                    easy=client.easy_language,
                    now=now,
                )
                if values.employer_contact and recipient not in agreed
                else None
            )
            placed = await asyncio.to_thread(
                place, result.placement, services.employers, services.caseload, consent
            )
            if placed.overlap is None:
                return placed.errors
            self.shell.request_sync()
            await after_save(self.shell, shown, back)
            saved = _("Placement saved.")
            if placed.overlap.verdict is Overlap.WARNING:
                saved = _(
                    "Placement saved. It runs at the same time as another placement of this "
                    "client: fine for two part-time jobs, otherwise check the dates."
                )
            self.shell.page.show_dialog(ft.SnackBar(ft.Text(saved)))
            return {}

        async def back() -> None:
            await self.shell.open_client(client_id)

        values = (
            values_of(existing)
            if existing
            else PlacementFormValues(start=services.caseload.today().isoformat())
        )
        given = existing is not None and employer_recipient(existing.employer_id) in agreed
        texts = [] if given else consent_texts(client)
        self.shell.frame(
            "placement_form",
            _("Edit placement") if existing else _("New placement"),
            placement_form_view(values, choices, save, texts),
            back=back,
        )


def consent_texts(client: Client) -> list[str]:
    """The consent text in the client's language, and in the app's beneath when it differs."""
    theirs = consent_text(
        Purpose.EMPLOYER_CONTACT, client.preferred_language, easy=client.easy_language
    ).text
    ours = consent_text(Purpose.EMPLOYER_CONTACT, active().lang).text
    return [isolate(theirs)] if ours == theirs else [isolate(theirs), ours]
