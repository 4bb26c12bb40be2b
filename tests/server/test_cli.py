"""``python -m sync_server`` as an administrator runs it: a subprocess on a SQLite data directory.

Every command starts a fresh interpreter (about 1.5 s), so the tests start independent
commands side by side and copy one demo data directory instead of loading the demo again.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from fieldapp.wire import API_PREFIX, PAIRING_CODE_PATTERN, PushRequest, Role
from sync_server.app import build_context
from sync_server.audit import Verification, verify
from sync_server.auth import totp
from sync_server.cli import main as cli_main
from sync_server.db.schema import ClientRow, Organisation, RecordRow, ReferralRow, Team, User
from sync_server.demo import DEMO_EMPLOYER_ID, EMPLOYER_CONTACT, ORGANISATION, PEOPLE, ROUTING_CSV
from sync_server.key_ring import KeySource, load_ring
from sync_server.keys import ServerKeyError
from sync_server.routing.table import parse_csv
from sync_server.sealing import Sealed, Sealer, SealError
from sync_server.services import admin, concerns, devices, routing_admin, web_auth
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import ServiceError
from sync_server.services.push import push
from sync_server.services.unit_of_work import CLIENTS
from sync_server.settings import Settings
from tests.factories import build_client, build_visit
from tests.server.changes import change_of
from tests.server.conftest import ADMIN, free_port

UUID_LINE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CSV_HEADER = "target,postcode,house_from,house_to,area,recipient_id"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


Call = tuple[Path, Sequence[str], Mapping[str, str]]


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    """The test's environment without any VELDWERK_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VELDWERK_")}
    return {**env, **extra}


