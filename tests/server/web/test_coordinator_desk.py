"""The coordinator's desk: visits with filters and detail (audited), the monthly report and
its CSV (counts only, no health data), and the routing table with preview, import and export."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.signals import SignalCatalogue, Stage
from fieldapp.domain.targets import Target
from fieldapp.domain.visit import GoalTime
from fieldapp.i18n import Translator
from fieldapp.i18n.labels import label
from fieldapp.wire import Role
from sync_server.db.schema import AuditEntry
from sync_server.routing.csv_codec import write_records
from sync_server.services import admin, casework, reports
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import ServiceError
from tests.clock import Clock
from tests.factories import (
    FIXED_NOW,
    build_check,
    build_client,
    build_goal,
    build_signal,
    build_visit,
)
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.test_referrals import SCHULDHULP, queued, refer
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")


def _caseloads(ctx: ServerContext, server: LiveServer) -> dict[str, uuid.UUID]:
    """jobcoach1: a bijstand client with two visits (one with a stage-D signal) and a goal;
    jobcoach2: another client with one visit, in October."""
    one, two = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "jobcoach2")
    anna = build_client(id=uuid.uuid4(), given_name="Anna", target_group=TargetGroup.BIJSTAND)
    goal = build_goal(client_id=anna.id, granted_hours=Decimal("2"))
    first = build_visit(
        client_id=anna.id,
        notes_internal="Loopt goed op de werkvloer.",
        goals=(GoalTime(goal_id=goal.id, minutes=60),),
    )
    second = build_visit(client_id=anna.id, started_at=FIXED_NOW - timedelta(days=3))
    signal = build_signal("D01", client_id=anna.id, visit_id=first.id)
    check = build_check(raw=3, client_id=anna.id)
    bert = build_client(id=uuid.uuid4(), given_name="Bert")
    october = build_visit(client_id=bert.id, started_at=FIXED_NOW - timedelta(days=40))
    with server.client(one.token) as api:
        push(api, *(change_of(e) for e in (anna, goal, first, second, signal, check)))
    with server.client(two.token) as api:
        push(api, change_of(bert), change_of(october))
    return {"first": first.id, "second": second.id, "october": october.id}


def _visit_links(page: str) -> int:
    return page.count('href="/visits/')


def test_visits_filter_by_jobcoach_period_group_and_stage(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _caseloads(ctx, server)
    log_in(browser, "coordinator", clock)
    everything = browser.http.get("/visits").text
    assert _visit_links(everything) == 3 and "A. d. V. · " in everything
    assert "Anna" not in everything and "Bert" not in everything  # initials and a reference
    jobcoach2 = admin.find_user(ctx, "jobcoach2")
    assert _visit_links(browser.http.get(f"/visits?jobcoach={jobcoach2}").text) == 1
    assert _visit_links(browser.http.get("/visits?group=bijstand").text) == 2
    staged = browser.http.get("/visits?stage=D").text
    assert _visit_links(staged) == 1 and f"/visits/{ids['first']}" in staged
    november = browser.http.get("/visits?start=2026-11-01&end=2026-11-30").text
    assert _visit_links(november) == 2 and f"/visits/{ids['october']}" not in november
    assert _visit_links(browser.http.get("/visits?start=not-a-date").text) == 3

    detail = browser.http.get(f"/visits/{ids['first']}").text
    signal = label(SignalCatalogue.default().get("D01").label_key, translator=Translator("nl"))
    assert signal in detail and "D01" not in detail  # the signal in words, not its code
    assert "Loopt goed op de werkvloer." not in detail  # the jobcoach's own notes (ADR 0010)
    with ctx.db.read() as session:
        last = (
            session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2))
            .scalars()
            .all()
        )
    assert {(e.action, e.object_type) for e in last} == {("read", "visit"), ("read", "client")}
    assert browser.http.get(f"/visits/{uuid.uuid4()}").status_code == 404


def test_visits_come_fifty_a_page_keep_their_filter_and_audit_each_client_once(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    one = enroll(ctx, server, "jobcoach1")
    anna = build_client(id=uuid.uuid4(), target_group=TargetGroup.BIJSTAND)
    many = casework.PAGE_SIZE + 7
    made = [
        build_visit(id=uuid.uuid4(), client_id=anna.id, started_at=FIXED_NOW - timedelta(hours=n))
        for n in range(many)
    ]
    with server.client(one.token) as api:
        push(api, change_of(anna), *(change_of(visit) for visit in made))
    log_in(browser, "coordinator", clock)
    with ctx.db.read() as session:
        before = len(session.execute(select(AuditEntry.id)).all())
    first = browser.http.get("/visits").text
    with ctx.db.read() as session:
        read = session.execute(select(AuditEntry).where(AuditEntry.id > before)).scalars().all()
    # One entry for the one client whose visits fill the page, not one per row.
    assert [(e.action, e.object_type, e.object_id) for e in read] == [
        ("list", "client", str(anna.id))
    ]
    assert f"{many} bezoeken, pagina 1 van 2" in first
    assert f"/visits/{made[0].id}" in first  # newest first
    second = browser.http.get("/visits?page=2").text
    assert _visit_links(second) == 7 and f"/visits/{made[-1].id}" in second
    assert _visit_links(browser.http.get("/visits?page=99").text) == 7  # the last page

    # A filter on what is sealed (the target group) pages the same, and its links keep it.
    grouped = browser.http.get("/visits?group=bijstand").text
    assert f"{many} bezoeken, pagina 1 van 2" in grouped
    assert "group=bijstand&amp;stage=&amp;page=2" in grouped
    second_grouped = browser.http.get("/visits?group=bijstand&page=2").text
    assert _visit_links(second_grouped) == 7
    # A visit opened from there leads back to the same list and page.
    link = re.search(r'href="(/visits/[0-9a-f-]+\?[^"]+)"', second_grouped)
    assert link is not None and "group=bijstand" in link[1] and "page=2" in link[1]
    detail = browser.http.get(link[1].replace("&amp;", "&")).text
    back = re.search(r'<a href="([^"]+)">Terug naar de bezoeken', detail)
    assert back is not None and back[1].replace("&amp;", "&") == "/visits?group=bijstand&page=2"


def test_a_period_that_ends_before_it_starts_is_named_at_the_field(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _caseloads(ctx, server)
    log_in(browser, "coordinator", clock)
    backwards = browser.http.get("/visits?start=2026-11-30&end=2026-11-01").text
    assert 'id="end" name="end" type="date" value="2026-11-01" aria-invalid="true"' in backwards
    assert "Deze datum ligt vóór de datum bij Vanaf" in backwards
    assert _visit_links(backwards) == 0
    forwards = browser.http.get("/visits?start=2026-11-01&end=2026-11-30").text
    assert "aria-invalid" not in forwards and _visit_links(forwards) == 2


def test_the_monthly_report_counts_without_names_or_wellbeing(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _caseloads(ctx, server)
    jobcoach = enroll(ctx, server, "jobcoach1")
    refer(server, jobcoach, queued(SCHULDHULP, Target.SCHULDHULP))
    log_in(browser, "coordinator", clock)
    page = browser.http.get("/report?month=2026-11").text
    assert "Anna" not in page and "Sanne" not in page
    # Dutch on the page (a decimal comma), machine-readable in the CSV (a decimal point).
    assert "<dd>2,0</dd>" in page and "<dd>1,0 / 2,0</dd>" in page
    answer = browser.http.get("/report.csv?month=2026-11")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = {(r["section"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(answer.text))}
    assert rows[("visits", "count")] == "2"  # October's visit is not in November
    assert rows[("visits", "hours")] == "2.0"
    assert rows[("goals", "hours_used")] == "1.0" and rows[("goals", "hours_granted")] == "2"
    assert rows[("goals", "over_80_percent")] == "0"
    assert rows[("signals", Stage.ARREARS.value)] == "1"
    assert rows[("referrals", "schuldhulp/delivered")] == "1"
    assert not any("who" in key or "wellbeing" in key for _, key in rows)
    assert "Anna" not in answer.text and "Sanne" not in answer.text


def test_report_csv_cells_are_escaped_against_formulas() -> None:
    report = reports.MonthlyReport(
        year=2026,
        month=11,
        visits=1,
        visit_hours=Decimal(1),
        goals_active=0,
        hours_granted=Decimal(0),
        hours_used=Decimal(0),
        goals_over_80=0,
        goals_over_100=0,
        signals_by_stage={},
        referrals={},
        contacted=0,
        median_days_to_contact=None,
    )
    forged = [*report.rows(), ("=cmd|' /C calc'!A0", "+1", "@SUM(1)")]
    text = write_records(("section", "key", "value"), forged)
    assert "\n=cmd" not in text and ",+1" not in text and ",@SUM" not in text


def test_a_coordinator_only_builds_reports(ctx: ServerContext) -> None:
    someone = Principal(uuid.uuid4(), uuid.uuid4(), Role.RECEIVING_TEAM, None, None)
    with pytest.raises(ServiceError):
        reports.monthly(ctx, someone, 2026, 11)


NEW_TABLE = """target;postcode;house_from;house_to;area;recipient_id
schuldhulp;*;;;Amsterdam;schuldhulp:amsterdam
buurtteam;1091 AB;1;;=HYPERLINK("x");buurtteam:oost-2
"""


def test_the_routing_table_previews_imports_and_exports(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    log_in(browser, "coordinator", clock)
    before = browser.http.get("/routing.csv").text
    preview = browser.post(
        "/routing", {"csv": NEW_TABLE, "action": "preview"}, form_page="/routing"
    )
    assert preview.status_code == 200 and "Deze tabel gebruiken" in preview.text
    assert browser.http.get("/routing.csv").text == before  # a preview changes nothing
    broken = browser.post(
        "/routing",
        {"csv": "target;postcode\nnonsense;1\n", "action": "import"},
        form_page="/routing",
    )
    assert "niet overgenomen" in broken.text
    assert browser.http.get("/routing.csv").text == before
    # It removes six of the seven rows in use: used only with that count confirmed.
    assert 'name="confirm_removals" value="6"' in preview.text
    confirmed = {"csv": NEW_TABLE, "action": "import", "confirm_removals": "6"}
    applied = browser.post("/routing", confirmed, form_page="/routing")
    assert "in gebruik" in applied.text
    exported = browser.http.get("/routing.csv").text
    assert "'=HYPERLINK" in exported and exported != before
