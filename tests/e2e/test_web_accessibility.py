"""axe-core on every web page state of the role matrix (issue 20, item 7), and no sideways
scroll (item 6): each role's pages filled with the demo casework, the error states of the
login and the forms, in Dutch and in Arabic (right to left), 1280 and 390 px wide.

axe-core comes from the npm registry, pinned by ``tests/e2e/axe/package-lock.json`` (``make
test`` installs it). The pages' Content Security Policy forbids injected scripts, so only this
test's browser context bypasses it to add axe.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from fieldapp.wire import Role
from sync_server.auth import totp
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from sync_server.services import admin
from tests.e2e.conftest import REPO
from tests.server.web.test_pages_authorization import MATRIX, PEOPLE
from tests.sync.harness import ServerProcess

AXE = REPO / "tests" / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
DEMO_POSTCODE = "1091 AB"
"""A postcode of the demo casework's clients."""
LANGUAGES = ("nl", "ar")
LIST_OF = {
    "{referral_id}": {Role.COORDINATOR: "/referrals", Role.RECEIVING_TEAM: "/inbox"},
    "{visit_id}": {Role.COORDINATOR: "/visits"},
    "{employer_id}": {Role.COORDINATOR: "/employers"},
}
"""Where a page's path parameter is found: the first link of that shape on this list page."""

State = Callable[[Page], None]
"""Brings a logged-in page to one state (a page opened, a form sent back with errors)."""


def violations(page: Page) -> list[str]:
    """What axe-core finds on the page as it is now, one line per rule and element."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']} {node['failureSummary']}"
        for rule in found
        for node in rule["nodes"]
    ]


def problems_of(page: Page, state: str) -> list[str]:
    """axe-core's violations and any sideways scroll, at each width, for the page as it is."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        where = f"{state} at {width} px"
        found += [f"{where}: {line}" for line in violations(page)]
        scroll = int(page.evaluate("document.documentElement.scrollWidth"))
        if scroll > width:
            found.append(f"{where}: the page is {scroll} px wide")
    return found


def new_context(browser: Browser) -> BrowserContext:
    return browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[0], "height": 800})


def code_now() -> str:
    return totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC)))


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login?lang=nl")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    if "/login/code" in page.url:
        page.locator("#code").fill(code_now())
        page.locator("form button[type=submit]").click()
    assert "/login" not in page.url, f"{username} was not logged in: {page.url}"


def choose_language(page: Page, lang: str) -> None:
    if not page.locator("#lang").count():  # on a public page: back to the user's own
        page.goto("/".join(page.url.split("/", 3)[:3]) + "/")
    page.locator("#lang").select_option(lang)
    page.locator("form[action='/language'] button").click()
    assert page.locator("html").get_attribute("lang") == lang


def opened(url: str) -> State:
    def state(page: Page) -> None:
        answer = page.goto(url)
        assert answer is not None and answer.ok, url

    return state


def item_links(page: Page, url: str, list_page: str) -> list[str]:
    """The paths of the links on ``list_page`` that open one of its items."""
    page.goto(url + list_page)
    found = page.locator("main a[href]").evaluate_all("links => links.map(a => a.pathname)")
    return [str(href) for href in found if re.fullmatch(rf"{list_page}/[0-9a-f-]{{36}}", href)]


def first_link(page: Page, url: str, list_page: str) -> str:
    links = item_links(page, url, list_page)
    assert links, f"no item to open on {list_page}"
    return links[0]


def open_referral(page: Page, url: str) -> str:
    """A referral of the team's inbox that can take a step."""
    for link in item_links(page, url, "/inbox"):
        page.goto(url + link)
        if page.locator("input[name=status]").count():
            return link
    raise AssertionError("no referral in the inbox can take a step")


def _employer_form(page: Page, url: str, name: str, site: tuple[str, str, str]) -> None:
    """The new-employer form sent with one work site (its name, postcode and number)."""
    page.goto(f"{url}/employers/new")
    page.locator("#name").fill(name)
    for field, value in zip(("name", "postcode", "house_number"), site, strict=True):
        page.locator(f"#site-0-{field}").fill(value)
    page.locator("#site-0-city").fill("Amsterdam")
    page.locator("form.stack button[type=submit]").click()


