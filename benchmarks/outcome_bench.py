"""The coordinator's outcome page (issue 22, item 3) over a large organisation.

``server.report.outcomes_ms.placements10000``: the p95 of ``GET /outcomes`` from the real
server (uvicorn, SQLite) over 10,000 placements with two years of history and more (ended
placements, people coming back, paths through several kinds of work, ladder steps), 50
jobcoaches, every target group: counting, durations, returns and the small-count protection
all happen in each request (nothing is cached). The same at the performance issue's
municipality (50 jobcoaches, 3,000 clients): ``...clients3000``. Requests cycle through the
page's filters (this year and last, all or one target group, all or one jobcoach).

The data goes in as real data does: each jobcoach's device pushes through the push service.
"""

from __future__ import annotations

import base64
import logging
import random
import re
import secrets
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
from pydantic import BaseModel, SecretStr

from benchmarks.report import median, p95
from benchmarks.server_bench import running_server
from fieldapp.domain.client import Client, TargetGroup
from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.participation import LadderStep, Rung
from fieldapp.domain.placement import EndReason, Instruments, Jobcoaching, Placement, PlacementKind
from fieldapp.wire import API_PREFIX, MAX_BATCH, PushRequest, Role
from sync_server.app import build_context
from sync_server.audit import Actor
from sync_server.auth import totp
from sync_server.bootstrap import prepare
from sync_server.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, ORGANISATION, load_demo
from sync_server.demo_casework import new_change
from sync_server.services import admin, devices, push
from sync_server.services.context import ServerContext
from sync_server.settings import Settings

TARGETS = {
    "server.report.outcomes_ms.placements10000": "<= 500",
    "server.report.outcomes_ms.clients3000": "<= 500",
}
JOBCOACHES = 50
REQUESTS = 40
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
KINDS = list(PlacementKind)
EMPLOYER_KINDS = list(EmployerKind)


def _path(
    rng: random.Random, client: Client, register: list[Employer], today: date
) -> list[BaseModel]:
    """Placements over the last three years (the last one may still run), each next one
    after a gap of days to more than a year, and ladder steps along the way."""
    records: list[BaseModel] = []
    start = today - timedelta(days=rng.randrange(200, 1100))
    rung = rng.randrange(1, 4)
    records.append(LadderStep(id=uuid.uuid4(), client_id=client.id, rung=Rung(rung), on=start))
    while start <= today:
        days = rng.choice([60, 120, 200, 400, 800, None])
        ended = None if days is None else start + timedelta(days=days)
        if ended is not None and ended > today:
            ended = None
        kind = rng.choice(KINDS)
        records.append(
            Placement(
                id=uuid.uuid4(),
                client_id=client.id,
                employer_id=rng.choice(register).id,
                kind=kind,
                start=start,
                hours_per_week=Decimal(rng.randrange(8, 36)),
                instruments=Instruments(
                    jobcoaching=rng.choice([None, Jobcoaching.EXTERNAL, Jobcoaching.INTERNAL]),
                    no_risk_policy=rng.random() < 0.3,
                    in_company_supporter=rng.random() < 0.2,
                ),
                ended_on=ended,
                end_reason=None if ended is None else rng.choice(list(EndReason)),
            )
        )
        if ended is None:
            break
        if rng.random() < 0.5 and rung < 6:
            rung += 1
            records.append(
                LadderStep(id=uuid.uuid4(), client_id=client.id, rung=Rung(rung), on=ended)
            )
        start = ended + timedelta(days=rng.choice([1, 14, 60, 200, 500]))
    return records


def _first_placements(records: list[BaseModel], wanted: int) -> list[BaseModel]:
    """``records`` up to (not including) the placement after the first ``wanted``."""
    kept, placements = [], 0
    for record in records:
        if isinstance(record, Placement):
            if placements == wanted:
                break
            placements += 1
        kept.append(record)
    return kept


