"""A canary saved in every text field never shows up in plaintext: not on disk, not in logs,
not in exception text, in any common encoding."""

from __future__ import annotations

import base64
import gzip
import io
import json
import logging
import uuid
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from pydantic import BaseModel, ValidationError

from fieldapp.domain.client import Address, Client
from fieldapp.domain.consent import ConsentRecord, Purpose
from fieldapp.domain.ports import Entity
from fieldapp.domain.referral import Contact, ReferralPayload, new_referral
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.domain.store_errors import StoreError
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import Goal, GoalTime, Participant, ParticipantRole, Visit, VisitType
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE

CANARY = "Kanarie\u00ffGele-Vogel\u00e7\u20ac"
POSTCODE_CANARY = "9876 ZX"
"""The one text field with a fixed format gets its own canary."""
CATALOGUE_CODES = {"code"}
"""Fields holding a code from the product's own catalogue, not text about a person."""
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _encodings(text: str) -> dict[str, bytes]:
    raw = text.encode()
    forms = {
        "utf-8": raw,
        "utf-16-le": text.encode("utf-16-le"),
        "utf-16-be": text.encode("utf-16-be"),
        "hex": raw.hex().encode(),
        "HEX": raw.hex().upper().encode(),
        "json-escaped": json.dumps(text).strip('"').encode(),
        "url": quote(text).encode(),
        "url-plus": quote_plus(text).encode(),
    }
    for offset in range(3):  # base64 at each alignment: the stable middle part
        for name, encode in (("b64", base64.b64encode), ("b64url", base64.urlsafe_b64encode)):
            encoded = encode(b"\0" * offset + raw)
            forms[f"{name}+{offset}"] = encoded[4 : len(encoded) - 4]
    return forms


def _contents(path: Path) -> list[bytes]:
    data = path.read_bytes()
    found = [data]
    if data[:2] == b"\x1f\x8b":
        found.append(gzip.decompress(data))
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found.extend(archive.read(name) for name in archive.namelist())
    return found


def _assert_no_canary(blob: bytes, where: str) -> None:
    for canary in (CANARY, POSTCODE_CANARY):
        for name, form in _encodings(canary).items():
            assert form not in blob, f"canary ({name}) found in {where}"


def _str_fields(model: BaseModel) -> list[str]:
    names = []
    for name, value in model:
        if name in CATALOGUE_CODES:
            continue
        if isinstance(value, str) and not isinstance(value, Enum):
            names.append(name)
        elif isinstance(value, BaseModel):
            names.extend(f"{name}.{inner}" for inner in _str_fields(value))
    return names


def _dossier() -> list[Entity]:
    client_id = uuid.uuid4()
    c = CANARY
    client = Client(
        id=client_id,
        given_name=c,
        family_name=c,
        phone=c,
        email=c,
        address=Address(
            postcode=POSTCODE_CANARY, house_number=1, house_number_addition=c[:8], street=c, city=c
        ),
        preferred_language=c[:12],
        notes=c,
        created_at=NOW,
        updated_at=NOW,
    )
    goal = Goal(
        id=uuid.uuid4(),
        client_id=client_id,
        title=c,
        period_start=NOW.date(),
        period_end=NOW.date(),
        granted_hours=Decimal(10),
    )
    visit = Visit(
        id=uuid.uuid4(),
        client_id=client_id,
        type=VisitType.WORKPLACE_VISIT,
        started_at=NOW,
        duration_minutes=60,
        participants=(Participant(role=ParticipantRole.EMPLOYER, name=c),),
        goals=(GoalTime(goal_id=goal.id, minutes=30),),
        notes_internal=c,
        notes_for_funder=c,
    )
    signal = SignalObservation(
        id=uuid.uuid4(),
        client_id=client_id,
        code="E01",
        observed_at=NOW,
        source=SignalSource.REPORTED_BY_CLIENT,
        client_words=c,
    )
    consent = ConsentRecord(
        id=uuid.uuid4(),
        client_id=client_id,
        purpose=Purpose.REFERRAL,
        recipient_id=c,
        text_version=c,
        language=c[:12],
        given_at=NOW,
    )
    referral = new_referral(
        referral_id=uuid.uuid4(),
        client_id=client_id,
        target=Target.SCHULDHULP,
        recipient_id=c,
        urgency=Urgency.CRISIS,
        at=NOW,
        payload=ReferralPayload(
            name=c,
            contact=Contact(phone=c, email=c, best_time=c),
            language=c[:12],
            urgency=Urgency.CRISIS,
            client_words=c,
            jobcoach_contact=c,
        ),
    )
    return [client, goal, visit, signal, consent, referral]


def test_canary_in_every_field_never_appears_in_plaintext(
    store: EncryptedStore, store_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    entities = _dossier()
    for entity in entities:  # the canary really is in every text field
        for field in _str_fields(entity):
            value: object = entity
            for part in field.split("."):
                value = getattr(value, part)
            expected = POSTCODE_CANARY if field == "address.postcode" else CANARY
            assert expected.startswith(str(value)), field
    repository = CaseloadStore(store, clock=lambda: NOW)
    client_id = entities[0].id
    repository.save(client_id, entities)
    repository.mark_sent([c.change_id for c in repository.pending_changes()[:2]])
    store.change_passphrase(PASSPHRASE, "nog-een-ander-wachtwoord")
    store.lock()
    with pytest.raises(StoreError) as wrong:
        store.unlock("fout-fout-fout-fout")
    store.unlock("nog-een-ander-wachtwoord")
    assert repository.dossier(client_id).client == entities[0]

    outside = [p for p in store_dir.parent.rglob("*") if not p.is_relative_to(store_dir)]
    assert outside == [], f"written outside the store: {outside}"
    files = [p for p in store_dir.rglob("*") if p.is_file()]
    assert len(files) >= 3
    for path in files:
        for blob in _contents(path):
            _assert_no_canary(blob, str(path.relative_to(store_dir)))
    _assert_no_canary(caplog.text.encode(), "logs")
    _assert_no_canary(str(wrong.value).encode(), "exception text")


def test_validation_errors_do_not_repeat_the_input(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ValidationError) as caught:
        Client(
            id=uuid.uuid4(),
            given_name=CANARY,
            family_name="BSN 111222333",
            created_at=NOW,
            updated_at=NOW,
        )
    text = str(caught.value) + repr(caught.value.errors(include_input=False))
    _assert_no_canary(text.encode(), "validation error")
    assert "111222333" not in text
