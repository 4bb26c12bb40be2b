"""The coordinator's routing form (issue 17): an empty table is refused at the field, a table
that removes more than half of the rows in use needs a second confirmation naming how many go
(a checkbox, no JavaScript), a row's team must serve its target, text that did not come from a
UTF-8 file is told to be saved as UTF-8, a NUL never gets further than the form, and the form
takes tables up to its stated limit and names the command line beyond it."""

from __future__ import annotations

import html
from urllib.parse import quote, urlencode

import httpx
import pytest

from sync_server.demo import ROUTING_CSV
from sync_server.routing.csv_codec import decode
from sync_server.routing.table import CSV_COLUMNS
from sync_server.web.routes_coordinator import ROUTING_TABLE_MAX_BYTES
from tests.clock import Clock
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")
HEADER = ",".join(CSV_COLUMNS)
FORM = {"content-type": "application/x-www-form-urlencoded"}
CLI = "python -m sync_server routing-import"


@pytest.fixture
def coordinator(browser: Browser, clock: Clock) -> Browser:
    """A logged-in coordinator who reads the pages in English."""
    log_in(browser, "coordinator", clock)
    english = browser.post("/language", {"lang": "en", "next": "/routing"}, form_page="/routing")
    assert english.status_code == 303
    return browser


def send(browser: Browser, csv: str, action: str = "preview", **extra: str) -> httpx.Response:
    return browser.post("/routing", {"csv": csv, "action": action, **extra}, form_page="/routing")


def table(browser: Browser) -> str:
    return browser.http.get("/routing.csv").text


def error_at_the_field(page: str) -> str:
    """The error block, which must sit between the field's label and the field itself."""
    start, end = (
        page.index('<div id="csv-error"'),
        page.index("</div>", page.index('id="csv-error"')),
    )
    assert page.index('<label for="csv">') < start < end < page.index('<textarea id="csv"')
    assert 'aria-describedby="csv-limit csv-error" aria-invalid="true"' in page
    return html.unescape(page[start:end])


@pytest.mark.parametrize("action", ["preview", "import"])
def test_an_empty_table_is_refused_at_the_field(coordinator: Browser, action: str) -> None:
    before = table(coordinator)
    answer = send(coordinator, f"{HEADER}\r\n\r\n", action, confirm_removals="7")
    assert answer.status_code == 200
    assert "The table has a header (line 1) but no rows." in error_at_the_field(answer.text)
    assert 'value="import"' not in answer.text  # nothing to use
    assert table(coordinator) == before


def test_removing_most_rows_needs_a_second_confirmation(coordinator: Browser) -> None:
    before = table(coordinator)
    new = f"{HEADER}\nschuldhulp,*,,,Heel Amsterdam,schuldhulp:amsterdam\n"
    preview = send(coordinator, new)
    assert "This table removes 7 of the 7 rows in use." in preview.text
    assert '<input type="checkbox" id="confirm_removals" name="confirm_removals" value="7">' in (
        preview.text
    )
    assert "Yes, remove these 7 rows from the routing table" in preview.text
    assert 'id="confirm-error"' not in preview.text
    for confirmation in ({}, {"confirm_removals": "6"}, {"confirm_removals": "on"}):
        unconfirmed = send(coordinator, new, "import", **confirmation)
        assert "Tick the box to confirm the removal" in unconfirmed.text
        assert "The new routing table is in use." not in unconfirmed.text
        assert table(coordinator) == before
    applied = send(coordinator, new, "import", confirm_removals="7")
    assert "The new routing table is in use." in applied.text
    assert table(coordinator).splitlines()[1:] == [
        "schuldhulp,*,,,Heel Amsterdam,schuldhulp:amsterdam"
    ]


def test_removing_half_or_fewer_asks_nothing_more(coordinator: Browser) -> None:
    fewer = "\n".join(ROUTING_CSV.splitlines()[:5]) + "\n"  # 3 of the 7 rows go
    preview = send(coordinator, fewer)
    assert "3 rows removed" in preview.text and "confirm_removals" not in preview.text
    assert "The new routing table is in use." in send(coordinator, fewer, "import").text
    assert len(table(coordinator).splitlines()) == 5