def _seed(ctx: ServerContext, clients: int, placements_wanted: int, log: logging.Logger) -> int:
    """``clients`` clients over :data:`JOBCOACHES` jobcoaches, paths until about
    ``placements_wanted`` placements; returns how many placements went in."""
    rng = random.Random(20261207)
    today = date.today()
    organisation = admin.find_organisation(ctx, ORGANISATION)
    register = [
        Employer(
            id=uuid.uuid4(),
            name=f"Werkgever {n}",
            kind=EMPLOYER_KINDS[n % 5],
            updated_at=ctx.clock(),
        )
        for n in range(60)
    ]
    per_client = placements_wanted / clients
    placed = 0
    for coach in range(JOBCOACHES):
        user = admin.create_user(ctx, organisation, f"bench-coach-{coach}", Role.JOBCOACH)
        code = devices.issue_pairing_code(ctx, user, Actor.system())
        device = devices.authenticate(ctx, devices.enroll(ctx, code, "bench").token)
        changes = [new_change(e, None) for e in register] if coach == 0 else []
        for _ in range(clients // JOBCOACHES):
            client = Client(
                id=uuid.uuid4(),
                given_name="Bench",
                family_name="Client",
                target_group=rng.choice(list(TargetGroup)),
                created_at=ctx.clock(),
                updated_at=ctx.clock(),
            )
            wanted = int(per_client + rng.random())  # 2.5 on average: 2 or 3
            work: list[BaseModel] = []
            while sum(isinstance(r, Placement) for r in work) < wanted:
                work += _path(rng, client, register, today)
            work = _first_placements(work, wanted)
            placed += wanted
            changes += [new_change(client, client.id)] + [new_change(r, client.id) for r in work]
        for start in range(0, len(changes), MAX_BATCH):
            batch = PushRequest(changes=changes[start : start + MAX_BATCH])
            refused = [r for r in push.push(ctx, device, batch).results if r.outcome != "applied"]
            if refused:
                raise RuntimeError(f"benchmark data refused: {refused[0].code}")
    log.info("  %d clients, %d placements over %d jobcoaches", clients, placed, JOBCOACHES)
    return placed


def _logged_in(url: str) -> httpx.Client:
    web = httpx.Client(base_url=url.removesuffix(API_PREFIX), timeout=60)

    def form(path: str, data: dict[str, str]) -> None:
        token = CSRF.search(web.get(path).text)
        assert token is not None
        web.post(path, data={"csrf": token.group(1), **data})

    form("/login", {"username": "coordinator", "password": DEMO_PASSWORD})
    form("/login/code", {"code": totp.code_at(DEMO_TOTP_SECRET, totp.step_of(datetime.now(UTC)))})
    return web


def _views(web: httpx.Client) -> Iterator[str]:
    """Addresses that cycle through the page's filters."""
    page = web.get("/outcomes").text
    groups = re.findall(r'<option value="([a-z_]+)"', page)
    coaches = re.findall(r'<option value="([0-9a-f-]{36})"', page)
    this_year = date.today().year
    n = 0
    while True:
        year = this_year - n % 2
        group = groups[n % len(groups)] if n % 4 in (1, 3) else ""
        coach = coaches[n % len(coaches)] if n % 4 in (2, 3) else ""
        yield f"/outcomes?year={year}&group={group}&jobcoach={coach}"
        n += 1


def _page_p95(settings: Settings, key: str, log: logging.Logger) -> float:
    with running_server(settings, key, log) as served:
        web = _logged_in(served.url)
        views = _views(web)
        web.get(next(views))  # warm: imports, templates, the database's pages
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            answer = web.get(next(views))
            timings.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200 or "<h1>" not in answer.text:
                raise RuntimeError(f"the outcome page answered {answer.status_code}")
        web.close()
    log.info("  outcome page: p95 %.0f ms, median %.0f ms", p95(timings), median(timings))
    return p95(timings)


def _scale(root: Path, clients: int, placements: int, log: logging.Logger) -> float:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    settings = Settings(data_dir=root, server_key=SecretStr(key))
    ctx = build_context(settings)
    prepare(ctx)
    load_demo(ctx)
    _seed(ctx, clients, placements, log)
    ctx.db.dispose()
    return _page_p95(settings, key, log)


def run(log: logging.Logger) -> dict[str, float]:
    work = Path(__file__).resolve().parent / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="veldwerk-outcomes-", dir=work) as tmp:
        root = Path(tmp)
        return {
            "server.report.outcomes_ms.placements10000": _scale(root / "large", 4000, 10_000, log),
            "server.report.outcomes_ms.clients3000": _scale(root / "municipal", 3000, 6000, log),
        }