def add_employer(url: str) -> State:
    """A new employer saved through the form, so the employer pages have one to show."""

    def state(page: Page) -> None:
        _employer_form(page, url, "Bakkerij De Korenschoof", ("Bakkerij", "1091 AB", "12"))
        assert re.search(r"/employers/[0-9a-f-]{36}\?saved=1$", page.url), page.url

    return state


def employer_form_with_errors(url: str) -> State:
    def state(page: Page) -> None:
        _employer_form(page, url, "Zonder adres", ("Werkplaats", "12", "nul"))
        assert page.locator("[aria-invalid=true]").count() >= 2

    return state


def step_saved(url: str, referral: str) -> State:
    """The team's referral page after a step was saved (its first offered step)."""

    def state(page: Page) -> None:
        page.goto(url + referral)
        page.locator("input[name=status]").first.check()
        page.locator(f"form[action='{referral}/status'] button[type=submit]").click()
        assert page.locator("[role=status]").count() == 1

    return state


def searched(url: str, fields: dict[str, str], *, found: bool) -> State:
    """The officer's client search sent: with what it found, or with its fields' errors."""

    def state(page: Page) -> None:
        page.goto(f"{url}/access-log")
        for name, value in fields.items():
            page.locator(f"#{name}").fill(value)
        page.locator("form[action='/access-log'][method=post] button").click()
        if found:
            page.locator("a[href^='/access-log?client=']").first.click()
            assert page.locator("main table tbody tr").count() >= 1
        else:
            assert page.locator("[aria-invalid=true]").count() >= 1

    return state


def employer_rates(url: str, step: str) -> State:
    """The coordinator makes a rating link on a client's logbook page; then, in the page's
    language, the employer's page behind it: ``made`` (the link shown), ``form``, ``errors``
    (sent without a score), ``sent`` (thanked) or ``gone`` (opened again after use)."""

    def state(page: Page) -> None:
        page.goto(url + first_link(page, url, "/visits"))
        client = page.locator("main a[href^='/clients/']").first.evaluate("a => a.pathname")
        page.goto(f"{url}{client}")
        lang = page.locator("html").get_attribute("lang")
        page.locator("form[action$='/rating-link'] button").click()
        link = page.locator("code.address").inner_text()
        if step == "made":
            return
        page.goto(f"{link}?lang={lang}")
        if step == "errors":
            page.locator("form button[type=submit]").click()
            assert page.locator("[role=alert]").count() == 1
        elif step in {"sent", "gone"}:
            page.locator("input[name=score][value='7']").check()
            page.locator("form button[type=submit]").click()
            assert page.locator("[role=status]").count() == 1
            if step == "gone":
                page.goto(f"{link}?lang={lang}")

    return state


def role_states(page: Page, url: str, role: Role) -> dict[str, State]:
    """Every page of the matrix this role may open, with real ids, and its forms' errors."""
    if role is Role.COORDINATOR:
        add_employer(url)(page)
    states: dict[str, State] = {"/": opened(url + "/")}
    for (method, template), allowed in MATRIX.items():
        if method != "GET" or role not in allowed or template.endswith((".csv", ".pdf")):
            continue
        path = template
        for param, lists in LIST_OF.items():
            if param in path:
                path = first_link(page, url, lists[role])
                path += template.split(param, 1)[1]
        if "{client_id}" in path:  # a client's pages open from one of their visits
            page.goto(url + first_link(page, url, "/visits"))
            client = page.locator("main a[href^='/clients/']").first.evaluate("a => a.pathname")
            path = path.replace("/clients/{client_id}", str(client).rsplit("/", 1)[0])
        states[path] = opened(url + path)
    if role is Role.COORDINATOR:
        states["the employer form with errors"] = employer_form_with_errors(url)
        for step in ("made", "form", "errors", "sent", "gone"):
            states[f"the employer's rating link: {step}"] = employer_rates(url, step)
    if role is Role.DATA_PROTECTION_OFFICER:
        states["a client's access log"] = searched(url, {"postcode": DEMO_POSTCODE}, found=True)
        states["a search with errors"] = searched(url, {"postcode": "10911"}, found=False)
    if role is Role.RECEIVING_TEAM:
        referral = open_referral(page, url)
        states["a step saved"] = step_saved(url, referral)
    return states


