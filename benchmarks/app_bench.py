"""App benchmarks, measured in the browser: the real app in web mode (``python -m fieldapp``)
on an encrypted store with 1,000 clients, driven by Playwright in Debian's Chromium.

- ``app.unlock_to_caseload_ms.clients1000``: tap "Unlock" until the first client's name is on
  screen (key derivation, the caseload index, the rules per client, drawing the list), as on
  every unlock after the first;
- ``app.unlock_to_caseload_first_ms.clients1000``: the same for the very first unlock after
  1,000 clients arrived, when the caseload index is built from every client's partition.
- ``app.search_ms.clients1000``: a keystroke in the search box until the list count shows the
  new number of matches (median of the keystrokes that change the count; p95 reported too).
- ``app.save_visit_ms``: tap "Save visit" on a visit's summary until "Visit saved." shows
  (the summary's rules, the atomic save, dropping the draft, drawing the client's page).
- ``app.visit_taps.typical``: the taps (clicks and text entries) a typical visit takes, from
  "New visit" on the client's page to "Visit saved." (:mod:`tests.e2e.typical_visit`: a
  workplace visit of 45 minutes, five WHO-5 answers, one money signal, one referral with
  consent), on a phone-sized screen against a real server; target at most 14.
- ``app.unlock_with_placements_ratio.clients1000``: the unlock above on a second store, the same
  1,000 clients with the demo employer register, a placement and two goals each, divided by
  the unlock of the store without them; both apps run side by side and their unlocks
  alternate (medians of :data:`UNLOCK_ROUNDS` each, the first unlock of each not counted).
  Target at most 1.1.
- ``app.redraw_floor_ms``: the baseline in the same run, tap "Next" in the wizard until the
  next step shows (a redraw without disk or rules); the ratios divide by it.

Times are taken in Python around Playwright calls, so each includes one browser round trip.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.report import p95
from benchmarks.work_records import work_of
from fieldapp.domain.client import Client
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.i18n import Translator
from fieldapp.services.caseload import CaseloadService, VisitRecord
from fieldapp.services.demo import DEMO_PASSPHRASE
from fieldapp.services.demo_work import demo_employers
from fieldapp.services.employer_register import EmployerRegister
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.employers import EmployerStore
from fieldapp.storage.store import EncryptedStore
from tests.e2e.conftest import free_port, open_app, running_app, type_into, wait_for_http
from tests.e2e.typical_visit import TEAM, add_client_at_an_address, record_typical_visit
from tests.sync.harness import ServerProcess

FIRST_OF_DAY = "app.unlock_to_caseload_ms.clients1000"
TARGETS = {
    FIRST_OF_DAY: "<= 1000",
    "app.unlock_to_caseload_first_ms.clients1000": "",
    "app.search_ms.clients1000": "<= 100",
    "app.search_p95_ms.clients1000": "",
    "app.save_visit_ms": "<= 100",
    "app.redraw_floor_ms": "baseline",
    "app.visit_taps.typical": "<= 14",
    "app.search_over_floor_ratio": "",
    "app.save_visit_over_floor_ratio": "",
    "app.unlock_with_placements_ratio.clients1000": "<= 1.1",
}
CLIENTS = 1000
PASSPHRASE = "benchmark-passphrase-2026"
CHROMIUM = os.environ.get("VELDWERK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
NL = Translator("nl")
QUERIES = ("naam0420", "naam0999", "naam0007", "naam0555", "naam0123")
SAVES = 5
UNLOCK_ROUNDS = 5


def _name(n: int) -> str:
    return f"Naam{n:04d}"


def _seed(directory: Path, log: logging.Logger, *, with_work: bool = False) -> None:
    """1,000 clients with a visit each; ``with_work``: the demo register too, and a placement
    and two goals per client."""
    now = datetime.now(UTC)
    store = EncryptedStore.create(directory, PASSPHRASE)
    repository = CaseloadStore(store, lambda: now)
    service = CaseloadService(repository, lambda: now)
    register = EmployerRegister(EmployerStore(store, lambda: now))
    employers = [register.save(e) for e in demo_employers(now)] if with_work else []
    started = time.perf_counter()
    for n in range(CLIENTS):
        client = Client(id=uuid.uuid4(), given_name=_name(n), created_at=now, updated_at=now)
        service.save_client(client)
        visit = Visit(
            id=uuid.uuid4(),
            client_id=client.id,
            type=VisitType.WORKPLACE_VISIT,
            started_at=now - timedelta(days=n % 40 + 1),
            duration_minutes=60,
            notes_internal="Gesprek op de werkvloer over planning en samenwerking.",
        )
        service.record_visit(VisitRecord(visit=visit))
        if employers:
            employer = employers[n % len(employers)]
            repository.save(client.id, work_of(client.id, employer, n, now.date()))
    store.close()
    log.info(
        "seeded %d clients%s in %.1f s",
        CLIENTS,
        " with placements and goals" if with_work else "",
        time.perf_counter() - started,
    )


def _unlock_ratio(browser: Browser, plain: str, with_work: str) -> float:
    """Unlocks of the two apps, alternating; the first of each builds its caseload index."""
    pages = {url: open_app(browser, url, width=1024, height=768) for url in (plain, with_work)}
    samples: dict[str, list[float]] = {url: [] for url in pages}
    for round_ in range(UNLOCK_ROUNDS + 1):
        for url, page in pages.items():
            type_into(page, NL.gettext("Passphrase"), PASSPHRASE)
            unlock = page.get_by_role("button", name=NL.gettext("Unlock"))
            took = _timed(unlock.click, page, _name(0))
            if round_:
                samples[url].append(took)
            page.get_by_role("button", name=NL.gettext("Lock")).first.click()
            _shows(page, NL.gettext("Unlock"))
    for page in pages.values():
        page.close()
    return statistics.median(samples[with_work]) / statistics.median(samples[plain])


@contextmanager
def _app(directory: Path) -> Iterator[str]:
    port = free_port()
    with (directory.parent / "app.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "fieldapp", "--data-dir", str(directory), "--port", str(port)],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_for_http(url)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


def _shows(page: Page, text: str, timeout: float = 60_000) -> None:
    """Wait until the semantics tree mentions ``text`` (checked in the browser each frame)."""
    page.wait_for_function(
        "t => (document.querySelector('flt-semantics-host')?.innerHTML || '').includes(t)",
        arg=text,
        polling="raf",
        timeout=timeout,
    )


def _timed(action: Callable[[], object], page: Page, text: str) -> float:
    started = time.perf_counter()
    action()
    _shows(page, text)
    return (time.perf_counter() - started) * 1000


def _count(query: str) -> int:
    return sum(1 for n in range(CLIENTS) if query in _name(n).casefold())


def _count_text(shown: int) -> str:
    return NL.gettext("{shown} of {total} clients").format(shown=shown, total=CLIENTS)


def _search_samples(page: Page) -> list[float]:
    page.get_by_role("textbox", name=NL.gettext("Search by name or postcode")).click()
    page.wait_for_function("document.activeElement && document.activeElement.tagName !== 'BODY'")
    samples = []
    for query in QUERIES:
        before = CLIENTS
        for end in range(1, len(query) + 1):
            now = _count(query[:end])
            key = query[end - 1]
            if now == before:
                page.keyboard.press(key)
                _shows(page, _count_text(now))
                continue
            samples.append(_timed(partial(page.keyboard.press, key), page, _count_text(now)))
            before = now
        for _ in query:
            page.keyboard.press("Backspace")
        _shows(page, _count_text(CLIENTS))
    return samples


def _visit_to_summary(page: Page, n: int, floor: list[float]) -> None:
    page.get_by_role("textbox", name=NL.gettext("Search by name or postcode")).click()
    page.keyboard.press("Control+A")
    page.keyboard.type(_name(n).casefold())
    _shows(page, _count_text(1))
    page.get_by_role("button", name=_name(n)).click()
    page.get_by_role("button", name=NL.gettext("New visit")).click()
    for step in range(2, 6):
        title = {2: "Notes", 3: "Wellbeing (WHO-5)", 4: "Money signals", 5: "Summary and consent"}
        text = NL.gettext("Step {n} of {total}: {title}").format(
            n=step, total=5, title=NL.gettext(title[step])
        )
        nxt = page.get_by_role("button", name=NL.gettext("Next"))
        floor.append(_timed(nxt.click, page, text))


def _typical_visit_taps(browser: Browser) -> int:
    """The typical visit's taps on a 390 x 844 phone, with the demo server's routing table."""
    with tempfile.TemporaryDirectory(prefix="veldwerk-taps-bench-") as tmp:
        server = ServerProcess(Path(tmp) / "server").load_demo().start()
        try:
            code = server.pairing_code("jobcoach1")
            work = Path(tmp) / "app"
            work.mkdir()
            with running_app(work, "--server-url", server.url, "--pairing-code", code) as url:
                page = open_app(browser, url, width=390, height=844)
                type_into(page, NL.gettext("Passphrase"), DEMO_PASSPHRASE)
                page.get_by_role("button", name=NL.gettext("Unlock")).click()
                # The first sync after unlock brings the routing table that names the team.
                _shows(page, NL.gettext("Last successful sync: {when}").split("{")[0])
                add_client_at_an_address(page)
                taps = record_typical_visit(page, TEAM)
                page.close()
        finally:
            server.stop()
    return taps


def run(log: logging.Logger) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="veldwerk-app-bench-") as tmp:
        store_dir, work_dir = Path(tmp) / "store", Path(tmp) / "work" / "store"
        _seed(store_dir, log)
        _seed(work_dir, log, with_work=True)
        with _app(store_dir) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = open_app(browser, url, width=1024, height=768)
            unlock = page.get_by_role("button", name=NL.gettext("Unlock"))
            for metric in ("app.unlock_to_caseload_first_ms.clients1000", FIRST_OF_DAY):
                type_into(page, NL.gettext("Passphrase"), PASSPHRASE)
                results[metric] = _timed(unlock.click, page, _name(0))
                if metric != FIRST_OF_DAY:
                    page.get_by_role("button", name=NL.gettext("Lock")).first.click()
                    _shows(page, NL.gettext("Unlock"))
            searches = _search_samples(page)
            results["app.search_ms.clients1000"] = statistics.median(searches)
            results["app.search_p95_ms.clients1000"] = p95(searches)
            floor: list[float] = []
            saves = []
            for n in range(SAVES):
                _visit_to_summary(page, 100 + n, floor)
                save = page.get_by_role("button", name=NL.gettext("Save visit"))
                saves.append(_timed(save.click, page, NL.gettext("Visit saved.")))
                page.get_by_role("button", name=NL.gettext("Back")).click()
                _shows(page, _count_text(1))
            results["app.save_visit_ms"] = statistics.median(saves)
            results["app.redraw_floor_ms"] = statistics.median(floor)
            page.close()
            with _app(work_dir) as work_url:  # only now: the figures above had the machine alone
                results["app.unlock_with_placements_ratio.clients1000"] = _unlock_ratio(
                    browser, url, work_url
                )
            results["app.visit_taps.typical"] = _typical_visit_taps(browser)
            browser.close()
    floor_ms = results["app.redraw_floor_ms"]
    results["app.search_over_floor_ratio"] = results["app.search_ms.clients1000"] / floor_ms
    results["app.save_visit_over_floor_ratio"] = results["app.save_visit_ms"] / floor_ms
    log.info("app: %d search samples, %d saves, %d redraws", len(searches), len(saves), len(floor))
    return results
