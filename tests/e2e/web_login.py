"""Logging in to the web pages in Chromium as a person does: username, password, and the
current TOTP code where the role needs one (each code counts once: log in once per module
where a test logs in as the same person twice within 30 seconds)."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page

from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET


def web_login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login?lang=nl")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if "/login/code" in page.url:
        page.get_by_label("Code").fill(
            totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC)))
        )
        page.get_by_role("button", name="Bevestigen").click()
