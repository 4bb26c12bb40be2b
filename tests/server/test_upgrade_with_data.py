"""An upgrade from the previous release's schema with data in it (issue 25, item 4), on
SQLite and PostgreSQL: four weeks of demo casework, taken down to the schema one release back
(what that release's tables hold stays), is migrated by ``prepare`` as ``serve`` does. Then
every record, client and referral is still there and opens, the audit chain verifies, what
the new schema adds is filled in, and a device pulls its caseload."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sync_server.audit import Actor, verify
from sync_server.bootstrap import prepare
from sync_server.db import migrate
from sync_server.db.schema import ClientRow, ConcernFact, RecordRow, ReferralRow
from sync_server.demo import DEMO_EMPLOYER_ID, load_demo, load_demo_employer
from sync_server.demo_casework import seed_casework
from sync_server.services import admin, concerns, devices, pull
from sync_server.services.context import Principal, ServerContext
from sync_server.services.unit_of_work import CLIENTS, RECORDS
from tests.server.people import employer_contact

PREVIOUS = migrate.revisions()[-2]
"""The schema of the release before this one."""


def _counts(ctx: ServerContext) -> tuple[int, int, int]:
    with ctx.db.read() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (ClientRow, RecordRow, ReferralRow)
        )


@pytest.mark.timeout(300)
def test_the_previous_schema_with_casework_upgrades_and_serves(ctx: ServerContext) -> None:
    load_demo(ctx)
    load_demo_employer(ctx)
    seed_casework(ctx)
    ours = employer_contact(ctx, DEMO_EMPLOYER_ID)
    [sanne] = concerns.workers(ctx, ours)  # the demo's worker at the demo employer
    concerns.send(ctx, ours, sanne.client_id, (), "Komt vaak te laat")
    before = _counts(ctx)
    migrate.downgrade(ctx.db.engine, PREVIOUS)  # the previous release's schema, its data kept

    prepare(ctx)  # what `serve` and every command do first

    with ctx.db.read() as session:
        assert migrate.current(session.connection()) == migrate.revisions()[-1]
        assert verify(session, ctx.keys.audit).ok
        for record in session.execute(select(RecordRow)).scalars():
            ctx.sealer.open_row(RECORDS, record)
        for client in session.execute(select(ClientRow)).scalars():
            ctx.sealer.open_row(CLIENTS, client)
        assert session.execute(select(func.count()).select_from(ConcernFact)).scalar_one() == 1
    assert _counts(ctx) == before
    assert [s.worker for s in concerns.sent(ctx, ours)] == [sanne.name]
    device = _device(ctx)
    assert pull.pull(ctx, device, None, 1000).records


def _device(ctx: ServerContext) -> Principal:
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), Actor.system())
    return devices.authenticate(ctx, devices.enroll(ctx, code, "after the upgrade").token)