@pytest.mark.parametrize("role", list(PEOPLE), ids=lambda role: role.value)
def test_every_page_of_a_role_passes_axe_in_dutch_and_arabic_on_phone_and_desk(
    browser: Browser, casework_server: ServerProcess, role: Role
) -> None:
    context = new_context(browser)
    page = context.new_page()
    log_in(page, casework_server.url, PEOPLE[role])
    states = role_states(page, casework_server.url, role)
    problems: list[str] = []
    for lang in LANGUAGES:
        choose_language(page, lang)
        for name, state in states.items():
            state(page)
            problems += problems_of(page, f"{role.value} {lang} {name}")
    context.close()
    # Every page of the matrix the role may open became a state (the files excepted).
    pages = {
        template
        for (method, template), allowed in MATRIX.items()
        if method == "GET" and role in allowed and not template.endswith((".csv", ".pdf"))
    }
    shapes = {re.sub(r"[0-9a-f-]{36}", "{id}", name) for name in states}
    assert {re.sub(r"\{[a-z_]+\}", "{id}", page) for page in pages} <= shapes, states
    assert not problems, "\n".join(problems)


def test_the_login_and_its_errors_pass_axe(
    browser: Browser, casework_server: ServerProcess
) -> None:
    context = new_context(browser)
    page = context.new_page()
    url = casework_server.url
    problems: list[str] = []
    for lang in LANGUAGES:
        page.goto(f"{url}/login?lang={lang}")
        problems += problems_of(page, f"login {lang}")
        page.locator("#username").fill("coordinator")
        page.locator("#password").fill("not the password")
        page.locator("form button[type=submit]").click()
        assert page.locator("[role=alert]").count() == 1
        problems += problems_of(page, f"login {lang} wrong password")
        page.locator("#username").fill("coordinator")
        page.locator("#password").fill(DEMO_PASSWORD)
        page.locator("form button[type=submit]").click()
        assert "/login/code" in page.url
        problems += problems_of(page, f"code {lang}")
        page.locator("#code").fill("000000" if code_now() != "000000" else "111111")
        page.locator("form button[type=submit]").click()
        assert page.locator("#code-error").count() == 1
        problems += problems_of(page, f"code {lang} not accepted")
        context.clear_cookies()
    context.close()
    assert not problems, "\n".join(problems)


def test_the_visit_request_form_its_errors_and_its_thanks_pass_axe(
    browser: Browser, casework_server: ServerProcess
) -> None:
    context = new_context(browser)
    page = context.new_page()
    organisation = admin.find_organisation(casework_server.ctx, "Gemeente Amsterdam (demo)")
    form = f"{casework_server.url}/visit-request/{organisation}"
    problems: list[str] = []
    for lang in LANGUAGES:
        page.goto(f"{form}?lang={lang}")
        problems += problems_of(page, f"visit request {lang}")
        page.locator("#email").fill("not an address")
        page.locator("form button[type=submit]").click()
        assert page.locator("[aria-invalid=true]").count() >= 4
        problems += problems_of(page, f"visit request {lang} with errors")
        page.locator("#organisation").fill("Hotel Amstelzicht")
        page.locator("#contact_name").fill("Youssef Bakali")
        page.locator("#email").fill("y.bakali@amstelzicht.example")
        page.locator("#employees").fill("85")
        page.locator("#date_1").fill((datetime.now(UTC).date() + timedelta(days=30)).isoformat())
        page.locator("form button[type=submit]").click()
        assert page.locator("[role=status]").count() == 1
        problems += problems_of(page, f"visit request {lang} received")
    context.close()
    assert not problems, "\n".join(problems)


def test_axe_finds_what_it_is_meant_to(browser: Browser, casework_server: ServerProcess) -> None:
    """The control: on a login page with its field's label removed, axe names the field."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{casework_server.url}/login?lang=nl")
    page.evaluate("document.querySelector('label[for=username]').remove()")
    found = violations(page)
    context.close()
    assert any(line.startswith("label ") and "#username" in line for line in found), found


def test_axe_is_installed_from_its_lock_file() -> None:
    assert AXE.is_file(), f"{AXE.relative_to(REPO)} is missing: run `make test` (it runs npm ci)"
    lock = (REPO / "tests" / "e2e" / "axe" / "package-lock.json").read_text()
    assert '"node_modules/axe-core"' in lock
    assert Path(AXE).stat().st_size > 100_000
