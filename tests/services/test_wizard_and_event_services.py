"""The visit wizard and event mode as services over the real encrypted store: what each step
saves, what a refused step leaves untouched, and that both name teams from the one routing
table the device pulled."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from pydantic import SecretStr

from fieldapp.domain.outbox import EntityKind, IncomingRecord
from fieldapp.domain.outreach import EventKind, Tally
from fieldapp.domain.placement import EndReason, Placement, PlacementKind
from fieldapp.domain.sync_state import Enrollment
from fieldapp.domain.targets import Target
from fieldapp.domain.visit import VisitType
from fieldapp.domain.visit_request import VisitRequest
from fieldapp.i18n.text_versions import CatalogTextVersions
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.event_intake import Intake, IntakeCode
from fieldapp.services.event_mode import EventMode
from fieldapp.services.field_errors import FormCode
from fieldapp.services.visit_wizard import DraftError, VisitWizard, visit_id
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.drafts import DraftStore
from fieldapp.storage.events import EventStore
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.store import EncryptedStore
from fieldapp.storage.sync_state import SyncStateStore
from tests.factories import BUURTTEAM, FIXED_NOW, SCHULDHULP, build_client
from tests.services.test_visit_wizard import CRISIS, STATE

TEXTS = CatalogTextVersions()
JOBCOACH = uuid.uuid4()


def _caseload(store: EncryptedStore) -> CaseloadService:
    return CaseloadService(CaseloadStore(store, lambda: FIXED_NOW), lambda: FIXED_NOW)


def _wizard(store: EncryptedStore, *, enrolled: bool = True) -> VisitWizard:
    states = SyncStateStore(store)
    enrollment = Enrollment(
        server_url="https://veldwerk.example",
        device_id=uuid.uuid4(),
        token=SecretStr("t"),
        user_id=JOBCOACH,
        organisation_id=uuid.uuid4(),
        role="jobcoach",
        enrolled_at=FIXED_NOW,
    )
    states.save_sync_state(
        STATE.model_copy(update={"enrollment": enrollment if enrolled else None})
    )
    return VisitWizard(_caseload(store), DraftStore(store), states, TEXTS)


@pytest.mark.parametrize(("preferred", "language"), [("ar", "ar"), ("other", "nl"), ("pl", "pl")])
def test_a_new_visit_starts_a_draft_in_the_clients_language(
    store: EncryptedStore, preferred: str, language: str
) -> None:
    client = build_client(preferred_language=preferred)
    _caseload(store).save_client(client)
    opened = _wizard(store).open(client.id)
    assert opened.draft.language == language and opened.dossier.client == client
    assert DraftStore(store).load(client.id) == opened.draft  # kept before the first change


def test_the_wizard_saves_the_visit_by_its_jobcoach_and_drops_the_draft(
    store: EncryptedStore,
) -> None:
    client = build_client()
    _caseload(store).save_client(client)
    wizard = _wizard(store)
    opened = wizard.open(client.id)
    draft = opened.draft.changed(**CRISIS, consented=(SCHULDHULP,))
    wizard.keep(draft)
    summary = wizard.summarise(draft, opened.dossier)
    named = {o.recipient.recipient_id for o in summary.offers if o.recipient}
    assert named == {SCHULDHULP, BUURTTEAM}  # from the routing table in the sync state

    record = wizard.save(draft, opened.dossier)
    dossier = _caseload(store).dossier(client.id)
    assert [v.id for v in dossier.visits] == [visit_id(draft)]
    assert dossier.visits[0].author_id == JOBCOACH
    assert [r.recipient_id for r in dossier.referrals] == [SCHULDHULP]
    assert record.consents[0].text_version.startswith("consent-referral/")
    assert DraftStore(store).load(client.id) is None


def test_a_draft_that_cannot_be_saved_keeps_everything_and_names_a_code(
    store: EncryptedStore,
) -> None:
    client = build_client()
    _caseload(store).save_client(client)
    wizard = _wizard(store)
    opened = wizard.open(client.id)
    draft = opened.draft.changed(duration="1 uur")
    wizard.keep(draft)
    with pytest.raises(DraftError) as raised:
        wizard.save(draft, opened.dossier)
    assert raised.value.errors["duration_minutes"].code == FormCode.WHOLE_MINUTES
    assert not _caseload(store).dossier(client.id).visits
    assert DraftStore(store).load(client.id) == draft


def test_a_draft_whose_visit_was_saved_gives_way_to_a_new_one(store: EncryptedStore) -> None:
    client = build_client()
    _caseload(store).save_client(client)
    wizard = _wizard(store, enrolled=False)
    opened = wizard.open(client.id)
    draft = opened.draft.changed(notes_internal="typed before the crash")
    wizard.keep(draft)
    # The crash: the visit is saved, the draft's removal never happened.
    DraftStore(store).save(draft)
    wizard.save(draft, opened.dossier)
    DraftStore(store).save(draft)
    again = wizard.open(client.id)
    assert again.draft.id != draft.id and again.draft.notes_internal == ""
    assert _caseload(store).dossier(client.id).visits[0].author_id is None


def test_a_workplace_visit_is_made_at_the_placement_held_now(store: EncryptedStore) -> None:
    """The new draft names the placement running today (the one started last); the saved
    visit keeps it, and a visit of another kind is made at no placement."""
    client = build_client()
    caseload = _caseload(store)
    caseload.save_client(client)
    today = FIXED_NOW.date()

    def placement(start_days_ago: int, **more: object) -> Placement:
        data: dict[str, object] = {
            "id": uuid.uuid4(),
            "client_id": client.id,
            "employer_id": uuid.uuid4(),
            "kind": PlacementKind.REGULAR,
            "start": today - timedelta(days=start_days_ago),
            "hours_per_week": 12,
        } | more
        made = Placement.model_validate(data)
        caseload.save_placement(made)
        return made

    placement(900, ended_on=today - timedelta(days=400), end_reason=EndReason.OWN_CHOICE)
    placement(300)
    newest = placement(30)  # a second part-time job
    wizard = _wizard(store)
    opened = wizard.open(client.id)
    assert opened.draft.placement_id == str(newest.id)
    wizard.save(opened.draft, opened.dossier)
    assert _caseload(store).dossier(client.id).visits[0].placement_id == newest.id

    call = wizard.open(client.id).draft.changed(visit_type=VisitType.PHONE_VIDEO)
    assert call.placement_id == str(newest.id)  # kept, should the jobcoach switch back
    wizard.save(call, opened.dossier)
    saved = {v.type: v for v in _caseload(store).dossier(client.id).visits}
    assert saved[VisitType.PHONE_VIDEO].placement_id is None


def _events(store: EncryptedStore) -> EventMode:
    states = SyncStateStore(store)
    states.save_sync_state(STATE)
    return EventMode(_caseload(store), EventStore(store, lambda: FIXED_NOW), states, TEXTS)


def test_event_mode_saves_each_step(store: EncryptedStore) -> None:
    mode = _events(store)
    assert mode.running() is None
    refused = mode.start("", "Kantine", EventKind.COMPANY_VISIT)
    assert refused.event is None and "organisation" in refused.errors
    assert mode.running() is None  # nothing saved

    event = mode.start("Bouwbedrijf", "Kantine", EventKind.COMPANY_VISIT).event
    assert event is not None and mode.running() == event
    counted = mode.count(event, {Tally.PEOPLE_SPOKEN: 2})
    assert mode.running() == counted

    quiet, counted = mode.take_in(Intake(given_name="Anna", phone="06-1"), counted)
    assert quiet.client is None and counted.count(Tally.PEOPLE_SPOKEN) == 3
    assert _caseload(store).overviews() == []

    asked = Intake(
        given_name="Pieter",
        phone="06-87654321",
        postcode="1091 AB",
        house_number="5",
        referrals=(Target.SCHULDHULP,),
    )
    referred, counted = mode.take_in(asked, counted)
    assert referred.client is not None
    dossier = _caseload(store).dossier(referred.client.id)
    assert [r.recipient_id for r in dossier.referrals] == [SCHULDHULP]
    assert counted.count(Tally.REFERRALS_MADE) == 1 and mode.running() == counted

    ended = mode.end(counted)
    assert ended.ended_at == FIXED_NOW and mode.running() is None


def test_an_intake_that_needs_fixing_saves_and_counts_nothing(store: EncryptedStore) -> None:
    mode = _events(store)
    event = mode.start("Bouwbedrijf", "", EventKind.MARKET).event
    assert event is not None
    result, same = mode.take_in(Intake(given_name="Pieter", follow_up=True), event)
    assert result.errors["phone"].code == IntakeCode.NO_CONTACT
    assert same == event == mode.running()


def test_an_event_goes_to_the_server_with_each_count(store: EncryptedStore) -> None:
    mode = _events(store)
    event = mode.start("Bouwbedrijf", "Kantine", EventKind.COMPANY_VISIT).event
    assert event is not None
    counted = mode.count(event, {Tally.PEOPLE_SPOKEN: 2})
    changes = DeviceOutbox(store, lambda: FIXED_NOW).sendable()
    assert [(c.entity, c.client_id, c.entity_version) for c in changes] == [
        (EntityKind.OUTREACH_EVENT, None, 1),
        (EntityKind.OUTREACH_EVENT, None, 2),
    ]
    assert changes[-1].body == counted.model_dump(mode="json")


def test_open_requests_for_a_visit_come_from_the_server_oldest_first(
    store: EncryptedStore,
) -> None:
    def request(organisation: str, hours: int) -> VisitRequest:
        return VisitRequest(
            id=uuid.uuid4(),
            organisation=organisation,
            contact_name="Fatima",
            email="f@dester.nl",
            preferred_dates=(FIXED_NOW.date(),),
            employees=40,
            received_at=FIXED_NOW - timedelta(hours=hours),
        )

    newer, older, done = request("Nieuw BV", 1), request("Oud BV", 5), request("Klaar BV", 9)
    incoming = [
        IncomingRecord(
            entity=EntityKind.VISIT_REQUEST,
            entity_id=r.id,
            client_id=None,
            version=r.version,
            body=r.model_dump(mode="json"),
        )
        for r in (newer, older, done.handled(FIXED_NOW))
    ]
    DeviceOutbox(store, lambda: FIXED_NOW).apply_incoming(incoming)
    assert [r.organisation for r in _events(store).open_requests()] == ["Oud BV", "Nieuw BV"]
