"""The coordinator's yearly satisfaction report (issue 22, item 2) over ratings pushed by
devices: averages per funder by workers, employers and together against 6.5, too few ratings
not averaged, bars; audited; facts kept beside the sealed ratings."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from fieldapp.domain.rating import Answer, Question, Rater, SupportRating
from fieldapp.domain.visit import Funder
from sync_server.db.schema import AuditEntry, RatingFact
from sync_server.services.context import ServerContext
from tests.clock import Clock
from tests.factories import build_client
from tests.server.changes import change_of, push
from tests.server.conftest import LiveServer, enroll
from tests.server.web.conftest import Browser, log_in, readable

pytestmark = pytest.mark.usefixtures("demo")


def _rated(ctx: ServerContext, server: LiveServer) -> None:
    """Six clients; UWV: six workers rated 8, 8, 7, 6, 5, 9 and two employers 6 and 7 in 2026,
    a worker 2 in 2025; the municipality: one worker 9."""
    phone = enroll(ctx, server, "jobcoach1")
    clients = [build_client(id=uuid.uuid4()) for _ in range(6)]
    ratings = [
        SupportRating(
            id=uuid.uuid4(),
            client_id=client.id,
            rater=Rater.WORKER,
            score=score,
            answers={Question.HELPED_AT_WORK: Answer.YES},
            rated_on=date(2026, 5, 1 + n),
        )
        for n, (client, score) in enumerate(zip(clients, [8, 8, 7, 6, 5, 9], strict=True))
    ]
    ratings += [
        _rating(clients[0].id, Rater.EMPLOYER, 6, date(2026, 6, 1)),
        _rating(clients[1].id, Rater.EMPLOYER, 7, date(2026, 6, 2)),
        _rating(clients[2].id, Rater.WORKER, 2, date(2025, 6, 2)),
        _rating(clients[3].id, Rater.WORKER, 9, date(2026, 7, 1), Funder.MUNICIPALITY),
    ]
    with server.client(phone.token) as api:
        push(api, *(change_of(c) for c in clients), *(change_of(r) for r in ratings))


def _rating(
    client_id: uuid.UUID, rater: Rater, score: int, on: date, funder: Funder = Funder.UWV
) -> SupportRating:
    return SupportRating(
        id=uuid.uuid4(), client_id=client_id, rater=rater, score=score, rated_on=on, funder=funder
    )


def test_the_yearly_averages_per_funder_against_the_mark(
    ctx: ServerContext, server: LiveServer, browser: Browser, clock: Clock
) -> None:
    _rated(ctx, server)
    log_in(browser, "coordinator", clock)
    page = browser.http.get("/satisfaction?year=2026").text
    seen = readable(page)
    # UWV: workers 43 / 6 = 7.2; employers only 2; together 56 / 8 = 7.0
    assert "| UWV | 7,2 | 2 beoordelingen: te weinig om te tonen | 7,0 | Op of boven 6,5 |" in seen
    assert "| Gemeente | 1 beoordeling: te weinig om te tonen |" in seen
    assert page.count('<svg class="bar"') == 2 and 'width="70%"' in page
    with ctx.db.read() as session:
        last = session.execute(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
        assert (last.action, last.object_type) == ("read", "satisfaction_report")
        assert session.execute(select(func.count()).select_from(RatingFact)).scalar() == 10
    assert "2 beoordelingen" not in readable(browser.http.get("/satisfaction?year=2025").text)
