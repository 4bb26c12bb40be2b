"""The data protection officer finds a client by name, postcode or reference through the blind
index (issue 20, item 5), and reads who saw the client in words: person, role, what was done,
with what, when. Client records stay sealed; the index holds no plaintext; the search is
posted (nothing typed reaches an address) and audited, and so is every client it shows."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import delete, select

from fieldapp.domain.client import reference_of
from fieldapp.wire import Role
from sync_server.bootstrap import prepare
from sync_server.db.schema import AuditEntry, ClientSearchToken
from sync_server.services import admin, client_search
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import ServiceError
from tests.clock import Clock
from tests.factories import build_client
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.people import person
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")


def _clients(ctx: ServerContext, server: LiveServer) -> dict[str, uuid.UUID]:
    phone = enroll(ctx, server, "jobcoach1")
    people = {
        "fatima": build_client(
            id=uuid.uuid4(),
            given_name="Fatima",
            family_name="El Amrani",
            address={"postcode": "1091 AB", "house_number": 12, "city": "Amsterdam"},
        ),
        "fatima_elsewhere": build_client(
            id=uuid.uuid4(),
            given_name="Fatima",
            family_name="El Amrani",
            address={"postcode": "1011 AA", "house_number": 3, "city": "Amsterdam"},
        ),
        "zoe": build_client(id=uuid.uuid4(), given_name="Zoë", family_name="Müller-Jansen"),
    }
    with server.client(phone.token) as api:
        push(api, *(change_of(client) for client in people.values()))
    return {name: client.id for name, client in people.items()}


def _dpo(ctx: ServerContext) -> Principal:
    return person(ctx, "dpo", Role.DATA_PROTECTION_OFFICER)


def _found(ctx: ServerContext, **query: str) -> set[uuid.UUID]:
    result = client_search.find(ctx, _dpo(ctx), client_search.SearchQuery(**query))
    return {found.client_id for found in result.clients}


def test_a_client_is_found_by_name_postcode_or_reference_in_any_spelling(
    ctx: ServerContext, server: LiveServer
) -> None:
    ids = _clients(ctx, server)
    both = {ids["fatima"], ids["fatima_elsewhere"]}
    assert _found(ctx, name="Fatima El Amrani") == both
    assert _found(ctx, name="  fatima   el-amrani ") == both  # case, spaces, hyphen
    assert _found(ctx, name="El Amrani") == both  # the family name alone
    assert _found(ctx, name="Fatima El Amrani", postcode="1091ab") == {ids["fatima"]}
    assert _found(ctx, postcode="1011 AA") == {ids["fatima_elsewhere"]}
    assert _found(ctx, reference=reference_of(ids["zoe"]).lower()) == {ids["zoe"]}
    assert _found(ctx, name="zoe muller jansen") == {ids["zoe"]}  # without the accents
    assert _found(ctx, name="Amrani") == both  # the family name without its prefix
    assert _found(ctx, name="Fatim") == set()  # whole names only, never "starts with"
    assert _found(ctx, name="Fatima El Amrani", postcode="9999 ZZ") == set()


def test_the_index_holds_no_plaintext_and_another_organisation_finds_nothing(
    ctx: ServerContext, server: LiveServer
) -> None:
    ids = _clients(ctx, server)
    with ctx.db.read() as session:
        tokens = session.execute(select(ClientSearchToken)).scalars().all()
    assert {t.client_id for t in tokens} == set(ids.values())
    stored = b"".join(t.token + t.kind.encode() for t in tokens).lower()
    for plain in (b"fatima", b"amrani", b"1091", b"1091ab", reference_of(ids["zoe"]).encode()):
        assert plain.lower() not in stored
    other_org = admin.create_organisation(ctx, "Gemeente Elders")
    officer = admin.create_user(ctx, other_org, "dpo-elders", Role.DATA_PROTECTION_OFFICER)
    elsewhere = Principal(officer, other_org, Role.DATA_PROTECTION_OFFICER, None, None)
    query = client_search.SearchQuery(name="Fatima El Amrani")
    assert client_search.find(ctx, elsewhere, query).clients == []


def test_only_the_officer_searches_and_the_search_is_audited_without_what_was_asked(
    ctx: ServerContext, server: LiveServer
) -> None:
    ids = _clients(ctx, server)
    with pytest.raises(ServiceError):
        client_search.find(
            ctx,
            person(ctx, "coordinator", Role.COORDINATOR),
            client_search.SearchQuery(name="Fatima El Amrani"),
        )
    with ctx.db.read() as session:
        before = len(session.execute(select(AuditEntry.id)).all())
    assert _found(ctx, name="Fatima El Amrani", postcode="1091 AB") == {ids["fatima"]}
    with ctx.db.read() as session:
        new = session.execute(select(AuditEntry).where(AuditEntry.id > before)).scalars().all()
    assert [(e.action, e.object_type) for e in new] == [
        ("search", "client_index"),
        ("read", "client"),
    ]
    assert new[1].object_id == str(ids["fatima"])
    assert not any("Fatima" in e.object_id or "1091" in e.object_id for e in new)


def test_clients_stored_before_the_index_are_indexed_at_start(
    ctx: ServerContext, server: LiveServer
) -> None:
    ids = _clients(ctx, server)
    with ctx.db.write() as session:
        session.execute(delete(ClientSearchToken))
    assert _found(ctx, name="Fatima El Amrani") == set()
    prepare(ctx)  # what every server start does
    assert _found(ctx, name="Fatima El Amrani") == {ids["fatima"], ids["fatima_elsewhere"]}
    assert client_search.index_missing(ctx) == 0  # once


def test_the_search_form_names_what_is_wrong_at_the_field(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _clients(ctx, server)
    log_in(browser, "dpo", clock)
    empty = browser.post("/access-log", {}, form_page="/access-log")
    assert empty.status_code == 400
    assert (
        'id="name"' in empty.text
        and "Vul een naam, een postcode of een referentie in" in empty.text
    )
    wrong = browser.post(
        "/access-log",
        {"postcode": "10911", "reference": "XYZ"},
        form_page="/access-log",
    )
    assert wrong.status_code == 400
    assert re.search(r'id="postcode"[^>]*aria-invalid="true"', wrong.text)
    assert re.search(r'id="reference"[^>]*aria-invalid="true"', wrong.text)
    assert 'value="10911"' in wrong.text  # what was typed stays in the field


def test_the_officer_finds_the_client_and_reads_the_log_in_words(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _clients(ctx, server)
    log_in(browser, "dpo", clock)
    found = browser.post(
        "/access-log",
        {"name": "fatima el amrani", "postcode": "1091 AB"},
        form_page="/access-log",
    )
    assert found.status_code == 200
    assert "Fatima El Amrani" in found.text and "Jobcoach Anouk" in found.text
    link = f'href="/access-log?client={ids["fatima"]}"'
    assert link in found.text and str(ids["fatima_elsewhere"]) not in found.text
    log = browser.http.get(f"/access-log?client={ids['fatima']}").text
    rows = log.split("<tbody>")[-1]
    assert "Opgeslagen vanaf een apparaat" in rows  # the push, in words
    assert "Functionaris gegevensbescherming" in rows  # the officer's own read, by role
    assert "Cliëntgegevens" in rows and reference_of(ids["fatima"]) in rows
    assert "push_client" not in rows and str(ids["fatima"]) not in rows  # no codes, no uuids
    assert "data_protection_officer" not in rows


def test_a_changed_name_or_address_is_found_by_the_new_one_only(
    ctx: ServerContext, server: LiveServer
) -> None:
    phone = enroll(ctx, server, "jobcoach1")
    before = build_client(
        id=uuid.uuid4(),
        given_name="Noor",
        family_name="Jansen",
        address={"postcode": "1091 AB", "house_number": 3, "city": "Amsterdam"},
    )
    after = before.model_copy(
        update={
            "family_name": "de Boer",
            "address": before.address.model_copy(update={"postcode": "1011 AA"})
            if before.address
            else None,
            "version": 2,
        }
    )
    with server.client(phone.token) as api:
        push(api, change_of(before))
        push(api, change_of(after, base_version=1))
    assert _found(ctx, name="Noor Jansen") == set() and _found(ctx, postcode="1091 AB") == set()
    assert _found(ctx, name="Noor de Boer") == {before.id} == _found(ctx, name="Boer")
    assert _found(ctx, postcode="1011 AA") == {before.id}
