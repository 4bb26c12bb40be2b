"""A canary in every free-text field, pushed through the live API, must never show in the clear.

Not in any column of any table (also not as hex or base64), not in the SQLite files, not in the
log output of the server, SQLAlchemy or uvicorn, and not in any error response. What is stored
is sealed per record: moved to another row it does not open, and with another server key none
of it opens.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData, select, text, update
from sqlalchemy.engine import make_url

from fieldapp.domain.referral import Reason, Status, StatusChange
from fieldapp.wire import InboxItem, Outcome
from sync_server.db.schema import ClientRow, RecordRow, ReferralRow
from sync_server.key_ring import KeyRing, KeySource
from sync_server.sealing import Sealed, Sealer, SealError
from sync_server.services import admin, devices
from sync_server.services.context import ServerContext
from sync_server.services.referrals import REFERRALS
from sync_server.services.unit_of_work import CLIENTS, RECORDS
from tests.factories import (
    FIXED_NOW,
    build_client,
    build_consent,
    build_goal,
    build_payload,
    build_referral,
    build_signal,
    build_visit,
)
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import ADMIN, LiveServer, enroll

pytestmark = pytest.mark.usefixtures("demo")

LOGGERS = ("sync_server", "uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "alembic")


def new_canary() -> str:
    """Letters after a fixed prefix: no digit run the BSN guard could take for a BSN."""
    return "Canary-Zq7x-" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


@dataclass(frozen=True)
class Needles:
    """The canary as it could appear when something stored or logged it carelessly."""

    canary: str

    def variants(self) -> dict[str, bytes]:
        raw = self.canary.encode()
        found = {
            "utf-8": raw,
            "utf-16": self.canary.encode("utf-16-le"),
            "hex": raw.hex().encode(),
            "HEX": raw.hex().upper().encode(),
        }
        for shift in range(3):  # base64 of the canary at each alignment inside a longer value
            for name, encode in (("b64", base64.b64encode), ("b64url", base64.urlsafe_b64encode)):
                encoded = encode(b"\0" * shift + raw)
                found[f"{name}+{shift}"] = encoded[4 if shift else 0 : -4]
        return found

    def search(self, blob: bytes) -> list[str]:
        lowered = blob.lower()
        hits = [name for name, needle in self.variants().items() if needle in blob]
        if self.canary.lower().encode() in lowered:
            hits.append("case-insensitive")
        return hits

    def search_text(self, value: str) -> list[str]:
        return self.search(value.encode("utf-8", "surrogatepass"))


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=str, ensure_ascii=False).encode()
    if isinstance(value, str | int | float | bool | Decimal | date | datetime | uuid.UUID):
        return str(value).encode()
    return repr(value).encode()


def dump_database(ctx: ServerContext) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table in the database (reflected, not only the models' tables)."""
    metadata = MetaData()
    metadata.reflect(bind=ctx.db.engine)
    with ctx.db.engine.connect() as connection:
        return {
            name: [dict(row._mapping) for row in connection.execute(select(table))]
            for name, table in metadata.tables.items()
        }


def leaks_in_database(ctx: ServerContext, needles: Needles) -> list[tuple[str, str, list[str]]]:
    leaks = []
    for table, rows in dump_database(ctx).items():
        for row in rows:
            for column, value in row.items():
                hits = needles.search(_as_bytes(value))
                if hits:
                    leaks.append((table, column, hits))
    return leaks


def sqlite_files(ctx: ServerContext) -> list[Path]:
    database = make_url(str(ctx.db.engine.url)).database
    assert database
    path = Path(database)
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


@pytest.fixture
def captured(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything the server side logs at DEBUG, also the loggers that do not propagate."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    own = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.access")]
    for logger in own:
        if not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for logger in own:
        logger.removeHandler(caplog.handler)


@dataclass(frozen=True)
class Pushed:
    canary: str
    client_id: uuid.UUID
    visit_id: uuid.UUID
    signal_id: uuid.UUID
    referral_id: uuid.UUID
    error_bodies: list[str]


