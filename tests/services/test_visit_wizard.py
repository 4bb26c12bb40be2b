"""The visit wizard's logic without a screen: what one save writes, that no referral leaves
without the client's consent for exactly that team, WHO-5 only behind its own consent, the
summary's team from the routing table, and drafts that are stale or refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.consent import Purpose
from fieldapp.domain.ports import Dossier
from fieldapp.domain.referral import Status, require_consent
from fieldapp.domain.routing import Route
from fieldapp.domain.sync_state import Recipient, SyncState
from fieldapp.domain.targets import Target
from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.i18n.text_versions import CatalogTextVersions
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.visit_wizard import (
    DraftError,
    build_record,
    is_stale,
    new_draft,
    summarise,
)
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.drafts import DraftStore
from fieldapp.storage.store import EncryptedStore
from tests.factories import FIXED_NOW, SCHULDHULP, build_client, build_goal
from tests.storage.conftest import PASSPHRASE, fast_kdf

pytestmark = pytest.mark.usefixtures("english")

BUURTTEAM_OOST = "buurtteam:oost-1"
STATE = SyncState(
    directory=(
        Recipient(recipient_id=SCHULDHULP, target=Target.SCHULDHULP, name="Schuldhulp"),
        Recipient(recipient_id=BUURTTEAM_OOST, target=Target.BUURTTEAM, name="Buurtteam Oost"),
    ),
    routes=(
        Route(target=Target.SCHULDHULP, postcode="*", recipient_id=SCHULDHULP),
        Route(
            target=Target.BUURTTEAM, postcode="1091 AB", house_to=20, recipient_id=BUURTTEAM_OOST
        ),
    ),
)
INSTRUMENT = "who5/en/who-original"


TEXTS = CatalogTextVersions()
_lookup = STATE.recipient_for


def _dossier(**client: object) -> Dossier:
    return Dossier(client=build_client(**client), goals=(build_goal(),))


def _draft(**changes: object) -> VisitDraft:
    draft = new_draft(build_client().id, FIXED_NOW - timedelta(hours=1), "en")
    return draft.changed(**changes)


CRISIS = {"signal_codes": ("E01",), "client_words": "The landlord wants me out"}


def test_a_consented_crisis_visit_writes_visit_signal_consent_and_a_queued_referral() -> None:
    draft = _draft(**CRISIS, consented=(SCHULDHULP,), notes_internal="private")
    summary = summarise(draft, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    record = build_record(draft, summary, None, FIXED_NOW, TEXTS)

    assert [s.code for s in record.signals] == ["E01"]
    assert record.signals[0].client_words == "The landlord wants me out"
    (consent,) = record.consents
    assert (consent.purpose, consent.recipient_id) == (Purpose.REFERRAL, SCHULDHULP)
    assert consent.text_version == "consent-referral/en/1" and consent.language == "en"
    (referral,) = record.referrals
    assert referral.status is Status.QUEUED and referral.recipient_id == SCHULDHULP
    assert referral.due_date == (FIXED_NOW + timedelta(days=5)).date()  # 3 working days
    assert referral.payload is not None
    shared = referral.payload.model_dump_json()
    assert "private" not in shared and "E01" in shared and "landlord" in shared
    assert require_consent(referral, record.consents, FIXED_NOW) == consent


def test_building_twice_gives_the_same_records() -> None:
    draft = _draft(**CRISIS, consented=(SCHULDHULP,))
    summary = summarise(draft, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    first = build_record(draft, summary, None, FIXED_NOW, TEXTS)
    again = build_record(draft, summary, None, FIXED_NOW, TEXTS)
    assert first == again


def test_without_the_tick_nothing_is_referred() -> None:
    draft = _draft(**CRISIS)
    summary = summarise(draft, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    record = build_record(draft, summary, None, FIXED_NOW, TEXTS)
    assert record.referrals == [] and record.consents == []
    assert any(offer.consentable for offer in summary.offers)


def test_the_buurtteam_is_the_one_serving_the_address() -> None:
    draft = _draft(**CRISIS)
    near = summarise(draft, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    teams = {o.suggestion.target: o.recipient for o in near.offers if o.recipient}
    assert teams[Target.BUURTTEAM] is not None
    assert teams[Target.BUURTTEAM].recipient_id == BUURTTEAM_OOST
    far = _dossier(address={"postcode": "1091 AB", "house_number": 40})
    far_offers = summarise(draft, far, _lookup, FIXED_NOW, instrument=INSTRUMENT).offers
    (buurtteam,) = [o for o in far_offers if o.suggestion.target is Target.BUURTTEAM]
    assert buurtteam.recipient is None and not buurtteam.consentable


def test_a_client_without_address_cannot_be_referred_even_if_ticked() -> None:
    draft = _draft(**CRISIS, consented=(SCHULDHULP, BUURTTEAM_OOST))
    dossier = _dossier(address=None)
    summary = summarise(draft, dossier, _lookup, FIXED_NOW, instrument=INSTRUMENT)
    assert build_record(draft, summary, None, FIXED_NOW, TEXTS).referrals == []


def test_who5_is_recorded_only_with_its_own_consent_and_all_answers() -> None:
    answers = {"who5": (1, 1, 1, 1, 1)}
    without = _draft(**answers)
    summary = summarise(without, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    assert summary.check is None
    partial = _draft(who5_consent=True, who5=(1, None, 1, 1, 1))
    assert summarise(partial, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT).check is None

    given_consent = _draft(**answers, who5_consent=True)
    summary = summarise(given_consent, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    assert summary.check is not None and summary.check.instrument_version == INSTRUMENT
    record = build_record(given_consent, summary, None, FIXED_NOW, TEXTS)
    (consent,) = record.consents
    assert consent.purpose is Purpose.WELLBEING_RECORDING
    assert {o.suggestion.target for o in summary.offers} >= {Target.GP}  # raw 5: advise the GP


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day": "20-11-2026"}, "started_at"),
        ({"duration": "1 uur"}, "duration_minutes"),
        ({"duration": "30", "goal_minutes": {"GOAL": "45"}}, None),
    ],
)
def test_a_draft_that_cannot_be_a_visit_says_which_field(
    changes: dict[str, object], field: str | None
) -> None:
    goal = build_goal()
    minutes = changes.get("goal_minutes")
    if isinstance(minutes, dict):
        changes = {**changes, "goal_minutes": {str(goal.id): minutes["GOAL"]}}
    draft = _draft(**changes)
    summary = summarise(draft, _dossier(), _lookup, FIXED_NOW, instrument=INSTRUMENT)
    with pytest.raises(DraftError) as raised:
        build_record(draft, summary, None, FIXED_NOW, TEXTS)
    assert raised.value.errors
    if field is not None:
        assert field in raised.value.errors


def test_a_draft_refuses_a_bsn() -> None:
    with pytest.raises(ValidationError):
        _draft(notes_internal="bsn 111222333")


def test_a_saved_visit_makes_its_draft_stale(tmp_path: Path) -> None:
    store = EncryptedStore.create(tmp_path / "s", PASSPHRASE, kdf=fast_kdf())
    service = CaseloadService(CaseloadStore(store, lambda: FIXED_NOW), lambda: FIXED_NOW)
    drafts = DraftStore(store)
    service.save_client(build_client())
    draft = _draft(notes_internal="typed before the crash")
    drafts.save(draft)
    assert drafts.load(draft.client_id) == draft and drafts.client_ids() == {draft.client_id}

    dossier = service.dossier(draft.client_id)
    assert not is_stale(draft, dossier)
    summary = summarise(draft, dossier, _lookup, FIXED_NOW, instrument=INSTRUMENT)
    service.record_visit(build_record(draft, summary, None, FIXED_NOW, TEXTS))
    assert is_stale(draft, service.dossier(draft.client_id))
    drafts.discard(draft.client_id)
    assert drafts.load(draft.client_id) is None
    store.close()


RECIPIENTS = st.lists(st.sampled_from([SCHULDHULP, BUURTTEAM_OOST, "buurtteam:elsewhere"]))
CODES = st.lists(st.sampled_from(["E01", "D01", "C01", "A01", "B01", "G01", "F06"]), unique=True)


@settings(max_examples=150, deadline=None)
@given(codes=CODES, consented=RECIPIENTS, house=st.integers(1, 60))
def test_every_referral_has_the_consent_of_its_own_named_team(
    codes: list[str], consented: list[str], house: int
) -> None:
    draft = _draft(signal_codes=tuple(codes), consented=tuple(consented))
    dossier = _dossier(address={"postcode": "1091 AB", "house_number": house})
    summary = summarise(draft, dossier, _lookup, FIXED_NOW, instrument=INSTRUMENT)
    record = build_record(draft, summary, None, FIXED_NOW, TEXTS)
    offered = {o.recipient.recipient_id for o in summary.offers if o.consentable and o.recipient}
    assert {r.recipient_id for r in record.referrals} == offered & set(consented)
    for referral in record.referrals:
        consent = require_consent(referral, record.consents, FIXED_NOW)
        assert consent.recipient_id == referral.recipient_id
    assert len({r.id for r in record.referrals}) == len(record.referrals)
    assert all(isinstance(r.id, UUID) for r in record.referrals)
