"""Use cases over the real encrypted store: a visit with everything it brought up lands in one
commit with its outbox entries; suggestions come from what is stored; the consent gate holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.domain.client import Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.errors import ConsentError, DomainError, ErrorCode
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.referral import Status, new_referral
from fieldapp.domain.rules import SuggestionKind
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.services.caseload import CaseloadService, VisitRecord
from fieldapp.services.demo import seed_demo
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE, fast_kdf

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # a Friday
RECIPIENT = "schuldhulp:amsterdam"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CaseloadService]:
    store = EncryptedStore.create(tmp_path / "store", PASSPHRASE, kdf=fast_kdf())
    yield CaseloadService(CaseloadStore(store, clock=lambda: NOW), clock=lambda: NOW)
    store.close()


def _client() -> Client:
    return Client(id=uuid.uuid4(), given_name="Sanne", created_at=NOW, updated_at=NOW)


def _visit_record(client_id: uuid.UUID, codes: tuple[str, ...]) -> VisitRecord:
    visit = Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=NOW - timedelta(hours=1),
        duration_minutes=30,
    )
    signals = [
        SignalObservation(
            id=uuid.uuid4(),
            client_id=client_id,
            visit_id=visit.id,
            code=code,
            observed_at=NOW - timedelta(hours=1),
            source=SignalSource.REPORTED_BY_CLIENT,
        )
        for code in codes
    ]
    check = WellbeingCheck(
        id=uuid.uuid4(),
        client_id=client_id,
        visit_id=visit.id,
        taken_at=NOW - timedelta(hours=1),
        items=(3, 3, 3, 3, 3),
        instrument_version="who5/nl/registered",
        language="nl",
    )
    return VisitRecord(visit=visit, signals=signals, check=check)


def test_a_visit_and_all_it_brought_up_is_one_commit_with_its_outbox(
    service: CaseloadService,
) -> None:
    client = _client()
    service.save_client(client)
    changes = service.record_visit(_visit_record(client.id, ("E01", "D01")))
    assert [c.entity for c in changes] == [
        EntityKind.VISIT,
        EntityKind.SIGNAL,
        EntityKind.SIGNAL,
        EntityKind.WELLBEING_CHECK,
    ]
    dossier = service.dossier(client.id)
    assert len(dossier.visits) == 1 and len(dossier.signals) == 2 and len(dossier.checks) == 1
    pending = service._repository.pending_changes()
    assert {p.change_id for p in pending} >= {c.change_id for c in changes}


def test_suggestions_come_from_what_is_stored(service: CaseloadService) -> None:
    client = _client()
    service.save_client(client)
    service.record_visit(_visit_record(client.id, ("E01",)))
    suggestions = service.suggestions(client.id)
    first = suggestions[0]
    assert first.urgency is Urgency.CRISIS and first.kind is SuggestionKind.REFERRAL
    assert first.reasons[0].rule_id == "R1-crisis"


def test_referral_is_queued_only_through_the_consent_gate(service: CaseloadService) -> None:
    client = _client()
    service.save_client(client)
    referral = new_referral(
        referral_id=uuid.uuid4(),
        client_id=client.id,
        target=Target.SCHULDHULP,
        recipient_id=RECIPIENT,
        urgency=Urgency.CRISIS,
        at=NOW - timedelta(minutes=5),
    )
    record = _visit_record(client.id, ("E01",))
    service.record_visit(VisitRecord(visit=record.visit, referrals=[referral]))
    with pytest.raises(ConsentError) as refused:
        service.queue_referral(client.id, referral.id)
    assert refused.value.code is ErrorCode.CONSENT_MISSING
    consent = ConsentRecord(
        id=uuid.uuid4(),
        client_id=client.id,
        purpose=Purpose.REFERRAL,
        recipient_id=RECIPIENT,
        text_version="v1",
        language="nl",
        given_at=NOW - timedelta(minutes=1),
    )
    service.record_visit(VisitRecord(visit=record.visit, consents=[consent]))
    queued = service.queue_referral(client.id, referral.id)
    assert queued.status is Status.QUEUED
    assert str(queued.due_date) == "2026-11-25"  # Friday + 3 working days
    assert service.dossier(client.id).referrals[0].status is Status.QUEUED

    withdrawn = service.withdraw_consent(client.id, consent.id)
    assert [r.status for r in withdrawn] == [Status.WITHDRAWN]
    stored = service.dossier(client.id).referrals[0]
    assert stored.status is Status.WITHDRAWN and stored.payload is None


def test_records_of_another_client_are_refused(service: CaseloadService) -> None:
    record = _visit_record(uuid.uuid4(), ("A01",))
    other = _visit_record(uuid.uuid4(), ("A01",))
    with pytest.raises(DomainError) as refused:
        service.record_visit(VisitRecord(visit=record.visit, signals=other.signals))
    assert refused.value.code is ErrorCode.MIXED_CLIENTS


def test_demo_caseload_seeds_clients_with_history(service: CaseloadService) -> None:
    ids = seed_demo(service, NOW, clients=8)
    clients = service.clients()
    assert sorted(c.id for c in clients) == sorted(ids)
    assert all(service.dossier(cid).visits for cid in ids)
    assert any(service.suggestions(cid) for cid in ids)
