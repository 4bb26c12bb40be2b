"""The coordinator's work pages: the employer register with its placement counts, one
employer with who works there (audited), the placements per jobcoach with contract ends, and
adding and editing an employer on the web, which every device then pulls. The pages speak
Dutch, the default language."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fieldapp.domain.client import reference_of
from fieldapp.domain.placement import EndReason, Placement
from fieldapp.wire import PulledRecord
from sync_server.db.schema import AuditEntry
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import TODAY, build_client, build_employer, build_placement
from tests.server.changes import change_of, pull_all, push
from tests.server.conftest import LiveServer, enroll
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")


def _placement(client_id: uuid.UUID, employer_id: uuid.UUID, **fields: object) -> Placement:
    return build_placement(id=uuid.uuid4(), client_id=client_id, employer_id=employer_id, **fields)


def _work(ctx: ServerContext, server: LiveServer) -> dict[str, uuid.UUID]:
    """jobcoach1 places Anna at the bakery (contract ends in a month) and placed her at the
    garden centre before; jobcoach2 places Bert at the bakery, open-ended."""
    one, two = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach2")
    bakery = build_employer(id=uuid.uuid4())
    garden = build_employer(id=uuid.uuid4(), name="Tuincentrum De Linde", kvk=None, sites=[])
    anna = build_client(id=uuid.uuid4(), given_name="Anna", family_name="Jansen")
    bert = build_client(id=uuid.uuid4(), given_name="Bert", family_name="Smit")
    ends = TODAY + timedelta(days=30)
    at_bakery = _placement(anna.id, bakery.id, site_id=bakery.sites[0].id, planned_end=ends)
    before = _placement(
        anna.id,
        garden.id,
        start=date(2024, 3, 1),
        ended_on=date(2024, 12, 20),
        end_reason=EndReason.NOT_RENEWED,
    )
    with server.client(one.token) as api:
        changes = (bakery, garden, anna, at_bakery, before)
        assert {r.outcome.value for r in push(api, *map(change_of, changes))} == {"applied"}
    with server.client(two.token) as api:
        changes_two = (bert, _placement(bert.id, bakery.id, start=date(2026, 9, 1)))
        assert {r.outcome.value for r in push(api, *map(change_of, changes_two))} == {"applied"}
    return {"bakery": bakery.id, "garden": garden.id, "anna": anna.id, "bert": bert.id}


def _last_audit(ctx: ServerContext, count: int) -> set[tuple[str, str, str]]:
    with ctx.db.read() as session:
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(count))
        return {(e.action, e.object_type, e.object_id) for e in rows.scalars()}


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def test_the_register_counts_placements_and_audits_each_employer_shown(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _work(ctx, server)
    log_in(browser, "coordinator", clock)
    answer = browser.http.get("/employers")
    assert answer.status_code == 200
    cells = _cells(answer.text)
    # name, kind, KvK, sites, running, in all; in name order
    assert cells[:6] == [
        "Bakkerij Van der Linden",
        "Reguliere werkgever",
        "12345678",
        "1",
        "2",
        "2",
    ]
    assert cells[6:12] == ["Tuincentrum De Linde", "Reguliere werkgever", "", "0", "0", "1"]
    assert "A. J." not in answer.text and "Anna" not in answer.text  # no client here
    assert _last_audit(ctx, 2) == {
        ("read", "employer", str(ids["bakery"])),
        ("read", "employer", str(ids["garden"])),
    }


def test_an_employer_shows_its_sites_contacts_and_who_works_there(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _work(ctx, server)
    log_in(browser, "coordinator", clock)
    page = browser.http.get(f"/employers/{ids['bakery']}").text
    assert "Ans de Wit" in page and "Interne begeleider" in page and "Bakkerij" in page
    anna, bert = (
        f"{i} · {reference_of(ids[n])}" for i, n in (("A. J.", "anna"), ("B. S.", "bert"))
    )
    assert anna in page and bert in page  # initials and a reference, not the names
    assert "Anna" not in page and "Jansen" not in page
    entries = _last_audit(ctx, 5)
    assert {entry for entry in entries if entry[1] != "placement"} == {
        ("read", "employer", str(ids["bakery"])),
        *(("read", "client", str(ids[name])) for name in ("anna", "bert")),
    }
    assert sum(entry[1] == "placement" for entry in entries) == 2
    garden = browser.http.get(f"/employers/{ids['garden']}").text
    assert anna in garden and "Beëindigd op" in garden
    assert browser.http.get(f"/employers/{uuid.uuid4()}").status_code == 404


def test_placements_per_jobcoach_mark_a_contract_ending_within_six_weeks(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _work(ctx, server)
    log_in(browser, "coordinator", clock)
    page = browser.http.get("/placements").text
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<td[^>]*>(.*?)</td>", page, re.S)
    marked = {re.sub(r"<[^>]+>", "", name).strip(): bool(flag) for flag, name in rows}
    anna, bert = (
        f"{i} · {reference_of(ids[n])}" for i, n in (("A. J.", "anna"), ("B. S.", "bert"))
    )
    assert marked == {anna: True, bert: False}  # the ended one is not listed
    assert "binnen zes weken" in page


def _pulled(server: LiveServer, token: str, employer_id: uuid.UUID) -> PulledRecord:
    """The employer as a device of the organisation pulls it from the start."""
    with server.client(token) as api:
        pages, _ = pull_all(api)
    (pulled,) = [r for p in pages for r in p.records if r.entity_id == employer_id]
    return pulled


def test_an_employer_added_and_edited_on_the_web_reaches_the_devices(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    form = {
        "version": "0",
        "name": "Kringloop Oost",
        "kind": "sociale_firma",
        "kvk": "1234 5678",
        "site-0-name": "Winkel",
        "site-0-postcode": "1091ab",
        "site-0-house_number": "7",
        "contact-0-name": "Mo Ait",
        "contact-0-role": "manager",
    }
    created = browser.post("/employers/new", form, form_page="/employers/new")
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert location.endswith("?saved=1")
    employer_id = uuid.UUID(location.split("?")[0].rsplit("/", 1)[1])
    page = browser.http.get(location).text
    assert "Kringloop Oost" in page and "1091 AB" in page and "Mo Ait" in page
    assert 'role="status">Opgeslagen.' in page
    assert "Opgeslagen." not in browser.http.get(location.split("?")[0]).text

    phone = enroll(ctx, server, "jobcoach1")
    pulled = _pulled(server, phone.token, employer_id)
    assert pulled.client_id is None and pulled.version == 1
    assert pulled.body is not None and pulled.body["kvk"] == "12345678"

    edit_page = f"/employers/{employer_id}/edit"
    edit = {"version": "1", "name": "Kringloop Oost-Watergraafsmeer", "kind": "sociale_firma"}
    assert browser.post(edit_page, edit, form_page=edit_page).status_code == 303
    pulled = _pulled(server, phone.token, employer_id)
    assert pulled.version == 2 and pulled.body is not None
    assert pulled.body["name"] == "Kringloop Oost-Watergraafsmeer" and pulled.body["sites"] == []


def test_a_wrong_field_is_named_and_a_device_edit_in_between_is_not_overwritten(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    wrong = {
        "version": "0",
        "name": "",
        "kind": "regular",
        "kvk": "1234",
        "site-0-name": "A",
        "site-0-postcode": "99",
        "site-0-house_number": "1",
    }
    answer = browser.post("/employers/new", wrong, form_page="/employers/new")
    assert answer.status_code == 400
    for field, words in (
        ("name", "Vul dit in."),
        ("kvk", "Een KvK-nummer heeft 8 cijfers."),
        ("site-0-postcode", "Vul een postcode in zoals 1234 AB."),
    ):
        assert f'id="{field}-error" class="error">{words}<' in answer.text, field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text), field
    assert 'value="1234"' in answer.text  # what was typed stays

    employer = build_employer(id=uuid.uuid4())
    phone = enroll(ctx, server, "jobcoach1")
    with server.client(phone.token) as api:
        push(api, change_of(employer))
    edit_page = f"/employers/{employer.id}/edit"
    stale = browser.csrf(edit_page)  # the coordinator opens the form at version 1 ...
    with server.client(phone.token) as api:  # ... a jobcoach edits it meanwhile
        renamed = employer.model_copy(update={"name": "Bakkerij Linden", "version": 2})
        push(api, change_of(renamed, base_version=1))
    mine = {"csrf": stale, "version": "1", "name": "Bakkerij VDL", "kind": "regular"}
    refused = browser.http.post(edit_page, data=mine)
    assert refused.status_code == 409
    assert "er is niets opgeslagen" in refused.text
    pulled = _pulled(server, phone.token, employer.id)
    assert pulled.body is not None and pulled.body["name"] == "Bakkerij Linden"


def test_a_house_number_with_its_addition_and_a_row_taken_away(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    form = {
        "name": "Bakkerij Oost",
        "kind": "regular",
        "site-0-name": "Winkel",
        "site-0-postcode": "1091 AB",
        "site-0-house_number": "12a",  # the addition typed in the number's field
        "site-1-name": "Bakkerij",
        "site-1-postcode": "1093 KL",
        "site-1-house_number": "4",
        "site-1-house_number_addition": "hs",
        "contact-0-name": "Mo Ait",
        "contact-0-role": "manager",
        "contact-0-phone": "06-12345678",
    }
    created = browser.post("/employers/new", form, form_page="/employers/new")
    assert created.status_code == 303, created.text
    employer_id = uuid.UUID(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    phone = enroll(ctx, server, "jobcoach1")
    body = _pulled(server, phone.token, employer_id).body
    assert body is not None
    numbers = [
        (s["address"]["house_number"], s["address"]["house_number_addition"]) for s in body["sites"]
    ]
    assert numbers == [(12, "a"), (4, "hs")]

    edit_page = f"/employers/{employer_id}/edit"
    shown = browser.http.get(edit_page).text
    assert 'name="site-0-remove"' in shown and 'name="contact-0-remove"' in shown
    assert 'name="site-2-remove"' not in shown  # the empty row has nothing to remove
    ids = dict(re.findall(r'name="((?:site|contact)-\d-id)" value="([0-9a-f-]*)"', shown))
    edit = {
        "version": "1",
        "name": "Bakkerij Oost",
        "kind": "regular",
        "site-0-id": ids["site-0-id"],
        "site-0-name": "Winkel",
        "site-0-postcode": "1091 AB",
        "site-0-house_number": "12",
        "site-0-house_number_addition": "a",
        "site-0-remove": "1",  # ticked: taken away although filled in
        "site-1-id": ids["site-1-id"],
        "site-1-name": "Bakkerij",
        "site-1-postcode": "1093 KL",
        "site-1-house_number": "4",
        "site-1-house_number_addition": "hs",
        "contact-0-id": ids["contact-0-id"],
        "contact-0-name": "",  # emptied, but the phone stays: said at the name, not dropped
        "contact-0-role": "manager",
        "contact-0-phone": "06-12345678",
    }
    refused = browser.post(edit_page, edit, form_page=edit_page)
    assert refused.status_code == 400
    assert re.search(r'id="contact-0-name"[^>]*aria-invalid="true"', refused.text)
    edit["contact-0-remove"] = "1"
    assert browser.post(edit_page, edit, form_page=edit_page).status_code == 303
    body = _pulled(server, phone.token, employer_id).body
    assert body is not None
    assert [s["name"] for s in body["sites"]] == ["Bakkerij"] and body["contacts"] == []
