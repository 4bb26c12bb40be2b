"""``python -m sync_server``: serve, and the administrator's commands.

Every command takes ``--data-dir`` and ``--database-url`` (or ``VELDWERK_DATA_DIR`` and
``VELDWERK_DATABASE_URL``); the database is migrated before any command runs. Output is for
administrators: ids, codes and counts, never client data.
"""

from __future__ import annotations

import argparse
import logging
import logging.config
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import uvicorn
from pydantic import ValidationError

from fieldapp.domain.targets import Target
from fieldapp.wire import Role
from sync_server import cli_operations, demo, demo_casework
from sync_server.app import build_context
from sync_server.asgi import APP_FACTORY, hand_to_workers
from sync_server.audit import Actor
from sync_server.auth import totp
from sync_server.bootstrap import prepare
from sync_server.keys import ServerKeyError
from sync_server.log_format import uvicorn_config
from sync_server.metrics import MULTIPROCESS_ENV
from sync_server.routing.csv_codec import CsvProblemCode, decode
from sync_server.services import (
    admin,
    devices,
    health,
    referrals,
    retention,
    routing_admin,
    web_auth,
)
from sync_server.services.context import ServerContext
from sync_server.services.errors import ServiceError
from sync_server.settings import Settings

logger = logging.getLogger("sync_server")
ADMIN = Actor("admin_cli", None, Role.ADMIN.value)
Command = Callable[[ServerContext, argparse.Namespace], int]


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    ctx = build_context(settings)
    prepare(ctx)
    ctx.db.dispose()
    hand_to_workers(settings)
    if args.workers > 1:  # one set of metrics over every worker process
        os.environ[MULTIPROCESS_ENV] = str(_fresh_directory(settings.data_dir / "metrics"))
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        log_level=settings.log_level.lower(),
        log_config=uvicorn_config(settings.log_level, json_lines=settings.log_format == "json"),
        server_header=False,
        # uvicorn believes X-Forwarded-* only from these peers (its default trusts 127.0.0.1):
        # the same list the throttles use (sync_server.edge.client_address).
        forwarded_allow_ips=settings.trusted_proxies,
    )
    return 0