def push_everything(ctx: ServerContext, server: LiveServer, canary: str) -> Pushed:
    """A client, visit, goal, signal, consent and referral with the canary in every text field,
    then requests that fail with the canary in the offending value."""
    address = {"postcode": "1091 AB", "house_number": 12, "street": canary, "city": canary}
    client = build_client(
        given_name=canary,
        family_name=canary,
        phone=canary,
        email=canary,
        notes=canary,
        address=address,
    )
    visit = build_visit(
        notes_internal=canary,
        notes_for_funder=canary,
        participants=[{"role": "employer", "name": canary}],
    )
    payload = build_payload(
        name=canary,
        client_words=canary,
        jobcoach_contact=canary,
        contact={"phone": canary, "email": canary, "best_time": canary},
        address=address,
    )
    referral = build_referral(status=Status.QUEUED, payload=payload)
    signal = build_signal(client_words=canary)
    changes = [
        change_of(client),
        change_of(visit),
        change_of(build_goal(title=canary)),
        change_of(signal),
        change_of(build_consent(text_version=canary)),
        change_of(referral),
    ]
    device = enroll(ctx, server, "jobcoach1")
    errors: list[str] = []
    with server.client(device.token) as api:
        results = push(api, *changes)
        assert [r.outcome for r in results] == [Outcome.APPLIED] * len(changes), results
        errors += _failing_requests(api, canary)
    return Pushed(canary, client.id, visit.id, signal.id, referral.id, errors)


def _failing_requests(api: httpx.Client, canary: str) -> list[str]:
    bodies = []
    # A record refused by the domain: the canary next to what looks like a BSN.
    with_bsn = change_of(build_visit(notes_internal="ok"))
    with_bsn = with_bsn.model_copy(
        update={"body": {**(with_bsn.body or {}), "notes_internal": f"{canary} 111222333"}}
    )
    # A record with a field the model does not know, holding the canary.
    unknown = change_of(build_visit())
    unknown = unknown.model_copy(update={"body": {**(unknown.body or {}), "bsn": canary}})
    # A client whose name is too long (the canary repeated past max_length).
    too_long = change_of(build_client(version=2), base_version=1)
    too_long = too_long.model_copy(
        update={"body": {**(too_long.body or {}), "given_name": canary * 10}}
    )
    response = api.post(
        "/sync/push",
        json={"changes": [c.model_dump(mode="json") for c in (with_bsn, unknown, too_long)]},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["outcome"], r["code"], r["fields"]) for r in results] == [
        ("rejected", "domain.bsn_in_text", ["notes_internal"]),
        ("rejected", "change.invalid", ["bsn"]),
        ("rejected", "change.invalid", ["given_name"]),
    ]
    bodies.append(response.text)
    # The request itself invalid: an unknown field of a change, a wrong type, broken JSON.
    change = {**with_bsn.model_dump(mode="json"), "remark": canary}
    wrong_type = {**with_bsn.model_dump(mode="json"), "entity_version": canary}
    for request in (
        api.post("/sync/push", json={"changes": [change]}),
        api.post("/sync/push", json={"changes": [wrong_type]}),
        api.post("/sync/push", json={"changes": [], "note": canary}),
        api.post(
            "/sync/push",
            content=b'{"changes": [{"body": "' + canary.encode() + b'"',
            headers={"Content-Type": "application/json"},
        ),
        api.post("/enroll", json={"pairing_code": canary, "device_label": canary}),
        api.post("/enroll", json={"pairing_code": "ABCD-EFGH-JKLM", "device_label": canary * 9}),
    ):
        assert request.status_code == 422, request.text
        assert request.json()["code"] == "request.invalid"
        bodies.append(request.text)
    return bodies


