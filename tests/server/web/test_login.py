"""Login, second factor, sessions, throttling and CSRF on the real server."""

from __future__ import annotations

from sqlalchemy import func, select

from sync_server.db.schema import AuditEntry
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.server.web.conftest import Browser, current_code, log_in

GENERIC = "Inloggen is niet gelukt"
CODE_REFUSED = "Code niet geaccepteerd"
"""A wrong second-factor code is named as such (the password was right by then)."""


def test_a_team_member_logs_in_with_a_password_and_lands_in_the_inbox(
    browser: Browser,
) -> None:
    answer = browser.login("schuldhulp1")
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Secure" not in cookie  # plain loopback HTTP here; Secure under TLS
    home = browser.http.get("/")
    assert home.headers["location"] == "/inbox"
    page = browser.http.get("/inbox")
    assert page.status_code == 200 and "Intake Schuldhulp Eva" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src" not in page.headers["content-security-policy"]  # no scripts at all
    assert page.headers["x-frame-options"] == "DENY"


def test_a_coordinator_needs_the_code_and_a_code_works_only_once(
    browser: Browser, second_browser: Browser, clock: Clock
) -> None:
    answer = browser.login("coordinator")
    assert answer.headers["location"].startswith("/login/code")
    assert browser.http.get("/referrals").status_code == 303  # not in before the code
    code = current_code(clock)
    assert browser.code(code).headers["location"] == "/"
    assert browser.http.get("/referrals").status_code == 200

    second_browser.login("coordinator")
    replay = second_browser.code(code)
    assert replay.status_code == 401 and CODE_REFUSED in replay.text
    assert GENERIC not in replay.text  # it does not send them back to their password
    assert 'aria-invalid="true"' in replay.text


def test_every_failure_gets_the_same_answer(browser: Browser) -> None:
    answers = [
        browser.login("schuldhulp1", "wrong-password-123"),
        browser.login("nobody-by-this-name", "wrong-password-123"),
        browser.login("jobcoach1"),  # a field role has no web pages
    ]
    assert {a.status_code for a in answers} == {401}
    assert all(GENERIC in a.text for a in answers)
    assert all(
        "set-cookie" not in a.headers or "vw_session" not in a.headers["set-cookie"]
        for a in answers
    )


def test_repeated_failures_lock_the_account_for_a_while(browser: Browser, clock: Clock) -> None:
    for _ in range(5):
        assert browser.login("schuldhulp1", "not-the-password-1").status_code == 401
    assert browser.login("schuldhulp1").status_code == 401  # right password, still locked
    clock.advance(minutes=16)
    assert browser.login("schuldhulp1").status_code == 303


def test_sessions_expire_when_idle_and_after_their_absolute_limit(
    browser: Browser, clock: Clock
) -> None:
    log_in(browser, "schuldhulp1", clock)
    clock.advance(minutes=29)
    assert browser.http.get("/inbox").status_code == 200  # activity restarts the idle clock
    clock.advance(minutes=31)
    assert browser.http.get("/inbox").headers["location"] == "/login"
    log_in(browser, "schuldhulp1", clock)
    for _ in range(25):  # busy all day, but not longer than 12 hours
        clock.advance(minutes=29)
        browser.http.get("/inbox")
    assert browser.http.get("/inbox").headers["location"] == "/login"


def test_logout_ends_the_session(browser: Browser, clock: Clock) -> None:
    log_in(browser, "schuldhulp1", clock)
    stolen = dict(browser.http.cookies)
    assert browser.post("/logout", {}, form_page="/inbox").status_code == 303
    browser.http.cookies.update(stolen)  # the old cookie no longer works
    assert browser.http.get("/inbox").headers["location"] == "/login"


def test_forms_without_the_csrf_token_are_refused(browser: Browser, clock: Clock) -> None:
    assert browser.http.post("/login", data={"username": "x", "password": "y"}).status_code == 403
    log_in(browser, "schuldhulp1", clock)
    assert browser.http.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert browser.http.get("/inbox").status_code == 200  # still logged in


def test_logins_are_audited_without_the_password(
    browser: Browser, ctx: ServerContext, clock: Clock
) -> None:
    def entries() -> int:
        with ctx.db.read() as session:
            return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())

    before = entries()
    browser.login("schuldhulp1", "wrong-password-123")
    log_in(browser, "schuldhulp1", clock)
    assert entries() == before + 2
    with ctx.db.read() as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.result).order_by(AuditEntry.id.desc()).limit(2)
        ).all()
    assert [tuple(a) for a in actions] == [("login", "ok"), ("login", "failed")]


def test_the_language_can_be_switched(browser: Browser, clock: Clock) -> None:
    log_in(browser, "schuldhulp1", clock)
    assert "Geen doorverwijzingen" in browser.http.get("/inbox").text
    browser.post("/language", {"lang": "en", "next": "/inbox"}, form_page="/inbox")
    assert "No referrals for your team." in browser.http.get("/inbox").text
    english = browser.http.get("/login?lang=en")
    assert "Username" in english.text and 'lang="en"' in english.text


def test_arabic_pages_are_right_to_left_and_dutch_ones_are_not(
    browser: Browser, clock: Clock
) -> None:
    arabic = browser.http.get("/login?lang=ar")
    assert 'lang="ar" dir="rtl"' in arabic.text
    assert 'lang="nl" dir="ltr"' in browser.http.get("/login?lang=nl").text
    log_in(browser, "schuldhulp1", clock)
    browser.post("/language", {"lang": "ar", "next": "/inbox"}, form_page="/inbox")
    inbox = browser.http.get("/inbox").text
    assert 'dir="rtl"' in inbox and "العربية" in inbox