def _fresh_directory(path: Path) -> Path:
    """``path`` as a new, empty directory (what an earlier run left there is removed)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    return path


def _create_org(ctx: ServerContext, args: argparse.Namespace) -> int:
    _out(str(admin.create_organisation(ctx, args.name)))
    return 0


def _create_team(ctx: ServerContext, args: argparse.Namespace) -> int:
    organisation = admin.find_organisation(ctx, args.org)
    _out(
        str(admin.create_team(ctx, organisation, Target(args.target), args.recipient_id, args.name))
    )
    return 0


def _create_user(ctx: ServerContext, args: argparse.Namespace) -> int:
    organisation = admin.find_organisation(ctx, args.org)
    team = admin.find_team(ctx, args.team) if args.team else None
    user = admin.create_user(
        ctx,
        organisation,
        args.username,
        Role(args.role),
        display_name=args.display_name,
        team_id=team,
    )
    _out(str(user))
    return 0


def _pairing_code(ctx: ServerContext, args: argparse.Namespace) -> int:
    code = devices.issue_pairing_code(ctx, admin.find_user(ctx, args.username), ADMIN)
    minutes = ctx.settings.pairing_code_ttl_s // 60
    _out(f"{code}   (single use, valid {minutes} minutes)")
    return 0


def _devices(ctx: ServerContext, args: argparse.Namespace) -> int:
    for device in devices.list_devices(ctx, admin.find_organisation(ctx, args.org)):
        state = f"revoked {device.revoked_at:%Y-%m-%d %H:%M}" if device.revoked_at else "active"
        seen = f"{device.last_seen_at:%Y-%m-%d %H:%M}" if device.last_seen_at else "never"
        _out(f"{device.device_id}  user {device.user_id}  last seen {seen}  {state}")
    return 0


def _revoke(ctx: ServerContext, args: argparse.Namespace) -> int:
    devices.revoke_device(ctx, uuid.UUID(args.device_id), None, ADMIN)
    _out("revoked; the device wipes its key on its next contact")
    return 0


ROUTING_HINTS = {
    CsvProblemCode.NOT_UTF8.value: "the file is not UTF-8 text; save it as UTF-8 "
    "(in Excel: 'CSV UTF-8') and import it again",
    CsvProblemCode.EMPTY_TABLE.value: "the table has a header but no rows; an empty routing table "
    "is never imported, since every referral would become undeliverable",
    CsvProblemCode.TEAM_OF_OTHER_TARGET.value: "the team of recipient_id serves another target "
    "than this row's",
    CsvProblemCode.NUL_IN_CELL.value: "the cell holds a NUL character",
}
"""Plain words after the code, for the problems an administrator may not guess."""


def _routing_import(ctx: ServerContext, args: argparse.Namespace) -> int:
    text = decode(Path(args.file).read_bytes())
    organisation = admin.find_organisation(ctx, args.org)
    report = routing_admin.import_routing(ctx, organisation, text, ADMIN, dry_run=args.dry_run)
    if args.replace_all and not args.dry_run and report.ok and not report.applied:
        removals = len(report.changes.removed)
        report = routing_admin.import_routing(
            ctx, organisation, text, ADMIN, confirmed_removals=removals
        )
    for problem in report.problems:
        hint = ROUTING_HINTS.get(problem.code)
        where = f"line {problem.line}: {problem.column or '-'}: {problem.code}"
        _out(f"{where}: {hint}" if hint else where)
    outcome = " (dry run)" if args.dry_run else ""
    if not report.ok or not (args.dry_run or report.applied):
        outcome = " (refused: nothing changed)"
    gone = len(report.changes.removed)
    _out(f"{report.rows} rows, {len(report.changes.added)} added, {gone} removed{outcome}")
    if report.ok and report.needs_confirmation and not report.applied:
        share = "all" if report.removes_all else "more than half"
        _out(
            f"this table removes {gone} of the {report.current} current rows ({share}): "
            "to use it, import it with --replace-all"
        )
    return 0 if report.ok and (args.dry_run or report.applied) else 1


def _routing_export(ctx: ServerContext, args: argparse.Namespace) -> int:
    sys.stdout.write(routing_admin.export_routing(ctx, admin.find_organisation(ctx, args.org)))
    return 0


def _set_password(ctx: ServerContext, args: argparse.Namespace) -> int:
    """The password is read from standard input (never an argument: shell history, ps)."""
    password = sys.stdin.readline().rstrip("\n")
    web_auth.set_password(ctx, admin.find_user(ctx, args.username), password)
    _out("password set; the user's web sessions are ended")
    return 0


def _totp_setup(ctx: ServerContext, args: argparse.Namespace) -> int:
    uri = web_auth.set_totp_secret(ctx, admin.find_user(ctx, args.username))
    _out("add this to the user's authenticator app (shown once):")
    _out(uri)
    return 0


def _demo_code(ctx: ServerContext, args: argparse.Namespace) -> int:
    """The current second-factor code of the demo accounts (demo data only); with ``--uri``,
    the otpauth URI to add them to an authenticator app once instead."""
    if args.uri:
        _out(totp.provisioning_uri(demo.DEMO_TOTP_SECRET, "demo"))
    else:
        _out(totp.code_at(demo.DEMO_TOTP_SECRET, totp.step_of(ctx.clock())))
    return 0


def _demo(ctx: ServerContext, args: argparse.Namespace) -> int:
    try:
        admin.find_organisation(ctx, demo.ORGANISATION)
        fresh = False
    except ServiceError:
        fresh = True
    loaded = demo.load_demo(ctx)
    contact = demo.load_demo_employer(ctx)
    names = ", ".join((*loaded.usernames, contact))
    _out(f"demo organisation '{loaded.organisation}' with users: {names}")
    if args.casework and fresh:
        demo_casework.seed_casework(ctx)
        _out("demo casework: clients, visits and referrals synced by two demo tablets")
    return 0


def _purge(ctx: ServerContext, args: argparse.Namespace) -> int:
    report = retention.purge(ctx, ADMIN, dry_run=args.dry_run)
    for category, count in sorted(report.removed.items()):
        _out(f"{category}: {count}" + (" (dry run)" if args.dry_run else ""))
    return 0


def _expire_referrals(ctx: ServerContext, _args: argparse.Namespace) -> int:
    _out(f"{referrals.expire_overdue(ctx, ADMIN)} referrals expired (not acknowledged in time)")
    return 0


def _verify_audit(ctx: ServerContext, _args: argparse.Namespace) -> int:
    result = health.verify_and_note(ctx)  # when, how long and the outcome, for the metrics
    if result.ok:
        _out(f"audit chain intact: {result.entries} entries")
        return 0
    _out(
        f"audit chain BROKEN at entry {result.first_broken_id}: {result.reason} "
        f"({result.entries} entries verified before it)"
    )
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sync_server", description=__doc__)
    parser.add_argument("--data-dir", help="data directory (key file, default SQLite database)")
    parser.add_argument("--database-url", help="sqlite:///path or postgresql+psycopg://...")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (one per core; SQLite or PostgreSQL)",
    )
    serve.add_argument("--tls-cert", help="PEM certificate chain; serve HTTPS")
    serve.add_argument("--tls-key", help="PEM private key of --tls-cert")

    sub.add_parser("migrate", help="bring the database schema up to date")
    org = sub.add_parser("create-org", help="create an organisation")
    org.add_argument("name")
    team = sub.add_parser("create-team", help="create a receiving team")
    team.add_argument("--org", required=True)
    team.add_argument("--target", required=True, choices=[t.value for t in Target])
    team.add_argument("--recipient-id", required=True, help="stable id, e.g. buurtteam:oost-1")
    team.add_argument("--name", required=True)
    user = sub.add_parser("create-user", help="create a user with a role")
    user.add_argument("--org", required=True)
    user.add_argument("--username", required=True)
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--team", help="recipient id of the team (receiving team members)")
    user.add_argument("--display-name", default="")
    code = sub.add_parser("pairing-code", help="one-time code to enroll a device for a user")
    code.add_argument("--username", required=True)
    listing = sub.add_parser("devices", help="list an organisation's devices")
    listing.add_argument("--org", required=True)
    revoke = sub.add_parser("revoke-device", help="revoke a device")
    revoke.add_argument("device_id")
    imp = sub.add_parser("routing-import", help="replace the routing table from CSV")
    imp.add_argument("--org", required=True)
    imp.add_argument("--dry-run", action="store_true", help="report problems and changes only")
    imp.add_argument(
        "--replace-all",
        action="store_true",
        help="confirm a table that removes more than half of the current rows (or all of them)",
    )
    imp.add_argument("file")
    exp = sub.add_parser("routing-export", help="print the routing table as CSV")
    exp.add_argument("--org", required=True)
    password = sub.add_parser(
        "set-password", help="set a user's web password (read from standard input)"
    )
    password.add_argument("--username", required=True)
    second = sub.add_parser("totp-setup", help="give a user a new TOTP secret (second factor)")
    second.add_argument("--username", required=True)
    demo_command = sub.add_parser(
        "demo", help="load the demo organisation, teams, people and routing"
    )
    demo_command.add_argument(
        "--casework", action="store_true", help="also sync demo clients, visits and referrals"
    )
    demo_code = sub.add_parser(
        "demo-code", help="the demo accounts' current TOTP code (demo data only)"
    )
    demo_code.add_argument(
        "--uri", action="store_true", help="the otpauth URI for an authenticator app instead"
    )
    purge = sub.add_parser("purge", help="remove data past its retention period")
    purge.add_argument("--dry-run", action="store_true")
    sub.add_parser(
        "expire-referrals",
        help="mark delivered referrals past their due date as expired (run daily, e.g. cron)",
    )
    sub.add_parser("verify-audit", help="verify the audit chain; names the first broken entry")
    cli_operations.add_commands(sub)
    return parser


COMMANDS: dict[str, Command] = {
    "migrate": lambda _ctx, _args: 0,
    "create-org": _create_org,
    "create-team": _create_team,
    "create-user": _create_user,
    "pairing-code": _pairing_code,
    "devices": _devices,
    "revoke-device": _revoke,
    "routing-import": _routing_import,
    "routing-export": _routing_export,
    "set-password": _set_password,
    "totp-setup": _totp_setup,
    "demo": _demo,
    "demo-code": _demo_code,
    "purge": _purge,
    "expire-referrals": _expire_referrals,
    "verify-audit": _verify_audit,
    "backup": cli_operations.backup_command,
    "rotate-key": cli_operations.rotate_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = {
        key: value
        for key, value in (("data_dir", args.data_dir), ("database_url", args.database_url))
        if value
    }
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        for problem in error.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in problem["loc"])
            sys.stderr.write(f"error: invalid setting {where}: {problem['msg']}\n")
        return 1
    logging.config.dictConfig(
        uvicorn_config(settings.log_level, json_lines=settings.log_format == "json")
    )
    try:
        if args.command == "serve":
            return _serve(args, settings)
        if args.command == "restore":  # before anything creates a key or a schema
            return cli_operations.restore_command(args, settings)
        ctx = build_context(settings)
        prepare(ctx)
        return COMMANDS[args.command](ctx, args)
    except ServiceError as error:
        sys.stderr.write(f"error: {error.code}: {error.detail}\n")
        return 1
    except (
        ServerKeyError,
        OSError,
        ValueError,
        *cli_operations.ERRORS,
    ) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