def test_a_canary_never_shows_in_the_clear(
    ctx: ServerContext, server: LiveServer, captured: pytest.LogCaptureFixture
) -> None:
    canary = new_canary()
    needles = Needles(canary)
    pushed = push_everything(ctx, server, canary)

    # The data did arrive: the jobcoach's other device and the receiving team read it back.
    tablet = enroll(ctx, server, "jobcoach1")
    team = enroll(ctx, server, "schuldhulp1")
    with server.client(tablet.token) as api:
        pages, _ = pull_all(api)
    pulled = {r.entity_id: r.body for p in pages for r in p.records}
    client_body, visit_body = pulled[pushed.client_id], pulled[pushed.visit_id]
    assert client_body is not None and client_body["given_name"] == canary
    assert visit_body is not None and visit_body["notes_internal"] == canary
    with server.client(team.token) as api:
        response = api.get("/inbox")
    (item,) = [InboxItem.model_validate(i) for i in response.json()]
    assert item.status is Status.DELIVERED
    assert item.payload is not None and item.payload["client_words"] == canary

    # Error responses do not repeat the values at fault.
    for body in pushed.error_bodies:
        assert needles.search_text(body) == [], body
        assert "111222333" not in body

    # Logs: prove the capture saw the run (requests, SQL), then that it holds no canary.
    names = {record.name for record in captured.records}
    assert {"uvicorn.access", "sqlalchemy.engine.Engine"} <= names, names
    assert any("/sync/push" in record.getMessage() for record in captured.records)
    for record in captured.records:
        assert needles.search_text(record.getMessage()) == [], (record.name, record.levelname)
        assert needles.search_text(repr(record.args)) == [], record.name
    assert needles.search_text(captured.text) == []

    # Every column of every table, as text, bytes, hex and base64.
    dump = dump_database(ctx)
    assert {"clients", "records", "referrals", "audit_log", "idempotency"} <= set(dump)
    assert len(dump["records"]) == 4 and len(dump["referrals"]) == 1
    assert dump["referrals"][0]["sealed_payload"] is not None
    assert leaks_in_database(ctx, needles) == []

    if ctx.db.dialect == "sqlite":
        files = sqlite_files(ctx)
        for path in files:  # as they are, the write-ahead log included
            assert needles.search(path.read_bytes()) == [], path.name
        with ctx.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert any(path.suffix == ".sqlite3" for path in files)
        for path in sqlite_files(ctx):
            assert needles.search(path.read_bytes()) == [], path.name


def test_the_search_finds_a_canary_in_every_form() -> None:
    """Guards the test above: each encoding of the canary is found inside a longer value."""
    canary = new_canary()
    needles = Needles(canary)
    raw = canary.encode()
    for shift in range(3):
        padded = b"x" * shift + raw + b"yz"
        assert f"b64+{shift}" in needles.search(base64.b64encode(padded))
        assert f"b64url+{shift}" in needles.search(base64.urlsafe_b64encode(padded))
    assert "hex" in needles.search(b"\\x" + raw.hex().encode())
    assert "HEX" in needles.search(raw.hex().upper().encode())
    assert "utf-16" in needles.search(canary.encode("utf-16-le"))
    assert needles.search(canary.upper().encode()) == ["case-insensitive"]
    assert needles.search(json.dumps({"a": [canary]}).encode()) != []
    assert needles.search(b"Canary-Zq7x-") == []


def test_the_scans_find_a_canary_stored_in_the_clear(
    ctx: ServerContext, server: LiveServer
) -> None:
    """Guards the scans: a device label is free text kept in the clear (not client data), so
    a canary put there must be found in the table dump and in the SQLite files."""
    canary = new_canary()
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
    with server.client() as api:
        response = api.post("/enroll", json={"pairing_code": code, "device_label": canary})
    assert response.status_code == 200
    assert leaks_in_database(ctx, Needles(canary)) == [
        ("devices", "label", ["utf-8", "case-insensitive"])
    ]
    if ctx.db.dialect == "sqlite":
        with ctx.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        found = [p.name for p in sqlite_files(ctx) if Needles(canary).search(p.read_bytes())]
        assert found == ["server.sqlite3"]