def _start(data_dir: Path, args: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "sync_server", "--data-dir", str(data_dir), *args]
    return subprocess.Popen(  # cwd outside the repository: no stray .env is read
        command,
        cwd=data_dir.parent,
        env=_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli_all(*calls: Call) -> list[Run]:
    """Run the commands side by side; their results in the same order."""
    started = [_start(*call) for call in calls]
    runs = []
    for process in started:
        out, err = process.communicate(timeout=120)
        runs.append(Run(process.returncode, out, err))
    for run in runs:
        assert "Traceback" not in run.err, run.err
    return runs


def cli(data_dir: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    return cli_all((data_dir, args, env or {}))[0]


def ok(run: Run) -> Run:
    assert run.code == 0, (run.out, run.err)
    return run


def _settings(data_dir: Path, server_key: str | None = None) -> Settings:
    """Settings for ``data_dir`` that no VELDWERK_* variable or .env file of the test run moves."""
    key = None if server_key is None else SecretStr(server_key)
    return Settings(_env_file=None, data_dir=data_dir, database_url=None, server_key=key)


@contextmanager
def context_on(data_dir: Path, server_key: str | None = None) -> Iterator[ServerContext]:
    """The same data directory, opened in this process (as the server would)."""
    ctx = build_context(_settings(data_dir, server_key))
    try:
        yield ctx
    finally:
        ctx.db.dispose()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    data_dir = tmp_path_factory.mktemp("template") / "data"
    return data_dir, cli(data_dir, "demo")


@pytest.fixture
def data_dir(demo_template: tuple[Path, Run], tmp_path: Path) -> Path:
    """A private copy of a data directory holding the demo organisation and its key file."""
    copy = tmp_path / "data"
    shutil.copytree(demo_template[0], copy)
    return copy


# --- the key -------------------------------------------------------------------------------


def test_the_first_command_makes_a_private_key_file_and_says_where(
    demo_template: tuple[Path, Run],
) -> None:
    data_dir, run = demo_template
    ok(run)
    key_file = data_dir / "server.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(base64.b64decode(key_file.read_text().strip(), validate=True)) == 32
    assert f"created a new server key file at {key_file}" in run.err
    assert run.lines == [
        f"demo organisation '{ORGANISATION}' with users: "
        + ", ".join((*(name for name, *_ in PEOPLE), EMPLOYER_CONTACT))
    ]
    assert (data_dir / "veldwerk.sqlite3").is_file()


def test_unusable_keys_are_clear_errors(data_dir: Path, tmp_path: Path) -> None:
    key_file = data_dir / "server.key"
    key_file.chmod(0o644)
    fresh = tmp_path / "fresh"
    not_base64 = "this is not base64 !!"
    readable, garbled = cli_all(
        (data_dir, ["devices", "--org", ORGANISATION], {}),
        (fresh, ["devices", "--org", ORGANISATION], {"VELDWERK_SERVER_KEY": not_base64}),
    )
    assert (readable.code, readable.out) == (1, "")
    assert f"error: the key file {key_file} is readable by others; chmod 600 it" in readable.err
    assert (garbled.code, garbled.out) == (1, "")
    assert "error: the server key in settings is not valid base64" in garbled.err
    # An error names where the key came from, never the key.
    assert not_base64 not in garbled.err
    assert not (fresh / "server.key").exists()
    too_short = base64.b64encode(secrets.token_bytes(16)).decode()
    with pytest.raises(ServerKeyError, match=r"^the server key in settings must be 32 bytes$"):
        load_ring(_settings(fresh, too_short))


def test_a_key_in_settings_wins_over_the_key_file(data_dir: Path, tmp_path: Path) -> None:
    env_key = base64.b64encode(secrets.token_bytes(32)).decode()
    with_key = {"VELDWERK_SERVER_KEY": env_key}
    fresh = tmp_path / "fresh"
    keyed_by_file, created = cli_all(
        (data_dir, ["verify-audit"], with_key),
        (fresh, ["create-org", "Env keyed"], with_key),
    )
    # The demo's chain was keyed with the file's key, so the settings' key was the one used.
    assert keyed_by_file.code == 1
    assert keyed_by_file.lines[0].startswith("audit chain BROKEN at entry 1:")
    ok(created)
    assert not (fresh / "server.key").exists()
    assert "created a new server key file" not in created.err
    with context_on(fresh, server_key=env_key) as ctx, ctx.db.read() as session:
        assert verify(session, ctx.keys.audit) == Verification(1, None, "")
    # Data sealed under the settings' key cannot be opened with the key file's.
    with context_on(data_dir, server_key=env_key) as ctx:
        sealed = ctx.sealer.seal(CLIENTS, "client-1", {"given_name": "Sanne"})
        assert ctx.sealer.open(CLIENTS, "client-1", sealed) == {"given_name": "Sanne"}
    file_keys = KeySource(load_ring(_settings(data_dir)))
    with pytest.raises(SealError):
        Sealer(file_keys).open(CLIENTS, "client-1", Sealed(sealed.wrapped_key, sealed.ciphertext))


def test_an_invalid_setting_is_a_clear_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In process (the subprocess shows the same traceback): ``main`` must answer, not raise."""
    monkeypatch.chdir(data_dir.parent)
    monkeypatch.setenv("VELDWERK_RETENTION__VISITS_DAYS", "0")
    assert cli_main(["--data-dir", str(data_dir), "verify-audit"]) == 1
    assert capsys.readouterr().err.startswith("error:")


# --- organisations, teams, users -----------------------------------------------------------


def _user(data_dir: Path, org: str, username: str, role: str, team: str = "") -> Call:
    args = ["create-user", "--org", org, "--username", username, "--role", role]
    return data_dir, args + (["--team", team] if team else []), {}


TEAM_ARGS = ("--target", "buurtteam", "--recipient-id", "buurtteam:west-9", "--name", "West 9")


def test_create_org_team_and_users(data_dir: Path) -> None:
    org, team, coach, member, member_without_team, coach_with_team = cli_all(
        (data_dir, ["create-org", "Gemeente Testdorp"], {}),
        (data_dir, ["create-team", "--org", ORGANISATION, *TEAM_ARGS], {}),
        _user(data_dir, ORGANISATION, "coach.x", "jobcoach"),
        _user(data_dir, ORGANISATION, "team.x", "receiving_team", "buurtteam:oost-1"),
        _user(data_dir, ORGANISATION, "team.y", "receiving_team"),
        _user(data_dir, ORGANISATION, "coach.y", "jobcoach", "buurtteam:oost-1"),
    )
    for created in (org, team, coach, member):
        assert UUID_LINE.match(ok(created).out.strip()), created
    for refused in (member_without_team, coach_with_team):
        assert (refused.code, refused.out) == (1, "")
        assert refused.err.splitlines()[-1] == (
            "error: user.team_required: Receiving team members need a team; others none."
        )
    with context_on(data_dir) as ctx, ctx.db.read() as session:
        users = {
            u.username: (u.id, u.role, u.team_id, u.organisation_id)
            for u in session.execute(select(User)).scalars()
        }
        organisations = dict(session.execute(select(Organisation.name, Organisation.id)).all())
        teams = {
            t.recipient_id: (t.id, t.organisation_id, t.target, t.name)
            for t in session.execute(select(Team)).scalars()
        }
        assert verify(session, ctx.keys.audit).ok
    demo_org = organisations[ORGANISATION]
    assert str(organisations["Gemeente Testdorp"]) == org.out.strip()
    assert teams["buurtteam:west-9"] == (
        uuid.UUID(team.out.strip()),
        demo_org,
        "buurtteam",
        "West 9",
    )
    assert users["coach.x"] == (uuid.UUID(coach.out.strip()), "jobcoach", None, demo_org)
    oost = teams["buurtteam:oost-1"][0]
    assert users["team.x"] == (uuid.UUID(member.out.strip()), "receiving_team", oost, demo_org)
    assert not {"team.y", "coach.y"} & set(users)


# --- devices -------------------------------------------------------------------------------


def test_pairing_code_enrolls_once_and_devices_can_be_revoked(data_dir: Path) -> None:
    run = ok(cli(data_dir, "pairing-code", "--username", "jobcoach1"))
    code, _, rest = run.out.strip().partition("   ")
    assert re.match(PAIRING_CODE_PATTERN, code), run.out
    assert rest == "(single use, valid 10 minutes)"
    with context_on(data_dir) as ctx:
        phone = devices.enroll(ctx, code, "phone")
        assert (phone.role, phone.user_id) == (Role.JOBCOACH, admin.find_user(ctx, "jobcoach1"))
        with pytest.raises(ServiceError) as again:
            devices.enroll(ctx, code, "second phone")
        assert again.value.code == "enroll.invalid_code"
        other_code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach2"), ADMIN)
        tablet = devices.enroll(ctx, other_code, "tablet")
    revoked = ok(cli(data_dir, "revoke-device", str(phone.device_id)))
    assert revoked.lines == ["revoked; the device wipes its key on its next contact"]
    listing = ok(cli(data_dir, "devices", "--org", ORGANISATION)).lines
    assert len(listing) == 2
    by_device = {line.split()[0]: line for line in listing}
    assert f"user {phone.user_id}" in by_device[str(phone.device_id)]
    assert re.search(r"  revoked \d{4}-\d\d-\d\d \d\d:\d\d$", by_device[str(phone.device_id)])
    assert by_device[str(tablet.device_id)].endswith("  active")
    with context_on(data_dir) as ctx:
        with pytest.raises(ServiceError) as refused:
            devices.authenticate(ctx, phone.token)
        assert refused.value.code == "device.revoked"
        assert devices.authenticate(ctx, tablet.token).device_id == tablet.device_id


# --- routing table -------------------------------------------------------------------------

NEW_ROW = "buurtteam;1095;;;=SUM(A1:A2);buurtteam:oost-2\n"


def _export(data_dir: Path) -> str:
    with context_on(data_dir) as ctx:
        return routing_admin.export_routing(ctx, admin.find_organisation(ctx, ORGANISATION))


def _rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_routing_export_and_import(data_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(ROUTING_CSV + NEW_ROW, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "target;postcode;house_from;house_to;area;recipient_id\n"
        "buurtteam;1011;;;Centrum;buurtteam:centrum-1\n"
        "buurtteam;10X1;;;Centrum;buurtteam:centrum-1\n"
        "buurtteam;1012;;;Centrum;buurtteam:nowhere\n"
        "schuldhulp;*;9;3;Amsterdam;schuldhulp:amsterdam\n",
        encoding="utf-8",
    )
    before = _export(data_dir)
    assert sorted(map(repr, parse_csv(before)[0])) == sorted(map(repr, parse_csv(ROUTING_CSV)[0]))
    dry, refused = cli_all(
        (data_dir, ["routing-import", "--org", ORGANISATION, "--dry-run", str(good)], {}),
        (data_dir, ["routing-import", "--org", ORGANISATION, str(bad)], {}),
    )
    assert ok(dry).lines == ["8 rows, 1 added, 0 removed (dry run)"]
    assert refused.code == 1
    assert refused.lines[:-1] == [
        "line 3: postcode: routing.bad_postcode",
        "line 4: recipient_id: routing.unknown_team",
        "line 5: house_to: routing.bad_house_range",
    ]
    assert _export(data_dir) == before  # neither the dry run nor the bad file changed a thing
    assert ok(cli(data_dir, "routing-import", "--org", ORGANISATION, str(good))).lines == [
        "8 rows, 1 added, 0 removed"
    ]
    after = ok(cli(data_dir, "routing-export", "--org", ORGANISATION)).out
    assert after.splitlines()[0] == CSV_HEADER
    imported, _ = parse_csv(good.read_text(encoding="utf-8"))
    exported, problems = parse_csv(after)
    assert problems == [] and sorted(exported, key=repr) == sorted(imported, key=repr)
    assert len(_rows_of(after)) == 9
    # The formula cell leaves with a leading quote, so a spreadsheet shows it as text.
    assert ["buurtteam", "1095", "", "", "'=SUM(A1:A2)", "buurtteam:oost-2"] in _rows_of(after)
    assert "\n=SUM" not in after and ",=SUM" not in after


def _import(data_dir: Path, path: Path, *flags: str) -> Call:
    return (data_dir, ["routing-import", "--org", ORGANISATION, *flags, str(path)], {})


def test_routing_import_refuses_an_empty_table_and_replacing_all_needs_a_flag(
    data_dir: Path, tmp_path: Path
) -> None:
    header_only = tmp_path / "header.csv"
    header_only.write_text(CSV_HEADER + "\r\n", encoding="utf-8")
    one_row = tmp_path / "one.csv"  # a table that removes all seven rows in use
    one_row.write_text(CSV_HEADER + "\nschuldhulp,*,,,Heel Amsterdam,schuldhulp:amsterdam\n")
    before = _export(data_dir)
    empty, empty_anyway, unflagged, dry = cli_all(
        _import(data_dir, header_only),
        _import(data_dir, header_only, "--replace-all"),
        _import(data_dir, one_row),
        _import(data_dir, one_row, "--dry-run"),
    )
    for run in (empty, empty_anyway):
        assert run.code == 1
        assert run.lines == [
            "line 1: -: routing.empty_table: the table has a header but no rows; an empty "
            "routing table is never imported, since every referral would become undeliverable",
            "0 rows, 0 added, 7 removed (refused: nothing changed)",
        ]
    assert unflagged.code == 1
    assert unflagged.lines == [
        "1 rows, 1 added, 7 removed (refused: nothing changed)",
        "this table removes 7 of the 7 current rows (all): to use it, import it with --replace-all",
    ]
    assert ok(dry).lines == [
        "1 rows, 1 added, 7 removed (dry run)",
        "this table removes 7 of the 7 current rows (all): to use it, import it with --replace-all",
    ]
    assert _export(data_dir) == before
    (replaced,) = cli_all(_import(data_dir, one_row, "--replace-all"))
    ok(replaced)
    assert replaced.lines == ["1 rows, 1 added, 7 removed"]
    assert _rows_of(_export(data_dir))[1:] == [
        ["schuldhulp", "*", "", "", "Heel Amsterdam", "schuldhulp:amsterdam"]
    ]


def test_routing_import_names_the_line_of_a_team_of_another_target(
    data_dir: Path, tmp_path: Path
) -> None:
    crossed = tmp_path / "crossed.csv"
    crossed.write_text(
        ROUTING_CSV.replace("Centrum;buurtteam:centrum-1", "Centrum;schuldhulp:amsterdam", 1),
        encoding="utf-8",
    )
    before = _export(data_dir)
    (run,) = cli_all(_import(data_dir, crossed))
    assert run.code == 1
    assert run.lines[0] == (
        "line 7: recipient_id: routing.team_of_other_target: the team of recipient_id serves "
        "another target than this row's"
    )
    assert _export(data_dir) == before


def test_routing_files_that_are_not_utf8_are_told_to_be_saved_as_utf8(
    data_dir: Path, tmp_path: Path
) -> None:
    text = ROUTING_CSV.replace("Centrum", "Centrum - Café", 1)
    files = {}
    for name, data in (
        ("utf-16", text.encode("utf-16")),
        ("latin-1", text.encode("latin-1")),
        ("utf-8-bom", text.encode("utf-8-sig")),
    ):
        files[name] = tmp_path / f"{name}.csv"
        files[name].write_bytes(data)
    before = _export(data_dir)
    utf16, latin1, bom = cli_all(
        _import(data_dir, files["utf-16"]),
        _import(data_dir, files["latin-1"]),
        _import(data_dir, files["utf-8-bom"], "--dry-run"),
    )
    hint = (
        "the file is not UTF-8 text; save it as UTF-8 (in Excel: 'CSV UTF-8') and import it again"
    )
    for run, line in ((utf16, 1), (latin1, 7)):
        assert run.code == 1
        assert run.lines[0] == f"line {line}: -: routing.not_utf8: {hint}"
        assert "codec" not in run.out + run.err and "decode" not in run.out + run.err
    assert ok(bom).lines == ["7 rows, 1 added, 1 removed (dry run)"]
    assert _export(data_dir) == before


# --- retention -----------------------------------------------------------------------------


def test_purge_with_retention_set_in_the_environment(data_dir: Path) -> None:
    now = datetime.now(UTC)
    old_visit = build_visit(started_at=now - timedelta(days=10))
    new_visit = build_visit(started_at=now - timedelta(hours=1))
    with context_on(data_dir) as ctx:
        code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
        principal = devices.authenticate(ctx, devices.enroll(ctx, code, "phone").token)
        changes = [change_of(build_client()), change_of(old_visit), change_of(new_visit)]
        push(ctx, principal, PushRequest(changes=changes))
    short = {"VELDWERK_RETENTION__VISITS_DAYS": "3"}
    default, nested = cli_all(
        (data_dir, ["purge", "--dry-run"], {}), (data_dir, ["purge", "--dry-run"], short)
    )
    assert "records: 0 (dry run)" in ok(default).lines
    assert "records: 1 (dry run)" in ok(nested).lines
    assert _visit_ids(data_dir) == {old_visit.id, new_visit.id}
    purged = ok(cli(data_dir, "purge", env=short)).lines
    assert "records: 1" in purged and "audit_entries: 0" in purged
    assert _visit_ids(data_dir) == {new_visit.id}
    with context_on(data_dir) as ctx, ctx.db.read() as session:
        assert session.execute(select(func.count()).select_from(ClientRow)).scalar_one() == 1
        assert verify(session, ctx.keys.audit).ok


def test_retention_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Both spellings work: the nested delimiter ``__`` and the Retention model's own prefix."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("VELDWERK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("VELDWERK_RETENTION__VISITS_DAYS", "3")
    monkeypatch.setenv("VELDWERK_RETENTION_AUDIT_DAYS", "4")
    retention = Settings().retention
    assert (retention.visits_days, retention.audit_days) == (3, 4)
    assert retention.closed_referrals_days == 2 * 365  # the others keep their defaults


def _visit_ids(data_dir: Path) -> set[uuid.UUID]:
    with context_on(data_dir) as ctx, ctx.db.read() as session:
        return set(session.execute(select(RecordRow.id)).scalars())


# --- the audit chain -----------------------------------------------------------------------


def test_verify_audit_names_the_first_broken_entry(data_dir: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered"
    shutil.copytree(data_dir, tampered)
    with sqlite3.connect(tampered / "veldwerk.sqlite3") as connection:
        connection.execute("UPDATE audit_log SET result = 'denied' WHERE id = 5")
        connection.execute("UPDATE audit_log SET action = 'nothing' WHERE id = 9")
    connection.close()
    intact, broken = cli_all((data_dir, ["verify-audit"], {}), (tampered, ["verify-audit"], {}))
    # the demo: its organisation, teams, 9 users and routing table
    assert ok(intact).lines == ["audit chain intact: 15 entries"]
    assert broken.code == 1
    assert broken.lines == [
        "audit chain BROKEN at entry 5: content changed (4 entries verified before it)"
    ]


# --- serve ---------------------------------------------------------------------------------


def _health(server: subprocess.Popen[str], port: int, within_s: float = 10) -> httpx.Response:
    """The first answer of ``serve`` on ``port`` to a health check."""
    deadline = time.monotonic() + within_s
    while True:
        assert server.poll() is None, server.communicate()
        try:
            return httpx.get(f"http://127.0.0.1:{port}{API_PREFIX}/health", timeout=1)
        except httpx.TransportError:
            assert time.monotonic() < deadline, f"serve did not answer within {within_s:.0f} s"
            time.sleep(0.1)


def test_serve_answers_health(data_dir: Path) -> None:
    port = free_port()
    server = _start(data_dir, ["serve", "--port", str(port)], {})
    try:
        response = _health(server, port)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert "server" not in response.headers
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_serve_with_two_workers_hands_them_its_settings(data_dir: Path) -> None:
    """The workers are other processes: they serve the data directory given on the command
    line (not an environment variable), with its key, and the settings from the environment."""
    port = free_port()
    with context_on(data_dir) as ctx:
        code = devices.issue_pairing_code(ctx, admin.find_user(ctx, "jobcoach1"), ADMIN)
    server = _start(
        data_dir, ["serve", "--port", str(port), "--workers", "2"], {"VELDWERK_API_DOCS": "false"}
    )
    try:
        assert _health(server, port, within_s=30).status_code == 200
        base = f"http://127.0.0.1:{port}{API_PREFIX}"
        enrolled = httpx.post(f"{base}/enroll", json={"pairing_code": code}, timeout=10)
        assert enrolled.status_code == 200, enrolled.text
        assert httpx.get(f"{base}/openapi.json", timeout=10).status_code == 404
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert not (data_dir.parent / "var").exists()  # no worker fell back to the default dir


def test_the_metrics_of_two_workers_add_up_whichever_answers_the_scrape(data_dir: Path) -> None:
    port = free_port()
    token = "a-metrics-token-for-this-test"
    server = _start(
        data_dir,
        ["serve", "--port", str(port), "--workers", "2"],
        {"VELDWERK_METRICS_TOKEN": token},
    )
    try:
        assert _health(server, port, within_s=30).status_code == 200
        root = f"http://127.0.0.1:{port}"
        close = {"Connection": "close"}  # a new connection each time: either worker may answer
        for _ in range(30):
            assert httpx.get(f"{root}/healthz", headers=close, timeout=10).status_code == 200
        scrapes = [
            httpx.get(
                f"{root}/metrics", headers={**close, "Authorization": f"Bearer {token}"}, timeout=10
            ).text
            for _ in range(4)
        ]
    finally:
        server.terminate()
        server.communicate(timeout=30)
    line = 'veldwerk_http_requests_total{method="GET",route="/healthz",status="200"} 30.0'
    assert all(line in scrape for scrape in scrapes)
    assert list((data_dir / "metrics").glob("counter_*.db"))  # counted in the shared directory


_CLI = (sys.executable, "-m", "sync_server")


def test_set_password_reads_stdin_and_totp_setup_prints_a_working_secret(
    data_dir: Path, tmp_path: Path
) -> None:
    def set_password(password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_CLI, "--data-dir", str(data_dir), "set-password", "--username", "coordinator"],
            input=f"{password}\n",
            capture_output=True,
            text=True,
            env=_env({}),
            cwd=tmp_path,
            check=False,
        )

    done = set_password("een-nieuw-wachtwoord-42")
    assert done.returncode == 0, done.stderr
    assert "een-nieuw-wachtwoord-42" not in done.stdout + done.stderr
    setup = ok(cli(data_dir, "totp-setup", "--username", "coordinator"))
    secret = re.search(r"secret=([A-Z2-7]+)", setup.out)
    assert secret is not None
    with context_on(data_dir) as ctx:
        with pytest.raises(ServiceError):
            web_auth.login(ctx, "coordinator", "veldwerk-demo-2026", "cli-test", "nl")
        token = web_auth.login(ctx, "coordinator", "een-nieuw-wachtwoord-42", "cli-test", "nl")
        code = totp.code_at(totp.decode_secret(secret.group(1)), totp.step_of(ctx.clock()))
        assert web_auth.second_factor(ctx, token, code, "cli-test")
    short = set_password("kort")
    assert short.returncode == 1 and "12" in short.stderr and "Traceback" not in short.stderr


def test_demo_casework_is_synced_like_real_work(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ok(cli(data_dir, "demo", "--casework"))
    again = ok(cli(data_dir, "demo", "--casework"))
    assert "casework" not in again.out  # loaded once
    with context_on(data_dir) as ctx, ctx.db.read() as session:
        clients = session.execute(select(func.count()).select_from(ClientRow)).scalar_one()
        visits = session.execute(
            select(func.count()).select_from(RecordRow).where(RecordRow.kind == "visit")
        ).scalar_one()
        statuses = sorted(session.execute(select(ReferralRow.status)).scalars())
        assert verify(session, ctx.keys.audit).ok
    assert (clients, visits) == (30, 120)  # 15 clients per jobcoach, four weeks of visits
    with context_on(data_dir) as ctx:  # the demo employer's contact has a worker to ask about
        contact = admin.find_user(ctx, EMPLOYER_CONTACT)
        principal = Principal(
            contact,
            admin.find_organisation(ctx, ORGANISATION),
            Role.EMPLOYER,
            None,
            None,
            employer_id=DEMO_EMPLOYER_ID,
        )
        assert len(concerns.workers(ctx, principal)) == 1
    assert len(statuses) == 20  # two clients in three are referred
    assert set(statuses) == {
        "delivered",
        "acknowledged",
        "contact_attempted",
        "in_contact",
        "accepted",
        "declined_by_client",
    }


def test_demo_code_gives_the_code_for_now_or_the_address_for_an_authenticator(
    data_dir: Path,
) -> None:
    """What `make run` prints, so a newcomer logs in as the coordinator without a second
    terminal: the code works now, and the otpauth address makes codes that work too."""
    code = ok(cli(data_dir, "demo-code")).out.strip()
    uri = ok(cli(data_dir, "demo-code", "--uri")).out.strip()
    assert re.fullmatch(r"\d{6}", code), code
    secret = re.search(r"^otpauth://totp/Veldwerk%3Ademo\?secret=([A-Z2-7]+)&", uri)
    assert secret is not None, uri
    with context_on(data_dir) as ctx:
        step = totp.step_of(ctx.clock())
        from_uri = {totp.code_at(totp.decode_secret(secret.group(1)), s) for s in (step - 1, step)}
        assert code in from_uri  # the app scanning the address makes the same codes
        token = web_auth.login(ctx, "coordinator", "veldwerk-demo-2026", "cli-test", "nl")
        assert web_auth.second_factor(ctx, token, code, "cli-test")
