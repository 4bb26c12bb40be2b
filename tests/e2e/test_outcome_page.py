"""The coordinator's outcome report in Chromium, as `make run` shows it (the demo organisation
with its casework): from the menu to the counts, the rule for small counts in words, a target
group chosen, one target group with one jobcoach (totals only), the CSV; on a desk and on a
phone without sideways scroll. Screenshots with `make screenshots`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.e2e.conftest import screenshot_dir
from tests.sync.harness import ServerProcess


@pytest.fixture(scope="module")
def signed_in(browser: Browser, casework_server: ServerProcess) -> Iterator[BrowserContext]:
    """The coordinator logged in once (a TOTP code counts once: a second login within the same
    30 seconds would be refused)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{casework_server.url}/login?lang=nl")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC))))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("link", name="Uitkomsten")).to_be_visible()
    page.close()
    yield context
    context.close()


def _page(context: BrowserContext, server: ServerProcess, width: int, height: int) -> Page:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server.url}/referrals")
    return page


def _main(page: Page) -> str:
    return page.locator("main").inner_text()


def test_the_coordinator_reads_outcomes_and_filters_them(
    signed_in: BrowserContext, casework_server: ServerProcess, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    page = _page(signed_in, casework_server, 1280, 800)
    page.get_by_role("link", name="Uitkomsten").click()
    expect(page.get_by_role("heading", name="Uitkomsten", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Hoe kleine aantallen veilig blijven")).to_be_visible()
    text = _main(page)
    # the demo: 30 clients, 5 of whose work ended, and one of those works at Glans since
    assert "Mensen aan het werk: 26" in text
    assert "Een aantal onder de 5 staat er als <5" in text
    table = page.get_by_role("table", name="Naar soort plaatsing")
    expect(table.get_by_role("row", name="Werk bij een sociale firma 10")).to_be_visible()
    expect(table.get_by_role("row", name="Stage <5")).to_be_visible()
    page.screenshot(path=str(shots / "web-outcomes-nl.png"), full_page=True)

    page.get_by_label("Doelgroep").select_option(label="Bijstand")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_label("Doelgroep")).to_have_value("bijstand")
    assert "Mensen aan het werk: <5" in _main(page)  # 3 of the demo's 30 fall under bijstand

    page.get_by_label("Jobcoach").select_option(label="Jobcoach Anouk")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("table", name="Naar soort plaatsing")).to_have_count(0)
    assert "alleen totalen" in _main(page)

    page.get_by_label("Doelgroep").select_option(label="Alle doelgroepen")
    page.get_by_label("Jobcoach").select_option(label="Alle jobcoaches")
    page.get_by_role("button", name="Tonen").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert rows[0] == ["year", "target_group", "jobcoach", "measure", "category", "count"]
    year = str(datetime.now(UTC).year)
    assert [year, "all", "all", "at_work", "total", "26"] in rows
    assert [year, "all", "all", "at_work", "placement_kind/sociale_firma", "10"] in rows


def test_on_a_phone_the_tables_stack_and_nothing_scrolls_sideways(
    signed_in: BrowserContext, casework_server: ServerProcess, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    page = _page(signed_in, casework_server, 390, 844)
    page.goto(f"{casework_server.url}/outcomes")
    expect(page.get_by_role("heading", name="Aan het werk op de laatste dag")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("heading", name="Aan het werk op de laatste dag").evaluate(
        "heading => heading.scrollIntoView()"
    )
    expect(page.get_by_text("Mensen aan het werk: 26")).to_be_in_viewport()
    page.screenshot(path=str(shots / "web-outcomes-phone-nl.png"))
