"""Guards on the routing table (issue 17): an empty table is never imported, a table that
removes more than half of the rows in use needs their count confirmed, a row's team must serve
the row's target (and at arrival a referral reaches only a team of its own target), and a
file that is not UTF-8, or a cell with a NUL, is named with its line."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, select

from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Target
from fieldapp.wire import Outcome
from sync_server.audit import Actor
from sync_server.db.schema import ReferralRow, RoutingRuleRow
from sync_server.demo import ROUTING_CSV
from sync_server.routing.csv_codec import decode
from sync_server.routing.table import CSV_COLUMNS, CsvProblem, parse_csv, to_csv
from sync_server.services import routing_admin
from sync_server.services.context import ServerContext
from tests.server.conftest import LiveServer, enroll
from tests.server.test_referrals import board, inbox, pulled_referral, queued, refer

HEADER = ",".join(CSV_COLUMNS)
SYSTEM = Actor.system()
TEAMS = {
    "schuldhulp:amsterdam": Target.SCHULDHULP,
    "buurtteam:oost-1": Target.BUURTTEAM,
    "buurtteam:oost-2": Target.BUURTTEAM,
}


def codes(problems: list[CsvProblem]) -> list[tuple[int, str, str]]:
    return [(item.line, item.column, item.code) for item in problems]


# --- the parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"{HEADER}\n", 1),
        (f"{HEADER}", 1),
        (f"\n\n{HEADER}\r\n\r\n", 3),
        (f"\ufeff{HEADER.replace(',', ';')}\r\n;;;;;\r\n", 1),
    ],
    ids=["header", "no-line-end", "blank-lines", "bom-semicolons"],
)
def test_a_header_without_rows_is_an_empty_table(text: str, line: int) -> None:
    assert parse_csv(text) == ([], [CsvProblem(line=line, column="", code="routing.empty_table")])


def test_a_rows_team_must_serve_the_rows_target() -> None:
    text = "\n".join(
        [
            HEADER,
            "buurtteam,1091 AB,1,20,Oost,buurtteam:oost-1",
            "schuldhulp,*,,,Amsterdam,buurtteam:oost-2",  # line 3: debt help to a buurtteam
            "buurtteam,1094,,,Oost,schuldhulp:amsterdam",  # line 4: and the other way round
            "buurtteam,1095,,,Oost,buurtteam:nowhere",  # line 5: no such team
            "schuldhulp,1091,,,Amsterdam,schuldhulp:amsterdam",
        ]
    )
    rows, problems = parse_csv(text, teams=TEAMS)
    assert codes(problems) == [
        (3, "recipient_id", "routing.team_of_other_target"),
        (4, "recipient_id", "routing.team_of_other_target"),
        (5, "recipient_id", "routing.unknown_team"),
    ]
    assert len(rows) == 5  # valid rows are still reported; the import takes none of them
    assert parse_csv(text)[1] == []  # without the directory, only the rows are checked


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (ROUTING_CSV.encode("utf-16"), 1),  # with a BOM, as Windows writes "Unicode text"
        (ROUTING_CSV.encode("utf-16-le"), 1),
        (ROUTING_CSV.encode("utf-16-be"), 1),
        (ROUTING_CSV.encode("utf-32"), 1),
        (ROUTING_CSV.replace("Centrum", "Centrum - Café", 1).encode("latin-1"), 7),
        (ROUTING_CSV.replace("\n", "\r\n").replace("Oost", "Oost é", 1).encode("cp1252"), 3),
    ],
    ids=["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252-crlf"],
)
def test_a_file_that_is_not_utf8_is_named_at_its_first_bad_line(data: bytes, line: int) -> None:
    assert parse_csv(decode(data)) == (
        [],
        [CsvProblem(line=line, column="", code="routing.not_utf8")],
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_a_bom_is_fine(encoding: str) -> None:
    text = ROUTING_CSV.replace("Centrum", "Centrum - Café", 1)
    rows, problems = parse_csv(decode(text.encode(encoding)))
    assert problems == [] and len(rows) == 7
    assert "Centrum - Café" in {row.area for row in rows}


def test_a_nul_in_a_cell_is_refused_at_its_line_and_column() -> None:
    text = "\n".join(
        [
            HEADER,
            "buurtteam,1091 AB,1,20,Oost,buurtteam:oost-1",
            "buurtteam,1094,,,Oost\x00,buurtteam:oost-2",
            "schuldhulp,*,,\x00,Amsterdam,schuldhulp:amsterdam\x00",
        ]
    )
    rows, problems = parse_csv(text, teams=TEAMS)
    assert codes(problems) == [
        (3, "area", "domain.nul_in_text"),
        (4, "house_to", "domain.nul_in_text"),
        (4, "recipient_id", "domain.nul_in_text"),
    ]
    assert [row.recipient_id for row in rows] == ["buurtteam:oost-1"]


# --- the import ----------------------------------------------------------------------------


def _table(ctx: ServerContext, organisation: uuid.UUID) -> str:
    return routing_admin.export_routing(ctx, organisation)


def test_an_empty_table_is_refused_and_changes_nothing(ctx: ServerContext, demo: uuid.UUID) -> None:
    before = _table(ctx, demo)
    for confirmed in (None, 7):
        report = routing_admin.import_routing(
            ctx, demo, f"{HEADER}\n", SYSTEM, confirmed_removals=confirmed
        )
        assert codes(report.problems) == [(1, "", "routing.empty_table")]
        assert (report.rows, report.current, report.applied) == (0, 7, False)
    assert _table(ctx, demo) == before


def _keeping(count: int) -> str:
    """The demo table with only its first ``count`` rows."""
    lines = ROUTING_CSV.strip().splitlines()
    return "\n".join(lines[: count + 1]) + "\n"


@pytest.mark.parametrize(("kept", "removed"), [(3, 4), (1, 6)])
def test_removing_more_than_half_needs_the_count_confirmed(
    ctx: ServerContext, demo: uuid.UUID, kept: int, removed: int
) -> None:
    before = _table(ctx, demo)
    text = _keeping(kept)
    for confirmed in (None, 0, removed - 1, removed + 1):
        report = routing_admin.import_routing(ctx, demo, text, SYSTEM, confirmed_removals=confirmed)
        assert report.ok and report.needs_confirmation and not report.applied
        assert (len(report.changes.removed), report.current) == (removed, 7)
        assert _table(ctx, demo) == before
    report = routing_admin.import_routing(ctx, demo, text, SYSTEM, confirmed_removals=removed)
    assert report.applied
    assert len(parse_csv(_table(ctx, demo))[0]) == kept


def test_replacing_every_row_needs_the_count_confirmed(ctx: ServerContext, demo: uuid.UUID) -> None:
    new = f"{HEADER}\nschuldhulp,*,,,Amsterdam - heel de stad,schuldhulp:amsterdam\n"
    refused = routing_admin.import_routing(ctx, demo, new, SYSTEM)
    assert refused.removes_all and refused.needs_confirmation and not refused.applied
    applied = routing_admin.import_routing(ctx, demo, new, SYSTEM, confirmed_removals=7)
    assert applied.applied and _table(ctx, demo) == to_csv(parse_csv(new)[0])


def test_removing_half_or_fewer_needs_no_confirmation(ctx: ServerContext, demo: uuid.UUID) -> None:
    report = routing_admin.import_routing(ctx, demo, _keeping(4), SYSTEM)  # 3 of 7 go
    assert report.applied and not report.needs_confirmation
    assert len(parse_csv(_table(ctx, demo))[0]) == 4


def test_a_team_of_another_target_is_refused_at_its_line(
    ctx: ServerContext, demo: uuid.UUID
) -> None:
    before = _table(ctx, demo)
    bad = ROUTING_CSV.replace(
        "schuldhulp;*;;;Amsterdam;schuldhulp:amsterdam", "schuldhulp;*;;;Amsterdam;buurtteam:oost-1"
    )
    report = routing_admin.import_routing(ctx, demo, bad, SYSTEM, confirmed_removals=1)
    assert codes(report.problems) == [(2, "recipient_id", "routing.team_of_other_target")]
    assert not report.applied and _table(ctx, demo) == before


# --- at arrival ----------------------------------------------------------------------------


def _point_schuldhulp_at_a_buurtteam(ctx: ServerContext, organisation: uuid.UUID) -> None:
    """A table from before the import checked teams: debt help routed to Buurtteam Oost 1."""
    with ctx.db.write() as session:
        session.execute(
            delete(RoutingRuleRow).where(
                RoutingRuleRow.organisation_id == organisation,
                RoutingRuleRow.target == Target.SCHULDHULP.value,
            )
        )
        session.add(
            RoutingRuleRow(
                organisation_id=organisation,
                target=Target.SCHULDHULP.value,
                postcode="*",
                house_from=None,
                house_to=None,
                area="Amsterdam",
                recipient_id="buurtteam:oost-1",
            )
        )


def test_a_referral_never_reaches_a_team_of_another_target(
    ctx: ServerContext, server: LiveServer, demo: uuid.UUID
) -> None:
    _point_schuldhulp_at_a_buurtteam(ctx, demo)
    jobcoach, coordinator = enroll(ctx, server, "jobcoach1"), enroll(ctx, server, "coordinator")
    oost1 = enroll(ctx, server, "buurtteam-oost1")
    # The device followed the table it pulled, and the client agreed to that team.
    referral = queued("buurtteam:oost-1", target=Target.SCHULDHULP)
    assert referral.payload is not None
    assert refer(server, jobcoach, referral) is Outcome.APPLIED
    assert inbox(server, oost1) == []
    (summary,) = board(server, coordinator)
    assert (summary.status, summary.team_id) == (Status.UNDELIVERABLE, None)
    with ctx.db.read() as session:
        row = session.execute(select(ReferralRow)).scalar_one()
        assert (row.status, row.team_id) == (Status.UNDELIVERABLE.value, None)
    with server.client(jobcoach.token) as api:
        last = pulled_referral(api).history[-1]
    assert (last.status, last.note_code) == (Status.UNDELIVERABLE, "route_other_target")
