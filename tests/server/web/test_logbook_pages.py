"""The coordinator's logbook for the funder (issue 22, item 1): the right hours per goal, the
PDF read back as text, the CSV for the funder's portal, and never an internal note or WHO-5
(canaries); medical-looking words stop both files and are named; audited; coordinator only."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from fieldapp.domain.placement import PlacementKind
from fieldapp.domain.rating import Answer, Question, Rater, SupportRating
from fieldapp.domain.visit import Funder, GoalStatus, GoalTime, VisitType
from fieldapp.wire import Role
from sync_server.db.schema import AuditEntry
from sync_server.services import admin, logbooks
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from tests.clock import Clock
from tests.factories import (
    FIXED_NOW,
    build_check,
    build_client,
    build_employer,
    build_goal,
    build_placement,
    build_visit,
)
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.web.conftest import Browser, log_in

pytestmark = pytest.mark.usefixtures("demo")
INTERNAL = "CANARY-INTERNAL-NOTE-7731"
REPO = Path(__file__).resolve().parents[3]
PERIOD = f"start={(FIXED_NOW - timedelta(days=60)).date()}&end={FIXED_NOW.date()}"


def _worked(ctx: ServerContext, server: LiveServer, funder_note: str = "") -> dict[str, uuid.UUID]:
    """A client with a UWV goal at a bakery (2 of 10 hours used over two visits), a municipal
    goal, a WHO-5 check and an internal note: all synced by the jobcoach's device."""
    phone = enroll(ctx, server, "jobcoach1")
    client = build_client(id=uuid.uuid4(), given_name="Fatma", family_name="Şahin")
    employer = build_employer(id=uuid.uuid4(), name="Bakkerij Łódź")
    placement = build_placement(
        id=uuid.uuid4(),
        client_id=client.id,
        employer_id=employer.id,
        site_id=employer.sites[0].id if employer.sites else None,
        kind=PlacementKind.REGULAR,
    )
    goal = build_goal(
        id=uuid.uuid4(),
        client_id=client.id,
        title="Zelfstandig de oven bedienen",
        funder=Funder.UWV,
        granted_hours=Decimal(10),
        period_start=(FIXED_NOW - timedelta(days=90)).date(),
        period_end=(FIXED_NOW + timedelta(days=90)).date(),
        status=GoalStatus.PARTLY,
        evaluation="Gaat beter; de ochtenden blijven lastig.",
        more_support=True,
        placement_id=placement.id,
    )
    municipal = build_goal(
        id=uuid.uuid4(), client_id=client.id, title="Gemeentelijk doel", funder=Funder.MUNICIPALITY
    )
    first = build_visit(
        id=uuid.uuid4(),
        client_id=client.id,
        started_at=FIXED_NOW - timedelta(days=20),
        duration_minutes=90,
        goals=(GoalTime(goal_id=goal.id, minutes=90),),
        notes_internal=INTERNAL,
        notes_for_funder=funder_note or "Werkplek ingericht met de leidinggevende.",
    )
    second = build_visit(
        id=uuid.uuid4(),
        client_id=client.id,
        type=VisitType.PROGRESS_TALK,
        started_at=FIXED_NOW - timedelta(days=5),
        duration_minutes=30,
        goals=(GoalTime(goal_id=goal.id, minutes=20), GoalTime(goal_id=municipal.id, minutes=10)),
    )
    check = build_check(raw=3, client_id=client.id, visit_id=first.id)
    rated = SupportRating(
        id=uuid.uuid4(),
        client_id=client.id,
        rater=Rater.WORKER,
        score=8,
        answers={Question.REACHABLE: Answer.PARTLY},
        rated_on=(FIXED_NOW - timedelta(days=3)).date(),
    )
    too_old = rated.model_copy(
        update={"id": uuid.uuid4(), "rater": Rater.EMPLOYER, "rated_on": date(2025, 1, 1)}
    )
    with server.client(phone.token) as api:
        push(api, change_of(employer))
        push(
            api,
            *(change_of(e) for e in (client, placement, goal, municipal, first, second, check)),
            change_of(rated),
            change_of(too_old),
        )
    return {"client": client.id, "goal": goal.id}


def test_the_page_shows_hours_per_goal_and_only_the_funders_part(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server)
    log_in(browser, "coordinator", clock)
    page = browser.http.get(f"/clients/{ids['client']}/logbook?{PERIOD}").text
    assert "Zelfstandig de oven bedienen" in page and "Gemeentelijk doel" not in page
    assert "1,83 van 10,00 uur toegekend" in page  # 90 + 20 minutes; the other 10 are not UWV's
    assert "1,50" in page and "0,33" in page  # the two visits' hours
    assert "Werkplek ingericht met de leidinggevende." in page
    assert "Bakkerij Łódź" in page and "Deels behaald" in page
    assert INTERNAL not in page and "WHO-5" not in page.split("<main")[1].split("nooit WHO-5")[1]
    assert "logbook.pdf?" in page and "logbook.csv?" in page


