"""The employer's one-time rating link in Chromium, as `make run` shows it: the coordinator
makes it on a client's logbook page, the employer's contact opens it on a phone, sees the
worker by first name and initial only, forgets the score and is told so, rates, and the link
then no longer works. Screenshots with `make screenshots`."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import screenshot_dir
from tests.e2e.web_login import web_login
from tests.sync.harness import ServerProcess


def _link(browser: Browser, server: ServerProcess) -> str:
    """The coordinator makes a link on the first client's logbook page; returns it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    web_login(page, server.url, "coordinator")
    page.goto(f"{server.url}/visits")
    page.locator("main a[href^='/visits/']").first.click()
    page.locator("main a[href^='/clients/']").first.click()
    expect(page.get_by_role("heading", name="8. Tevredenheid over de begeleiding")).to_be_visible()
    page.get_by_role("button", name="Maak een beoordelingslink voor de werkgever").click()
    expect(page.get_by_role("status")).to_contain_text("Hij staat alleen nu hier")
    link = page.locator("code.address").inner_text()
    assert link.startswith(f"{server.url}/rate/")
    page.close()
    return link


def test_an_employer_rates_the_support_on_a_one_time_link(
    browser: Browser, casework_server: ServerProcess, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    link = _link(browser, casework_server)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{link}?lang=nl")
    expect(
        page.get_by_role("heading", name="Hoe beoordeelt u de begeleiding door de jobcoach?")
    ).to_be_visible()
    intro = page.locator("main p.wide").inner_text()
    assert "U ziet " in intro and " op het werk." in intro
    worker = intro.split("U ziet ", 1)[1].split(" op het werk.", 1)[0]
    assert len(worker.split()) == 2 and worker.endswith("."), worker  # "Sanne V."
    page.get_by_role("radio", name="Ja").first.check()
    page.get_by_role("button", name="Beoordeling versturen").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Er is niets verzonden. Kies een cijfer van 1 tot 10."
    )
    expect(page.get_by_role("radio", name="Ja").first).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "web-rate-phone-nl.png"), full_page=True)
    page.get_by_role("radio", name="8", exact=True).check()
    page.get_by_role("button", name="Beoordeling versturen").click()
    expect(page.get_by_role("status")).to_have_text(
        "Bedankt. De organisatie van de jobcoach heeft uw beoordeling ontvangen."
    )
    page.goto(f"{link}?lang=nl")
    expect(page.get_by_role("heading", name="Deze link werkt niet")).to_be_visible()
    page.close()