def test_a_sealed_value_moved_to_another_row_does_not_open(
    ctx: ServerContext, server: LiveServer
) -> None:
    canary = new_canary()
    pushed = push_everything(ctx, server, canary)
    with ctx.db.read() as session:
        visit = session.get(RecordRow, pushed.visit_id)
        signal = session.get(RecordRow, pushed.signal_id)
        client = session.get(ClientRow, pushed.client_id)
        assert visit is not None and signal is not None and client is not None
        visit_sealed = Sealed(visit.wrapped_key, visit.sealed)
        signal_sealed = Sealed(signal.wrapped_key, signal.sealed)
    sealer = ctx.sealer
    assert sealer.open(RECORDS, str(visit.id), visit_sealed)["notes_internal"] == canary
    for table, record_id, sealed in (
        (RECORDS, str(signal.id), visit_sealed),  # the whole value, to another row
        (CLIENTS, str(visit.id), visit_sealed),  # the same id, another table
        (RECORDS, str(signal.id), Sealed(signal.wrapped_key, visit.sealed)),  # data only
        (RECORDS, str(visit.id), Sealed(signal.wrapped_key, visit.sealed)),  # other row's key
        (RECORDS, str(visit.id), Sealed(visit.wrapped_key, signal_sealed.ciphertext)),
    ):
        with pytest.raises(SealError):
            sealer.open(table, record_id, sealed)
    # Moved in the database itself, the server refuses to hand it out, and says nothing more.
    with ctx.db.write() as session:
        session.execute(
            update(RecordRow)
            .where(RecordRow.id == signal.id)
            .values(wrapped_key=visit.wrapped_key, sealed=visit.sealed)
        )
    tablet = enroll(ctx, server, "jobcoach1")
    with server.client(tablet.token) as api:
        response = api.get("/sync/pull")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server.error",
        "detail": "Something went wrong on the server.",
    }
    assert Needles(canary).search_text(response.text) == []


def test_a_database_dump_with_another_key_opens_nothing(
    ctx: ServerContext, server: LiveServer
) -> None:
    canary = new_canary()
    push_everything(ctx, server, canary)
    dump = dump_database(ctx)
    sealed = [
        (table, str(uuid.UUID(str(row["id"]))), Sealed(row[key], row[data]))
        for table, key, data in (
            (CLIENTS, "wrapped_key", "sealed"),
            (RECORDS, "wrapped_key", "sealed"),
            (REFERRALS, "wrapped_key", "sealed_payload"),
        )
        for row in dump[table]
        if row[key] is not None
    ]
    assert len(sealed) == 1 + 4 + 1
    opened = [ctx.sealer.open(table, record_id, value) for table, record_id, value in sealed]
    assert sum(canary in json.dumps(document) for document in opened) == len(sealed)
    wrong = Sealer(KeySource(KeyRing.of(bytes(range(32)))))
    for table, record_id, value in sealed:
        with pytest.raises(SealError):
            wrong.open(table, record_id, value)


def test_free_text_in_a_referrals_codes_is_not_stored_in_the_clear(
    ctx: ServerContext, server: LiveServer
) -> None:
    canary = new_canary()
    referral = build_referral(
        history=(StatusChange(status=Status.QUEUED, at=FIXED_NOW),),
        reasons=(Reason(rule_id="R1-crisis", reason_key="rule.crisis_signal"),),
    )
    raw = change_of(referral).model_dump(mode="json")
    raw["body"]["history"][0]["note_code"] = canary
    raw["body"]["reasons"][0] = {**raw["body"]["reasons"][0], "rule_id": canary}
    device = enroll(ctx, server, "jobcoach1")
    with server.client(device.token) as api:
        push(api, change_of(build_client()), change_of(build_consent()))
        response = api.post("/sync/push", json={"changes": [raw]})
    assert response.status_code == 200
    assert canary not in response.text
    with ctx.db.read() as session:
        stored = session.execute(select(ReferralRow.history, ReferralRow.reasons)).all()
    assert stored == []
    assert Needles(canary).search(_as_bytes([list(row) for row in stored])) == []


def test_the_server_keys_do_not_show_in_a_repr(ctx: ServerContext) -> None:
    shown = repr(ctx)
    for key in (ctx.keys.wrap, ctx.keys.audit, ctx.keys.cursor, ctx.keys.throttle):
        assert repr(key) not in shown and key.hex() not in shown


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_sqlite_checkpoint_leaves_no_write_ahead_log(ctx: ServerContext) -> None:
    """Guards the file scan: after the checkpoint the data is in the main file to be scanned."""
    with ctx.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    sizes = {path.suffix or path.name: path.stat().st_size for path in sqlite_files(ctx)}
    assert sizes.get(".sqlite3-wal", 0) == 0 and sizes[".sqlite3"] > 0