def _fonts(reader: PdfReader) -> set[tuple[str, bool]]:
    """Each font the pages use: its name, and whether its glyphs are in the file."""
    found = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            descriptors = [part["/FontDescriptor"].get_object() for part in parts]
            embedded = all("/FontFile2" in d for d in descriptors)
            found.add((str(font["/BaseFont"]), embedded))
    return found


def _screenshots_of(pdf: bytes) -> None:
    """The PDF's pages as PNG in docs/screenshots with `make screenshots` (needs pdftoppm)."""
    if os.environ.get("VELDWERK_SCREENSHOTS") != "1":
        return
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "logbook.pdf"
        source.write_bytes(pdf)
        target = REPO / "docs" / "screenshots" / "logbook-pdf-nl"
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(source), str(target)], check=True)


def test_the_pdf_reads_back_with_its_sections_and_without_the_canaries(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server)
    log_in(browser, "coordinator", clock)
    answer = browser.http.get(f"/clients/{ids['client']}/logbook.pdf?{PERIOD}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert "Fatma" not in answer.headers["content-disposition"]  # the file name has no name
    _screenshots_of(answer.content)
    reader = PdfReader(io.BytesIO(answer.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("1. Werknemer", "2. Werkgever", "5. Uren en activiteiten per doel",
                    "6. Resultaat per doel", "7. Doelen die meer ondersteuning nodig hebben",
                    "8. Tevredenheid over de begeleiding", "9. Ondertekening"):  # fmt: skip
        assert heading in text
    assert "Werknemer: 8 van 10" in text  # the worker's rating goes with the report
    assert "De jobcoach was bereikbaar als het nodig was. Deels" in text
    assert "Werkgever: nog geen beoordeling in deze periode." in text  # 2025's is outside
    assert "Fatma Şahin" in text and "Bakkerij Łódź" in text  # letters beyond Latin-1 print
    assert "Zelfstandig de oven bedienen" in text and "1,83 van 10,00 uur toegekend" in text
    assert INTERNAL not in text and "WHO" not in text and "Gemeentelijk doel" not in text
    fonts = _fonts(reader)
    assert fonts and all("DejaVu" in name and embedded for name, embedded in fonts)
    with ctx.db.read() as session:
        last = session.execute(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
    assert (last.action, last.object_id) == ("export_logbook_pdf", str(ids["client"]))


def test_the_csv_for_the_funders_portal(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server)
    log_in(browser, "coordinator", clock)
    answer = browser.http.get(f"/clients/{ids['client']}/logbook.csv?{PERIOD}")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["Datum", "Activiteit", "Doel", "Uren"]
    goal = "Zelfstandig de oven bedienen"
    first, second = ((FIXED_NOW - timedelta(days=n)).date().isoformat() for n in (20, 5))
    assert rows[1:] == [
        [first, "Bezoek op de werkplek", goal, "1,50"],
        [second, "Voortgangsgesprek", goal, "0,33"],
    ]
    assert INTERNAL not in answer.text


def test_medical_words_stop_the_files_and_are_named(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server, funder_note="Besproken wat de bedrijfsarts adviseert.")
    log_in(browser, "coordinator", clock)
    page = browser.http.get(f"/clients/{ids['client']}/logbook?{PERIOD}").text
    assert "<strong><bdi>bedrijfsarts</bdi></strong>" in page or "bedrijfsarts</strong>" in page
    assert "logbook.pdf?" not in page
    for kind in ("pdf", "csv"):
        refused = browser.http.get(f"/clients/{ids['client']}/logbook.{kind}?{PERIOD}")
        assert refused.status_code == 409 and "bedrijfsarts" in refused.text
    with ctx.db.read() as session:
        actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert not [a for a in actions if a.startswith("export_")]  # nothing left: no export


def test_another_organisation_and_other_roles_get_nothing(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server)
    elsewhere = admin.create_organisation(ctx, "Gemeente Elders")
    stranger = admin.create_user(ctx, elsewhere, "coordinator-elders", Role.COORDINATOR)
    other = Principal(stranger, elsewhere, Role.COORDINATOR, None, None)
    with pytest.raises(ServiceError) as refused:
        logbooks.logbook(ctx, other, ids["client"], start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert refused.value.kind is Kind.NOT_FOUND  # the same answer as an unknown id
    log_in(browser, "coordinator", clock)
    assert browser.http.get(f"/clients/{uuid.uuid4()}/logbook").status_code == 404
    team = Browser(server)
    log_in(team, "schuldhulp1", clock)
    assert team.http.get(f"/clients/{ids['client']}/logbook.pdf").status_code == 403
    team.http.close()


def test_without_a_period_it_is_the_last_half_year(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    ids = _worked(ctx, server)
    log_in(browser, "coordinator", clock)
    page = browser.http.get(f"/clients/{ids['client']}/logbook").text
    today = clock.now.date()
    assert f'value="{today}"' in page and f'value="{today - timedelta(days=182)}"' in page