def test_a_team_of_another_target_is_named_with_its_line(coordinator: Browser) -> None:
    crossed = ROUTING_CSV.replace(
        "1094;;;Oost - Oostelijke Eilanden;buurtteam:oost-2",
        ("1094;;;Oost - Oostelijke Eilanden;schuldhulp:amsterdam"),
    )
    answer = send(coordinator, crossed, "import")
    assert (
        "Line 6: the team in ‘recipient_id’ does not serve the target of this row."
        in error_at_the_field(answer.text)
    )


def test_text_that_was_not_utf8_is_told_to_be_saved_as_utf8(coordinator: Browser) -> None:
    before = table(coordinator)
    message = "this text did not come from a UTF-8 file. Save the file as UTF-8"
    utf16 = send(coordinator, decode(ROUTING_CSV.encode("utf-16")))
    assert f"Line 1: {message}" in error_at_the_field(utf16.text)
    # A post of Latin-1 bytes (é on line 7), as no browser sends but any client can.
    latin1 = quote(ROUTING_CSV.replace("Centrum", "Centrum - Café", 1).encode("latin-1"))
    token = coordinator.csrf("/routing")
    body = f"csrf={token}&action=import&csv={latin1}"
    answer = coordinator.http.post("/routing", content=body.encode("ascii"), headers=FORM)
    assert answer.status_code == 200
    assert f"Line 7: {message}" in error_at_the_field(answer.text)
    assert table(coordinator) == before


def test_a_nul_is_refused_in_the_table_and_in_every_other_form(
    coordinator: Browser, second_browser: Browser
) -> None:
    with_nul = ROUTING_CSV.replace("Oost - Dapperbuurt", "Oost\x00Dapperbuurt", 1)
    answer = send(coordinator, with_nul)
    assert "Line 3, column area: the cell holds an invisible NUL character." in (
        error_at_the_field(answer.text)
    )
    language = coordinator.post(
        "/language", {"lang": "en", "next": "/routing\x00"}, form_page="/routing"
    )
    assert language.status_code == 400
    # Before anyone is logged in too: a 400, never a database error.
    assert second_browser.login("coordi\x00nator").status_code == 400
    assert second_browser.login("coordinator", "veldwerk\x00demo").status_code == 400


def _body(token: str, csv: str) -> str:
    return urlencode({"csrf": token, "action": "preview", "csv": csv})


def test_the_form_takes_tables_up_to_its_limit_and_names_the_command_line_beyond(
    coordinator: Browser,
) -> None:
    """The limit is the table as pasted: a table of exactly 1 MB, whose form encoding is much
    larger (every comma and colon is three bytes), is taken; one byte more is not."""
    before = table(coordinator)
    assert "The web form takes tables up to 1 MB. Import larger tables (up to 100,000 rows)" in (
        coordinator.http.get("/routing").text
    )
    token = coordinator.csrf("/routing")
    area = ("Oost - " + "Dapperbuurt " * 6).strip()
    lines, size = [HEADER + "\r\n"], len(HEADER) + 2
    for number in range(1, 99_999):
        line = f"buurtteam,1091 AB,{number},{number},{area},buurtteam:oost-1\r\n"
        if size + len(line) > ROUTING_TABLE_MAX_BYTES:
            break
        lines.append(line)
        size += len(line)
    count = len(lines) - 1
    # Spaces fill the last line up to the limit exactly (one byte each; a blank line is skipped).
    text = "".join(lines) + " " * (ROUTING_TABLE_MAX_BYTES - size)
    assert len(text.encode()) == ROUTING_TABLE_MAX_BYTES and count > 5_000
    assert len(_body(token, text)) > 1.1 * ROUTING_TABLE_MAX_BYTES  # what the browser sends
    at_limit = coordinator.http.post("/routing", content=_body(token, text), headers=FORM)
    assert at_limit.status_code == 200
    assert f"{count} rows added, 7 rows removed." in at_limit.text
    over = coordinator.http.post("/routing", content=_body(token, text + " "), headers=FORM)
    assert over.status_code == 413
    message = error_at_the_field(over.text)
    assert "This table is too large for the web form (more than 1 MB); nothing changed." in message
    assert CLI in message
    assert table(coordinator) == before
